// The app lifecycle around the runtime: single instance, startup wiring, close-to-tray, stop before quit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime, RuntimeOptions } from '../../electron/headless/runtime';
import { createMemoryBridge, sampleStatus, type MemoryBridge } from '../headless/support/memory-bridge';
import { APP_PATHS, spyLog } from './support/app-options';

vi.mock('electron', () => import('./support/fake-electron'));

const { app, BrowserWindow, Tray, ipcMain } = await import('./support/fake-electron');
const { runApp } = await import('../../electron/main/app-lifecycle');

const log = spyLog();
const paths = APP_PATHS;
let bridge: MemoryBridge;
let runtime: Runtime & { start: ReturnType<typeof vi.fn>; stop: ReturnType<typeof vi.fn> };
let createRuntime: ReturnType<typeof vi.fn<(o: RuntimeOptions) => Promise<Runtime>>>;
let configHome: string;

beforeEach(() => {
  app.removeAllListeners();
  app.requestSingleInstanceLock.mockReturnValue(true);
  app.quit.mockClear();
  BrowserWindow.instances.length = 0;
  ipcMain.handlers.clear();
  bridge = createMemoryBridge();
  runtime = {
    bridge,
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    lease: () => ({ role: 'standalone', holder: null, expiresAt: null }),
  };
  createRuntime = vi.fn(async () => runtime);
  configHome = mkdtempSync(path.join(tmpdir(), 'lifecycle-'));
  vi.stubEnv('XDG_CONFIG_HOME', configHome);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(configHome, { recursive: true, force: true });
});

const start = (argv: string[] = []) => runApp({ createRuntime, log, paths, argv });

describe('app lifecycle', () => {
  it('a second launch quits at once without starting an engine', async () => {
    app.requestSingleInstanceLock.mockReturnValue(false);
    await expect(start()).resolves.toBeNull();
    expect(app.quit).toHaveBeenCalled();
    expect(createRuntime).not.toHaveBeenCalled();
  });

  it('creates the runtime in the user-data folder with the safeStorage secret store, then starts it', async () => {
    const shell = await start();
    expect(createRuntime).toHaveBeenCalledWith({
      configPath: path.join('/tmp/clinic-sync-desk-test', 'config.json'),
      dataDir: '/tmp/clinic-sync-desk-test',
      secretStore: expect.objectContaining({ description: expect.stringContaining('keychain') }),
      machineName: expect.any(String),
    });
    expect(runtime.start).toHaveBeenCalledTimes(1);
    expect(shell!.window).toBe(BrowserWindow.instances[0]);
    expect(ipcMain.handlers.size).toBeGreaterThan(0);
  });

  it('the first instance shows its window when a second launch happens', async () => {
    await start(['--hidden']);
    const win = BrowserWindow.instances[0]!;
    win.emit('ready-to-show');
    expect(win.visible).toBe(false);
    app.emit('second-instance');
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(true);
  });

  it('shows the window when ready unless started hidden at login', async () => {
    await start();
    const win = BrowserWindow.instances[0]!;
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('shows the window even when hidden if the engine is not configured', async () => {
    bridge.override('getStatus', async () => sampleStatus({ state: 'not-configured' }));
    await start(['--hidden']);
    expect(BrowserWindow.instances[0]!.visible).toBe(true);
  });

  it('closing the window hides it to the tray and keeps syncing', async () => {
    await start();
    const win = BrowserWindow.instances[0]!;
    win.show();
    expect(win.fire('close')).toBe(true);
    expect(win.visible).toBe(false);
    expect(runtime.stop).not.toHaveBeenCalled();
  });

  it('quitting stops the runtime first, then quits', async () => {
    let finishStop!: () => void;
    runtime.stop.mockImplementation(() => new Promise<void>((resolve) => (finishStop = resolve)));
    await start();
    expect(app.fire('before-quit')).toBe(true);
    expect(app.fire('before-quit')).toBe(true);
    expect(runtime.stop).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finishStop();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    // The quit that follows is no longer held back, and the window may close for real.
    expect(app.fire('before-quit')).toBe(false);
    expect(BrowserWindow.instances[0]!.fire('close')).toBe(false);
  });

  it('keeps the tray in step with status events', async () => {
    await start();
    const tray = Tray.instances.at(-1)!;
    expect(tray.image).toEqual({ path: '/icons/tray-in-sync.png' });
    bridge.emit({ type: 'status', status: sampleStatus({ state: 'offline' }) });
    expect(tray.image).toEqual({ path: '/icons/tray-offline.png' });
    bridge.emit({ type: 'conflicts-changed', open: 4 });
    expect(tray.tooltip).toContain('4 otwarte konflikty');
  });

  it('opens the window when the engine fails to start', async () => {
    runtime.start.mockRejectedValue(new Error('state DB is from a newer version'));
    await start(['--hidden']);
    expect(BrowserWindow.instances[0]!.visible).toBe(true);
    expect(log.error).toHaveBeenCalled();
  });
});
