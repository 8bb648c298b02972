// Activity entries the engine appends carry a message code and params for the UI's language, beside the English
// summary: notifications applied, ignored, failing to be written (with the practice DB's error as the cause) and
// raising a conflict; conflicts raised, settled and resolved (a failure names its cause when it is a Docplanner or
// practice DB error); the cross-check's repairs. Params never hold a patient's name. Real simulator and PMS for
// the inbound half and the cross-check.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocplannerError } from '../../electron/engine/docplanner/errors';
import { PracticeDbError } from '../../electron/engine/practice/adapter';
import { AuditRepo } from '../../electron/engine/store/audit';
import { ConflictRepo } from '../../electron/engine/store/conflicts';
import { openStateDb } from '../../electron/engine/store/db';
import { ConflictService } from '../../electron/engine/sync/conflicts/service';
import { VirtualClock } from '../../electron/engine/util/clock';
import { createInbound } from '../../electron/engine/sync/inbound/index';
import { at, createBench, type Bench } from './inbound/fixture';
import { DP, createWorld, deskAppointment, type World } from './support/harness';
import { doubleBookingDraft, onlineBooking } from './support/fixtures';

const PATIENT = { name: 'Zofia', surname: 'Testowa', phone: '+48500999111' };

describe('inbound activity is coded', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await createBench({ policy: { maxWriteBackAttempts: 2 } });
  });
  afterEach(async () => {
    await b.close();
  });
  const entries = () => b.repos.audit.query({ limit: 100 }).entries;

  it('a booking written into the practice system: its time and appointment id, no patient in params', async () => {
    b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation, PATIENT);
    await b.inbound.pullAndApply();
    const booked = entries().find((e) => e.operation === 'slot-booked');
    expect(booked).toMatchObject({
      direction: 'in',
      outcome: 'ok',
      code: 'activity.in.booking-written',
      hasPatient: true,
    });
    const appointment = /written as appointment (\S+)\.$/.exec(booked!.summary)?.[1];
    expect(appointment).toBeTruthy();
    expect(booked!.params).toEqual({ start: expect.any(String), appointment });
    expect(Date.parse(String(booked!.params!['start']))).toBe(Date.parse(at('10:00')));
    expect(JSON.stringify(booked!.params)).not.toMatch(/Zofia|Testowa|Z\*\*\*/);
  });

  it('a locked practice DB: each failed attempt names the cause; giving up raises a coded conflict', async () => {
    b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation, PATIENT);
    const unlock = b.pms.holdWriteLock();
    await b.inbound.pullAndApply();
    expect(entries()[0]).toMatchObject({
      operation: 'slot-booked',
      outcome: 'failed',
      code: 'activity.in.write-failed-because',
      params: { notification: 'slot-booked', attempt: 1, error: 'locked' },
    });
    await b.inbound.pullAndApply();
    const raised = entries().find((e) => e.operation === 'conflict:write-back-failed');
    expect(raised).toMatchObject({
      code: 'activity.conflict.raised',
      params: { conflict: 'conflict.write-back-failed', notification: 'slot-booked', count: 2 },
    });
    const [conflict] = b.inbound.conflicts.list();
    await b.inbound.conflicts.resolve({ id: conflict!.id, action: 'acknowledge', by: 'Ewa' });
    expect(entries()[0]).toMatchObject({
      operation: 'resolve:write-back-failed',
      code: 'activity.resolve.done',
      params: { action: 'acknowledge', by: 'Ewa' },
    });
    unlock();
  });
});

