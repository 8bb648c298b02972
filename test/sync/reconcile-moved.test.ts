// A marketplace booking written back into the PMS, then moved online by the patient (twice), while the move
// notifications never reach the engine (expired after 72 h off, or consumed by a pull whose answer was lost).
// Reconciliation must move the same appointment to the newest time (Docplanner's moving.newest_booking_id), not
// cancel it and bring the new time in as a second appointment; a second run changes nothing. Real simulator,
// real SQLite, virtual clock.
import { afterEach, expect, it } from 'vitest';
import { createInbound, type Inbound } from '../../electron/engine/sync/inbound/index';
import { DP, createWorld, ops, type World } from './support/harness';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

it('a move whose notifications were lost moves the appointment (same id) on the next reconciliation', async () => {
  let inbound: Inbound | null = null;
  w = await createWorld({
    inbound: (wd, repos) =>
      (inbound = createInbound({ repos, practice: wd.practice, api: wd.api, clock: wd.clock })),
  });
  const world = w;
  const first = world.sim.control.patientBook(DP.addressId, '2026-11-25T10:00:00+01:00', DP.consultation, {
    name: 'Ewa',
    surname: 'Zielona',
    phone: '+48500999000',
  });
  await world.run(inbound!.pullAndApply());
  const [appointment] = world.pms.listAppointments({ externalId: first.id });
  const m1 = world.sim.control.patientMove(DP.addressId, first.id, '2026-11-25T11:00:00+01:00');
  const m2 = world.sim.control.patientMove(DP.addressId, m1.id, '2026-11-26T09:30:00+01:00');
  await world.run(world.api.pullNotifications(100)); // lost

  world.sim.control.clearLog();
  const r = await world.run(world.engine.reconcile());
  expect(r.ok).toBe(true);
  expect(r.differences).toBeGreaterThan(0);
  const active = world.pms.listAppointments({}).filter((a) => a.status === 'booked');
  expect(active.map((a) => [a.id, a.start, a.externalId])).toEqual([
    [appointment!.id, '2026-11-26T09:30:00+01:00', m2.id],
  ]);
  expect(inbound!.deps.repos.bookings.get(appointment!.id)?.dpBookingId).toBe(m2.id);
  // Nothing was written to Docplanner: the patient's move stands.
  expect(ops(world.writes())).toEqual([]);
  expect(world.engine.listConflicts()).toEqual([]);

  world.sim.control.clearLog();
  const again = await world.run(world.engine.reconcile({ breaks: 'always' }));
  expect(again).toMatchObject({ ok: true, differences: 0 });
  expect(ops(world.writes())).toEqual([]);
});
