// Multi-PC safety: every write is fenced on the lease, not only the start of a cycle. A PC that loses the lease
// right after a write sends nothing more, keeps the rest pending, and carries on once it leads again.
import { afterEach, describe, expect, it } from 'vitest';
import type { DocplannerApi } from '../../electron/engine/docplanner/api';
import { createInbound } from '../../electron/engine/sync/inbound';
import { createWorld, DP, ops, type World } from './support/harness';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const WRITE_OPS = new Set(['replaceSlots', 'bookSlot', 'moveBooking', 'cancelBooking', 'addCalendarBreak']);

describe('lease fencing', () => {
  it('sends no further write after losing the lease mid-cycle, keeps the rest pending, resumes as leader', async () => {
    let leader = true;
    w = await createWorld({ isLeader: () => leader });
    const world = w;
    world.pms.addExtraHours(1, 1, '2026-11-24', '13:00', '14:00');
    world.pms.addExtraHours(1, 1, '2026-11-25', '13:00', '14:00');
    world.pms.addExtraHours(1, 1, '2026-11-26', '13:00', '14:00');
    world.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-27 10:00',
      minutes: 30,
      patient: { firstName: 'Jan', lastName: 'Kowalski', phone: '+48500100200' },
    });
    world.hooks.afterCall = (op) => {
      if (WRITE_OPS.has(op)) leader = false; // another PC took the lease while our first write was on the wire
    };

    await world.run(world.engine.syncNow());
    expect(world.writes()).toHaveLength(1); // the booking (lane 0) went first; nothing after it
    const left = world.engine.repos.outbox.list();
    expect(left).toHaveLength(3);
    expect(left.every((e) => e.state === 'pending')).toBe(true);

    await world.wait(60_000); // the loops are not running, but a cycle asked for now still writes nothing
    await world.run(world.engine.syncNow());
    expect(world.writes()).toHaveLength(1);

    world.hooks.afterCall = undefined;
    leader = true;
    await world.run(world.engine.syncNow());
    expect(ops(world.writes()).sort()).toEqual([
      `POST A/slots/${encodeURIComponent('2026-11-27T10:00:00+01:00')}/book`,
      'PUT A/slots',
      'PUT A/slots',
      'PUT A/slots',
    ]);
    expect(world.engine.repos.outbox.list()).toEqual([]);
    const booked = world.sim.control
      .state()
      .addresses[DP.addressId]!.bookings.filter((b) => b.status === 'booked');
    expect(booked).toHaveLength(1);
    expect(world.engine.status().state).toBe('in-sync');
  });

  it('stores notifications pulled while the lease was lost, and applies them only once it leads again', async () => {
    let leader = true;
    let loseLeaseOnPull = false;
    w = await createWorld({
      isLeader: () => leader,
      inbound: (world, repos) => {
        // The lease is lost while the pull is on the wire (the inbound half itself is not fenced here).
        const api = new Proxy(world.api, {
          get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver) as unknown;
            if (typeof v !== 'function') return v;
            return async (...args: unknown[]) => {
              const r = (await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
              if (loseLeaseOnPull && String(prop).startsWith('pullNotification')) leader = false;
              return r;
            };
          },
        }) as DocplannerApi;
        return createInbound({ repos, practice: world.practice, api, clock: world.clock });
      },
    });
    const world = w;
    world.sim.control.patientBook(DP.addressId, '2026-11-27T10:00:00+01:00', DP.consultation, {
      name: 'Anna',
      surname: 'Zielona',
      phone: '+48500999000',
    });
    await world.clock.advance(20_000); // a pull is due
    loseLeaseOnPull = true;
    await world.run(world.engine.syncNow());
    expect(world.sim.control.state().notifications).toEqual([]); // pulled (and stored)
    expect(world.pms.listAppointments({ date: '2026-11-27' })).toEqual([]);

    loseLeaseOnPull = false;
    leader = true;
    await world.clock.advance(20_000);
    await world.run(world.engine.syncNow());
    expect(world.pms.listAppointments({ date: '2026-11-27' })).toEqual([
      expect.objectContaining({ bookedVia: 'marketplace', status: 'booked' }),
    ]);
  });
});
