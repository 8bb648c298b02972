// Address-service notifications and bookings for services the mapping does not cover.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDRESS_KEY, at, createBench, type Bench } from './fixture';

let b: Bench;
beforeEach(async () => {
  b = await createBench();
});
afterEach(async () => {
  await b.close();
});

describe('service mapping from notifications', () => {
  it('a deleted mapped service raises mapping-vanished; recreate-service restores it and the mapping', async () => {
    b.sim.control.doctorDeleteService(b.ref.addressId, b.svc.consultation);
    await b.inbound.pullAndApply();
    const [c] = b.inbound.conflicts.list();
    expect(c).toMatchObject({ kind: 'mapping-vanished', addressKey: ADDRESS_KEY });
    expect(c!.local?.service).toBe('Internal medicine consultation');
    expect(c!.options.map((o) => o.action)).toEqual(['remap', 'recreate-service']);
    // The link to the vanished id is gone (Docplanner would refuse slots naming it); the engine was told.
    expect(b.repos.mapping.serviceLinks(ADDRESS_KEY).has('1')).toBe(false);
    expect(b.mappingChanges).toEqual([ADDRESS_KEY]);

    // "I fixed the mapping" while it is not fixed: refused, stays open.
    expect((await b.inbound.conflicts.resolve({ id: c!.id, action: 'remap', by: 'Ewa' })).ok).toBe(false);
    expect(b.inbound.conflicts.openCount()).toBe(1);

    const r = await b.inbound.conflicts.resolve({ id: c!.id, action: 'recreate-service', by: 'Ewa' });
    expect(r.ok).toBe(true);
    const recreated = b.remote().addressServices.find((s) => s.service_id === '900')!;
    expect(recreated.id).not.toBe(b.svc.consultation);
    expect(b.repos.mapping.serviceLinks(ADDRESS_KEY).get('1')).toBe(recreated.id);
  });

  it('a deleted service that was not mapped is only recorded', async () => {
    b.sim.control.doctorDeleteService(b.ref.addressId, b.svc.unmapped);
    expect((await b.inbound.pullAndApply()).apply).toMatchObject({ ignored: 1, conflicts: 0 });
  });

  it('a booking for an unmapped service waits for a decision; map-and-apply works once mapped', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('11:00'), b.svc.unmapped);
    await b.inbound.pullAndApply();
    const [c] = b.inbound.conflicts.list();
    expect(c).toMatchObject({
      kind: 'unmapped-service',
      remote: { service: 'Laser therapy', start: at('11:00') },
    });
    expect(c!.options.map((o) => o.action)).toEqual([
      'map-and-apply',
      'book-without-service',
      'cancel-online',
    ]);
    expect(b.appointments()).toEqual([]);

    const early = await b.inbound.conflicts.resolve({ id: c!.id, action: 'map-and-apply', by: 'Ewa' });
    expect(early).toMatchObject({ ok: false, message: expect.stringContaining('not mapped') });

    b.repos.mapping.setServiceLink(ADDRESS_KEY, '3', b.svc.unmapped, b.clock.now());
    const r = await b.inbound.conflicts.resolve({ id: c!.id, action: 'map-and-apply', by: 'Ewa' });
    expect(r.ok).toBe(true);
    expect(b.appointments()).toMatchObject([{ start: at('11:00'), serviceId: '3', externalId: online.id }]);
  });

  it('book-without-service writes the booking with no service', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('11:00'), b.svc.unmapped);
    await b.inbound.pullAndApply();
    const [c] = b.inbound.conflicts.list();
    expect(
      (await b.inbound.conflicts.resolve({ id: c!.id, action: 'book-without-service', by: 'Ewa' })).ok,
    ).toBe(true);
    expect(b.appointments()).toMatchObject([{ start: at('11:00'), serviceId: null, externalId: online.id }]);
  });

  it('if the time was filled at the desk meanwhile, the decision becomes a double booking', async () => {
    b.sim.control.patientBook(b.ref.addressId, at('11:00'), b.svc.unmapped);
    await b.inbound.pullAndApply();
    b.deskAppointment(at('11:00'), at('11:30'));
    const [c] = b.inbound.conflicts.list();
    const r = await b.inbound.conflicts.resolve({ id: c!.id, action: 'book-without-service', by: 'Ewa' });
    expect(r).toMatchObject({ ok: true, message: expect.stringContaining('double-booking') });
    expect(b.inbound.conflicts.list().map((x) => x.kind)).toEqual(['double-booking']);
    expect(b.appointments()).toHaveLength(1);
  });

  it('a booking waiting in a conflict that the patient then moves: the old conflict closes, the moved one asks', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('11:00'), b.svc.unmapped);
    await b.inbound.pullAndApply();
    const [old] = b.inbound.conflicts.list();
    const moved = b.sim.control.patientMove(b.ref.addressId, online.id, at('14:00'));
    await b.inbound.pullAndApply();
    expect(b.inbound.conflicts.list({ status: 'resolved' }).map((c) => [c.id, c.resolution?.by])).toEqual([
      [old!.id, 'sync'],
    ]);
    const [now] = b.inbound.conflicts.list();
    expect(now).toMatchObject({ kind: 'unmapped-service', remote: { start: at('14:00') } });
    expect(now!.id).not.toBe(old!.id);
    expect(
      (await b.inbound.conflicts.resolve({ id: now!.id, action: 'book-without-service', by: 'Ewa' })).ok,
    ).toBe(true);
    expect(b.appointments()).toMatchObject([{ start: at('14:00'), externalId: moved.id }]);
  });
});
