// Activation feed (preview = what is then sent), full resync (twice → zero writes the second time),
// reconciliation repairing only the day that differs, and catch-up after 4 days off (full reconciliation; the
// patient's booking made meanwhile reaches the PMS although its notification expired).
import { afterEach, describe, expect, it } from 'vitest';
import { createInbound } from '../../electron/engine/sync/inbound/index';
import { ADDRESS_KEY, createWorld, deskAppointment, DP, ops, type World } from './support/harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

const address = () => w.sim.control.state().addresses[DP.addressId]!;

describe('activation', () => {
  it('previews exactly the writes the feed then sends, and reports progress until done', async () => {
    w = await createWorld({ activate: false });
    deskAppointment(w, '2026-11-24 09:00');
    deskAppointment(w, '2026-11-27 11:30', {
      serviceId: 2,
      patient: { firstName: 'Ewa', lastName: 'Lis', phone: '+48500100300' },
    });
    w.pms.addBlock(1, 1, '2026-11-25 10:00', '2026-11-25 10:30', 'Meeting');
    const preview = await w.run(w.engine.previewActivation(ADDRESS_KEY));
    expect(preview).toMatchObject({
      days: 7,
      daysWithAvailability: 5,
      bookings: 2,
      breaks: 1,
      // enable + 5 PUTs + 2 bookings + 1 break: the weekend's empty PUTs are skipped (Docplanner has nothing there)
      writes: 9,
      blockers: [],
    });
    expect(preview.etaSeconds).toBeGreaterThanOrEqual(0);
    w.sim.control.clearLog();

    const r = await w.run(w.engine.activate(ADDRESS_KEY));
    expect(r.ok).toBe(true);
    expect(w.engine.status().progress).toMatchObject({ kind: 'activation', done: 0, total: 8 });
    await w.run(w.engine.syncNow());
    const sent = ops(w.writes());
    expect(sent).toHaveLength(preview.writes);
    expect(sent[0]).toBe('POST A/calendar/enable');
    // Each booking goes right after its day's PUT.
    const log = w.writes();
    for (let i = 0; i < log.length; i++) {
      if (log[i]!.operation !== 'bookSlot') continue;
      const day = decodeURIComponent(log[i]!.path).split('/slots/')[1]!.slice(0, 10);
      const put = log[i - 1]!;
      expect(put.operation).toBe('replaceSlots');
      expect((put.body as { slots: { start: string }[] }).slots[0]!.start.slice(0, 10)).toBe(day);
    }
    expect(sent.filter((s) => s === 'PUT A/slots')).toHaveLength(5);
    expect(address().bookings.filter((b) => b.status === 'booked')).toHaveLength(2);
    const status = w.engine.status();
    expect(status.state).toBe('in-sync');
    expect(status.progress).toBeNull();
    expect(status.addresses[0]).toMatchObject({ key: ADDRESS_KEY, activated: true, pending: 0 });
  });

  it('still clears a closed day on which Docplanner offers something (an older schedule)', async () => {
    w = await createWorld({ activate: false });
    // Saturday 2026-11-28 is closed in the PMS, but Docplanner still has slots there from an earlier integration.
    const ref = { facilityId: DP.facilityId, doctorId: DP.doctorId, addressId: DP.addressId };
    await w.run(w.api.enableCalendar(ref));
    await w.run(
      w.api.replaceSlots(ref, {
        slots: [
          {
            start: '2026-11-28T09:00:00+01:00',
            end: '2026-11-28T11:00:00+01:00',
            address_services: [{ address_service_id: DP.consultation, duration: 30 }],
          },
        ],
      }),
    );
    const preview = await w.run(w.engine.previewActivation(ADDRESS_KEY));
    expect(preview.writes).toBe(6); // 5 working days + Saturday's clearing PUT (Sunday skipped)
    w.sim.control.clearLog();
    expect((await w.run(w.engine.activate(ADDRESS_KEY))).ok).toBe(true);
    await w.run(w.engine.syncNow());
    expect(ops(w.writes())).toEqual(Array(6).fill('PUT A/slots'));
    const saturday = address().freeSlots.filter((x) => x.start.startsWith('2026-11-28'));
    expect(saturday).toEqual([]);
  });

  it('refuses to activate while unmapped services are used in the horizon', async () => {
    w = await createWorld({ activate: false });
    w.engine.repos.mapping.replaceMapping(
      {
        ...w.engine.repos.mapping.getMapping(),
        services: [{ addressKey: ADDRESS_KEY, localServiceId: '1', addressServiceId: DP.consultation }],
      },
      w.clock.now(),
    );
    const preview = await w.run(w.engine.previewActivation(ADDRESS_KEY));
    expect(preview.blockers).toEqual([]); // service 2 is offered together with the mapped service 1
    w.pms.addExtraHours(1, 1, '2026-11-28', '09:00', '10:00');
    w.engine.repos.mapping.replaceMapping(
      { ...w.engine.repos.mapping.getMapping(), services: [] },
      w.clock.now(),
    );
    const blocked = await w.run(w.engine.previewActivation(ADDRESS_KEY));
    expect(blocked.blockers.length).toBeGreaterThan(0);
    expect((await w.run(w.engine.activate(ADDRESS_KEY))).ok).toBe(false);
    expect(w.writes()).toEqual([]);
  });
});

