// Both halves together: the SyncEngine (outbound) with this inbound half on the same repos, against the simulator
// and a reference PMS. An online booking brought in is not pushed back; after an online move, a receptionist's
// later edit goes to Docplanner under the newest booking id.
import { afterEach, describe, expect, it } from 'vitest';
import { createInbound, type Inbound } from '../../../electron/engine/sync/inbound/index';
import { DP, createWorld, ops, type World } from '../support/harness';

let w: World;
let inbound: Inbound;

/** Lets the engine's loops run (virtual time) until `done()` holds, at most `maxMs`. */
async function until(done: () => boolean, maxMs = 120_000): Promise<void> {
  for (let waited = 0; !done() && waited < maxMs; waited += 5_000) await w.wait(5_000);
}
afterEach(async () => {
  await w?.close();
});

describe('inbound with the engine', () => {
  it('an online booking moved online, then canceled at the desk, is canceled on Docplanner under its newest id', async () => {
    w = await createWorld({
      inbound: (world, repos) =>
        (inbound = createInbound({ repos, practice: world.practice, api: world.api, clock: world.clock })),
    });
    await w.run(w.engine.start());
    const first = w.sim.control.patientBook(DP.addressId, '2026-11-24T09:00:00+01:00', DP.consultation, {
      name: 'Jan',
      surname: 'Kowalski',
    });
    await until(() => w.pms.listAppointments({ externalId: first.id }).length > 0);
    expect(w.pms.listAppointments({ externalId: first.id })).toHaveLength(1);

    const moved = w.sim.control.patientMove(DP.addressId, first.id, '2026-11-24T10:00:00+01:00');
    await until(() => w.pms.listAppointments({ externalId: moved.id }).length > 0);
    const [appt] = w.pms.listAppointments({ externalId: moved.id });
    expect(appt).toMatchObject({
      start: '2026-11-24T10:00:00+01:00',
      status: 'booked',
      bookedVia: 'marketplace',
    });
    expect(inbound.deps.repos.bookings.resolve(first.id)).toBe(moved.id);
    // Nothing the marketplace told us was pushed back to it.
    expect(ops(w.writes()).filter((o) => /book|move|bookings/.test(o))).toEqual([]);

    w.sim.control.clearLog();
    w.pms.cancelAppointment(appt!.id, 'patient called the desk');
    const canceled = () =>
      w.sim.control.state().addresses[DP.addressId]!.bookings.find((b) => b.id === moved.id)?.status ===
      'canceled';
    await until(canceled);
    await w.wait(10_000);
    const bookingWrites = ops(w.writes()).filter((o) => o.includes('/bookings/'));
    expect(bookingWrites).toEqual([`DELETE A/bookings/${moved.id}`]);
    expect(
      w.sim.control.state().addresses[DP.addressId]!.bookings.find((b) => b.id === moved.id)?.status,
    ).toBe('canceled');
    expect(w.engine.listConflicts()).toEqual([]);
  });

  it("moved on both sides, 'keep the practice system's time' ends with Docplanner at the PMS time", async () => {
    w = await createWorld({
      inbound: (world, repos) =>
        (inbound = createInbound({ repos, practice: world.practice, api: world.api, clock: world.clock })),
    });
    await w.run(w.engine.start());
    const first = w.sim.control.patientBook(DP.addressId, '2026-11-24T09:00:00+01:00', DP.consultation);
    await until(() => w.pms.listAppointments({ externalId: first.id }).length > 0);
    const [appt] = w.pms.listAppointments({ externalId: first.id });
    // Offline for a while: the receptionist moves it to 10:30, the patient moves it online to 11:00.
    await w.run(w.engine.stop());
    w.pms.rescheduleAppointment(appt!.id, { start: '2026-11-24T10:30:00+01:00' });
    const moved = w.sim.control.patientMove(DP.addressId, first.id, '2026-11-24T11:00:00+01:00');
    await w.run(inbound.pullAndApply());
    const [c] = inbound.conflicts.list();
    expect(c?.options.map((o) => o.action)).toEqual(['take-online-time', 'keep-local-time']);
    expect(
      (await w.run(inbound.conflicts.resolve({ id: c!.id, action: 'keep-local-time', by: 'Ewa' }))).ok,
    ).toBe(true);

    await w.run(w.engine.start());
    const online = () =>
      w.sim.control.state().addresses[DP.addressId]!.bookings.filter((b) => b.status === 'booked');
    await until(() => online().some((b) => b.start_at === '2026-11-24T10:30:00+01:00'));
    expect(online().map((b) => b.start_at)).toEqual(['2026-11-24T10:30:00+01:00']);
    expect(w.pms.listAppointments({ status: 'booked' }).map((a) => a.start)).toContain(
      '2026-11-24T10:30:00+01:00',
    );
    const newest = inbound.deps.repos.bookings.get(appt!.id)!.dpBookingId;
    expect(online()[0]!.id).toBe(newest);
    expect(inbound.deps.repos.bookings.resolve(moved.id)).toBe(newest);
  });
});
