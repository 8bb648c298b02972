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
