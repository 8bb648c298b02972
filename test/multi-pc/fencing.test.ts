// Fencing of writes against the lease: a PC that lost the lease must not write to the PMS or Docplanner. The
// session stops the engine at once when the lease is lost (the sender stops after the write in flight).
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sidecarPathFor } from '../../electron/engine/lease';
import { MAPPING, ADDRESS_KEY, createClinic, waitForLeader, type Clinic } from './support/clinic';

let c: Clinic | null = null;
afterEach(async () => {
  await c?.close();
  c = null;
});

describe('multi-PC fencing', () => {
  it('a leader that cannot renew (lock file held by someone else) steps down and stops pushing', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1'] });
    const a = c.pc('RECEPTION-1');
    await a.start({ mapping: MAPPING });
    await waitForLeader(c);
    await c.run(a.session!.engine.activate(ADDRESS_KEY));
    await c.wait(20_000);
    const lock = new Database(sidecarPathFor(c.pmsPath));
    lock.exec('BEGIN EXCLUSIVE');
    try {
      await c.wait(12_000); // the next renewal fails (busy): state error, engine stopped
      expect(a.isLeader()).toBe(false);
      const lostAt = c.clock.now();
      c.pms.addAppointment({
        doctorId: 1,
        locationId: 1,
        serviceId: 1,
        start: '2026-11-24 09:00',
        minutes: 30,
        patient: { firstName: 'Jan', lastName: 'Kowalski', phone: '+48500100200' },
      });
      await c.wait(20_000);
      expect(c.writes().filter((w) => w.at >= lostAt)).toEqual([]);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    await waitForLeader(c);
    await c.wait(20_000);
    expect(c.writes().filter((w) => w.operation === 'bookSlot')).toHaveLength(1);
  });
});
