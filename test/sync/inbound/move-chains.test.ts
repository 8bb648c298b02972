// A booking-moved may name a booking the sync has never seen (push order is not guaranteed; after 72 h off the
// earlier notifications of a chain are gone). The patient moves an online booking twice and the first move's
// notification never arrives: the second must move the same appointment (found through Docplanner's
// moving.origin_booking_id), not bring the booking in as a second appointment.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { at, createBench, type Bench } from './fixture';

let b: Bench;
beforeEach(async () => {
  b = await createBench();
});
afterEach(async () => {
  await b.close();
});

it('the move of a booking whose earlier move was never told moves the same appointment', async () => {
  const first = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation).id;
  await b.inbound.pullAndApply();
  const [appointment] = b.appointments();
  const m1 = b.sim.control.patientMove(b.ref.addressId, first, at('11:00')).id;
  await b.api.pullNotifications(100); // the first move's notification is lost
  const m2 = b.sim.control.patientMove(b.ref.addressId, m1, at('12:00')).id;
  await b.inbound.pullAndApply();

  const active = b.appointments().filter((a) => a.status === 'booked');
  expect(active.map((a) => [a.id, a.start, a.externalId])).toEqual([[appointment!.id, at('12:00'), m2]]);
  expect(b.repos.bookings.get(appointment!.id)?.dpBookingId).toBe(m2);
  expect(b.inbound.conflicts.list()).toEqual([]);
});

it('a move of a booking the sync never had is still brought in, once', async () => {
  const first = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation).id;
  await b.api.pullNotifications(100); // its slot-booked is lost
  const moved = b.sim.control.patientMove(b.ref.addressId, first, at('11:00')).id;
  await b.inbound.pullAndApply();
  await b.inbound.pullAndApply();
  expect(b.appointments().map((a) => [a.start, a.externalId])).toEqual([[at('11:00'), moved]]);
});
