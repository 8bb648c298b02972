// Serves the built renderer (npm run build, or vite build --config vite.renderer.config.ts) with the preview
// bridge through the headless host, and prints the URL. For looking at the UI by hand:
//   npx tsx test/renderer/visual/preview.ts [viewer]
import { startHeadlessHost } from '../../../electron/headless/host';
import { previewBridge } from './preview-bridge';

const viewer = process.argv.includes('viewer');
const bridge = previewBridge(
  viewer ? { lease: { role: 'viewer', holder: 'RECEPTION-2', expiresAt: null } } : {},
);
const host = await startHeadlessHost({ bridge: bridge.api, rendererDir: 'dist/renderer' });
console.log(host.url);
