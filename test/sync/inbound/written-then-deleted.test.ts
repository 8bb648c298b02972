// The inbound half writes a marketplace booking (or a doctor's break) into the PMS and the receptionist deletes it
// (or moves it away and deletes it) before the next change-detection pass. The detection checkpoint predates the write, so the day
// looks exactly as the checkpoint knew it; the day written must still be re-planned against the links, or the
// online booking would stay without its appointment (found by the convergence test, seed 808 path 125).
import { afterEach, expect, it } from 'vitest';
import { createInbound, type Inbound } from '../../../electron/engine/sync/inbound/index';
import { DP, createWorld, ops, type World } from '../support/harness';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function written(): Promise<{ world: World; inbound: Inbound; onlineId: string; localId: string }> {
  let inbound: Inbound | null = null;
  const world = await createWorld({
    inbound: (wd, repos) =>
      (inbound = createInbound({ repos, practice: wd.practice, api: wd.api, clock: wd.clock })),
  });
  w = world;
  await world.run(world.engine.start());
  await world.wait(5_000);
  await world.run(world.engine.stop()); // no detection pass between the write and the receptionist's edit
  const onlineId = world.sim.control.patientBook(DP.addressId, '2026-11-25T09:30:00+01:00', DP.consultation, {
    name: 'Ewa',
    surname: 'Zielona',
    phone: '+48500999000',
  }).id;
  await world.run(inbound!.pullAndApply());
  const [appointment] = world.pms.listAppointments({ externalId: onlineId });
  return { world, inbound: inbound!, onlineId, localId: appointment!.id };
}

it('deleted right after it was written: the online booking is canceled', async () => {
  const { world, onlineId, localId } = await written();
  world.pms.deleteAppointment(localId);
  world.sim.control.clearLog();
  await world.run(world.engine.syncNow());
  expect(ops(world.writes())).toEqual([`DELETE A/bookings/${onlineId}`]);
});

it('moved to another day and deleted right after it was written: the online booking is canceled', async () => {
  const { world, onlineId, localId } = await written();
  world.pms.rescheduleAppointment(localId, { start: '2026-11-26 10:00' });
  world.pms.deleteAppointment(localId);
  world.sim.control.clearLog();
  await world.run(world.engine.syncNow());
  expect(ops(world.writes())).toEqual([`DELETE A/bookings/${onlineId}`]);
});

it("a doctor's break blocked in the PMS and unblocked right after: the break is removed online", async () => {
  const { world, inbound } = await written();
  const brk = world.sim.control.doctorAddBreak(
    DP.addressId,
    '2026-11-26T09:00:00+01:00',
    '2026-11-26T09:30:00+01:00',
    'Doctor away',
  );
  await world.run(inbound.pullAndApply());
  const blocks = world.pms.db.prepare('SELECT id FROM blocked_times').all() as { id: number }[];
  expect(blocks).toHaveLength(1);
  world.pms.removeBlock(String(blocks[0]!.id));
  world.sim.control.clearLog();
  await world.run(world.engine.syncNow());
  expect(ops(world.writes())).toEqual([`DELETE A/breaks/${brk.id}`]);
});
