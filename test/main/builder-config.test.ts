// electron-builder.yml: valid for electron-builder's own schema (checked offline), and carrying what the app
// relies on (per-user NSIS, AppImage + deb, better-sqlite3 unpacked, the files main.ts and paths.ts expect).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

const require = createRequire(import.meta.url);
// Not exported from the package root; the same function `electron-builder` runs before packaging.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const root = new URL('../../', import.meta.url);
const config = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { main: string; name: string };

const validate = (c: unknown) => validateConfiguration(structuredClone(c), new DebugLogger(false));

const ReliedOn = z.object({
  appId: z.literal('com.clinicsyncdesk.app'),
  productName: z.literal('Clinic Sync Desk'),
  files: z.array(z.string()).refine((f) => f.includes('dist/**') && f.includes('package.json')),
  asarUnpack: z.array(z.string()).refine((a) => a.includes('**/node_modules/better-sqlite3/**')),
  extraResources: z.array(z.object({ from: z.string(), to: z.string() })),
  win: z.object({ target: z.array(z.object({ target: z.literal('nsis') })) }),
  nsis: z.object({ oneClick: z.boolean(), perMachine: z.literal(false), allowElevation: z.literal(false) }),
  electronFuses: z.object({
    runAsNode: z.literal(false),
    enableNodeOptionsEnvironmentVariable: z.literal(false),
    onlyLoadAppFromAsar: z.literal(true),
  }),
  linux: z.object({
    target: z.tuple([z.literal('AppImage'), z.literal('deb')]),
    category: z.string(),
    maintainer: z.string().min(1),
    icon: z.string(),
  }),
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s configuration schema', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is checked for real: a misspelt option is refused', async () => {
    await expect(validate({ ...config, nsis: { oneClik: false } })).rejects.toThrow(/configuration\.nsis/);
  });

  it('has the app id, per-user NSIS, AppImage + deb and better-sqlite3 unpacked', () => {
    expect(() => ReliedOn.parse(config)).not.toThrow();
  });

  it('packs package.json’s main and ships the assets where paths.ts looks for them', () => {
    expect(pkg.main).toBe('dist/electron/main/main.js');
    expect(ReliedOn.parse(config).extraResources).toEqual(
      expect.arrayContaining([
        { from: 'build/tray', to: 'assets/tray' },
        { from: 'build/icon.png', to: 'assets/icon.png' },
      ]),
    );
  });
});
