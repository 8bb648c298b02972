// The tray: health from the status, tooltip with the conflict count, the menu's actions.
import { describe, expect, it, vi } from 'vitest';
import type { StatusSnapshot } from '../../shared/bridge';
import { sampleStatus } from '../headless/support/memory-bridge';

vi.mock('electron', () => import('./support/fake-electron'));

const { Tray } = await import('./support/fake-electron');
const { createTray } = await import('../../electron/main/tray');
const { trayHealth, trayTooltip } = await import('../../electron/main/tray-state');

describe('tray health', () => {
  it.each<[StatusSnapshot['state'], string]>([
    ['in-sync', 'in-sync'],
    ['syncing', 'syncing'],
    ['rate-limited', 'syncing'],
    ['offline', 'offline'],
    ['error', 'attention'],
    ['needs-sign-in', 'attention'],
    ['not-configured', 'attention'],
    ['paused', 'attention'],
  ])('%s → %s', (state, health) => {
    expect(trayHealth(sampleStatus({ state }))).toBe(health);
  });

  it('open conflicts need attention whatever the state', () => {
    expect(trayHealth(sampleStatus({ state: 'in-sync', openConflicts: 1 }))).toBe('attention');
    expect(trayHealth(sampleStatus({ state: 'offline', openConflicts: 3 }))).toBe('attention');
  });
});

describe('tray tooltip', () => {
  it('names the state and counts open conflicts', () => {
    expect(trayTooltip(sampleStatus())).toBe('Clinic Sync Desk — In sync');
    expect(trayTooltip(sampleStatus({ openConflicts: 1 }))).toBe(
      'Clinic Sync Desk — Needs attention · 1 open conflict',
    );
    expect(trayTooltip(sampleStatus({ openConflicts: 5 }))).toContain('5 open conflicts');
    expect(trayTooltip(sampleStatus({ state: 'paused', paused: true }))).toBe('Clinic Sync Desk — Paused');
  });

  it('speaks Polish with the right plural forms', () => {
    expect(trayTooltip(sampleStatus({ openConflicts: 1 }), 'pl')).toContain('1 otwarty konflikt');
    expect(trayTooltip(sampleStatus({ openConflicts: 3 }), 'pl')).toContain('3 otwarte konflikty');
    expect(trayTooltip(sampleStatus({ openConflicts: 5 }), 'pl')).toContain('5 otwartych konfliktów');
    expect(trayTooltip(sampleStatus({ openConflicts: 12 }), 'pl')).toContain('12 otwartych konfliktów');
    expect(trayTooltip(sampleStatus({ openConflicts: 22 }), 'pl')).toContain('22 otwarte konflikty');
  });
});

describe('tray icon and menu', () => {
  function setup(initial = sampleStatus()) {
    const actions = { open: vi.fn(), syncNow: vi.fn(), setPaused: vi.fn(), quit: vi.fn() };
    const appTray = createTray({ iconDir: '/icons', actions, initial });
    const tray = Tray.instances.at(-1)!;
    const item = (label: string) => tray.menu!.template.find((i) => i.label === label)!;
    return { appTray, tray, actions, item };
  }

  it('shows the icon and tooltip of the current health, and follows updates', () => {
    const { appTray, tray } = setup();
    expect(tray.image).toEqual({ path: '/icons/tray-in-sync.png' });
    appTray.update(sampleStatus({ state: 'syncing', pending: 3 }));
    expect(tray.image).toEqual({ path: '/icons/tray-syncing.png' });
    appTray.update(sampleStatus({ state: 'offline' }));
    expect(tray.image).toEqual({ path: '/icons/tray-offline.png' });
    appTray.setOpenConflicts(2);
    expect(tray.image).toEqual({ path: '/icons/tray-attention.png' });
    expect(tray.tooltip).toContain('2 open conflicts');
  });

  it('offers Open, Sync now, Pause and Quit, each doing its job', () => {
    const { tray, actions, item } = setup();
    expect(tray.menu!.template.map((i) => i.label ?? i.type)).toEqual([
      'Open',
      'Sync now',
      'Pause syncing',
      'separator',
      'Quit',
    ]);
    item('Open').click!();
    item('Sync now').click!();
    item('Pause syncing').click!();
    item('Quit').click!();
    expect(actions.open).toHaveBeenCalledTimes(1);
    expect(actions.syncNow).toHaveBeenCalledTimes(1);
    expect(actions.setPaused).toHaveBeenCalledWith(true);
    expect(actions.quit).toHaveBeenCalledTimes(1);
  });

  it('offers Resume while paused, and no Sync now', () => {
    const { actions, item } = setup(sampleStatus({ state: 'paused', paused: true }));
    expect(item('Sync now').enabled).toBe(false);
    item('Resume syncing').click!();
    expect(actions.setPaused).toHaveBeenCalledWith(false);
  });

  it('opens the window on a click and switches language', () => {
    const { appTray, tray, actions } = setup();
    tray.emit('click');
    expect(actions.open).toHaveBeenCalled();
    appTray.setLanguage('pl');
    expect(tray.menu!.template[0]!.label).toBe('Otwórz');
  });
});
