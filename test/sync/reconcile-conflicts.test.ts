// A difference that already waits for the receptionist in an open conflict (here a patient booked online a time
// the desk had just filled) is not reported again by every hourly reconciliation: "Docplanner matches" means
// nothing is left for the sync to find, and the open conflict stays as it is.
import { afterEach, expect, it } from 'vitest';
import { createInbound, type Inbound } from '../../electron/engine/sync/inbound/index';
import { DP, createWorld, type World } from './support/harness';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

it('an online booking waiting in a double-booking conflict is not a new difference each run', async () => {
  let inbound: Inbound | null = null;
  w = await createWorld({
    inbound: (wd, repos) =>
      (inbound = createInbound({ repos, practice: wd.practice, api: wd.api, clock: wd.clock })),
  });
  const world = w;
  await world.run(world.engine.stop());
  world.pms.addAppointment({
    doctorId: 1,
    locationId: 1,
    serviceId: 1,
    start: '2026-11-25 10:00',
    minutes: 30,
    patient: { firstName: 'Ewa', lastName: 'Desk', phone: '+48500100900' },
  });
  const online = world.sim.control.patientBook(DP.addressId, '2026-11-25T10:00:00+01:00', DP.consultation, {
    name: 'Jan',
    surname: 'Online',
    phone: '+48500100901',
  });
  await world.run(inbound!.pullAndApply());
  const [conflict] = world.engine.listConflicts();
  expect(conflict).toMatchObject({ kind: 'double-booking', status: 'open' });
  await world.run(world.engine.syncNow());

  const inboxRows = () => world.db.prepare('SELECT COUNT(*) FROM inbox').pluck().get() as number;
  const before = inboxRows();
  const r = await world.run(world.engine.reconcile());
  expect(r).toMatchObject({ ok: true, differences: 0 });
  expect(inboxRows()).toBe(before);
  expect(world.engine.listConflicts().map((c) => [c.id, c.status])).toEqual([[conflict!.id, 'open']]);
  expect(
    world.sim.control.state().addresses[DP.addressId]!.bookings.find((b) => b.id === online.id)?.status,
  ).toBe('booked');
});
