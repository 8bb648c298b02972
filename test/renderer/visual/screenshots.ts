// Screenshots of every screen, in English and Polish, at 1280×720 and 1024×640, from the preview bridge
// (generated patients only), in Debian's Chromium. For reviewing the layout by eye:
//   npx vite build --config vite.renderer.config.ts && npx tsx test/renderer/visual/screenshots.ts [outDir]
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startHeadlessHost } from '../../../electron/headless/host';
import { previewBridge } from './preview-bridge';

const outDir = process.argv[2] ?? 'test-results/renderer-screens';
mkdirSync(outDir, { recursive: true });
const SCREENS = ['status', 'conflicts', 'mapping', 'activity', 'settings'] as const;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 640 },
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  for (const language of ['en', 'pl'] as const) {
    for (const viewer of [false, true]) {
      const bridge = previewBridge(
        viewer ? { lease: { role: 'viewer', holder: 'RECEPTION-2', expiresAt: null } } : {},
      );
      bridge.state.settings = { ...bridge.state.settings, language };
      const host = await startHeadlessHost({ bridge: bridge.api, rendererDir: 'dist/renderer' });
      for (const size of SIZES) {
        const page = await browser.newPage({ viewport: size });
        page.on('console', (m) => m.type() === 'error' && console.error(`[page] ${m.text()}`));
        page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
        await page.goto(host.url);
        await page.getByTestId('global-state').waitFor();
        for (const screen of viewer ? (['status'] as const) : SCREENS) {
          await page.getByTestId(`nav-${screen}`).click();
          await page.waitForTimeout(300);
          const name = `${screen}${viewer ? '-viewer' : ''}-${language}-${size.width}x${size.height}.png`;
          await page.screenshot({ path: `${outDir}/${name}` });
        }
        if (!viewer) {
          await page.getByTestId('nav-status').click();
          await page.getByTestId('activate-d5@l1').click();
          await page.getByTestId('activation-preview').waitFor();
          await page.screenshot({
            path: `${outDir}/activation-${language}-${size.width}x${size.height}.png`,
          });
          await page.keyboard.press('Escape');
        }
        await page.close();
      }
      await host.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`screenshots in ${outDir}`);
