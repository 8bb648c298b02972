// Plain engine objects several tests spell the same way (no world, no I/O): a patient as the engine carries it,
// a booking as it comes from Docplanner, and a double-booking conflict draft over such a booking.
import type { Patient } from '../../../shared/canonical';
import type { ContextOf, IncomingBooking } from '../../../electron/engine/sync/conflicts/context';
import { doubleBooking, type ConflictDraft } from '../../../electron/engine/sync/conflicts/drafts';

/** A patient known by name only (no phone, e-mail, birth date, national id or gender) unless `over` adds some. */
export const patientNamed = (firstName: string, lastName: string, over: Partial<Patient> = {}): Patient => ({
  firstName,
  lastName,
  phone: null,
  email: null,
  birthDate: null,
  nin: null,
  gender: null,
  ...over,
});

/** Docplanner booking b1: a 30-minute Konsultacja (address service as1) at 10:00 on Tue 2026-11-24, Zofia Testowa. */
export const onlineBooking = (over: Partial<IncomingBooking> = {}): IncomingBooking => ({
  dpBookingId: 'b1',
  start: '2026-11-24T10:00:00+01:00',
  end: '2026-11-24T10:30:00+01:00',
  durationMinutes: 30,
  addressServiceId: 'as1',
  serviceName: 'Konsultacja',
  patient: patientNamed('Zofia', 'Testowa'),
  insuranceId: null,
  comment: null,
  ...over,
});

/**
 * The double booking raised for `booking` at calendar d1@l1 (Docplanner address f1/rd1/ra1, local service s1),
 * not a move, with no PMS appointment named as the one in the way; `context` changes any of that.
 */
export const doubleBookingDraft = (
  booking: IncomingBooking,
  context: Partial<Omit<ContextOf<'double-booking'>, 'kind' | 'booking'>> = {},
): ConflictDraft =>
  doubleBooking({
    context: {
      addressKey: 'd1@l1',
      inboxId: 1,
      ref: { facilityId: 'f1', doctorId: 'rd1', addressId: 'ra1' },
      local: { doctorId: 'd1', locationId: 'l1' },
      booking,
      localServiceId: 's1',
      movedFrom: null,
      movingLocalId: null,
      clashLocalId: null,
      ...context,
    },
    existing: null,
    existingServiceName: null,
  });
