// Reconciliation's own writes (removing our stray bookings) are fenced on the lease: the check runs immediately
// before each write, so a PC that lost the lease mid-run sends nothing. Real simulator and SQLite, virtual clock.
import { afterEach, describe, expect, it } from 'vitest';
import { createInbound } from '../../electron/engine/sync/inbound/index';
import { DP, createWorld, type World } from './support/harness';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const REF = { facilityId: DP.facilityId, doctorId: DP.doctorId, addressId: DP.addressId };

/** A world whose inbound half (and so its reconciliation) asks `isLeader` before each write. */
async function worldLedBy(isLeader: () => boolean): Promise<World> {
  return createWorld({
    inbound: (wd, repos) =>
      createInbound({ repos, practice: wd.practice, api: wd.api, clock: wd.clock, isLeader }),
  });
}

/** Our own booking online that the PMS does not have (a lost answer of an earlier term). */
async function strayIntegrationBooking(world: World): Promise<string> {
  const booking = await world.run(
    world.api.bookSlot(REF, '2026-11-25T10:00:00+01:00', {
      address_service_id: DP.consultation,
      duration: 30,
      patient: { name: 'Jan', surname: 'Kowalski', phone: '+48500100200' },
    }),
  );
  world.sim.control.clearLog();
  return booking.id;
}

const statusOnline = (world: World, id: string) =>
  world.sim.control.state().addresses[DP.addressId]!.bookings.find((b) => b.id === id)?.status;

describe('reconciliation fenced on the lease', () => {
  it('the lease lost before the stray removal: nothing is canceled online; leading again: removed once', async () => {
    let checks = 1; // the run starts as leader; the check right before cancelBooking fails
    w = await worldLedBy(() => checks-- > 0);
    const stray = await strayIntegrationBooking(w);

    const lost = await w.run(w.engine.reconcile());
    expect(lost.ok).toBe(false);
    expect(lost.summary).toMatch(/does not hold the sync lease/);
    expect(w.writes()).toEqual([]);
    expect(statusOnline(w, stray)).toBe('booked');

    checks = Infinity;
    const again = await w.run(w.engine.reconcile());
    expect(again.ok).toBe(true);
    expect(w.writes().filter((e) => e.operation === 'cancelBooking')).toHaveLength(1);
    expect(statusOnline(w, stray)).toBe('canceled');
  });

  it('not leading at all: the run stops before reading or writing anything', async () => {
    w = await worldLedBy(() => false);
    await strayIntegrationBooking(w);
    const r = await w.run(w.engine.reconcile());
    expect(r.ok).toBe(false);
    expect(w.sim.control.callLog().filter((e) => e.operation !== 'token')).toEqual([]);
  });
});
