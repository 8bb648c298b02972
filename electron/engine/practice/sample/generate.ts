// Sample clinic generator: a realistic, deterministic (for a seed and start date) practice database in the
// reference schema or in the alternate schema of the mapping worked example. Used by tests, the benchmark and
// the demo. Patients are generated; no real person is in it.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { LocalAddressKey } from '../../../../shared/canonical';
import type { ScheduleRows } from '../schedule';
import { ScheduleModel } from '../schedule';
import { ClinicTime, addDays, isoWeekday } from '../time';
import { ALTERNATE_MAPPING_YAML } from './alternate';
import type { Appointment, ClinicModel, Status } from './model';
import { Random, buildClinicModel, makePatient } from './model';
import type { ClinicWriter } from './writers';
import { alternateWriter, referenceWriter } from './writers';

export interface SampleClinicOptions {
  doctors?: number;
  locations?: number;
  /** Days ahead of startDate (inclusive of it). Default 84. */
  days?: number;
  seed?: number;
  /** "Today" of the generated clinic; default: today in the clinic's zone. */
  startDate?: string;
  timeZone?: string;
  /** Days of history before startDate. Default 14 (or enough to hold targetAppointments). */
  pastDays?: number;
  /** Approximate number of appointments (up to ~1,000,000 for the benchmark). */
  targetAppointments?: number;
  schema?: 'reference' | 'alternate';
}

export interface SampleClinicSummary {
  path: string;
  /** Mapping file written beside an alternate-schema database. */
  mappingFile: string | null;
  schema: 'reference' | 'alternate';
  seed: number;
  timeZone: string;
  startDate: string;
  from: string;
  to: string;
  doctors: number;
  locations: number;
  services: number;
  addresses: LocalAddressKey[];
  patients: number;
  appointments: number;
  blocks: number;
}

const COMMENTS = ['First visit', 'Referral from GP', 'Follow-up after lab results', 'Control visit'];
const BLOCK_REASONS = ['Team meeting', 'Training', 'Equipment service'];
const BATCH = 50_000;

export function generateSampleClinic(path: string, opts: SampleClinicOptions = {}): SampleClinicSummary {
  const seed = opts.seed ?? 1;
  const timeZone = opts.timeZone ?? 'Europe/Warsaw';
  const time = new ClinicTime(timeZone);
  const startDate = opts.startDate ?? time.dateOf(Date.now());
  const days = opts.days ?? 84;
  const doctors = opts.doctors ?? 6;
  const locations = opts.locations ?? 2;
  const schema = opts.schema ?? 'reference';
  const rnd = new Random(seed);

  // Static clinic first (its schedule decides how many appointments fit).
  const futureTo = addDays(startDate, days - 1);
  const probe = buildClinicModel(
    new Random(seed),
    { doctors, locations, from: startDate, to: futureTo, today: startDate },
    dateFns,
  );
  let pastDays = opts.pastDays ?? 14;
  const target = opts.targetAppointments;
  if (target !== undefined && opts.pastDays === undefined) {
    const perDay = capacity(probe, time, startDate, addDays(startDate, 27)) / 28;
    pastDays = Math.max(pastDays, Math.ceil(target / (0.85 * perDay)) - days);
  }
  const from = addDays(startDate, -pastDays);
  const model = buildClinicModel(rnd, { doctors, locations, from, to: futureTo, today: startDate }, dateFns);
  const schedule = new ScheduleModel(scheduleRowsOf(model), time);
  const fill =
    target !== undefined ? Math.min(0.97, target / Math.max(1, capacity(model, time, from, futureTo))) : 0.6;

  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path + suffix, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const writer: ClinicWriter = schema === 'reference' ? referenceWriter(db) : alternateWriter(db, time);
  let pending = 0;
  const tick = () => {
    if (++pending >= BATCH) {
      db.exec('COMMIT; BEGIN');
      pending = 0;
    }
  };
  db.exec('BEGIN');
  writer.writeStatic(model);
  const expected = target ?? 400;
  const patientCount = Math.max(60, Math.round(expected / 4));
  const year = Number(startDate.slice(0, 4));
  for (let id = 1; id <= patientCount; id++) {
    writer.patient(makePatient(rnd, id, year));
    tick();
  }

  let appointments = 0;
  let blocks = 0;
  const limit = target ?? Number.POSITIVE_INFINITY;
  const addresses = schedule.addressKeys;
  for (let date = from; date <= futureTo && appointments < limit; date = addDays(date, 1)) {
    const past = date < startDate;
    for (const key of addresses) {
      const doctorId = Number(key.doctorId);
      const locationId = Number(key.locationId);
      const services = model.addressServices.filter(
        (s) => s.doctorId === doctorId && s.locationId === locationId,
      );
      const insurers = model.addressInsurances.filter(
        (s) => s.doctorId === doctorId && s.locationId === locationId,
      );
      const { periods } = schedule.periodsFor(key, date);
      periods.forEach((p, pi) => {
        let t = Date.parse(p.start);
        const end = Date.parse(p.end);
        if (pi === 0 && end - t >= 90 * 60_000 && rnd.chance(0.04)) {
          blocks++;
          writer.block({
            id: blocks,
            doctorId,
            locationId,
            startMs: t,
            endMs: t + 60 * 60_000,
            reason: rnd.pick(BLOCK_REASONS),
          });
          t += 60 * 60_000;
        }
        while (t < end && appointments < limit) {
          const service = rnd.pick(services);
          const dur = service.minutes * 60_000;
          if (t + dur > end) break;
          if (rnd.chance(fill)) {
            const place = (status: Status) => {
              appointments++;
              const insured =
                p.insurance !== 'without-insurance-only' && insurers.length > 0 && rnd.chance(0.4);
              const online = rnd.chance(0.2);
              const a: Appointment = {
                id: appointments,
                doctorId,
                locationId,
                serviceId: service.serviceId,
                patientId: 1 + rnd.int(patientCount),
                startMs: t,
                endMs: t + dur,
                status,
                insuranceId: insured ? rnd.pick(insurers).insuranceId : null,
                comment: rnd.chance(0.1) ? rnd.pick(COMMENTS) : null,
                externalId: online ? `dp-${seed}-${appointments}` : null,
              };
              writer.appointment(a);
              tick();
            };
            const roll = rnd.next();
            if (roll < 0.08) {
              place('canceled');
              // Half of the canceled slots were given to someone else.
              if (rnd.chance(0.5) && appointments < limit) place(past ? 'completed' : 'booked');
            } else if (past) place(roll < 0.13 ? 'no-show' : 'completed');
            else place(roll < 0.35 ? 'confirmed' : 'booked');
          }
          t += dur;
        }
      });
    }
  }
  writer.finish();
  db.exec('COMMIT');
  db.pragma('synchronous = FULL');
  db.exec('ANALYZE');
  db.close();
  let mappingFile: string | null = null;
  if (schema === 'alternate') {
    mappingFile = `${path}.mapping.yaml`;
    fs.writeFileSync(mappingFile, ALTERNATE_MAPPING_YAML);
  }
  return {
    path,
    mappingFile,
    schema,
    seed,
    timeZone,
    startDate,
    from,
    to: futureTo,
    doctors,
    locations,
    services: new Set(model.addressServices.map((s) => s.serviceId)).size,
    addresses,
    patients: patientCount,
    appointments,
    blocks,
  };
}

