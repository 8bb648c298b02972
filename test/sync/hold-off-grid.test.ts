// Appointments Docplanner cannot take with bookSlot because their start is not on the slot grid of the day's
// PUT slots payload (plan/slot-grid.ts) are held with a calendar break directly, without a bookSlot that would be
// refused, and so are appointments over time our links say Docplanner has booked or blocked (plan/taken.ts);
// appointments on the grid still go to bookSlot, and a refusal there still falls back to a hold. A held
// appointment keeps its hold when it moves (one moveCalendarBreak).
// The world: Mon–Fri 09:00–12:00, services 1 and 2 with 30-minute visits (grid 09:00, 09:30, …, 11:30).
import { afterEach, describe, expect, it } from 'vitest';
import { crashAfter, createWorld, deskAppointment, DP, ops, type World } from './support/harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

const address = () => w.sim.control.state().addresses[DP.addressId]!;
const activeBookings = () => address().bookings.filter((b) => b.status === 'booked');
const book = (start: string) => `POST A/slots/${encodeURIComponent(start)}/book`;
const patient = { firstName: 'Ewa', lastName: 'Lis', phone: '+48500100300' };

describe('holds for appointments off the slot grid', () => {
  it('holds an appointment that starts between grid starts without trying bookSlot', async () => {
    w = await createWorld();
    const id = deskAppointment(w, '2026-11-24 10:15', { patient });
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual(['POST A/breaks']);
    expect(w.writes()[0]!.body).toEqual({
      since: '2026-11-24T10:15:00+01:00',
      till: '2026-11-24T10:45:00+01:00',
      description: `Reserved (practice system, appointment ${id})`,
    });
    expect(w.engine.repos.breaks.get(`hold:${id}`)?.dpBreakId).toBe(address().breaks[0]!.id);
    // The hold covers the slots the visit overlaps: 10:00 and 10:30 are no longer offered.
    const free = w.sim.control
      .state()
      .addresses[DP.addressId]!.freeSlots.map((s) => s.start)
      .filter((s) => s.startsWith('2026-11-24'));
    expect(free.map((s) => s.slice(11, 16))).toEqual(['09:00', '09:30', '11:00', '11:30']);
    expect(w.engine.status().state).toBe('in-sync');
  });

  it('holds an appointment that runs past the end of its work period without trying bookSlot', async () => {
    w = await createWorld();
    deskAppointment(w, '2026-11-24 11:30', { minutes: 45, patient });
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual(['POST A/breaks']);
  });

  it('still tries bookSlot on the grid, and holds when Docplanner says the slot is taken', async () => {
    w = await createWorld();
    // A patient took 10:00 online; the engine has not pulled that notification yet, so its links do not know.
    w.sim.control.patientBook(DP.addressId, '2026-11-24T10:00:00+01:00', DP.consultation);
    w.sim.control.clearLog();
    const id = deskAppointment(w, '2026-11-24 10:00', { patient });
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual([book('2026-11-24T10:00:00+01:00'), 'POST A/breaks']);
    expect(w.writes().map((c) => c.status)).toEqual([404, 201]);
    expect(w.engine.repos.breaks.get(`hold:${id}`)).not.toBeNull();
  });

  it('moves a booked appointment off the grid as hold + cancel, without a refused moveBooking', async () => {
    w = await createWorld();
    const id = deskAppointment(w, '2026-11-24 10:00', { patient });
    await w.run(w.engine.syncNow());
    const booked = activeBookings()[0]!;
    w.sim.control.clearLog();

    w.pms.rescheduleAppointment(id, { start: '2026-11-24 10:40' });
    await w.run(w.engine.syncNow());
    // The hold goes first, so the new time is never offered; then the old booking is released.
    expect(ops(w.writes())).toEqual(['POST A/breaks', `DELETE A/bookings/${booked.id}`]);
    expect(activeBookings()).toEqual([]);
    expect(address().breaks).toEqual([
      expect.objectContaining({ since: '2026-11-24T10:40:00+01:00', till: '2026-11-24T11:10:00+01:00' }),
    ]);
    expect(w.engine.status().state).toBe('in-sync');
  });

  it('a held appointment moves its hold; moved onto a free slot it becomes a real booking', async () => {
    w = await createWorld();
    const id = deskAppointment(w, '2026-11-24 10:15', { patient });
    await w.run(w.engine.syncNow());
    const hold = address().breaks[0]!.id;
    for (const [to, since] of [
      ['2026-11-24 10:00', '2026-11-24T10:00:00+01:00'], // on the grid, but over the hold's own time
      ['2026-11-25 09:20', '2026-11-25T09:20:00+01:00'], // another day, off the grid
    ] as const) {
      w.sim.control.clearLog();
      w.pms.rescheduleAppointment(id, { start: to });
      await w.run(w.engine.syncNow());
      expect(ops(w.writes())).toEqual([`PATCH A/breaks/${hold}`]);
      expect(address().breaks).toEqual([expect.objectContaining({ id: hold, since })]);
    }
    expect(activeBookings()).toEqual([]);

    // Onto a free slot on the grid: booked for real (every booking synchronised), then the hold goes.
    w.sim.control.clearLog();
    w.pms.rescheduleAppointment(id, { start: '2026-11-24 11:00' });
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual([
      'POST A/slots/2026-11-24T11%3A00%3A00%2B01%3A00/book',
      `DELETE A/breaks/${hold}`,
    ]);
    expect(activeBookings().map((b) => b.start_at)).toEqual(['2026-11-24T11:00:00+01:00']);
    expect(address().breaks).toEqual([]);
    expect(w.engine.status().state).toBe('in-sync');
  });

  it('holds directly over time Docplanner has booked or blocked for something else (per the links)', async () => {
    w = await createWorld();
    deskAppointment(w, '2026-11-24 10:00', { patient });
    w.pms.addBlock(1, 1, '2026-11-24 11:00', '2026-11-24 12:00', 'Training');
    const moved = deskAppointment(w, '2026-11-25 10:00', {
      patient: { firstName: 'Olga', lastName: 'Wrona', phone: '+48500100400' },
    });
    await w.run(w.engine.syncNow());
    const movedBooking = activeBookings().find((b) => b.start_at.startsWith('2026-11-25'))!;
    w.sim.control.clearLog();

    const over = (start: string) =>
      deskAppointment(w, start, {
        serviceId: 2,
        patient: { firstName: 'Jan', lastName: 'Nowy', phone: '+48500100500' },
      });
    over('2026-11-24 10:00'); // over the booked appointment
    over('2026-11-24 11:30'); // inside the block
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual(['POST A/breaks', 'POST A/breaks']);
    w.sim.control.clearLog();

    // A booked appointment moved onto taken time: hold it there, then release the old booking (no moveBooking).
    w.pms.rescheduleAppointment(moved, { start: '2026-11-24 10:00' });
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual(['POST A/breaks', `DELETE A/bookings/${movedBooking.id}`]);
    expect(w.engine.status().state).toBe('in-sync');
  });

  it('a hold crashed after send with its claim lost is linked on the 409, not added twice', async () => {
    w = await createWorld();
    const id = deskAppointment(w, '2026-11-24 10:15', { patient });
    crashAfter(w, 'addCalendarBreak');
    await w.run(w.engine.syncNow()).catch(() => undefined);
    // A power cut may also take the last commits of the state DB (WAL, synchronous=NORMAL): here, the claim.
    const raw = new (await import('better-sqlite3')).default(w.statePath);
    raw.prepare(`UPDATE outbox SET state = 'pending', request = NULL WHERE state = 'in-flight'`).run();
    raw.close();
    const engine = w.crashAndReopen();
    await w.run(engine.start());
    await w.run(engine.stop());
    expect(ops(w.writes())).toEqual(['POST A/breaks', 'POST A/breaks']);
    expect(w.writes().map((c) => c.status)).toEqual([201, 409]);
    expect(address().breaks).toHaveLength(1);
    expect(engine.repos.breaks.get(`hold:${id}`)?.dpBreakId).toBe(address().breaks[0]!.id);
    expect(engine.repos.outbox.list()).toEqual([]);
    expect(engine.listConflicts()).toEqual([]);
  });
});
