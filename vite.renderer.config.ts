// Builds the renderer (renderer/ → dist/renderer). `base: './'` keeps every asset path relative, so the same
// build loads from Electron's app:// protocol and from the headless host at http://127.0.0.1:PORT/.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One JS and one CSS file: no inline scripts or styles, so the strict CSP holds.
    assetsInlineLimit: 0,
  },
});
