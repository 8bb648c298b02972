// Writes a generated clinic into a database, in the reference schema or in the alternate schema of the mapping
// worked example. Prepared statements inside big transactions, so a million appointments take seconds.
import type Database from 'better-sqlite3';
import { REFERENCE_INDEXES_SQL, REFERENCE_TABLES_SQL } from '../reference/schema';
import type { ClinicTime } from '../time';
import { utcIso } from '../time';
import { ALTERNATE_SCHEMA_SQL, ALTERNATE_STATUS_CODES, ALTERNATE_WEEKDAYS } from './alternate';
import type { Appointment, Block, ClinicModel, Patient } from './model';

/** The generator's fixed "last modified" stamp, older than any edit made afterwards. */
export const GENERATED_STAMP = '2025-01-01T00:00:00.000Z';

export interface ClinicWriter {
  writeStatic(model: ClinicModel): void;
  patient(p: Patient): void;
  appointment(a: Appointment): void;
  block(b: Block): void;
  /** After the bulk load (indexes are cheaper to build once than to maintain row by row). */
  finish(): void;
}

export function referenceWriter(db: Database.Database): ClinicWriter {
  db.exec(REFERENCE_TABLES_SQL);
  const s = GENERATED_STAMP;
  const patient = db.prepare(
    `INSERT INTO patients (id, first_name, last_name, phone, email, birth_date, pesel, gender, updated_at) VALUES (?,?,?,?,?,?,?,?,?)`,
  );
  const appt = db.prepare(
    `INSERT INTO appointments (id, doctor_id, location_id, service_id, patient_id, starts_at, ends_at, status, insurance_id,
       comment, booked_via, external_id, cancel_reason, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const block = db.prepare(
    `INSERT INTO blocked_times (id, doctor_id, location_id, starts_at, ends_at, reason, external_id, updated_at) VALUES (?,?,?,?,?,?,NULL,?)`,
  );
  return {
    writeStatic(m) {
      const ins = (sql: string, rows: unknown[][]) => {
        const st = db.prepare(sql);
        for (const r of rows) st.run(...r);
      };
      ins(
        `INSERT INTO doctors (id, title, first_name, last_name, active, updated_at) VALUES (?,?,?,?,1,?)`,
        m.doctors.map((d) => [d.id, d.title, d.firstName, d.lastName, s]),
      );
      ins(
        `INSERT INTO locations (id, name, street, city, postal_code, updated_at) VALUES (?,?,?,?,?,?)`,
        m.locations.map((l) => [l.id, l.name, l.street, l.city, l.postal, s]),
      );
      ins(
        `INSERT INTO services (id, name, default_duration_min, updated_at) VALUES (?,?,?,?)`,
        m.services.map((v) => [v.id, v.name, v.minutes, s]),
      );
      ins(
        `INSERT INTO insurances (id, name, updated_at) VALUES (?,?,?)`,
        m.insurances.map((i) => [i.id, i.name, s]),
      );
      ins(
        `INSERT INTO doctor_services VALUES (?,?,?,?,?)`,
        m.addressServices.map((a) => [a.doctorId, a.locationId, a.serviceId, a.minutes, s]),
      );
      ins(
        `INSERT INTO doctor_insurances VALUES (?,?,?,?)`,
        m.addressInsurances.map((a) => [a.doctorId, a.locationId, a.insuranceId, s]),
      );
      ins(
        `INSERT INTO weekly_schedules (id, doctor_id, location_id, weekday, start_time, end_time, valid_from, valid_to, insurance_mode, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)`,
        m.weekly.map((w) => [
          w.id,
          w.doctorId,
          w.locationId,
          w.weekday,
          w.start,
          w.end,
          w.validFrom,
          w.validTo,
          w.insurance,
          s,
        ]),
      );
      ins(
        `INSERT INTO holidays (id, date, name, location_id, updated_at) VALUES (?,?,?,?,?)`,
        m.holidays.map((h) => [h.id, h.date, h.name, h.locationId, s]),
      );
      ins(
        `INSERT INTO schedule_exceptions (id, doctor_id, location_id, date, kind, start_time, end_time, insurance_mode, note, updated_at) VALUES (?,?,?,?,?,?,?,?,NULL,?)`,
        m.exceptions.map((e) => [
          e.id,
          e.doctorId,
          e.locationId,
          e.date,
          e.kind,
          e.start,
          e.end,
          e.insurance,
          s,
        ]),
      );
      ins(
        `INSERT INTO extra_hours (id, doctor_id, location_id, date, start_time, end_time, insurance_mode, note, updated_at) VALUES (?,?,?,?,?,?,?,NULL,?)`,
        m.extra.map((e) => [e.id, e.doctorId, e.locationId, e.date, e.start, e.end, e.insurance, s]),
      );
    },
    patient(p) {
      patient.run(p.id, p.firstName, p.lastName, p.phone, p.email, p.birthDate, p.nin, p.gender, s);
    },
    appointment(a) {
      appt.run(
        a.id,
        a.doctorId,
        a.locationId,
        a.serviceId,
        a.patientId,
        utcIso(a.startMs),
        utcIso(a.endMs),
        a.status,
        a.insuranceId,
        a.comment,
        a.externalId ? 'marketplace' : 'desk',
        a.externalId,
        a.status === 'canceled' ? 'patient called' : null,
        s,
        s,
      );
    },
    block(b) {
      block.run(b.id, b.doctorId, b.locationId, utcIso(b.startMs), utcIso(b.endMs), b.reason, s);
    },
    finish() {
      db.exec(REFERENCE_INDEXES_SQL);
    },
  };
}

export function alternateWriter(db: Database.Database, time: ClinicTime): ClinicWriter {
  db.exec(ALTERNATE_SCHEMA_SQL);
  const client = db.prepare(`INSERT INTO clients VALUES (?,?,?,?,?,?,?,?)`);
  const visit = db.prepare(`INSERT INTO visits VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`);
  const busy = db.prepare(`INSERT INTO busy VALUES (?,?,?,?,?,?,?)`);
  const local = (ms: number) => time.formatLocal(ms);
  return {
    writeStatic(m) {
      const ins = (sql: string, rows: unknown[][]) => {
        const st = db.prepare(sql);
        for (const r of rows) st.run(...r);
      };
      ins(
        `INSERT INTO staff VALUES (?,?,?)`,
        m.doctors.map((d) => [d.id, `${d.title} ${d.firstName} ${d.lastName}`, 'D']),
      );
      ins(
        `INSERT INTO sites VALUES (?,?,?)`,
        m.locations.map((l) => [l.id, l.name, `${l.street}, ${l.postal} ${l.city}`]),
      );
      ins(
        `INSERT INTO treatments VALUES (?,?,?)`,
        m.services.map((v) => [v.id, v.name, v.minutes / 5]),
      );
      ins(
        `INSERT INTO payers VALUES (?,?)`,
        m.insurances.map((i) => [i.id, i.name]),
      );
      ins(
        `INSERT INTO staff_treatments VALUES (?,?,?,?)`,
        m.addressServices.map((a) => [a.doctorId, a.locationId, a.serviceId, a.minutes / 5]),
      );
      ins(
        `INSERT INTO staff_payers VALUES (?,?,?)`,
        m.addressInsurances.map((a) => [a.doctorId, a.locationId, a.insuranceId]),
      );
      const rule = { all: 'A', private: 'P', insured: 'I' } as const;
      ins(
        `INSERT INTO rota VALUES (?,?,?,?,?,?,?,?)`,
        m.weekly.map((w) => [
          w.doctorId,
          w.locationId,
          ALTERNATE_WEEKDAYS[w.weekday - 1],
          w.start.replace(':', ''),
          w.end.replace(':', ''),
          w.validFrom ?? '',
          w.validTo ?? '',
          rule[w.insurance],
        ]),
      );
      ins(
        `INSERT INTO closures VALUES (?,?,?,?)`,
        m.holidays.map((h) => [h.date, null, h.locationId, h.name]),
      );
      for (const e of m.exceptions) {
        if (e.kind === 'off')
          db.prepare(`INSERT INTO closures VALUES (?,?,?,?)`).run(e.date, e.doctorId, e.locationId, 'absent');
        else
          db.prepare(`INSERT INTO rota_changes VALUES (?,?,?,?,?,?,?)`).run(
            e.doctorId,
            e.locationId,
            e.date,
            'R',
            e.start!.replace(':', ''),
            e.end!.replace(':', ''),
            rule[e.insurance],
          );
      }
      for (const e of m.extra) {
        db.prepare(`INSERT INTO rota_changes VALUES (?,?,?,?,?,?,?)`).run(
          e.doctorId,
          e.locationId,
          e.date,
          'X',
          e.start.replace(':', ''),
          e.end.replace(':', ''),
          rule[e.insurance],
        );
      }
    },
    patient(p) {
      const [y, mo, d] = p.birthDate.split('-');
      client.run(
        p.id,
        p.lastName,
        p.firstName,
        p.phone,
        p.email,
        `${d}.${mo}.${y}`,
        p.nin,
        p.gender.toUpperCase(),
      );
    },
    appointment(a) {
      const start = local(a.startMs);
      visit.run(
        a.id,
        a.doctorId,
        a.locationId,
        a.patientId,
        a.serviceId,
        start.slice(0, 10),
        start.slice(11, 16),
        Math.round((a.endMs - a.startMs) / 300_000),
        ALTERNATE_STATUS_CODES[a.status],
        a.insuranceId,
        a.comment,
        a.externalId,
      );
    },
    block(b) {
      const s = local(b.startMs);
      const e = local(b.endMs);
      busy.run(b.id, b.doctorId, b.locationId, s.slice(0, 10), s.slice(11, 16), e.slice(11, 16), b.reason);
    },
    finish() {},
  };
}
