// Builds the Electron shell with `vite build --config vite.main.config.ts` (two environments, one command):
//   electron/main/main.ts       → dist/electron/main/main.js        ESM (package.json "type": "module"; Electron
//                                  ≥ 28 loads an ESM main). Node built-ins, electron and every production
//                                  dependency (better-sqlite3 is native) stay external: they ship in node_modules.
//   electron/preload/preload.ts → dist/electron/preload/preload.cjs one self-contained CommonJS file (a sandboxed
//                                  preload can require only `electron`), zod and shared/ bundled in.
// The renderer is built separately by vite.renderer.config.ts into dist/renderer.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const at = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const pkg = JSON.parse(readFileSync(at('./package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const dependencies = Object.keys(pkg.dependencies ?? {});

const mainExternal = (id: string): boolean =>
  id === 'electron' ||
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

export default defineConfig({
  // `vite build` builds exactly these two environments (not the default browser client).
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.main!);
      await builder.build(builder.environments.preload!);
    },
  },
  environments: {
    main: {
      consumer: 'server',
      build: {
        outDir: at('./dist/electron/main'),
        emptyOutDir: true,
        target: 'node22',
        minify: false,
        sourcemap: true,
        rollupOptions: {
          input: { main: at('./electron/main/main.ts') },
          external: mainExternal,
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
        },
      },
    },
    preload: {
      consumer: 'server',
      build: {
        outDir: at('./dist/electron/preload'),
        emptyOutDir: true,
        target: 'chrome130',
        minify: false,
        sourcemap: true,
        rollupOptions: {
          input: { preload: at('./electron/preload/preload.ts') },
          external: ['electron'],
          output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
        },
      },
      resolve: { noExternal: true },
    },
  },
});
