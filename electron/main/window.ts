// The one application window, locked down per Electron's security checklist: isolated, sandboxed, no Node in
// the page, loaded from app://, no navigation away, no new windows, external links only to allowlisted https.
import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { isAllowedExternalUrl } from './external-links';
import { APP_ENTRY_URL, isAppUrl } from './protocol';

export function windowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Clinic Sync Desk',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

function openIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

/**
 * Blocks navigation away from app://, new windows, webviews and permission requests; allowlisted https links
 * open in the browser.
 */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openIfAllowed(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The app needs no camera, microphone, notifications, geolocation …: every permission is refused.
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(options: { preloadPath: string; iconPath?: string }): BrowserWindow {
  const win = new BrowserWindow(windowOptions(options.preloadPath, options.iconPath));
  lockDown(win.webContents);
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Brings the window to the front (restoring it from the tray or the taskbar). */
export function showWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
