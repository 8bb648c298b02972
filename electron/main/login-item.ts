// Start on login (Settings.startOnLogin). Windows/macOS: the OS login item. Linux: an XDG autostart entry.
// The app then starts with --hidden, straight into the tray.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';

export const HIDDEN_FLAG = '--hidden';
const DESKTOP_FILE = 'clinic-sync-desk.desktop';

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(configHome, 'autostart', DESKTOP_FILE);
}

export function desktopEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Clinic Sync Desk',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

export async function applyStartOnLogin(
  enabled: boolean,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
    return;
  }
  const file = autostartFile();
  if (!enabled) {
    await fs.rm(file, { force: true });
    return;
  }
  // An AppImage runs from a temporary mount: start the AppImage file itself.
  const executable = process.env.APPIMAGE || process.execPath;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, desktopEntry(executable), { mode: 0o644 });
}
