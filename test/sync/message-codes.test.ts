// Engine messages carry stable codes for the UI's translations (shared/message-codes.ts): the status reasons
// (status.ts), conflict summaries and side details (conflicts/drafts.ts), the options (by action), and what the
// store and the conflict service hand back. Params hold instants and counts, never a patient's name.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatusSnapshotSchema, type ErrorInfo } from '../../shared/bridge';
import type { LocalBooking } from '../../shared/canonical';
import { MESSAGES, RESOLUTION_ACTIONS, isMessageCode } from '../../shared/message-codes';
import { AuditRepo } from '../../electron/engine/store/audit';
import { ConflictRepo } from '../../electron/engine/store/conflicts';
import { openStateDb } from '../../electron/engine/store/db';
import {
  bookingRefused,
  mappingVanished,
  movedOnBothSides,
  practiceData,
  remoteBreak,
  unhandledNotification,
  unmappedService,
  writeBackFailed,
  type ConflictDraft,
} from '../../electron/engine/sync/conflicts/drafts';
import { ACTIONS } from '../../electron/engine/sync/conflicts/options';
import { ConflictService } from '../../electron/engine/sync/conflicts/service';
import { buildStatus, type AddressFacts, type StatusFacts } from '../../electron/engine/sync/status';
import { VirtualClock } from '../../electron/engine/util/clock';
import { doubleBookingDraft, onlineBooking, patientNamed } from './support/fixtures';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const ref = { facilityId: 'f1', doctorId: 'rd1', addressId: 'ra1' };
const local = { doctorId: 'd1', locationId: 'l1' };
const patient = patientNamed('Zofia', 'Testowa');
const PATIENT_NAME = 'Zofia Testowa';

const online = onlineBooking({ patient });
const desk = (over: Partial<LocalBooking> = {}): LocalBooking => ({
  id: 'a1',
  start: '2026-11-24T10:00:00+01:00',
  end: '2026-11-24T10:30:00+01:00',
  serviceId: 's1',
  status: 'booked',
  patient,
  insuranceId: null,
  comment: null,
  origin: 'pms',
  ...over,
});

// ---------------------------------------------------------------------------------------------------------------
// status.ts

const counts = (over: Partial<AddressFacts['counts']> = {}): AddressFacts['counts'] => ({
  pending: 0,
  'in-flight': 0,
  unknown: 0,
  blocked: 0,
  ...over,
});

const address = (key: string, over: Partial<AddressFacts> = {}): AddressFacts => ({
  key,
  label: `Dr ${key}`,
  docplannerAddressId: `addr-${key}`,
  activation: 'active',
  counts: counts(),
  nextRetryAt: null,
  openConflicts: 0,
  health: { kind: 'ok' },
  lastSuccessAt: NOW - 60_000,
  progress: null,
  ...over,
});

const facts = (over: Partial<StatusFacts> = {}): StatusFacts => ({
  now: NOW,
  paused: false,
  leader: true,
  lease: { role: 'standalone', holder: null, expiresAt: null },
  global: { kind: 'ok' },
  addresses: [address('d1@l1')],
  lastSuccessAt: NOW - 60_000,
  lastReconciliation: null,
  progress: null,
  drainSeconds: (n) => n * 1.5,
  blockedUntil: null,
  busy: false,
  ...over,
});

const error = (code: string, message: string): ErrorInfo => ({ code, message, at: NOW });

