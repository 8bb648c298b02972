// Why, in Polish: the reason Docplanner gave for refusing an appointment (its error kind, in the summary and on the
// Docplanner side), a resolution that failed with its cause (the outcome and the open conflict's last attempt),
// and what a change from Docplanner did on the activity screen. The conflicts and outcomes come from the engine's
// own drafts and conflict service (a real state DB), so a code the engine emits without Polish words — or a screen
// that shows the English — fails here.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import type { ActivityEntry, Conflict, ConflictQuery, ResolveConflictRequest } from '../../shared/bridge';
import { DocplannerError } from '../../electron/engine/docplanner/errors';
import { AuditRepo } from '../../electron/engine/store/audit';
import { ConflictRepo } from '../../electron/engine/store/conflicts';
import { openStateDb } from '../../electron/engine/store/db';
import { bookingRefused, practiceData } from '../../electron/engine/sync/conflicts/drafts';
import { fail } from '../../electron/engine/sync/conflicts/failure';
import { ConflictService } from '../../electron/engine/sync/conflicts/service';
import { VirtualClock } from '../../electron/engine/util/clock';
import { makeSettings, NOW } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

const polish = makeSettings({ language: 'pl' });
const patient = {
  firstName: 'Pacjent',
  lastName: '0042 Testowy',
  phone: null,
  email: null,
  birthDate: null,
  nin: null,
  gender: null,
};

/** The engine's conflict service on a fresh state DB, with a booking Docplanner refused as having no free slot. */
function engine() {
  const db = openStateDb(join(mkdtempSync(join(tmpdir(), 'refusals-pl-')), 'state.db'));
  const service = new ConflictService(new ConflictRepo(db), new AuditRepo(db), new VirtualClock(NOW));
  service.raise(
    bookingRefused({
      context: {
        addressKey: 'd1@l1',
        inboxId: null,
        ref: { facilityId: 'f1', doctorId: 'rd1', addressId: 'ra1' },
        localBookingId: 'a7',
        start: '2026-11-24T10:00:00+01:00',
        end: '2026-11-24T10:30:00+01:00',
        reason: 'Unable to perform booking. Requested target slot not found',
      },
      booking: {
        id: 'a7',
        start: '2026-11-24T10:00:00+01:00',
        end: '2026-11-24T10:30:00+01:00',
        serviceId: 's1',
        status: 'booked',
        patient,
        insuranceId: null,
        comment: null,
        origin: 'pms',
      },
      serviceName: 'Konsultacja',
      error: 'slot-unavailable',
    }),
  );
  service.raise(
    practiceData({
      addressKey: 'd1@l1',
      dedupeKey: 'outbox:break:x',
      summary: 'Docplanner refused a change (Added a break 2026-11-25 12:00–13:00): not allowed',
      detail: 'You are not allowed to use this method',
      refused: { error: 'forbidden' },
      start: '2026-11-25T12:00:00+01:00',
      end: '2026-11-25T13:00:00+01:00',
    }),
  );
  const bridge = new MemoryBridge({ settings: polish });
  bridge.answer('listConflicts', (q: ConflictQuery) => service.list(q));
  // The bridge awaits what a handler returns: the service's promise is the answer.
  bridge.answer('resolveConflict', (req: ResolveConflictRequest) => service.resolve(req) as never);
  const [booking, change] = service.list() as [Conflict, Conflict];
  return { service, bridge, booking, change };
}

