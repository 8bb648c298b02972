// Fencing the write-back on the lease: only the PC holding the lease writes into the shared PMS. While this PC
// does not lead, stored notifications stay pending (no write, no attempt counted, no conflict) for the leader;
// when it leads again they are applied exactly once. Real simulator, real PMS file, real state DB.
import { afterEach, describe, expect, it } from 'vitest';
import { at, createBench, type Bench } from './fixture';

let b: Bench;
afterEach(async () => {
  await b.close();
});

/** The inbox rows as (name, state, attempts), oldest first. */
const rows = (bench: Bench) =>
  (
    bench.repos.db.prepare('SELECT name, state, attempts FROM inbox ORDER BY id').all() as {
      name: string;
      state: string;
      attempts: number;
    }[]
  ).map((r) => [r.name, r.state, r.attempts]);

const inboundActivity = (bench: Bench) =>
  bench.repos.db.prepare(`SELECT COUNT(*) FROM audit WHERE direction = 'in'`).pluck().get() as number;

describe('inbound write-back fenced on the lease', () => {
  it('not leading: nothing written into the PMS, notifications stay pending; leading again: applied once', async () => {
    let leading = false;
    b = await createBench({ isLeader: () => leading, policy: { maxWriteBackAttempts: 2 } });
    const kept = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    const gone = b.sim.control.patientBook(b.ref.addressId, at('11:00'), b.svc.followUp);
    b.sim.control.patientCancel(b.ref.addressId, gone.id);

    for (let i = 0; i < 3; i++) {
      const r = await b.inbound.pullAndApply();
      expect(r.apply).toMatchObject({ applied: 0, ignored: 0, conflicts: 0, retrying: 3 });
      expect(r.apply.error).toMatch(/does not hold the sync lease/);
    }
    expect(b.appointments()).toEqual([]);
    expect(rows(b)).toEqual([
      ['slot-booked', 'pending', 0],
      ['slot-booked', 'pending', 0],
      ['booking-canceled', 'pending', 0],
    ]);
    expect(b.inbound.conflicts.openCount()).toBe(0);
    expect(inboundActivity(b)).toBe(0);

    leading = true;
    const r = b.inbound.applyPending();
    expect(r).toMatchObject({ applied: 3, retrying: 0, error: null });
    expect(b.appointments()).toEqual([
      expect.objectContaining({ start: at('10:00'), externalId: kept.id, status: 'booked' }),
      expect.objectContaining({ start: at('11:00'), externalId: gone.id, status: 'canceled' }),
    ]);
    expect(b.inbound.applyPending()).toMatchObject({ applied: 0, ignored: 0, retrying: 0 });
    expect(b.appointments()).toHaveLength(2);
    expect(rows(b).map((row) => row[1])).toEqual(['applied', 'applied', 'applied']);
  });

  it('the lease lost between the run start and the write: the write-back is refused, the row stays untouched', async () => {
    let checks = 1; // the run's own check passes; the check right before writeBack does not
    b = await createBench({ isLeader: () => checks-- > 0, policy: { maxWriteBackAttempts: 1 } });
    const online = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    const r = await b.inbound.pullAndApply();
    expect(r.apply).toMatchObject({ applied: 0, retrying: 1 });
    expect(b.appointments()).toEqual([]);
    expect(rows(b)).toEqual([['slot-booked', 'pending', 0]]);
    // Not a failure of the PMS: no write-back-failed conflict, even with a single allowed attempt.
    expect(b.inbound.conflicts.openCount()).toBe(0);

    checks = Infinity;
    expect(b.inbound.applyPending()).toMatchObject({ applied: 1 });
    expect(b.appointments()).toEqual([expect.objectContaining({ externalId: online.id, status: 'booked' })]);
  });

  it('a conflict retry on a PC that does not lead changes nothing', async () => {
    let leading = true;
    b = await createBench({ isLeader: () => leading, policy: { maxWriteBackAttempts: 1 } });
    b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    const unlock = b.pms.holdWriteLock();
    await b.inbound.pullAndApply();
    unlock();
    const [c] = b.inbound.conflicts.list();
    expect(c).toMatchObject({ kind: 'write-back-failed' });

    leading = false;
    const r = await b.inbound.conflicts.resolve({ id: c!.id, action: 'retry', by: 'Ewa' });
    expect(r.ok).toBe(false);
    expect(b.appointments()).toEqual([]);
    expect(b.inbound.conflicts.openCount()).toBe(1);
    expect(rows(b)).toEqual([['slot-booked', 'failed', 1]]);

    leading = true;
    expect((await b.inbound.conflicts.resolve({ id: c!.id, action: 'retry', by: 'Ewa' })).ok).toBe(true);
    expect(b.appointments()).toHaveLength(1);
  });
});
