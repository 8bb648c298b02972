// The activity screen in Polish: an entry with a message code shows its summary in Polish (dates in the clinic's
// time zone, a write inside a failure, a conflict summary inside "needs a decision", the chosen action's label);
// an entry written before codes existed shows its stored English; a patient's name still shows only on request.
import { screen, within } from '@testing-library/react';
import type { ActivityEntry } from '../../shared/bridge';
import { makeSettings, NOW } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

/** jsdom has no layout: give the scrolling list a real height so the virtualizer renders the rows. */
beforeEach(() => {
  const isList = (el: Element) => el instanceof HTMLElement && el.dataset.testid === 'activity-list';
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return isList(this) ? 640 : 0;
  });
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockImplementation(function (this: Element) {
    return isList(this) ? 1000 : 0;
  });
});
afterEach(() => vi.restoreAllMocks());

const entry = (id: number, over: Partial<ActivityEntry>): ActivityEntry => ({
  id,
  at: NOW - id * 60_000,
  direction: 'out',
  operation: 'replaceSlots',
  addressKey: 'd1@l1',
  outcome: 'ok',
  summary: '',
  hasPatient: false,
  ...over,
});

const activity: ActivityEntry[] = [
  entry(6, {
    operation: 'bookSlot',
    outcome: 'failed',
    summary: 'Booked the appointment at 2026-11-24 10:00: Docplanner could not be reached (P*** T***)',
    code: 'activity.out.failed',
    params: { write: 'activity.out.book', start: '2026-11-24T09:00:00Z', error: 'network' },
    hasPatient: true,
  }),
  entry(5, {
    summary: 'Published availability of 2026-11-24',
    code: 'activity.out.slots',
    params: { date: '2026-11-24' },
  }),
  entry(4, {
    direction: 'in',
    operation: 'slot-booked',
    summary: 'Online booking for 2026-11-25 08:00 (P*** T***); appointment 41 created.',
    code: 'activity.in.applied',
    params: { notification: 'slot-booked' },
    hasPatient: true,
  }),
  entry(3, {
    direction: 'local',
    operation: 'conflict:double-booking',
    outcome: 'failed',
    summary: 'Needs a decision: A patient booked 2026-11-26 11:00 online, but that time is already taken.',
    code: 'activity.conflict.raised',
    params: { conflict: 'conflict.double-booking', start: '2026-11-26T10:00:00Z' },
  }),
  entry(2, {
    direction: 'local',
    operation: 'resolve:double-booking',
    summary: '"keep-both" chosen by Ola: Written as an overbooking.',
    code: 'activity.resolve.done',
    params: { action: 'keep-both', by: 'Ola' },
  }),
  entry(1, { summary: 'Availability of 2026-11-20 sent (written before codes existed)' }),
];

describe('activity in Polish', () => {
  it('shows each coded summary in Polish and an older entry’s English as it was stored', async () => {
    const bridge = new MemoryBridge({ settings: makeSettings({ language: 'pl' }), activity });
    const { user } = await renderApp({ bridge, screen: 'activity' });
    const row = async (id: number) =>
      (await screen.findByTestId(`activity-row-${id}`)).querySelector('.activity-summary > span')!
        .textContent;
    expect(await row(6)).toBe(
      'Zarezerwowano wizytę 24 lis 2026, 10:00: Nie można połączyć się z Docplannerem.',
    );
    expect(await row(5)).toBe('Opublikowano dostępność na 24 lis 2026');
    expect(await row(4)).toBe('Zastosowano zmianę z Docplannera (slot-booked).');
    expect(await row(3)).toBe(
      'Wymaga decyzji: Pacjent zarezerwował online termin 26 lis 2026, 11:00, ale ten termin jest już zajęty w systemie gabinetu.',
    );
    expect(await row(2)).toBe('„Zachowaj obie” – wybór: Ola; wykonano.');
    expect(await row(1)).toBe('Availability of 2026-11-20 sent (written before codes existed)');
    expect(screen.getByTestId('activity-row-6')).toHaveTextContent('Niepowodzenie');

    // The name is not in the Polish summary; it still shows for one row on request only.
    const failed = screen.getByTestId('activity-row-6');
    expect(failed).not.toHaveTextContent('P*** T***');
    await user.click(within(failed).getByTestId('activity-reveal-6'));
    expect(await screen.findByTestId('activity-patient-6')).toHaveTextContent('Pacjent: Patient 0006 Test');
    expect(screen.getByTestId('activity-row-4')).not.toHaveTextContent('Patient 0004');
  });
});