describe('refusals and failed resolutions in Polish', () => {
  it('a booking and a change Docplanner refused say why', async () => {
    const { bridge, booking, change } = engine();
    await renderApp({ bridge, screen: 'conflicts' });
    const card = await screen.findByTestId(`conflict-card-${booking.id}`);
    await waitFor(() =>
      expect(within(card).getByTestId(`conflict-summary-${booking.id}`)).toHaveTextContent(
        'Docplanner odrzucił wizytę w terminie 24 lis 2026, 10:00: Ten termin nie jest już wolny w Docplannerze.',
      ),
    );
    expect(within(card).getByTestId(`conflict-remote-${booking.id}`)).toHaveTextContent(
      'Odrzucone przez Docplanner: Ten termin nie jest już wolny w Docplannerze',
    );
    expect(card).not.toHaveTextContent('Requested target slot');
    expect(screen.getByTestId(`conflict-summary-${change.id}`)).toHaveTextContent(
      'Docplanner odrzucił zmianę z systemu gabinetu: Docplanner nie pozwala na to temu kontu.',
    );
    expect(screen.getByTestId(`conflict-local-${change.id}`)).toHaveTextContent(
      'Odrzucone przez Docplanner: Docplanner nie pozwala na to temu kontu',
    );
  });

  it('a resolution that fails for its own reason: the outcome and the last attempt say why', async () => {
    const { service, bridge, booking } = engine();
    service.useRunner({
      run: () =>
        Promise.reject(
          fail('the calendar of this appointment is no longer mapped', 'resolve.why.calendar-not-mapped'),
        ),
    });
    const { user } = await renderApp({ bridge, screen: 'conflicts' });
    await user.click(await screen.findByTestId(`conflict-option-${booking.id}-retry`));
    await user.click(screen.getByTestId('conflict-confirm'));
    expect(await screen.findByTestId('conflict-notice')).toHaveTextContent(
      '„Spróbuj ponownie” nie powiodło się: ten kalendarz nie jest już powiązany. Konflikt pozostaje otwarty.',
    );
    await waitFor(() =>
      expect(screen.getByTestId(`conflict-summary-${booking.id}`)).toHaveTextContent(
        'Ostatnia próba („Spróbuj ponownie”) nie powiodła się: ten kalendarz nie jest już powiązany.',
      ),
    );
    expect(screen.getByTestId('conflict-notice')).not.toHaveTextContent('no longer mapped');
  });

  it('a resolution Docplanner fails: the outcome and the last attempt name the Docplanner error', async () => {
    const { service, bridge, booking } = engine();
    const offline = new DocplannerError({
      kind: 'network',
      message: 'ECONNRESET',
      operation: 'addCalendarBreak',
    });
    service.useRunner({
      run: () =>
        Promise.reject(
          new Error('Docplanner could not be reached (ECONNRESET); try again', { cause: offline }),
        ),
    });
    const { user } = await renderApp({ bridge, screen: 'conflicts' });
    await user.click(await screen.findByTestId(`conflict-option-${booking.id}-hold-with-break`));
    await user.click(screen.getByTestId('conflict-confirm'));
    expect(await screen.findByTestId('conflict-notice')).toHaveTextContent(
      'nie powiodło się: Nie można połączyć się z Docplannerem. Konflikt pozostaje otwarty.',
    );
    await waitFor(() =>
      expect(screen.getByTestId(`conflict-summary-${booking.id}`)).toHaveTextContent(
        'nie powiodła się: Nie można połączyć się z Docplannerem.',
      ),
    );
    expect(screen.getByTestId(`conflict-summary-${booking.id}`)).not.toHaveTextContent('ECONNRESET');
  });
});

describe('changes from Docplanner on the activity screen in Polish', () => {
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
    direction: 'in',
    operation: 'slot-booked',
    addressKey: 'd1@l1',
    outcome: 'ok',
    summary: '',
    hasPatient: true,
    ...over,
  });

  it('shows what each notification did, with its times in the clinic’s zone and no patient name', async () => {
    const activity: ActivityEntry[] = [
      entry(5, {
        summary: 'Online booking 2026-11-24 10:00 (P*** T***) written as appointment 41.',
        code: 'activity.in.booking-written',
        params: { start: '2026-11-24T09:00:00Z', appointment: '41' },
      }),
      entry(4, {
        operation: 'booking-moved',
        summary: 'Booking moved 2026-11-24 10:00 → 2026-11-25 09:00 (P*** T***); appointment 41 moved.',
        code: 'activity.in.moved',
        params: { from: '2026-11-24T10:00:00+01:00', start: '2026-11-25T09:00:00+01:00', appointment: '41' },
      }),
      entry(3, {
        operation: 'booking-canceled',
        summary:
          'Booking 2026-11-25 09:00 (P*** T***) canceled online by the patient; appointment 41 canceled.',
        code: 'activity.in.canceled',
        params: { start: '2026-11-25T09:00:00+01:00', by: 'activity.in.by.patient', appointment: '41' },
      }),
      entry(2, {
        operation: 'break-created',
        hasPatient: false,
        summary: 'Break 2026-11-26 13:00–14:00 added on Docplanner; blocked in the practice system (7).',
        code: 'activity.in.break-blocked',
        params: { start: '2026-11-26T13:00:00+01:00', end: '2026-11-26T14:00:00+01:00' },
      }),
      entry(1, {
        operation: 'booking-canceled',
        outcome: 'skipped',
        summary:
          'Booking 2026-11-27 08:00 (P*** T***) canceled online; it was never in the practice system, nothing to do.',
        code: 'activity.in.cancel-not-here',
        params: { start: '2026-11-27T08:00:00+01:00' },
      }),
    ];
    await renderApp({ bridge: new MemoryBridge({ settings: polish, activity }), screen: 'activity' });
    const row = async (id: number) =>
      (await screen.findByTestId(`activity-row-${id}`)).querySelector('.activity-summary > span')!
        .textContent;
    expect(await row(5)).toBe('Rezerwację online na 24 lis 2026, 10:00 zapisano jako wizytę 41.');
    expect(await row(4)).toBe(
      'Rezerwację przeniesiono 24 lis 2026, 10:00 → 25 lis 2026, 09:00; wizytę 41 przeniesiono.',
    );
    expect(await row(3)).toBe(
      'Rezerwację na 25 lis 2026, 09:00 odwołano online przez pacjenta; wizytę 41 odwołano.',
    );
    expect(await row(2)).toBe(
      'W Docplannerze dodano przerwę 26 lis 2026, 13:00–14:00; zablokowano ją w systemie gabinetu.',
    );
    expect(await row(1)).toBe(
      'Rezerwację na 27 lis 2026, 08:00 odwołano online; nigdy nie było jej w systemie gabinetu, nie trzeba nic robić.',
    );
    expect(screen.getByTestId('activity-list')).not.toHaveTextContent('P*** T***');
  });
});
