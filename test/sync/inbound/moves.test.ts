// A patient moves an online booking into a time the receptionist filled meanwhile.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, createBench, type Bench } from './fixture';

let b: Bench;
let localId: string;
let firstId: string;
let movedId: string;
let deskId: string;

beforeEach(async () => {
  b = await createBench();
  firstId = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation).id;
  await b.inbound.pullAndApply();
  localId = b.appointments()[0]!.id;
  deskId = b.deskAppointment(at('13:00'), at('13:20'));
  movedId = b.sim.control.patientMove(b.ref.addressId, firstId, at('13:00')).id;
  await b.inbound.pullAndApply();
});
afterEach(async () => {
  await b.close();
});

describe('a move into a taken time', () => {
  it('leaves the appointment where it was and raises a double booking naming the move', () => {
    const [c] = b.inbound.conflicts.list();
    expect(c).toMatchObject({ kind: 'double-booking', local: { start: at('13:00'), patient: 'Ewa Desk' } });
    expect(b.appointments().find((a) => a.id === localId)).toMatchObject({
      start: at('10:00'),
      externalId: firstId,
    });
  });

  it('keep-both moves the local appointment over the desk one and links the newest id', async () => {
    const [c] = b.inbound.conflicts.list();
    expect((await b.inbound.conflicts.resolve({ id: c!.id, action: 'keep-both', by: 'Ewa' })).ok).toBe(true);
    const rows = b.appointments();
    expect(rows.map((a) => [a.id, a.start])).toEqual([
      [localId, at('13:00')],
      [deskId, at('13:00')],
    ]);
    expect(b.repos.bookings.get(localId)?.dpBookingId).toBe(movedId);
    expect(b.repos.bookings.resolve(firstId)).toBe(movedId);
  });

  it('cancel-online cancels the moved booking online and the appointment it came from', async () => {
    const [c] = b.inbound.conflicts.list();
    expect((await b.inbound.conflicts.resolve({ id: c!.id, action: 'cancel-online', by: 'Ewa' })).ok).toBe(
      true,
    );
    expect(b.remote().bookings.find((x) => x.id === movedId)?.status).toBe('canceled');
    expect(b.appointments().find((a) => a.id === localId)?.status).toBe('canceled');
    expect(b.appointments().find((a) => a.id === deskId)?.status).toBe('booked');
  });
});

describe('moved on both sides before they agreed again', () => {
  let b2: Bench;
  let local: string;
  let first: string;
  let moved: string;
  beforeEach(async () => {
    b2 = await createBench();
    first = b2.sim.control.patientBook(b2.ref.addressId, at('10:00'), b2.svc.consultation).id;
    await b2.inbound.pullAndApply();
    local = b2.appointments()[0]!.id;
    // The receptionist moves it to 11:00 (not sent yet) while the patient moves it online to 14:00.
    b2.pms.rescheduleAppointment(local, { start: at('11:00') });
    moved = b2.sim.control.patientMove(b2.ref.addressId, first, at('14:00')).id;
    await b2.inbound.pullAndApply();
  });
  afterEach(async () => {
    await b2.close();
  });

  it('asks which time is right instead of overwriting the receptionist', () => {
    const open = b2.inbound.conflicts.list().filter((c) => c.kind === 'write-back-failed');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ local: { start: at('11:00') }, remote: { start: at('14:00') } });
    expect(open[0]!.options.map((o) => o.action)).toEqual(['take-online-time', 'keep-local-time']);
    expect(b2.appointments()).toMatchObject([{ id: local, start: at('11:00') }]);
  });

  it('take-online-time moves the appointment to the online time and links the newest id', async () => {
    const [c] = b2.inbound.conflicts.list().filter((x) => x.kind === 'write-back-failed');
    expect(
      (await b2.inbound.conflicts.resolve({ id: c!.id, action: 'take-online-time', by: 'Ewa' })).ok,
    ).toBe(true);
    expect(b2.appointments()).toMatchObject([{ id: local, start: at('14:00'), externalId: moved }]);
    expect(b2.repos.bookings.get(local)?.dpBookingId).toBe(moved);
  });

  it('keep-local-time keeps 11:00 and queues moving the online booking (newest id) to it', async () => {
    const [c] = b2.inbound.conflicts.list().filter((x) => x.kind === 'write-back-failed');
    expect((await b2.inbound.conflicts.resolve({ id: c!.id, action: 'keep-local-time', by: 'Ewa' })).ok).toBe(
      true,
    );
    expect(b2.appointments()).toMatchObject([{ id: local, start: at('11:00') }]);
    expect(b2.repos.bookings.get(local)).toMatchObject({ dpBookingId: moved, start: at('14:00') });
    expect(b2.repos.outbox.getByKey(`booking:${local}`)).toMatchObject({ state: 'pending', lane: 0 });
  });
});
