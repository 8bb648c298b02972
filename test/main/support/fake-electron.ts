// A stand-in for the `electron` module (no Electron binary on these machines): just enough of each API for
// the shell's modules, recording what they were asked to do. Used only through `vi.mock('electron', …)`.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  session = {
    requestHandler: null as
      ((wc: unknown, permission: string, callback: (ok: boolean) => void) => void) | null,
    checkHandler: null as ((...args: unknown[]) => boolean) | null,
    setPermissionRequestHandler(
      handler: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void,
    ) {
      this.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      this.checkHandler = handler;
    },
  };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Emits a cancellable event the way Electron does; returns whether it was prevented. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  webContents = new FakeWebContents();
  visible = false;
  focused = false;
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return false;
  }
  /** Emits a cancellable event; returns whether it was prevented. */
  fire(name: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

class FakeApp extends EventEmitter {
  requestSingleInstanceLock = vi.fn(() => true);
  quit = vi.fn(() => {
    this.fire('before-quit');
  });
  exit = vi.fn();
  relaunch = vi.fn();
  isReady = vi.fn(() => true);
  whenReady = vi.fn(() => Promise.resolve());
  getPath = vi.fn((_name: string) => '/tmp/clinic-sync-desk-test');
  getAppPath = vi.fn(() => '/app');
  /** The OS locale Electron reports (the tray's language before one is chosen in Settings). */
  getLocale = vi.fn(() => 'en-US');
  setLoginItemSettings = vi.fn();
  setAppUserModelId = vi.fn();
  isPackaged = false;
  /** Emits a cancellable event; returns whether it was prevented. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}
export const app = new FakeApp();

export const shell = { openExternal: vi.fn(() => Promise.resolve()) };

type Handler = (event: unknown, payload: unknown) => unknown;
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle: vi.fn((channel: string, handler: Handler) => {
    ipcMain.handlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => {
    ipcMain.handlers.delete(channel);
  }),
};

class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (_channel: string, _payload: unknown): Promise<unknown> => undefined);
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = { exposeInMainWorld: vi.fn() };

export const safeStorage = {
  getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
  isEncryptionAvailable: vi.fn(() => true),
  encryptString: vi.fn((text: string) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`)),
  decryptString: vi.fn((blob: Buffer) => {
    const text = blob.toString();
    if (!text.startsWith('enc:')) throw new Error('not encrypted by us');
    return Buffer.from(text.slice(4), 'base64').toString();
  }),
};

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: { template: MenuItem[] } | null = null;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuItem[] }) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

export interface MenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}
export const Menu = {
  buildFromTemplate: vi.fn((template: MenuItem[]) => ({ template })),
  setApplicationMenu: vi.fn(),
};

export const nativeImage = { createFromPath: vi.fn((p: string) => ({ path: p })) };

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };

export const dialog = { showMessageBoxSync: vi.fn(() => 0), showErrorBox: vi.fn() };

export default {
  app,
  BrowserWindow,
  shell,
  ipcMain,
  ipcRenderer,
  contextBridge,
  safeStorage,
  Tray,
  Menu,
  nativeImage,
  protocol,
  dialog,
};
