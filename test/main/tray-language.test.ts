// The tray menu's language: the one chosen in Settings; before one is chosen (a first run) the OS locale's when the
// app has it (app.getLocale(), through pickLanguage as the window does), else English.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../shared/bridge';
import type { Runtime } from '../../electron/headless/runtime';
import { createMemoryBridge, sampleSettings, type MemoryBridge } from '../headless/support/memory-bridge';
import { APP_PATHS, spyLog } from './support/app-options';

vi.mock('electron', () => import('./support/fake-electron'));

const { app, BrowserWindow, Tray, ipcMain } = await import('./support/fake-electron');
const { runApp, trayLanguage } = await import('../../electron/main/app-lifecycle');

let bridge: MemoryBridge;
let configHome: string;

beforeEach(() => {
  app.removeAllListeners();
  app.requestSingleInstanceLock.mockReturnValue(true);
  BrowserWindow.instances.length = 0;
  Tray.instances.length = 0;
  ipcMain.handlers.clear();
  bridge = createMemoryBridge();
  configHome = mkdtempSync(path.join(tmpdir(), 'tray-language-'));
  vi.stubEnv('XDG_CONFIG_HOME', configHome);
});
afterEach(() => {
  app.getLocale.mockReset();
  app.getLocale.mockReturnValue('en-US');
  vi.unstubAllEnvs();
  rmSync(configHome, { recursive: true, force: true });
});

/** Starts the app with these settings and the OS in `locale`; returns the tray menu's first label. */
async function menuWith(settings: Partial<Settings>, locale: string): Promise<string | undefined> {
  app.getLocale.mockReturnValue(locale);
  bridge.override('getSettings', async () => ({ ...sampleSettings, ...settings }));
  const runtime: Runtime = {
    bridge,
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    lease: () => ({ role: 'standalone', holder: null, expiresAt: null }),
  };
  await runApp({ createRuntime: async () => runtime, log: spyLog(), paths: APP_PATHS, argv: [] });
  return Tray.instances.at(-1)!.menu!.template[0]!.label;
}

describe('tray language', () => {
  it('a first run on a Polish OS: the menu is Polish before any language is chosen', async () => {
    expect(await menuWith({ language: 'en', languageChosen: false }, 'pl-PL')).toBe('Otwórz');
  });

  it('a first run on an OS in a language the app lacks: English', async () => {
    expect(await menuWith({ language: 'en', languageChosen: false }, 'de-DE')).toBe('Open');
  });

  it('a language chosen in Settings wins over the OS locale', async () => {
    expect(await menuWith({ language: 'en', languageChosen: true }, 'pl-PL')).toBe('Open');
    expect(await menuWith({ language: 'pl', languageChosen: true }, 'en-US')).toBe('Otwórz');
  });

  it('picks like the window does', () => {
    expect(trayLanguage({ language: 'en', languageChosen: false }, 'pl')).toBe('pl');
    expect(trayLanguage({ language: 'en', languageChosen: false }, 'pl_PL')).toBe('pl');
    expect(trayLanguage({ language: 'pl' }, 'en-US')).toBe('pl'); // an older engine without the flag: as chosen
  });
});
