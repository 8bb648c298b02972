// Real-time push: every PMS change becomes the matching Docplanner call, with the exact calls from the simulator's
// call log. The world: one doctor at one location, Mon–Fri 09:00–12:00, mapped and activated (horizon 7 days).
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, DP, ops, type World } from './support/harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

const address = () => w.sim.control.state().addresses[DP.addressId]!;
const activeBookings = () => address().bookings.filter((b) => b.status === 'booked');

describe('real-time push', () => {
  it('sends ten edits of one day within a second as one PUT slots', async () => {
    w = await createWorld();
    for (let i = 0; i < 10; i++) {
      w.pms.addExtraHours(1, 1, '2026-11-25', `${13 + (i % 3)}:00`, `${13 + (i % 3)}:30`);
      await w.clock.advance(90);
    }
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual(['PUT A/slots']);
    const body = w.writes()[0]!.body as {
      slots: { start: string; end: string; address_services: unknown[] }[];
    };
    expect(
      body.slots.map((s) => [s.start.slice(11, 16), s.end.slice(11, 16), s.address_services.length]),
    ).toEqual([
      ['00:00', '09:00', 0],
      ['09:00', '12:00', 2],
      ['12:00', '13:00', 0],
      ['13:00', '13:30', 2],
      ['13:30', '14:00', 0],
      ['14:00', '14:30', 2],
      ['14:30', '15:00', 0],
      ['15:00', '15:30', 2],
      ['15:30', '23:59', 0],
    ]);
    expect(w.engine.status().state).toBe('in-sync');
  });

  it('books a new local appointment once, reschedules it with moveBooking and an alias, cancels it', async () => {
    w = await createWorld();
    const id = w.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-24 10:00',
      minutes: 30,
      patient: { firstName: 'Jan', lastName: 'Kowalski', phone: '+48500100200' },
    });
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual([`POST A/slots/${encodeURIComponent('2026-11-24T10:00:00+01:00')}/book`]);
    const first = activeBookings();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ start_at: '2026-11-24T10:00:00+01:00', booked_by: 'integration' });
    expect(w.engine.repos.bookings.get(id)?.dpBookingId).toBe(first[0]!.id);

    w.sim.control.clearLog();
    w.pms.rescheduleAppointment(id, { start: '2026-11-24 11:00' });
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual([`POST A/bookings/${first[0]!.id}/move`]);
    const moved = activeBookings();
    expect(moved).toHaveLength(1);
    expect(moved[0]!.start_at).toBe('2026-11-24T11:00:00+01:00');
    expect(w.engine.repos.bookings.resolve(first[0]!.id)).toBe(moved[0]!.id);
    expect(w.engine.repos.bookings.get(id)?.dpBookingId).toBe(moved[0]!.id);

    w.sim.control.clearLog();
    w.pms.cancelAppointment(id);
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual([`DELETE A/bookings/${moved[0]!.id}`]);
    expect(activeBookings()).toHaveLength(0);
    expect(w.engine.status().state).toBe('in-sync');
  });

  it('turns blocked time into a calendar break and removes it with the block', async () => {
    w = await createWorld();
    const block = w.pms.addBlock(1, 1, '2026-11-26 10:00', '2026-11-26 11:00', 'Training');
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual(['POST A/breaks']);
    expect(address().breaks).toEqual([
      expect.objectContaining({ since: '2026-11-26T10:00:00+01:00', till: '2026-11-26T11:00:00+01:00' }),
    ]);
    const breakId = address().breaks[0]!.id;
    w.sim.control.clearLog();
    w.pms.removeBlock(block);
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual([`DELETE A/breaks/${breakId}`]);
    expect(address().breaks).toEqual([]);
  });

  it('holds the time with a break when Docplanner has no free slot for a local appointment', async () => {
    w = await createWorld();
    // 12:30 is outside the published hours: no slot to book into, so no bookSlot is tried (slot-grid.ts).
    const id = w.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-24 12:30',
      minutes: 30,
      patient: { firstName: 'Ewa', lastName: 'Lis', phone: '+48500100300' },
    });
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual(['POST A/breaks']);
    expect(address().breaks).toEqual([
      expect.objectContaining({ since: '2026-11-24T12:30:00+01:00', till: '2026-11-24T13:00:00+01:00' }),
    ]);
    expect(w.engine.repos.breaks.get(`hold:${id}`)).not.toBeNull();
    expect(w.engine.listConflicts()).toEqual([]);
    // Nothing more is sent on the next cycles.
    w.sim.control.clearLog();
    await w.wait(10_000);
    expect(w.writes()).toEqual([]);
  });
});

describe('unknown outcomes', () => {
  it('re-reads after a 5xx on an applied bookSlot and never books twice', async () => {
    w = await createWorld();
    w.sim.control.setFaults({ applyThenFailRate: 1, operations: ['bookSlot'] });
    const id = w.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-24 09:30',
      minutes: 30,
      patient: { firstName: 'Jan', lastName: 'Kowalski', phone: '+48500100200' },
    });
    await w.run(w.engine.syncNow());
    expect(w.engine.status().state).not.toBe('in-sync');
    w.sim.control.setFaults({});
    await w.run(w.engine.start());
    await w.wait(30_000);
    await w.run(w.engine.stop());
    const calls = w.sim.control.callLog().filter((c) => c.operation !== 'token');
    expect(calls.filter((c) => c.operation === 'bookSlot')).toHaveLength(1);
    expect(calls.some((c) => c.operation === 'getBookings')).toBe(true);
    expect(activeBookings()).toHaveLength(1);
    expect(w.engine.repos.bookings.get(id)?.dpBookingId).toBe(activeBookings()[0]!.id);
    expect(w.engine.status().state).toBe('in-sync');
  });

  it('after a crash in the middle of a bookSlot, the reopened engine links the booking instead of booking again', async () => {
    w = await createWorld();
    const id = w.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 2,
      start: '2026-11-25 09:00',
      minutes: 30,
      patient: { firstName: 'Olga', lastName: 'Wrona', phone: '+48500100400' },
    });
    w.hooks.afterCall = (op) => {
      if (op === 'bookSlot') {
        w.hooks.afterCall = undefined;
        w.db.close(); // the process dies right after the server applied the booking
        throw new Error('crash');
      }
    };
    await w.run(w.engine.syncNow()).catch(() => undefined);
    const engine = w.crashAndReopen();
    expect(engine.repos.outbox.list().map((e) => [e.key, e.state])).toEqual([[`booking:${id}`, 'in-flight']]);
    await w.run(engine.start());
    await w.run(engine.stop());
    const calls = w.sim.control.callLog().filter((c) => c.operation !== 'token');
    expect(calls.filter((c) => c.operation === 'bookSlot')).toHaveLength(1);
    expect(activeBookings()).toHaveLength(1);
    expect(engine.repos.bookings.get(id)?.dpBookingId).toBe(activeBookings()[0]!.id);
    expect(engine.repos.outbox.list()).toEqual([]);
  });
});
