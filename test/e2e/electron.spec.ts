// The real Electron app, driven by Playwright's `_electron`: no Node in the page, the single `window.bridge`,
// navigation lock-down and close-to-tray. Runs only where an Electron binary is installed (never here: see
// TOOLCHAIN.md); elsewhere every test is skipped with the line "skipped: no Electron binary".
// Needs `npm run build` first (dist/electron/main/main.js, dist/renderer).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { bridgeMethods, StatusSnapshotSchema, type BridgeApi } from '../../shared/bridge';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Electron executable, found the way node_modules/electron/index.js does it but without its fallback of
 * downloading the binary (requiring 'electron' here would try to download it).
 */
function electronBinary(): string | null {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, relative ?? 'electron')
    : relative
      ? path.join(dir, 'dist', relative)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

const binary = electronBinary();
if (!binary) console.log('skipped: no Electron binary (node_modules/electron has no downloaded dist/)');

test.describe('Electron app', () => {
  test.skip(!binary, 'skipped: no Electron binary');

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    expect(existsSync(path.join(root, 'dist/electron/main/main.js')), 'run `npm run build` first').toBe(true);
    userData = mkdtempSync(path.join(tmpdir(), 'clinic-sync-desk-e2e-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [root, `--user-data-dir=${userData}`],
      cwd: root,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('loads the renderer from app://, not file://', async () => {
    expect(page.url()).toMatch(/^app:\/\/renderer\//);
  });

  test('gives the page no Node: no require, no process (the window options are unit-tested)', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      module: typeof (globalThis as { module?: unknown }).module,
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  test('exposes exactly window.bridge, and it answers', async () => {
    const keys = await page.evaluate(() =>
      Object.keys((window as unknown as { bridge: object }).bridge).sort(),
    );
    expect(keys).toEqual([...Object.keys(bridgeMethods), 'onEvent'].sort());
    const status = await page.evaluate(() =>
      (window as unknown as { bridge: BridgeApi }).bridge.getStatus(undefined),
    );
    expect(StatusSnapshotSchema.safeParse(status).success).toBe(true);
  });

  test('a first run without credentials offers the demo; the demo is marked DEMO and can be left', async () => {
    const status = await page.evaluate(() =>
      (window as unknown as { bridge: BridgeApi }).bridge.getStatus(undefined),
    );
    expect(status.mode).toBe('unconfigured');
    await page.getByTestId('first-run-demo').click();
    await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('global-state')).toHaveAttribute('data-state', 'in-sync', {
      timeout: 90_000,
    });
    await page.getByTestId('demo-leave').click();
    await expect(page.getByTestId('first-run')).toBeVisible({ timeout: 30_000 });
    expect(existsSync(path.join(userData, 'demo'))).toBe(false);
  });

  test('does not navigate away from the app', async () => {
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/renderer\//);
  });

  test('closing the window hides it to the tray; the app keeps running', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    const state = await app.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows()[0];
      return { exists: win !== undefined, visible: win?.isVisible() ?? false };
    });
    expect(state).toEqual({ exists: true, visible: false });
  });
});
