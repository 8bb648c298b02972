// The generated clinic, independent of any schema: doctors, locations, services, schedules, holidays,
// exceptions, plus a deterministic stream of patients, appointments and blocked time. Writers turn it into the
// reference or the alternate schema, so both hold the same clinic.
import {
  DOCTOR_FIRST,
  DOCTOR_LAST,
  LOCATIONS,
  PATIENT_FIRST_F,
  PATIENT_FIRST_M,
  PATIENT_LAST,
  SPECIALTIES,
} from './names';

export type InsuranceMode = 'all' | 'private' | 'insured';
export type Status = 'booked' | 'confirmed' | 'canceled' | 'no-show' | 'completed';

export interface Doctor {
  id: number;
  title: string;
  firstName: string;
  lastName: string;
}
export interface Location {
  id: number;
  name: string;
  street: string;
  postal: string;
  city: string;
}
export interface Service {
  id: number;
  name: string;
  minutes: number;
}
export interface Insurance {
  id: number;
  name: string;
}
export interface AddressService {
  doctorId: number;
  locationId: number;
  serviceId: number;
  minutes: number;
}
export interface AddressInsurance {
  doctorId: number;
  locationId: number;
  insuranceId: number;
}
export interface Weekly {
  id: number;
  doctorId: number;
  locationId: number;
  weekday: number;
  start: string;
  end: string;
  validFrom: string | null;
  validTo: string | null;
  insurance: InsuranceMode;
}
export interface Holiday {
  id: number;
  date: string;
  name: string;
  locationId: number | null;
}
export interface Exception {
  id: number;
  doctorId: number;
  locationId: number | null;
  date: string;
  kind: 'off' | 'hours';
  start: string | null;
  end: string | null;
  insurance: InsuranceMode;
}
export interface Extra {
  id: number;
  doctorId: number;
  locationId: number;
  date: string;
  start: string;
  end: string;
  insurance: InsuranceMode;
}
export interface Patient {
  id: number;
  firstName: string;
  lastName: string;
  phone: string | null;
  email: string | null;
  birthDate: string;
  nin: string;
  gender: 'm' | 'f';
}
export interface Appointment {
  id: number;
  doctorId: number;
  locationId: number;
  serviceId: number;
  patientId: number;
  startMs: number;
  endMs: number;
  status: Status;
  insuranceId: number | null;
  comment: string | null;
  externalId: string | null;
}
export interface Block {
  id: number;
  doctorId: number;
  locationId: number;
  startMs: number;
  endMs: number;
  reason: string;
}

export interface ClinicModel {
  doctors: Doctor[];
  locations: Location[];
  services: Service[];
  insurances: Insurance[];
  addressServices: AddressService[];
  addressInsurances: AddressInsurance[];
  weekly: Weekly[];
  holidays: Holiday[];
  exceptions: Exception[];
  extra: Extra[];
}

/** mulberry32: small, fast, deterministic. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const INSURERS = ['NFZ', 'Medicover', 'LuxMed', 'PZU Zdrowie', 'Allianz Care'];
const HOLIDAY_NAMES = ['Clinic closed (public holiday)', 'Staff training day', 'Clinic closed (inventory)'];

/** Builds the static part of the clinic. `from`/`to` bound the generated dates (past and future). */
/**
 * The d-th doctor's name, distinct for every doctor: the first 16 pair the two pools as before; each further round
 * of 16 shifts the surname by one more, so 256 doctors get distinct pairs, and beyond that the id is appended.
 * (The mapping screen suggests nothing for ambiguous names, so repeats would leave calendars unmapped.)
 */
function doctorName(d: number): { firstName: string; lastName: string } {
  const round = Math.floor(d / DOCTOR_FIRST.length);
  const last = DOCTOR_LAST[(d * 7 + round) % DOCTOR_LAST.length]!;
  return {
    firstName: DOCTOR_FIRST[d % DOCTOR_FIRST.length]!,
    lastName: round < DOCTOR_LAST.length ? last : `${last} ${d + 1}`,
  };
}