describe('reconciliation and full resync', () => {
  it('full resync twice in a row sends zero writes the second time', async () => {
    w = await createWorld();
    deskAppointment(w, '2026-11-24 09:00');
    await w.run(w.engine.fullResync());
    w.sim.control.clearLog();
    const second = await w.run(w.engine.fullResync());
    expect(w.writes()).toEqual([]);
    expect(second).toMatchObject({ ok: true });
    expect(ops(w.sim.control.callLog().filter((c) => c.operation !== 'token'))).toEqual([
      'GET A/slots',
      'GET A/bookings',
      'GET A/breaks',
    ]);
  });

  it('repairs only the day whose free slots differ online', async () => {
    w = await createWorld();
    await w.run(
      w.api.deleteSlots(
        { facilityId: DP.facilityId, doctorId: DP.doctorId, addressId: DP.addressId },
        '2026-11-26',
      ),
    );
    w.sim.control.clearLog();
    const r = await w.run(w.engine.reconcile());
    expect(r).toMatchObject({ ok: true, differences: 1, repaired: 1 });
    expect(ops(w.writes())).toEqual(['PUT A/slots']);
    expect((w.writes()[0]!.body as { slots: { start: string }[] }).slots[0]!.start.slice(0, 10)).toBe(
      '2026-11-26',
    );
    expect(w.engine.status().lastReconciliation).toMatchObject({ differences: 1, repaired: 1 });
  });

  it('after 4 days off, catch-up reconciles everything and brings in the booking whose notification expired', async () => {
    w = await createWorld({
      inbound: (world, repos) =>
        createInbound({
          repos,
          practice: world.practice,
          api: world.api,
          clock: world.clock,
        }),
    });
    await w.run(w.engine.start());
    await w.run(w.engine.stop());
    // A patient books online right away; the app stays off for 4 days (notifications live 72 h).
    w.sim.control.patientBook(DP.addressId, '2026-11-27T10:00:00+01:00', DP.consultation, {
      name: 'Anna',
      surname: 'Zielona',
      phone: '+48500999000',
    });
    await w.clock.advance(4 * 86_400_000);
    expect(w.sim.control.state().notifications).toEqual([]);
    w.sim.control.clearLog();
    await w.run(w.engine.start());
    await w.run(w.engine.stop());
    const reads = w.sim.control.callLog().map((c) => c.operation);
    expect(reads).toEqual(expect.arrayContaining(['getSlots', 'getBookings', 'getCalendarBreaks']));
    expect(w.pms.listAppointments({ date: '2026-11-27' })).toEqual([
      expect.objectContaining({ bookedVia: 'marketplace', status: 'booked' }),
    ]);
    expect(w.engine.status().lastReconciliation).toMatchObject({ ok: true });
  });
});
