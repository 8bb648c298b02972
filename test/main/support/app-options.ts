// What the main-process tests hand runApp beside the runtime: the app's file paths and a log of spies.
import { vi } from 'vitest';

export const APP_PATHS = {
  preload: '/p/preload.cjs',
  rendererDir: '/r',
  trayIconDir: '/icons',
  windowIcon: '/icon.png',
};

/** A log that writes nothing; each level is a spy. */
export const spyLog = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });
