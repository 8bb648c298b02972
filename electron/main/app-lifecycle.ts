// The application's life: single instance (a second launch focuses the first window), then on `ready` the
// engine runtime is created and started, the window, IPC and tray are wired to it; closing the window hides it
// to the tray (syncing goes on); quitting first stops the runtime (it finishes the in-flight write).
import os from 'node:os';
import path from 'node:path';
import { app, Menu, type BrowserWindow } from 'electron';
import {
  pickLanguage,
  type BridgeApi,
  type Language,
  type Settings,
  type StatusSnapshot,
} from '../../shared/bridge';
import type { Runtime, RuntimeOptions } from '../headless/runtime';
import { forwardBridgeEvents, registerBridgeIpc } from './ipc';
import type { Logger } from './logger';
import { HIDDEN_FLAG, applyStartOnLogin } from './login-item';
import type { ShellPaths } from './paths';
import { serveRenderer } from './protocol';
import { SECRET_FILE_NAME, createSafeStorageSecretStore } from './secret-store';
import { createTray, type AppTray } from './tray';
import { createMainWindow, showWindow } from './window';

export const APP_ID = 'com.clinicsyncdesk.app';
export const CONFIG_FILE_NAME = 'config.json';
/** Longest wait for the runtime to finish its in-flight write when quitting. */
export const STOP_TIMEOUT_MS = 20_000;

export interface LifecycleDeps {
  createRuntime(options: RuntimeOptions): Promise<Runtime>;
  log: Logger;
  paths: ShellPaths;
  argv?: string[];
}

/** What runApp built, for tests and for main.ts. */
export interface Shell {
  runtime: Runtime;
  window: BrowserWindow;
  tray: AppTray;
}

/** States in which the receptionist has to act, so the window opens even when started hidden. */
const NEEDS_WINDOW = new Set(['not-configured', 'needs-sign-in', 'error']);

function placeholderStatus(): StatusSnapshot {
  return {
    state: 'syncing',
    reason: 'Starting…',
    reasonCode: 'status.starting',
    paused: false,
    lastSuccessAt: null,
    pending: 0,
    drainSeconds: 0,
    openConflicts: 0,
    lastReconciliation: null,
    progress: null,
    lastError: null,
    addresses: [],
    lease: { role: 'standalone', holder: null, expiresAt: null },
    at: Date.now(),
  };
}

async function stopWithin(runtime: Runtime, ms: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log.warn('The sync engine did not stop in time; quitting anyway.');
      resolve();
    }, ms);
  });
  try {
    await Promise.race([runtime.stop(), timeout]);
  } catch (err) {
    log.error('Stopping the sync engine failed:', err);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The tray's language: the one chosen in Settings; until one is chosen (`languageChosen` false: a first run, a
 * settings file without `language`) the OS locale's when the app has it, else English — as the window does.
 */
export function trayLanguage(
  settings: Pick<Settings, 'language' | 'languageChosen'>,
  osLocale: string,
): Language {
  return settings.languageChosen === false ? pickLanguage([osLocale]) : settings.language;
}

async function applySettings(bridge: BridgeApi, tray: AppTray, log: Logger): Promise<void> {
  try {
    const settings = await bridge.getSettings(undefined);
    tray.setLanguage(trayLanguage(settings, app.getLocale()));
    await applyStartOnLogin(settings.startOnLogin);
  } catch (err) {
    log.warn('Could not apply the start-on-login setting:', err);
  }
}

/** Returns null when another instance already runs (this one quits). */
export async function runApp(deps: LifecycleDeps): Promise<Shell | null> {
  const { log, paths } = deps;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const startHidden = (deps.argv ?? process.argv).includes(HIDDEN_FLAG);
  let win: BrowserWindow | null = null;
  let runtime: Runtime | null = null;
  let quitting = false;
  let stopped = false;

  const open = () => {
    if (win && !win.isDestroyed()) showWindow(win);
  };
  app.on('second-instance', open);
  // The window only hides, but if it is ever destroyed the app keeps syncing in the tray.
  app.on('window-all-closed', () => {});
  let stopping: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped || runtime === null) return;
    event.preventDefault();
    stopping ??= stopWithin(runtime, STOP_TIMEOUT_MS, log).finally(() => {
      stopped = true;
      app.quit();
    });
  });

  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  Menu.setApplicationMenu(null);
  serveRenderer(paths.rendererDir);

  const userData = app.getPath('userData');
  const created = await deps.createRuntime({
    configPath: path.join(userData, CONFIG_FILE_NAME),
    dataDir: userData,
    secretStore: createSafeStorageSecretStore(path.join(userData, SECRET_FILE_NAME)),
    machineName: os.hostname(),
  });
  runtime = created;
  const bridge = created.bridge;

  const window = createMainWindow({ preloadPath: paths.preload, iconPath: paths.windowIcon });
  win = window;
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  window.once('ready-to-show', () => {
    if (!startHidden) open();
  });

  const tray = createTray({
    iconDir: paths.trayIconDir,
    initial: placeholderStatus(),
    actions: {
      open,
      syncNow: () => void bridge.syncNow({}).catch((err) => log.warn('Sync now failed:', err)),
      setPaused: (paused) => void bridge.setPaused({ paused }).catch((err) => log.warn('Pause failed:', err)),
      quit: () => app.quit(),
    },
  });

  registerBridgeIpc({
    bridge,
    log,
    afterCall: (method) => {
      if (method === 'saveSettings') void applySettings(bridge, tray, log);
    },
  });
  forwardBridgeEvents(bridge, () => (win && !win.isDestroyed() ? win.webContents : null), log);
  bridge.onEvent((event) => {
    if (event.type === 'status') tray.update(event.status);
    else if (event.type === 'conflicts-changed') tray.setOpenConflicts(event.open);
  });

  try {
    await created.start();
  } catch (err) {
    log.error('The sync engine did not start:', err);
    open();
  }
  try {
    const status = await bridge.getStatus(undefined);
    tray.update(status);
    if (NEEDS_WINDOW.has(status.state)) open();
  } catch (err) {
    log.error('Could not read the sync status:', err);
    open();
  }
  await applySettings(bridge, tray, log);
  return { runtime: created, window, tray };
}
