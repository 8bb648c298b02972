// The window's security settings, navigation lock-down and external-link allowlist (electron mocked).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow as FakeWindow } from './support/fake-electron';

vi.mock('electron', () => import('./support/fake-electron'));

const { shell } = await import('./support/fake-electron');
const { createMainWindow, windowOptions } = await import('../../electron/main/window');
const { isAllowedExternalUrl } = await import('../../electron/main/external-links');

beforeEach(() => {
  shell.openExternal.mockClear();
});

describe('window options', () => {
  it('carry the security settings of the Electron checklist', () => {
    const prefs = windowOptions('/x/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('are what the created window gets, and it loads the app:// page, not a file', () => {
    const win = createMainWindow({ preloadPath: '/x/preload.cjs' }) as unknown as FakeWindow;
    expect(win.options).toEqual(windowOptions('/x/preload.cjs'));
    expect(win.loadedUrl).toBe('app://renderer/index.html');
    expect(win.visible).toBe(false);
  });
});

describe('navigation and new windows', () => {
  const open = () => (createMainWindow({ preloadPath: '/p.cjs' }) as unknown as FakeWindow).webContents;

  it('blocks navigation away from the app', () => {
    const contents = open();
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'app://other/index.html')).toBe(true);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:1234/')).toBe(true);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('lets the app navigate within its own origin', () => {
    expect(open().fire('will-navigate', 'app://renderer/index.html#/conflicts')).toBe(false);
  });

  it('opens an allowlisted https link in the browser instead of navigating', () => {
    const contents = open();
    expect(contents.fire('will-navigate', 'https://www.znanylekarz.pl/pomoc')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.znanylekarz.pl/pomoc');
  });

  it('denies every new window and opens only allowlisted links externally', () => {
    const contents = open();
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://docplanner.com/help' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://docplanner.com/help');
  });

  it('refuses every permission request and check', () => {
    const { session } = open();
    const callback = vi.fn();
    session.requestHandler!(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.checkHandler!(null, 'notifications')).toBe(false);
  });

  it('refuses webviews', () => {
    expect(open().fire('will-attach-webview', {}, {})).toBe(true);
  });
});

describe('external link allowlist', () => {
  it.each([
    'https://docplanner.com/',
    'https://www.znanylekarz.pl/lekarz',
    'https://pro.doctoralia.es/',
    'https://www.miodottore.it/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://docplanner.com/',
    'https://docplanner.com.evil.example/',
    'https://evildocplanner.com/',
    'https://user:pw@docplanner.com/',
    'https://docplanner.com:8443/',
    'javascript:alert(1)',
    'file:///C:/Windows/system32/calc.exe',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