export function buildClinicModel(
  rnd: Random,
  opts: { doctors: number; locations: number; from: string; to: string; today: string },
  dates: { addDays: (d: string, n: number) => string; weekday: (d: string) => number },
): ClinicModel {
  const locations: Location[] = [];
  for (let i = 0; i < opts.locations; i++) {
    const base = LOCATIONS[i % LOCATIONS.length]!;
    const suffix = i >= LOCATIONS.length ? ` ${Math.floor(i / LOCATIONS.length) + 1}` : '';
    locations.push({ id: i + 1, ...base, name: base.name + suffix });
  }
  const services: Service[] = [];
  SPECIALTIES.forEach((sp) =>
    sp.services.forEach(([name, minutes]) => services.push({ id: services.length + 1, name, minutes })),
  );
  const insurances: Insurance[] = INSURERS.map((name, i) => ({ id: i + 1, name }));
  const doctors: Doctor[] = [];
  const addressServices: AddressService[] = [];
  const addressInsurances: AddressInsurance[] = [];
  const weekly: Weekly[] = [];
  const exceptions: Exception[] = [];
  const extra: Extra[] = [];
  for (let d = 0; d < opts.doctors; d++) {
    const id = d + 1;
    doctors.push({
      id,
      title: 'dr',
      ...doctorName(d),
    });
    const specialty = d % SPECIALTIES.length;
    const firstService = SPECIALTIES.slice(0, specialty).reduce((n, sp) => n + sp.services.length, 0) + 1;
    const primary = (d % opts.locations) + 1;
    const secondary = opts.locations > 1 && d % 3 === 0 ? ((d + 1) % opts.locations) + 1 : null;
    const homes = secondary ? [primary, secondary] : [primary];
    homes.forEach((locationId, li) => {
      SPECIALTIES[specialty]!.services.forEach(([, minutes], si) => {
        // The same service can take longer at the second location (older equipment, longer walks …).
        addressServices.push({
          doctorId: id,
          locationId,
          serviceId: firstService + si,
          minutes: li === 0 ? minutes : minutes + 5,
        });
      });
      const accepted = insurances.filter((_, k) => (d + k) % 2 === 0);
      accepted.forEach((ins) => addressInsurances.push({ doctorId: id, locationId, insuranceId: ins.id }));
      // Weekdays: primary Mon–Fri except one; secondary the remaining day plus Saturday morning.
      const off = 1 + (d % 5);
      const days = li === 0 ? [1, 2, 3, 4, 5].filter((w) => !secondary || w !== off) : [off, 6];
      for (const w of days) {
        const insurance: InsuranceMode = w === 6 ? 'private' : w === 5 && d % 2 === 1 ? 'insured' : 'all';
        const hours = (
          start: string,
          end: string,
          validFrom: string | null = null,
          validTo: string | null = null,
        ) =>
          weekly.push({
            id: weekly.length + 1,
            doctorId: id,
            locationId,
            weekday: w,
            start,
            end,
            validFrom,
            validTo,
            insurance,
          });
        if (w === 6) {
          hours('09:00', '13:00');
        } else if (li === 0 && d % 4 === 1) {
          // A schedule change in the middle of the range: later start from `today + 21`.
          const change = dates.addDays(opts.today, 21);
          const before = dates.addDays(change, -1);
          hours('08:00', '12:00', null, before);
          hours('13:00', '16:00', null, before);
          hours('10:00', '13:30', change);
          hours('14:30', '18:00', change);
        } else {
          const morning = li === 0 && d % 2 === 0;
          const [a, b, c, e] = morning
            ? ['08:00', '12:00', '13:00', '16:00']
            : ['11:00', '14:30', '15:30', '19:00'];
          hours(a, b);
          hours(c, e);
        }
      }
    });
    // A week of vacation, one day with different hours, one Sunday of extra hours (within the future range).
    const vacation = dates.addDays(opts.today, 14 + rnd.int(40));
    for (let k = 0; k < 5; k++) {
      exceptions.push({
        id: exceptions.length + 1,
        doctorId: id,
        locationId: null,
        date: dates.addDays(vacation, k),
        kind: 'off',
        start: null,
        end: null,
        insurance: 'all',
      });
    }
    const changed = dates.addDays(opts.today, 3 + rnd.int(10));
    if (dates.weekday(changed) <= 5) {
      exceptions.push({
        id: exceptions.length + 1,
        doctorId: id,
        locationId: primary,
        date: changed,
        kind: 'hours',
        start: '12:00',
        end: '17:00',
        insurance: 'all',
      });
    }
    let sunday = dates.addDays(opts.today, 7 + rnd.int(20));
    while (dates.weekday(sunday) !== 7) sunday = dates.addDays(sunday, 1);
    if (d % 2 === 0)
      extra.push({
        id: extra.length + 1,
        doctorId: id,
        locationId: primary,
        date: sunday,
        start: '10:00',
        end: '12:00',
        insurance: 'private',
      });
  }
  const holidays: Holiday[] = [];
  for (let date = opts.from; date <= opts.to; date = dates.addDays(date, 1)) {
    // Fixed-date public holidays in the range, plus one clinic-specific closed day.
    const md = date.slice(5);
    if (['01-01', '01-06', '05-01', '05-03', '08-15', '11-01', '11-11', '12-25', '12-26'].includes(md)) {
      holidays.push({ id: holidays.length + 1, date, name: HOLIDAY_NAMES[0]!, locationId: null });
    }
  }
  holidays.push({
    id: holidays.length + 1,
    date: dates.addDays(opts.today, 30),
    name: HOLIDAY_NAMES[1]!,
    locationId: opts.locations > 1 ? 2 : 1,
  });
  return {
    doctors,
    locations,
    services,
    insurances,
    addressServices,
    addressInsurances,
    weekly,
    holidays,
    exceptions,
    extra,
  };
}

/** A generated patient (fictional). */
export function makePatient(rnd: Random, id: number, year: number): Patient {
  const gender: 'm' | 'f' = rnd.chance(0.55) ? 'f' : 'm';
  const firstName = rnd.pick(gender === 'f' ? PATIENT_FIRST_F : PATIENT_FIRST_M);
  let lastName = rnd.pick(PATIENT_LAST);
  if (gender === 'f' && lastName.endsWith('ski')) lastName = lastName.slice(0, -1) + 'a';
  if (gender === 'f' && lastName.endsWith('cki')) lastName = lastName.slice(0, -1) + 'a';
  const by = year - 1 - rnd.int(85);
  const bm = 1 + rnd.int(12);
  const bd = 1 + rnd.int(28);
  const birthDate = `${by}-${String(bm).padStart(2, '0')}-${String(bd).padStart(2, '0')}`;
  const nin = `${String(by % 100).padStart(2, '0')}${String(bm + (by >= 2000 ? 20 : 0)).padStart(2, '0')}${String(bd).padStart(2, '0')}${String(rnd.int(100000)).padStart(5, '0')}`;
  const phone = rnd.chance(0.95)
    ? `+48 5${rnd.int(10)}${rnd.int(10)} ${String(rnd.int(1000)).padStart(3, '0')} ${String(rnd.int(1000)).padStart(3, '0')}`
    : null;
  const email = rnd.chance(0.7)
    ? `${ascii(firstName)}.${ascii(lastName)}${id}@example.com`.toLowerCase()
    : null;
  return { id, firstName, lastName, phone, email, birthDate, nin, gender };
}

function ascii(s: string): string {
  return s
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '');
}