const dateFns = { addDays, weekday: isoWeekday };

/** The generated clinic's schedule as normalized rows (what a source would read back). */
export function scheduleRowsOf(m: ClinicModel): ScheduleRows {
  return {
    weeklyHours: m.weekly.map((w) => ({
      doctor_id: String(w.doctorId),
      location_id: String(w.locationId),
      weekday: w.weekday,
      start_time: w.start,
      end_time: w.end,
      valid_from: w.validFrom,
      valid_to: w.validTo,
      insurance: w.insurance,
    })),
    holidays: m.holidays.map((h) => ({
      date: h.date,
      doctor_id: null,
      location_id: h.locationId === null ? null : String(h.locationId),
    })),
    dayOverrides: m.exceptions.map((e) => ({
      doctor_id: String(e.doctorId),
      location_id: e.locationId === null ? null : String(e.locationId),
      date: e.date,
      start_time: e.kind === 'off' ? null : e.start,
      end_time: e.kind === 'off' ? null : e.end,
      insurance: e.insurance,
    })),
    extraHours: m.extra.map((e) => ({
      doctor_id: String(e.doctorId),
      location_id: String(e.locationId),
      date: e.date,
      start_time: e.start,
      end_time: e.end,
      insurance: e.insurance,
    })),
    addressServices: m.addressServices.map((a) => ({
      doctor_id: String(a.doctorId),
      location_id: String(a.locationId),
      service_id: String(a.serviceId),
      duration_minutes: a.minutes,
    })),
    addressInsurances: m.addressInsurances.map((a) => ({
      doctor_id: String(a.doctorId),
      location_id: String(a.locationId),
      insurance_id: String(a.insuranceId),
    })),
  };
}

/** Rough number of appointment slots in a date range (for sizing the benchmark database). */
function capacity(model: ClinicModel, time: ClinicTime, from: string, to: string): number {
  const schedule = new ScheduleModel(scheduleRowsOf(model), time);
  let slots = 0;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    for (const key of schedule.addressKeys) {
      const services = model.addressServices.filter(
        (s) => String(s.doctorId) === key.doctorId && String(s.locationId) === key.locationId,
      );
      const avg = services.reduce((n, s) => n + s.minutes, 0) / Math.max(1, services.length);
      for (const p of schedule.periodsFor(key, date).periods)
        slots += (Date.parse(p.end) - Date.parse(p.start)) / 60_000 / avg;
    }
  }
  return slots;
}