describe('status reasons carry codes', () => {
  const cases: Array<[string, StatusFacts, string, Record<string, string | number>]> = [
    ['in sync', facts(), 'status.in-sync', {}],
    ['paused', facts({ paused: true }), 'status.paused', {}],
    [
      'another PC syncs (named)',
      facts({ leader: false, lease: { role: 'viewer', holder: 'RECEPTION-2', expiresAt: null } }),
      'status.other-pc-named',
      { holder: 'RECEPTION-2' },
    ],
    [
      'a global error gives its error code',
      facts({
        global: { kind: 'needs-sign-in', error: error('auth', 'Docplanner did not accept the sign-in') },
      }),
      'status.error',
      { error: 'auth' },
    ],
    [
      'offline with changes waiting',
      facts({
        addresses: [
          address('d1@l1', {
            counts: counts({ pending: 3 }),
            health: { kind: 'offline', error: error('network', 'Docplanner could not be reached') },
          }),
        ],
      }),
      'status.offline-waiting',
      { error: 'network', count: 3 },
    ],
    [
      'refused changes',
      facts({ addresses: [address('d1@l1', { counts: counts({ blocked: 2 }) })] }),
      'status.refused',
      { count: 2 },
    ],
    [
      'rate limited',
      facts({
        addresses: [address('d1@l1', { counts: counts({ pending: 4 }) })],
        blockedUntil: NOW + 30_000,
      }),
      'status.rate-limited',
      { count: 4 },
    ],
    [
      'results not known yet',
      facts({ addresses: [address('d1@l1', { counts: counts({ unknown: 1 }) })] }),
      'status.checking-unknown',
      { count: 1 },
    ],
    [
      'initial feed',
      facts({ addresses: [address('d1@l1', { activation: 'feeding' })] }),
      'status.feeding',
      {},
    ],
    [
      'nothing mapped and activated',
      facts({ addresses: [address('d1@l1', { docplannerAddressId: null })] }),
      'status.nothing-active',
      {},
    ],
  ];

  it.each(cases)('%s', (_name, f, code, params) => {
    const s = buildStatus(f);
    expect(s.reasonCode).toBe(code);
    expect(s.reasonParams).toEqual(params);
    expect(s.reason.length).toBeGreaterThan(0); // the English text stays for the CLI and the logs
    expect(StatusSnapshotSchema.parse(s).reasonCode).toBe(code);
  });

  it('with several calendars in trouble the worst one is named, its own reason nested', () => {
    const s = buildStatus(
      facts({
        addresses: [
          address('d1@l1', { counts: counts({ blocked: 1 }) }),
          address('d2@l1', { counts: counts({ pending: 2 }) }),
        ],
        busy: true,
      }),
    );
    expect(s.state).toBe('error');
    expect(s.reasonCode).toBe('status.for-address');
    expect(s.reasonParams).toEqual({ address: 'Dr d1@l1', reason: 'status.refused', count: 1 });
    expect(s.reason).toBe(
      'Dr d1@l1: 1 change(s) were refused by Docplanner and need attention (see conflicts).',
    );
  });

  it('every code status.ts can emit is in the shared list with the params it declares', () => {
    for (const [, f] of cases) {
      const s = buildStatus(f);
      expect(isMessageCode(s.reasonCode!)).toBe(true);
      expect(Object.keys(s.reasonParams ?? {}).sort()).toEqual(Object.keys(MESSAGES[s.reasonCode!]).sort());
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// drafts.ts and options.ts

const drafts: Array<[string, ConflictDraft, string, Record<string, string | number>]> = [
  ['double booking', doubleBookingDraft(online), 'conflict.double-booking', { start: online.start }],
  [
    'unmapped service',
    unmappedService({
      context: { addressKey: 'd1@l1', inboxId: 1, ref, local, booking: online, movedFrom: null },
    }),
    'conflict.unmapped-service',
    { start: online.start, service: 'Konsultacja' },
  ],
  [
    'vanished service',
    mappingVanished({
      context: {
        addressKey: 'd1@l1',
        inboxId: null,
        ref,
        what: 'address-service',
        addressServiceId: 'as1',
        localServiceIds: ['s1'],
        service: null,
      },
      localServiceNames: ['Consultation'],
    }),
    'conflict.service-vanished',
    { service: 'as1' },
  ],
  [
    'vanished address',
    mappingVanished({
      context: {
        addressKey: 'd1@l1',
        inboxId: null,
        ref,
        what: 'address',
        addressServiceId: null,
        localServiceIds: [],
        service: null,
      },
      localServiceNames: [],
    }),
    'conflict.address-vanished',
    {},
  ],
  [
    'booking refused',
    bookingRefused({
      context: {
        addressKey: 'd1@l1',
        inboxId: null,
        ref,
        localBookingId: 'a1',
        start: online.start,
        end: online.end,
        reason: 'slot not free',
      },
      booking: desk(),
      serviceName: 'Consultation',
    }),
    'conflict.booking-refused',
    { start: online.start },
  ],
  [
    'booking refused with the Docplanner error kind',
    bookingRefused({
      context: {
        addressKey: 'd1@l1',
        inboxId: null,
        ref,
        localBookingId: 'a2',
        start: online.start,
        end: online.end,
        reason: 'The slot is not available',
      },
      booking: desk({ id: 'a2' }),
      serviceName: 'Consultation',
      error: 'slot-unavailable',
    }),
    'conflict.booking-refused-because',
    { start: online.start, error: 'slot-unavailable' },
  ],
  [
    'break over appointments',
    remoteBreak({
      context: {
        addressKey: 'd1@l1',
        inboxId: 2,
        ref,
        local,
        dpBreakId: 'br1',
        since: '2026-11-24T10:00:00+01:00',
        till: '2026-11-24T12:00:00+01:00',
        overlapping: ['a1', 'a2'],
      },
      overlapping: [
        { booking: desk(), serviceName: null },
        { booking: desk({ id: 'a2' }), serviceName: null },
      ],
    }),
    'conflict.remote-break',
    { start: '2026-11-24T10:00:00+01:00', end: '2026-11-24T12:00:00+01:00', count: 2 },
  ],
  [
    'write-back failed',
    writeBackFailed({
      context: { addressKey: 'd1@l1', inboxId: 3, ref, dpBookingId: 'b1', error: 'database is locked' },
      notificationName: 'slot-booked',
      attempts: 5,
      booking: online,
      canCancelOnline: true,
    }),
    'conflict.write-back-failed',
    { notification: 'slot-booked', count: 5 },
  ],
  [
    'moved on both sides',
    movedOnBothSides({
      context: {
        addressKey: 'd1@l1',
        inboxId: 4,
        ref,
        dpBookingId: 'b2',
        error: 'changed in the PMS too',
        movedBothSides: null,
      },
      booking: { ...online, start: '2026-11-25T09:00:00+01:00', end: '2026-11-25T09:30:00+01:00' },
      current: desk({ status: 'canceled' }),
      serviceName: null,
    }),
    'conflict.moved-online-gone-locally',
    { start: '2026-11-25T09:00:00+01:00' },
  ],
  [
    'moved on both sides, the appointment still booked',
    movedOnBothSides({
      context: {
        addressKey: 'd1@l1',
        inboxId: 6,
        ref,
        dpBookingId: 'b3',
        error: 'changed in the PMS too',
        movedBothSides: null,
      },
      booking: { ...online, start: '2026-11-25T09:00:00+01:00', end: '2026-11-25T09:30:00+01:00' },
      current: desk(),
      serviceName: null,
    }),
    'conflict.moved-both-sides',
    { start: '2026-11-25T09:00:00+01:00', local: '2026-11-24T10:00:00+01:00' },
  ],
  [
    'unhandled notification',
    unhandledNotification({ inboxId: 5, addressKey: null, name: 'weird-thing', reason: 'unknown name' }),
    'conflict.unhandled-notification',
    { notification: 'weird-thing' },
  ],
  [
    'overlapping work periods (planner problem)',
    practiceData({
      addressKey: 'd1@l1',
      dedupeKey: 'd1@l1/overlap/2026-11-24',
      summary: 'Two work periods overlap on 2026-11-24 around 10:00; the overlap is published once.',
      detail: 'overlapping-periods',
      start: '2026-11-24T10:00:00+01:00',
      end: '2026-11-24T11:00:00+01:00',
    }),
    'conflict.overlapping-periods',
    { start: '2026-11-24T10:00:00+01:00', end: '2026-11-24T11:00:00+01:00' },
  ],
  [
    'a change Docplanner refused (sender)',
    practiceData({
      addressKey: 'd1@l1',
      dedupeKey: 'outbox:break:x',
      summary: 'Docplanner refused a change (add break): invalid range',
      detail: 'invalid range',
      refused: { error: null },
    }),
    'conflict.change-refused',
    {},
  ],
  [
    'a change Docplanner refused with its error kind (sender)',
    practiceData({
      addressKey: 'd1@l1',
      dedupeKey: 'outbox:break:y',
      summary: 'Docplanner refused a change (add break): not allowed',
      detail: 'not allowed',
      refused: { error: 'forbidden' },
    }),
    'conflict.change-refused-because',
    { error: 'forbidden' },
  ],
];

describe('conflict drafts carry codes', () => {
  it.each(drafts)('%s', (_name, draft, code, params) => {
    expect(draft.summaryCode).toBe(code);
    expect(draft.summaryParams).toEqual(params);
    expect(Object.keys(draft.summaryParams).sort()).toEqual(Object.keys(MESSAGES[draft.summaryCode]).sort());
    expect(draft.summary.length).toBeGreaterThan(0);
  });

  it('a refused change is told by the sender explicitly, not guessed from its dedupe key', () => {
    const draft = practiceData({
      addressKey: 'd1@l1',
      dedupeKey: 'outbox:break:z',
      summary: 'Something in the practice data cannot be sent.',
      detail: 'a problem the planner has no code for yet',
    });
    expect(draft.summaryCode).toBe('conflict.practice-data');
    expect(draft.local?.detailCode).toBeUndefined();
  });

  it('times go out as ISO instants for the UI to format, never pre-formatted wall times', () => {
    const [, draft] = drafts[0]!;
    expect(draft.summaryParams.start).toBe('2026-11-24T10:00:00+01:00');
    expect(draft.summary).toContain('2026-11-24 10:00'); // the English text keeps its wall time
  });

  it('a patient name stays in the side, never in a summary, a param or a detail', () => {
    for (const [, draft] of drafts) {
      const loggable = JSON.stringify([
        draft.summary,
        draft.summaryParams,
        draft.local?.detail,
        draft.local?.detailParams,
        draft.remote?.detail,
        draft.remote?.detailParams,
      ]);
      expect(loggable).not.toContain('Zofia');
      expect(loggable).not.toContain('Testowa');
    }
    const [, withPatient] = drafts.find(([name]) => name === 'write-back failed')!;
    expect(withPatient.remote?.patient).toBe(PATIENT_NAME);
  });

  it('side details carry codes', () => {
    const byName = Object.fromEntries(drafts.map(([name, d]) => [name, d]));
    expect(byName['double booking']!.local).toMatchObject({
      detail: 'time already taken',
      detailCode: 'side.time-taken',
    });
    expect(byName['unmapped service']!.remote).toMatchObject({ detailCode: 'side.service-not-mapped' });
    expect(byName['break over appointments']!.local).toMatchObject({
      detailCode: 'side.and-more',
      detailParams: { count: 1 },
    });
    expect(byName['break over appointments']!.remote).toMatchObject({ detailCode: 'side.break' });
    expect(byName['moved on both sides']!.local).toMatchObject({
      detail: 'canceled',
      detailCode: 'side.booking-canceled',
    });
    expect(byName['write-back failed']!.remote).toMatchObject({
      detailCode: 'side.notification',
      detailParams: { notification: 'slot-booked' },
    });
    expect(byName['overlapping work periods (planner problem)']!.local).toMatchObject({
      detailCode: 'side.overlapping-periods',
    });
    expect(byName['booking refused']!.remote).toMatchObject({ detailCode: 'side.refused' });
    expect(byName['booking refused with the Docplanner error kind']!.remote).toMatchObject({
      detail: 'The slot is not available',
      detailCode: 'side.refused-because',
      detailParams: { error: 'slot-unavailable' },
    });
    expect(byName['a change Docplanner refused with its error kind (sender)']!.local).toMatchObject({
      detailCode: 'side.refused-because',
      detailParams: { error: 'forbidden' },
    });
    for (const [, d] of drafts) {
      for (const side of [d.local, d.remote]) {
        if (side?.detail)
          expect(isMessageCode(side.detailCode ?? ''), `${d.kind}: ${side.detail}`).toBe(true);
      }
    }
  });

  it('every option a conflict offers is a shared resolution action (the UI translates by it)', () => {
    const actions = Object.values(ACTIONS).map((a) => a.action);
    expect([...actions].sort()).toEqual([...RESOLUTION_ACTIONS].sort());
    for (const [, d] of drafts) for (const o of d.options) expect(RESOLUTION_ACTIONS).toContain(o.action);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// What the UI receives: stored conflicts and resolution outcomes

describe('stored conflicts and outcomes keep their codes', () => {
  const service = () => {
    const db = openStateDb(join(mkdtempSync(join(tmpdir(), 'codes-')), 'state.db'));
    return new ConflictService(new ConflictRepo(db), new AuditRepo(db), new VirtualClock(NOW));
  };

  it('the summary code and params survive the state DB, and a failed attempt names its action', async () => {
    const s = service();
    const [, draft] = drafts.find(([name]) => name === 'booking refused')!;
    const stored = s.raise(draft);
    const [listed] = s.list();
    expect(listed).toMatchObject({
      summaryCode: 'conflict.booking-refused',
      summaryParams: { start: online.start },
    });
    s.useRunner({ run: async () => Promise.reject(new Error('Docplanner could not be reached')) });
    const failed = await s.resolve({ id: stored.conflict.id, action: 'retry', by: 'Ala' });
    expect(failed).toMatchObject({ ok: false, code: 'resolve.failed', params: { action: 'retry' } });
    expect(s.list()[0]).toMatchObject({ summaryCode: 'conflict.booking-refused', lastFailedAction: 'retry' });
  });

  it('resolving returns and records a coded outcome', async () => {
    const s = service();
    const [, draft] = drafts.find(([name]) => name === 'unhandled notification')!;
    const stored = s.raise(draft);
    expect(await s.resolve({ id: 'nope', action: 'acknowledge', by: 'Ala' })).toMatchObject({
      ok: false,
      code: 'resolve.not-found',
    });
    expect(await s.resolve({ id: stored.conflict.id, action: 'retry', by: 'Ala' })).toMatchObject({
      ok: false,
      code: 'resolve.not-an-option',
    });
    expect(await s.resolve({ id: stored.conflict.id, action: 'acknowledge', by: 'Ala' })).toMatchObject({
      ok: true,
      code: 'resolve.acknowledged',
    });
    const [resolved] = s.list({ status: 'resolved' });
    expect(resolved!.resolution).toMatchObject({
      action: 'acknowledge',
      outcomeCode: 'resolve.acknowledged',
    });
    expect(resolved!.lastFailedAction).toBeUndefined();
  });

  it('a conflict made moot is closed with a coded outcome', () => {
    const s = service();
    const [, draft] = drafts[0]!;
    const stored = s.raise(draft);
    s.settle([stored.conflict.id], 'The booking was canceled online meanwhile.');
    expect(s.list({ status: 'resolved' })[0]!.resolution).toMatchObject({ outcomeCode: 'resolve.settled' });
  });
});
