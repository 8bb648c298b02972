// Where the built pieces are at run time. main.js is dist/electron/main/main.js, so:
//   preload   dist/electron/preload/preload.cjs
//   renderer  dist/renderer/
//   assets    build/ in development, <resources>/assets/ when packaged (tray icons and the window icon;
//             copied there by electron-builder.yml's extraResources).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';

export interface ShellPaths {
  preload: string;
  rendererDir: string;
  trayIconDir: string;
  windowIcon: string;
}

export function shellPaths(): ShellPaths {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const assets = app.isPackaged
    ? path.join(process.resourcesPath, 'assets')
    : path.join(app.getAppPath(), 'build');
  return {
    preload: path.join(here, '..', 'preload', 'preload.cjs'),
    rendererDir: path.join(here, '..', '..', 'renderer'),
    trayIconDir: path.join(assets, 'tray'),
    windowIcon: path.join(assets, 'icon.png'),
  };
}
