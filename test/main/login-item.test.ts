// Start on login: the OS login item on Windows, an XDG autostart entry on Linux; both start hidden.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./support/fake-electron'));

const { app } = await import('./support/fake-electron');
const { applyStartOnLogin, autostartFile, desktopEntry } = await import('../../electron/main/login-item');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'login-item-'));
  vi.stubEnv('XDG_CONFIG_HOME', dir);
  app.setLoginItemSettings.mockClear();
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('start on login', () => {
  it('uses the OS login item on Windows, starting hidden', async () => {
    await applyStartOnLogin(true, 'win32');
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
    await applyStartOnLogin(false, 'win32');
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const file = autostartFile();
    expect(file).toBe(path.join(dir, 'autostart', 'clinic-sync-desk.desktop'));
    await applyStartOnLogin(true, 'linux');
    expect(readFileSync(file, 'utf8')).toContain('--hidden');
    await applyStartOnLogin(false, 'linux');
    expect(existsSync(file)).toBe(false);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes the executable path in the desktop entry', () => {
    expect(desktopEntry('/opt/Clinic Sync Desk/clinic "sync"')).toContain(
      'Exec="/opt/Clinic Sync Desk/clinic \\"sync\\"" --hidden',
    );
  });
});
