// Why, in the UI's language: a booking or change Docplanner refused carries the Docplanner error kind into its
// conflict (summary and side detail), and a failed resolution carries its cause — a Docplanner or practice DB error
// behind it (as the Error's cause), or the action's own reason (resolve.why.*) — into the outcome, the activity row
// and the open conflict's "last attempt failed" line. Real simulator and PMS (the refusals: two client calls answer
// 403 as Docplanner does for a calendar the account may not change); params never hold a patient.
import { afterEach, describe, expect, it } from 'vitest';
import { DocplannerError } from '../../electron/engine/docplanner/errors';
import { at, createBench, type Bench } from './inbound/fixture';
import { createWorld, deskAppointment, type World } from './support/harness';

const PATIENT = { name: 'Zofia', surname: 'Testowa', phone: '+48500999111' };

describe('a change Docplanner refuses: the conflict names the Docplanner error kind', () => {
  let w: World | null = null;
  afterEach(async () => {
    await w?.close();
    w = null;
  });

  it('a day’s availability and an appointment refused as not allowed: both conflicts say why', async () => {
    w = await createWorld();
    const forbidden = (operation: string) => () =>
      Promise.reject(
        new DocplannerError({
          kind: 'forbidden',
          message: 'You are not allowed to use this method',
          operation,
        }),
      );
    Object.assign(w.api, { replaceSlots: forbidden('replaceSlots'), bookSlot: forbidden('bookSlot') });
    deskAppointment(w, '2026-11-24 10:00'); // Jan Kowalski
    w.pms.addExtraHours(1, 1, '2026-11-25', '13:00', '15:00'); // the day's availability changes
    await w.run(w.engine.syncNow());

    const conflicts = w.engine.listConflicts();
    const booking = conflicts.find((c) => c.kind === 'booking-refused');
    expect(booking).toMatchObject({
      summaryCode: 'conflict.booking-refused-because',
      summaryParams: { error: 'forbidden' },
      remote: { detailCode: 'side.refused-because', detailParams: { error: 'forbidden' } },
    });
    expect(Date.parse(String(booking!.summaryParams!['start']))).toBe(
      Date.parse('2026-11-24T10:00:00+01:00'),
    );
    const day = conflicts.find((c) => c.kind === 'practice-data');
    expect(day).toMatchObject({
      summaryCode: 'conflict.change-refused-because',
      summaryParams: { error: 'forbidden' },
      local: { detailCode: 'side.refused-because', detailParams: { error: 'forbidden' } },
    });
    // The English text is what it was: the reason Docplanner gave.
    expect(day!.summary).toContain('You are not allowed to use this method');
    expect(JSON.stringify(conflicts.map((c) => [c.summaryParams, c.local?.detailParams]))).not.toMatch(
      /Jan|Kowalski|J\*\*\*/,
    );
  });
});

describe('a failed resolution names its cause', () => {
  let b: Bench;
  afterEach(async () => {
    await b.close();
  });
  const entries = () => b.repos.audit.query({ limit: 100 }).entries;
  const open = () => {
    const [c] = b.inbound.conflicts.list();
    if (!c) throw new Error('no open conflict');
    return c;
  };

  it('Docplanner failing the cancellation: its error kind in the outcome, the activity and the open conflict', async () => {
    b = await createBench();
    b.deskAppointment(at('10:00'), at('10:20'));
    b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation, PATIENT);
    await b.inbound.pullAndApply();
    b.sim.control.setFaults({ serverErrorRate: 1, operations: ['cancelBooking'] });
    const { id } = open();

    const r = await b.inbound.conflicts.resolve({ id, action: 'cancel-online', by: 'Ewa' });
    expect(r).toMatchObject({
      ok: false,
      code: 'resolve.failed-because',
      params: { action: 'cancel-online', error: 'server' },
    });
    expect(r.message).toMatch(/^Docplanner could not be reached/); // the English is unchanged
    expect(entries()[0]).toMatchObject({
      code: 'activity.resolve.failed-because',
      params: { action: 'cancel-online', by: 'Ewa', error: 'server' },
    });
    expect(open()).toMatchObject({
      lastFailedAction: 'cancel-online',
      lastFailedCode: 'conflict.last-attempt-failed-because',
      lastFailedParams: { action: 'cancel-online', error: 'server' },
    });
  });

  it('the action’s own reason: the Docplanner service is still not linked', async () => {
    b = await createBench();
    b.sim.control.patientBook(b.ref.addressId, at('11:00'), b.svc.unmapped, PATIENT);
    await b.inbound.pullAndApply();
    const { id, kind } = open();
    expect(kind).toBe('unmapped-service');

    const r = await b.inbound.conflicts.resolve({ id, action: 'map-and-apply', by: 'Ewa' });
    const why = { why: 'resolve.why.service-not-mapped', service: 'Laser therapy' };
    expect(r).toMatchObject({
      ok: false,
      message: 'the Docplanner service "Laser therapy" is still not mapped; map it in Mapping first',
      code: 'resolve.failed-why',
      params: { action: 'map-and-apply', ...why },
    });
    expect(entries()[0]).toMatchObject({
      code: 'activity.resolve.failed-why',
      params: { action: 'map-and-apply', by: 'Ewa', ...why },
    });
    expect(open()).toMatchObject({
      lastFailedCode: 'conflict.last-attempt-failed-why',
      lastFailedParams: { action: 'map-and-apply', ...why },
    });
    expect(JSON.stringify([r.params, entries()[0]!.params])).not.toMatch(/Zofia|Testowa/);
  });

  it('a retry the practice DB refuses again: the practice DB error, passed on by the applier', async () => {
    b = await createBench({ policy: { maxWriteBackAttempts: 1 } });
    b.sim.control.patientBook(b.ref.addressId, at('12:00'), b.svc.consultation, PATIENT);
    const unlock = b.pms.holdWriteLock();
    try {
      await b.inbound.pullAndApply();
      const { id, kind } = open();
      expect(kind).toBe('write-back-failed');
      const r = await b.inbound.conflicts.resolve({ id, action: 'retry', by: 'Ewa' });
      expect(r).toMatchObject({ ok: false, code: 'resolve.failed-because', params: { error: 'locked' } });
      expect(open().lastFailedParams).toEqual({ action: 'retry', error: 'locked' });
    } finally {
      unlock();
    }
  });
});