describe('conflict activity and outcomes are coded', () => {
  const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
  const online = onlineBooking();
  const setup = () => {
    const db = openStateDb(join(mkdtempSync(join(tmpdir(), 'activity-codes-')), 'state.db'));
    const audit = new AuditRepo(db);
    const service = new ConflictService(new ConflictRepo(db), audit, new VirtualClock(NOW));
    const stored = service.raise(
      doubleBookingDraft(online, { addressKey: '1@1', local: { doctorId: '1', locationId: '1' } }),
    );
    return { audit, service, id: stored.conflict.id };
  };
  const latest = (audit: AuditRepo) => audit.query({ limit: 1 }).entries[0];

  it('raising: the conflict’s own summary code inside, no patient name', () => {
    const { audit } = setup();
    const raised = latest(audit);
    expect(raised).toMatchObject({
      code: 'activity.conflict.raised',
      params: { conflict: 'conflict.double-booking', start: online.start },
    });
    expect(JSON.stringify(raised)).not.toMatch(/Zofia|Testowa/);
  });

  it('a Docplanner error behind a failed resolution: its kind in the outcome and in the activity', async () => {
    const { audit, service, id } = setup();
    service.useRunner({
      run: () =>
        Promise.reject(
          new DocplannerError({ kind: 'network', message: 'ECONNRESET', operation: 'cancelBooking' }),
        ),
    });
    expect(await service.resolve({ id, action: 'cancel-online', by: 'Ala' })).toMatchObject({
      ok: false,
      code: 'resolve.failed-because',
      params: { action: 'cancel-online', error: 'network' },
    });
    expect(latest(audit)).toMatchObject({
      outcome: 'failed',
      code: 'activity.resolve.failed-because',
      params: { action: 'cancel-online', by: 'Ala', error: 'network' },
    });
  });

  it('a practice DB error wrapped as the cause: its code; a failure of no known kind: no cause', async () => {
    const { audit, service, id } = setup();
    const locked = new PracticeDbError('locked', 'database is locked');
    service.useRunner({
      run: () => Promise.reject(new Error('the practice system refused', { cause: locked })),
    });
    expect(await service.resolve({ id, action: 'keep-both', by: 'Ala' })).toMatchObject({
      code: 'resolve.failed-because',
      params: { action: 'keep-both', error: 'locked' },
    });
    service.useRunner({ run: () => Promise.reject(new Error('that time is taken')) });
    expect(await service.resolve({ id, action: 'keep-both', by: 'Ala' })).toMatchObject({
      code: 'resolve.failed',
      params: { action: 'keep-both' },
    });
    expect(latest(audit)).toMatchObject({
      code: 'activity.resolve.failed',
      params: { action: 'keep-both', by: 'Ala' },
    });
  });

  it('resolved and settled are coded', async () => {
    const first = setup();
    first.service.useRunner({ run: async () => 'Written as an overbooking.' });
    await first.service.resolve({ id: first.id, action: 'keep-both', by: 'Ola' });
    expect(latest(first.audit)).toMatchObject({
      code: 'activity.resolve.done',
      params: { action: 'keep-both', by: 'Ola' },
    });
    const second = setup();
    second.service.settle([second.id], 'The booking was canceled online meanwhile.');
    expect(latest(second.audit)).toMatchObject({ code: 'activity.conflict.settled' });
  });
});

describe('reconciliation repairs are coded', () => {
  let w: World | null = null;
  afterEach(async () => {
    await w?.close();
    w = null;
  });

  it('our stray booking online, canceled by the cross-check: coded, no patient name', async () => {
    w = await createWorld({
      inbound: (wd, repos) => createInbound({ repos, practice: wd.practice, api: wd.api, clock: wd.clock }),
    });
    const ref = { facilityId: DP.facilityId, doctorId: DP.doctorId, addressId: DP.addressId };
    await w.run(
      w.api.bookSlot(ref, '2026-11-25T10:00:00+01:00', {
        address_service_id: DP.consultation,
        duration: 30,
        patient: { name: 'Jan', surname: 'Kowalski', phone: '+48500100200' },
      }),
    );
    await w.run(w.engine.reconcile());
    const canceled = w.engine
      .listActivity({ limit: 50 })
      .entries.find((e) => e.operation === 'cancelBooking' && e.direction === 'out');
    expect(canceled).toMatchObject({ code: 'activity.reconcile.canceled-online', params: {} });
    expect(JSON.stringify(canceled)).not.toMatch(/Kowalski/);
  });
});

describe('writes sent to Docplanner are coded', () => {
  let w: World | null = null;
  afterEach(async () => {
    await w?.close();
    w = null;
  });

  it('a day published and a booking sent: each write coded with its day or time, no patient name', async () => {
    w = await createWorld();
    deskAppointment(w, '2026-11-24 09:00');
    await w.run(w.engine.syncNow());
    const out = w.engine.listActivity({ limit: 200 }).entries.filter((e) => e.direction === 'out');
    const days = out.filter((e) => e.operation === 'replaceSlots');
    expect(days.length).toBeGreaterThan(0);
    for (const day of days) {
      expect(day.code).toBe('activity.out.slots');
      expect(day.summary).toBe(`Published availability of ${day.params!['date']}`);
    }
    const booked = out.find((e) => e.operation === 'bookSlot');
    expect(booked).toMatchObject({ outcome: 'ok', code: 'activity.out.book', hasPatient: true });
    expect(Date.parse(String(booked!.params!['start']))).toBe(Date.parse('2026-11-24T09:00:00+01:00'));
    expect(JSON.stringify(booked!.params)).not.toMatch(/Jan|Kowalski|J\*\*\*/);
  });

  it('a write whose answer is lost: the failure names the write and the error; the re-read confirms it', async () => {
    w = await createWorld();
    w.sim.control.setFaults({ applyThenFailRate: 1, operations: ['bookSlot'] });
    deskAppointment(w, '2026-11-24 09:00');
    await w.run(w.engine.syncNow());
    const failed = w.engine.listActivity({ limit: 200 }).entries.find((e) => e.operation === 'bookSlot');
    expect(failed).toMatchObject({
      outcome: 'unknown',
      code: 'activity.out.failed',
      params: { write: 'activity.out.book', error: 'server' },
    });
    w.sim.control.setFaults({});
    await w.wait(120_000); // the re-read is due after the backoff
    await w.run(w.engine.syncNow());
    const confirmed = w.engine
      .listActivity({ limit: 200 })
      .entries.find((e) => e.operation === 'bookSlot' && e.id > failed!.id);
    expect(confirmed).toMatchObject({
      code: 'activity.out.confirmed',
      params: { write: 'activity.out.book' },
    });
  });
});
