// The pull notification queue: what enqueues, FIFO, consumption, limits, 72 h expiry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDRESS_PATH, ESTATE, type Harness, PATIENT, at, enc, startHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.call('PUT', `${ADDRESS_PATH}/slots`, {
    slots: [
      {
        start: at('09:00'),
        end: at('11:00'),
        address_services: [{ address_service_id: ESTATE.consultation, duration: 30 }],
      },
    ],
  });
});
afterEach(() => h.close());

type N = { name: string; data: Record<string, any>; created_at: string }; // eslint-disable-line @typescript-eslint/no-explicit-any
const pullMany = async (limit: number) => {
  const r = await h.call('GET', `/notifications/multiple?limit=${limit}`);
  return r.status === 404
    ? { notifications: [] as N[], remaining: 0 }
    : (r.body as { notifications: N[]; remaining: number });
};

describe('notifications', () => {
  it('marketplace-side changes enqueue notifications in FIFO order; pulled ones are consumed', async () => {
    const b = h.sim.control.patientBook(ESTATE.addressId, at('09:00'), ESTATE.consultation, PATIENT);
    const moved = h.sim.control.patientMove(ESTATE.addressId, b.id, at('10:00'));
    h.sim.control.patientCancel(ESTATE.addressId, moved.id);
    const brk = h.sim.control.doctorAddBreak(ESTATE.addressId, at('09:00'), at('09:30'));
    h.sim.control.doctorMoveBreak(ESTATE.addressId, brk.id, at('09:30'), at('10:00'));
    h.sim.control.doctorRemoveBreak(ESTATE.addressId, brk.id);
    const added = h.sim.control.doctorAddService(ESTATE.addressId, { serviceId: '103', duration: 15 });
    h.sim.control.doctorChangeService(ESTATE.addressId, added.id, { name: 'EKG spoczynkowe' });
    h.sim.control.doctorDeleteService(ESTATE.addressId, added.id);

    const first = await h.call('GET', '/notifications');
    expect(first.status).toBe(200);
    const n1 = first.body as N;
    expect(n1.name).toBe('slot-booked');
    expect(n1.data.visit_booking).toMatchObject({ id: b.id, booked_by: 'user', start_at: at('09:00') });
    expect(n1.data.address).toMatchObject({ id: ESTATE.addressId });

    const rest = await pullMany(100);
    expect(rest.remaining).toBe(0);
    expect(rest.notifications.map((n) => n.name)).toEqual([
      'booking-moved',
      'booking-canceled',
      'break-created',
      'break-moved',
      'break-removed',
      'address-service-created',
      'address-service-changed',
      'address-service-deleted',
    ]);
    const movedN = rest.notifications[0]!;
    expect(movedN.data.old_visit_booking).toMatchObject({ id: b.id, status: 'canceled' });
    expect(movedN.data.new_visit_booking).toMatchObject({ id: moved.id, status: 'booked' });
    expect(rest.notifications[1]!.data.visit_booking).toMatchObject({ canceled_by: 'user' });
    expect((await h.call('GET', '/notifications')).body).toMatchObject({ message: 'No notifications found' });
  });

  it('changes made through the integration API by the client itself enqueue nothing', async () => {
    const r = await h.call('POST', `${ADDRESS_PATH}/slots/${enc(at('09:00'))}/book`, {
      address_service_id: ESTATE.consultation,
      duration: 30,
      patient: PATIENT,
    });
    await h.call('DELETE', `${ADDRESS_PATH}/bookings/${(r.body as { id: string }).id}`);
    await h.call('POST', `${ADDRESS_PATH}/breaks`, { since: at('10:00'), till: at('10:30') });
    expect((await h.call('GET', '/notifications')).status).toBe(404);
  });

  it('multiple returns at most limit and says how many remain; limit outside 1..100 is 400', async () => {
    for (const t of ['09:00', '09:30', '10:00'])
      h.sim.control.patientBook(ESTATE.addressId, at(t), ESTATE.consultation);
    const page = await pullMany(2);
    expect(page.notifications.map((n) => n.data.visit_booking.start_at)).toEqual([at('09:00'), at('09:30')]);
    expect(page.remaining).toBe(1);
    expect((await h.call('GET', '/notifications/multiple?limit=101')).status).toBe(400);
    expect((await h.call('GET', '/notifications/multiple?limit=0')).status).toBe(400);
  });

  it('notifications expire 72 h of simulated time after creation', async () => {
    h.sim.control.patientBook(ESTATE.addressId, at('09:00'), ESTATE.consultation);
    await h.clock.advance(71 * 3600_000);
    h.sim.control.patientBook(ESTATE.addressId, at('09:30'), ESTATE.consultation);
    await h.clock.advance(3600_000);
    await h.token(true);
    const left = await pullMany(100);
    expect(left.notifications.map((n) => n.data.visit_booking.start_at)).toEqual([at('09:30')]);
  });

  it('bookings the doctor makes or cancels in the Docplanner calendar are notified as by the doctor', async () => {
    const b = h.sim.control.doctorBook(ESTATE.addressId, at('09:00'), ESTATE.consultation);
    h.sim.control.doctorCancel(ESTATE.addressId, b.id);
    const got = await pullMany(10);
    expect(
      got.notifications.map((n) => [
        n.name,
        n.data.visit_booking.booked_by,
        n.data.visit_booking.canceled_by,
      ]),
    ).toEqual([
      ['slot-booked', 'doctor', ''],
      ['booking-canceled', 'doctor', 'doctor'],
    ]);
  });

  it('release is refused for a pull client', async () => {
    expect((await h.call('POST', '/notifications/release')).status).toBe(403);
  });

  it('a patient cannot book a slot that is taken (control API throws the API error)', () => {
    h.sim.control.patientBook(ESTATE.addressId, at('09:00'), ESTATE.consultation);
    expect(() => h.sim.control.patientBook(ESTATE.addressId, at('09:00'), ESTATE.consultation)).toThrow(
      /Requested target slot/,
    );
  });
});
