// What a reconciliation reads: one getSlots, one getBookings and one getCalendarBreaks per address, also at the
// full 12-week horizon with more bookings than getBookings' default page of 100 (the client asks for pages of
// 5,000; the contract sets no maximum). Every booking Docplanner has is read: the coverage check still compares
// all of them. The breaks are skipped when the free slots and bookings agree with the PMS on their own (the hourly
// run then reads 2 per address), and read again on any doubt, at least daily, and on a full resync.
// Real simulator (call log), real SQLite, virtual clock.
import { afterEach, describe, expect, it } from 'vitest';
import { createInbound } from '../../electron/engine/sync/inbound/index';
import { ADDRESS_KEY, DP, createWorld, ops, type World } from './support/harness';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

/** Weekdays (the clinic works Mon–Fri 09:00–12:00) from `from` on, `count` calendar days. */
function weekdays(from: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(`${from}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

describe('reconciliation reads', () => {
  it('84 days, 118 bookings online: exactly getSlots, getBookings (one page) and getCalendarBreaks', async () => {
    w = await createWorld({ activate: false, config: { horizonDays: 84 } });
    // Two visits every working day from tomorrow to the end of the 12-week horizon (2026-11-24 … 2027-02-12).
    for (const day of weekdays('2026-11-24', 81)) {
      for (const time of ['09:00', '10:30']) {
        w.pms.addAppointment({
          doctorId: 1,
          locationId: 1,
          serviceId: 1,
          start: `${day} ${time}`,
          minutes: 30,
          patient: { firstName: 'Jan', lastName: `Nowak ${day}`, phone: '+48500100200' },
        });
      }
    }
    const activated = await w.run(w.engine.activate(ADDRESS_KEY));
    expect(activated.ok).toBe(true);
    await w.run(w.engine.syncNow());
    const online = w.sim.control.state().addresses[DP.addressId]!.bookings;
    expect(online.filter((b) => b.status === 'booked')).toHaveLength(118);

    w.sim.control.clearLog();
    const r = await w.run(w.engine.reconcile());
    expect(r).toMatchObject({ ok: true, differences: 0 });
    const calls = w.sim.control.callLog().filter((c) => c.operation !== 'token');
    expect(ops(calls)).toEqual(['GET A/slots', 'GET A/bookings', 'GET A/breaks']);
    const query = (i: number) => new URL(calls[i]!.path, 'http://sim').searchParams;
    // The whole horizon in each read: today 00:00 (slots: from now) to the last day's 23:59.
    expect(query(0).get('end')).toBe('2027-02-14T23:59:00+01:00');
    expect(query(1).get('start')).toBe('2026-11-23T00:00:00+01:00');
    expect(query(1).get('end')).toBe('2027-02-14T23:59:00+01:00');
    expect([query(1).get('page'), query(1).get('limit')]).toEqual(['1', '5000']);
    expect(query(2).get('till')).toBe('2027-02-14T23:59:00+01:00');
    expect(calls.every((c) => c.status === 200)).toBe(true);
  });

  it('when slots and bookings agree it skips the breaks; a day later, or on a full resync, it reads them', async () => {
    w = await createWorld();
    const first = await w.run(w.engine.reconcile());
    expect(first).toMatchObject({ ok: true, differences: 0 });

    w.sim.control.clearLog();
    expect(await w.run(w.engine.reconcile())).toMatchObject({ ok: true, differences: 0 });
    expect(ops(reads(w))).toEqual(['GET A/slots', 'GET A/bookings']);

    // The last read of the breaks is a day old: read them again even though nothing differs.
    w.engine.repos.meta.setNumber(
      `reconcile.breaks-checked-at:${ADDRESS_KEY}`,
      w.clock.now() - 25 * 3_600_000,
    );
    w.sim.control.clearLog();
    await w.run(w.engine.reconcile());
    expect(ops(reads(w))).toEqual(['GET A/slots', 'GET A/bookings', 'GET A/breaks']);

    w.sim.control.clearLog();
    expect(await w.run(w.engine.fullResync())).toMatchObject({ ok: true });
    expect(ops(reads(w)).filter((o) => o.startsWith('GET A/'))).toEqual([
      'GET A/slots',
      'GET A/bookings',
      'GET A/breaks',
    ]);
  });

  it("a doctor's break over free time whose notification was lost is found by the 2-read run", async () => {
    w = await createWorld({
      inbound: (world, repos) =>
        createInbound({ repos, practice: world.practice, api: world.api, clock: world.clock }),
    });
    await w.run(w.engine.reconcile());
    w.sim.control.doctorAddBreak(
      DP.addressId,
      '2026-11-25T10:00:00+01:00',
      '2026-11-25T10:30:00+01:00',
      'Away',
    );
    await w.run(w.api.pullNotifications(100)); // pulled by nobody: the notification is lost
    w.sim.control.clearLog();
    const r = await w.run(w.engine.reconcile());
    expect(r.differences).toBeGreaterThan(0);
    expect(ops(reads(w))).toEqual(['GET A/slots', 'GET A/bookings', 'GET A/breaks']);
    // The break reached the PMS (policy block-pms) through a synthetic break-created.
    const blocks = w.pms.db.prepare('SELECT starts_at FROM blocked_times').all() as { starts_at: string }[];
    expect(blocks.map((b) => Date.parse(b.starts_at))).toContain(Date.parse('2026-11-25T10:00:00+01:00'));
  });
});

/** Docplanner reads in the call log since the last clearLog (no token, no notification pulls). */
function reads(world: World) {
  return world.sim.control
    .callLog()
    .filter((c) => c.method === 'GET' && c.operation !== 'token' && !/otification/.test(c.operation));
}
