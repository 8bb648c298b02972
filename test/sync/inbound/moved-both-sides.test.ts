// The patient moves an online booking (twice) while the receptionist moves the same appointment in the PMS.
// Whichever the sync sees first — the move notifications or its own push answered 409 "already moved" — the end
// is the same: one appointment in the PMS, one booking on Docplanner at the PMS time, and one open conflict that
// names the time the patient chose last and offers it. (Found by the convergence property test: the second
// notification of the chain used to be written into the PMS as a second appointment.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInbound, type Inbound } from '../../../electron/engine/sync/inbound/index';
import { DP, createWorld, ops, type World } from '../support/harness';

const T = (hhmm: string) => `2026-11-24T${hhmm}:00+01:00`;

let w: World;
let inbound: Inbound;
let localId: string;
let firstId: string;

const online = () =>
  w.sim.control.state().addresses[DP.addressId]!.bookings.filter((b) => b.status === 'booked');
const booked = () => w.pms.listAppointments({}).filter((a) => a.status === 'booked');
const openMoves = () =>
  inbound.conflicts.list().filter((c) => c.kind === 'write-back-failed' && c.status === 'open');

async function until(done: () => boolean, maxMs = 120_000): Promise<void> {
  for (let waited = 0; !done() && waited < maxMs; waited += 1_000) await w.wait(1_000);
}

beforeEach(async () => {
  // Notifications are pulled only when the test says so, to choose which side the sync sees first.
  w = await createWorld({
    config: { pullIntervalMs: 24 * 3_600_000 },
    inbound: (world, repos) =>
      (inbound = createInbound({ repos, practice: world.practice, api: world.api, clock: world.clock })),
  });
  await w.run(w.engine.start());
  firstId = w.sim.control.patientBook(DP.addressId, T('09:00'), DP.consultation, {
    name: 'Jan',
    surname: 'Kowalski',
    phone: '+48500100200',
  }).id;
  await w.run(inbound.pullAndApply());
  localId = w.pms.listAppointments({ externalId: firstId })[0]!.id;
  await w.wait(5_000);
});
afterEach(async () => {
  await w?.close();
});

describe('moved online (twice) and in the PMS at about the same time', () => {
  it('push first (409, newest id followed): the late notifications add no appointment and raise one conflict', async () => {
    const m1 = w.sim.control.patientMove(DP.addressId, firstId, T('11:00')).id;
    const m2 = w.sim.control.patientMove(DP.addressId, m1, T('11:30')).id;
    w.sim.control.clearLog();
    w.pms.rescheduleAppointment(localId, { start: T('10:30') });
    await until(() => online().some((b) => b.start_at === T('10:30')));
    expect(ops(w.writes()).filter((o) => o.includes('/bookings/'))).toEqual([
      `POST A/bookings/${firstId}/move`,
      `POST A/bookings/${m2}/move`,
    ]);
    // The sync knew it was moving the booking over the patient's choice: the desk is told at once.
    expect(openMoves().map((c) => c.remote?.start)).toEqual([T('11:30')]);

    await w.run(inbound.pullAndApply());
    expect(booked().map((a) => [a.id, a.start])).toEqual([[localId, T('10:30')]]);
    expect(online().map((b) => b.start_at)).toEqual([T('10:30')]);
    const conflicts = openMoves();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ local: { start: T('10:30') }, remote: { start: T('11:30') } });

    expect(
      (
        await w.run(
          inbound.conflicts.resolve({ id: conflicts[0]!.id, action: 'take-online-time', by: 'Ewa' }),
        )
      ).ok,
    ).toBe(true);
    await until(() => online().some((b) => b.start_at === T('11:30')));
    await w.wait(5_000);
    expect(booked().map((a) => [a.id, a.start])).toEqual([[localId, T('11:30')]]);
    expect(online().map((b) => b.start_at)).toEqual([T('11:30')]);
    expect(online()[0]!.id).toBe(inbound.deps.repos.bookings.get(localId)!.dpBookingId);
  });

  it('notifications first: the link follows the online booking, one move puts it at the PMS time', async () => {
    await w.run(w.engine.stop());
    w.pms.rescheduleAppointment(localId, { start: T('10:30') });
    const m1 = w.sim.control.patientMove(DP.addressId, firstId, T('11:00')).id;
    const m2 = w.sim.control.patientMove(DP.addressId, m1, T('11:30')).id;
    await w.run(inbound.pullAndApply());
    expect(booked().map((a) => [a.id, a.start])).toEqual([[localId, T('10:30')]]);
    const conflicts = openMoves();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      remote: { start: T('11:30') },
      summaryCode: 'conflict.moved-both-sides',
      summaryParams: { start: T('11:30'), local: T('10:30') },
    });
    expect(conflicts[0]!.options.map((o) => o.action)).toEqual(['take-online-time', 'keep-local-time']);
    const superseded = inbound.conflicts
      .list({ status: 'resolved' })
      .filter((c) => c.kind === 'write-back-failed');
    expect(superseded).toHaveLength(1);
    expect(superseded[0]!.resolution).toMatchObject({ by: 'sync' });

    w.sim.control.clearLog();
    await w.run(w.engine.start());
    await until(() => online().some((b) => b.start_at === T('10:30')));
    await w.wait(5_000);
    expect(ops(w.writes()).filter((o) => o.includes('/bookings/'))).toEqual([`POST A/bookings/${m2}/move`]);
    expect(online().map((b) => b.start_at)).toEqual([T('10:30')]);

    expect(
      (await w.run(inbound.conflicts.resolve({ id: conflicts[0]!.id, action: 'keep-local-time', by: 'Ewa' })))
        .ok,
    ).toBe(true);
    await w.wait(10_000);
    expect(ops(w.writes()).filter((o) => o.includes('/bookings/'))).toHaveLength(1);
    expect(booked().map((a) => [a.id, a.start])).toEqual([[localId, T('10:30')]]);
  });

  it('moved to another day in the PMS: the conflict shows where it is now, not "deleted"', async () => {
    await w.run(w.engine.stop());
    w.pms.rescheduleAppointment(localId, { start: '2026-11-25 10:30' });
    w.sim.control.patientMove(DP.addressId, firstId, T('11:00'));
    await w.run(inbound.pullAndApply());
    const [c] = openMoves();
    expect(c).toMatchObject({
      summaryCode: 'conflict.moved-both-sides',
      local: { start: '2026-11-25T10:30:00+01:00' },
    });
  });

  it('canceled in the PMS while moved online: the online booking is canceled too, and the desk is told', async () => {
    await w.run(w.engine.stop());
    w.pms.cancelAppointment(localId, 'patient called');
    const moved = w.sim.control.patientMove(DP.addressId, firstId, T('11:00')).id;
    await w.run(inbound.pullAndApply());
    const [c] = openMoves();
    expect(c).toMatchObject({
      summaryCode: 'conflict.moved-online-gone-locally',
      remote: { start: T('11:00') },
    });
    expect(c!.options.map((o) => o.action)).toEqual(['acknowledge']);
    w.sim.control.clearLog();
    await w.run(w.engine.start());
    await until(() => online().length === 0);
    expect(ops(w.writes()).filter((o) => o.includes('/bookings/'))).toEqual([`DELETE A/bookings/${moved}`]);
    expect(booked()).toEqual([]);
  });
});
