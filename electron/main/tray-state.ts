// What the tray shows for a status snapshot: one of four health states (its icon), a tooltip with the
// open-conflict count, and the menu labels in the receptionist's language. Pure, so it is easy to test.
import type { LANGUAGES, StatusSnapshot } from '../../shared/bridge';

export type TrayHealth = 'in-sync' | 'syncing' | 'attention' | 'offline';
export const TRAY_HEALTHS: readonly TrayHealth[] = ['in-sync', 'syncing', 'attention', 'offline'];
export type Language = (typeof LANGUAGES)[number];

/** Conflicts and errors outrank everything: they need a human. */
export function trayHealth(status: StatusSnapshot): TrayHealth {
  if (status.openConflicts > 0) return 'attention';
  switch (status.state) {
    case 'in-sync':
      return 'in-sync';
    case 'syncing':
    case 'rate-limited':
      return 'syncing';
    case 'offline':
      return 'offline';
    case 'error':
    case 'needs-sign-in':
    case 'not-configured':
    case 'paused':
      return 'attention';
  }
}

export const TRAY_TEXT = {
  en: {
    app: 'Clinic Sync Desk',
    demo: 'DEMO',
    health: { 'in-sync': 'In sync', syncing: 'Syncing', attention: 'Needs attention', offline: 'Offline' },
    paused: 'Paused',
    conflicts: (n: number) => (n === 1 ? '1 open conflict' : `${n} open conflicts`),
    open: 'Open',
    syncNow: 'Sync now',
    pause: 'Pause syncing',
    resume: 'Resume syncing',
    quit: 'Quit',
  },
  pl: {
    app: 'Clinic Sync Desk',
    demo: 'DEMO',
    health: {
      'in-sync': 'Zsynchronizowano',
      syncing: 'Synchronizacja',
      attention: 'Wymaga uwagi',
      offline: 'Brak połączenia',
    },
    paused: 'Wstrzymano',
    conflicts: (n: number) => {
      if (n === 1) return '1 otwarty konflikt';
      const tens = n % 100;
      const few = n % 10 >= 2 && n % 10 <= 4 && (tens < 12 || tens > 14);
      return few ? `${n} otwarte konflikty` : `${n} otwartych konfliktów`;
    },
    open: 'Otwórz',
    syncNow: 'Synchronizuj teraz',
    pause: 'Wstrzymaj synchronizację',
    resume: 'Wznów synchronizację',
    quit: 'Zakończ',
  },
} satisfies Record<Language, unknown>;

export function trayTooltip(status: StatusSnapshot, language: Language = 'en'): string {
  const text = TRAY_TEXT[language];
  const state = status.paused ? text.paused : text.health[trayHealth(status)];
  // The demo is marked everywhere, so nobody takes it for a live clinic.
  const app = status.mode === 'demo' ? `${text.app} ${text.demo}` : text.app;
  const parts = [`${app} — ${state}`];
  if (status.openConflicts > 0) parts.push(text.conflicts(status.openConflicts));
  return parts.join(' · ');
}
