// Turns a booking as notifications carry it into the facts the PMS needs (IncomingBooking), and finds the
// local appointments a marketplace change collides with. Pure reads: no writes here.
import type { LocalBooking, Patient } from '../../../../shared/canonical';
import { LOCAL_DATE } from '../../../../shared/canonical';
import type { BookingNotification } from '../../docplanner/schemas';
import type { PracticeAdapter } from '../../practice/adapter';
import type { MappingRepo } from '../../store/mapping';
import type { IncomingBooking } from '../conflicts/context';

export function toPatient(p: BookingNotification['patient']): Patient {
  const gender = p?.gender === 'm' || p?.gender === 'f' ? p.gender : null;
  return {
    firstName: (p?.name ?? '').trim(),
    lastName: (p?.surname ?? '').trim(),
    phone: p?.phone || null,
    email: p?.email || null,
    birthDate: p?.birth_date && LOCAL_DATE.test(p.birth_date) ? p.birth_date : null,
    nin: p?.nin || null,
    gender,
  };
}

export function toIncoming(b: BookingNotification, mapping: MappingRepo): IncomingBooking {
  const startMs = Date.parse(b.start_at);
  const endMs = Date.parse(b.end_at);
  const insuranceProvider = b.insurance?.id ?? null;
  return {
    dpBookingId: b.id,
    start: b.start_at,
    end: b.end_at,
    durationMinutes: b.duration ?? Math.max(1, Math.round((endMs - startMs) / 60_000)),
    addressServiceId: b.address_service?.id ?? null,
    serviceName: b.address_service?.name ?? null,
    patient: toPatient(b.patient),
    insuranceId: insuranceProvider ? mapping.localInsuranceFor(insuranceProvider) : null,
    comment: b.comment ? b.comment : null,
  };
}

/** Clinic-local date (YYYY-MM-DD) of an instant. */
export function localDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.parse(instant)));
}

const ACTIVE = new Set<LocalBooking['status']>(['booked', 'confirmed', 'completed']);

/** Active local appointments of one doctor at one location overlapping [start, end). */
export function overlappingBookings(
  practice: PracticeAdapter,
  key: { doctorId: string; locationId: string },
  start: string,
  end: string,
): LocalBooking[] {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const days = practice.readDays(key, {
    from: localDate(start, practice.timeZone),
    to: localDate(new Date(e - 1).toISOString(), practice.timeZone),
  });
  return days
    .flatMap((d) => d.bookings)
    .filter((b) => ACTIVE.has(b.status) && Date.parse(b.start) < e && s < Date.parse(b.end));
}

/** Local blocked times of one doctor at one location with exactly these bounds. */
export function sameBlockedTime(
  practice: PracticeAdapter,
  key: { doctorId: string; locationId: string },
  start: string,
  end: string,
): string | null {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const days = practice.readDays(key, {
    from: localDate(start, practice.timeZone),
    to: localDate(start, practice.timeZone),
  });
  for (const d of days) {
    for (const br of d.breaks) if (Date.parse(br.start) === s && Date.parse(br.end) === e) return br.id;
  }
  return null;
}

export const samePerson = (a: Patient, b: Patient): boolean =>
  a.firstName.toLowerCase() === b.firstName.toLowerCase() &&
  a.lastName.toLowerCase() === b.lastName.toLowerCase();

export const fullName = (p: Pick<Patient, 'firstName' | 'lastName'>): string =>
  `${p.firstName} ${p.lastName}`.trim();

/** A name for comparison: Unicode-normalised, trimmed, inner whitespace collapsed, lower case. */
const normalName = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Digits of a phone number ("00" international prefix dropped), or null when it has none. */
function phoneDigits(phone: string | null): string | null {
  const digits = (phone ?? '').replace(/\D/g, '').replace(/^00/, '');
  return digits.length > 0 ? digits : null;
}

/** Same number, written with or without the country code (the shorter one has at least 9 digits). */
function samePhone(a: string | null, b: string | null): boolean {
  const x = phoneDigits(a);
  const y = phoneDigits(b);
  if (x === null || y === null) return x === y;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short === long || (short.length >= 9 && long.endsWith(short));
}

/**
 * Same patient by name AND phone, both normalised. Stricter than `samePerson`: used where a match cancels an
 * appointment nobody linked (a wrong match would cancel another patient's visit).
 */
export const samePatientContact = (a: Patient, b: Patient): boolean =>
  normalName(a.firstName) === normalName(b.firstName) &&
  normalName(a.lastName) === normalName(b.lastName) &&
  samePhone(a.phone, b.phone);
