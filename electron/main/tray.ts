// The tray icon: its image follows sync health, its tooltip the open-conflict count; its menu opens the
// window, syncs now, pauses/resumes and quits. Closing the window leaves the app running here.
import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { StatusSnapshot } from '../../shared/bridge';
import { TRAY_TEXT, trayHealth, trayTooltip, type Language, type TrayHealth } from './tray-state';

export interface TrayActions {
  open(): void;
  syncNow(): void;
  setPaused(paused: boolean): void;
  quit(): void;
}

export interface AppTray {
  update(status: StatusSnapshot): void;
  /** Applies a conflict count from a `conflicts-changed` event to the last status. */
  setOpenConflicts(open: number): void;
  setLanguage(language: Language): void;
  health(): TrayHealth;
  destroy(): void;
}

export function trayIconPath(iconDir: string, health: TrayHealth): string {
  return path.join(iconDir, `tray-${health}.png`);
}

export function createTray(options: {
  iconDir: string;
  actions: TrayActions;
  initial: StatusSnapshot;
  language?: Language;
}): AppTray {
  const { iconDir, actions } = options;
  let status = options.initial;
  let language: Language = options.language ?? 'en';
  const tray = new Tray(nativeImage.createFromPath(trayIconPath(iconDir, trayHealth(status))));
  tray.on('click', () => actions.open());

  function render(): void {
    const text = TRAY_TEXT[language];
    tray.setImage(nativeImage.createFromPath(trayIconPath(iconDir, trayHealth(status))));
    tray.setToolTip(trayTooltip(status, language));
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: text.open, click: () => actions.open() },
        { label: text.syncNow, enabled: !status.paused, click: () => actions.syncNow() },
        {
          label: status.paused ? text.resume : text.pause,
          click: () => actions.setPaused(!status.paused),
        },
        { type: 'separator' },
        { label: text.quit, click: () => actions.quit() },
      ]),
    );
  }
  render();

  return {
    update(next) {
      status = next;
      render();
    },
    setOpenConflicts(open) {
      status = { ...status, openConflicts: open };
      render();
    },
    setLanguage(next) {
      language = next;
      render();
    },
    health: () => trayHealth(status),
    destroy: () => tray.destroy(),
  };
}
