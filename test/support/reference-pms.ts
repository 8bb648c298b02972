// Plays the PMS in tests and benchmarks: opens a reference-schema database read-write on its own connection
// (as the practice-management program would) and makes the edits a receptionist makes. Times are accepted as
// instants with offset ("2026-11-23T09:00:00+01:00") or clinic-local "2026-11-23 09:00".
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import type { BookingStatus, Patient } from '../../shared/canonical';
import { ClinicTime, parseInstant, utcIso } from '../../electron/engine/practice/time';

type Id = string | number;

export interface PmsAppointment {
  id: string;
  doctorId: string;
  locationId: string;
  serviceId: string | null;
  patientId: string;
  start: string;
  end: string;
  status: BookingStatus;
  bookedVia: 'desk' | 'phone' | 'marketplace';
  externalId: string | null;
}

export interface NewAppointment {
  doctorId: Id;
  locationId: Id;
  start: string;
  /** End time, or `minutes` (default 20). */
  end?: string;
  minutes?: number;
  serviceId?: Id | null;
  status?: BookingStatus;
  /** An existing patient id, or the details of a new one (a generated patient by default). */
  patient?: Id | Partial<Patient>;
  insuranceId?: Id | null;
  comment?: string | null;
  bookedVia?: 'desk' | 'phone' | 'marketplace';
  externalId?: string | null;
}

export class ReferencePms {
  readonly db: Database.Database;
  private readonly time: ClinicTime;
  private readonly now: () => number;
  private patientSeq = 0;

  constructor(dbPath: string, opts: { timeZone?: string; now?: () => number; busyTimeoutMs?: number } = {}) {
    this.db = new Database(dbPath, { fileMustExist: true, timeout: opts.busyTimeoutMs ?? 5000 });
    this.time = new ClinicTime(opts.timeZone ?? 'Europe/Warsaw');
    this.now = opts.now ?? Date.now;
  }

  private stamp(): string {
    return utcIso(this.now());
  }

  /** Instant (UTC ms) of "…+01:00", "…Z" or clinic-local "YYYY-MM-DD HH:MM". */
  instant(text: string): number {
    const ms = parseInstant(text) ?? this.time.parseLocal(text);
    if (ms === null) throw new Error(`ReferencePms: cannot parse time "${text}"`);
    return ms;
  }

  addPatient(p: Partial<Patient> = {}): string {
    const n = ++this.patientSeq;
    const r = this.db
      .prepare(
        `INSERT INTO patients (first_name, last_name, phone, email, birth_date, pesel, gender, updated_at)
         VALUES (?,?,?,?,?,?,?,?)`,
      )
      .run(
        p.firstName ?? `Test${n}`,
        p.lastName ?? 'Patient',
        p.phone ?? null,
        p.email ?? null,
        p.birthDate ?? null,
        p.nin ?? null,
        p.gender ?? null,
        this.stamp(),
      );
    return String(r.lastInsertRowid);
  }

  updatePatient(id: Id, p: Partial<Pick<Patient, 'firstName' | 'lastName' | 'phone' | 'email'>>): void {
    const cur = this.db.prepare(`SELECT * FROM patients WHERE id = ?`).get(Number(id)) as Record<
      string,
      unknown
    >;
    this.db
      .prepare(
        `UPDATE patients SET first_name = ?, last_name = ?, phone = ?, email = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        p.firstName ?? cur.first_name,
        p.lastName ?? cur.last_name,
        p.phone ?? cur.phone,
        p.email ?? cur.email,
        this.stamp(),
        Number(id),
      );
  }

  addAppointment(a: NewAppointment): string {
    return this.db.transaction(() => {
      const patientId =
        typeof a.patient === 'string' || typeof a.patient === 'number'
          ? String(a.patient)
          : this.addPatient(a.patient ?? {});
      const start = this.instant(a.start);
      const end = a.end !== undefined ? this.instant(a.end) : start + (a.minutes ?? 20) * 60_000;
      const r = this.db
        .prepare(
          `INSERT INTO appointments (doctor_id, location_id, service_id, patient_id, starts_at, ends_at, status,
             insurance_id, comment, booked_via, external_id, created_at, updated_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(
          Number(a.doctorId),
          Number(a.locationId),
          a.serviceId == null ? null : Number(a.serviceId),
          Number(patientId),
          utcIso(start),
          utcIso(end),
          a.status ?? 'booked',
          a.insuranceId == null ? null : Number(a.insuranceId),
          a.comment ?? null,
          a.bookedVia ?? 'desk',
          a.externalId ?? null,
          this.stamp(),
          this.stamp(),
        );
      return String(r.lastInsertRowid);
    })();
  }

  setStatus(id: Id, status: BookingStatus): void {
    this.db
      .prepare(`UPDATE appointments SET status = ?, updated_at = ? WHERE id = ?`)
      .run(status, this.stamp(), Number(id));
  }

  cancelAppointment(id: Id, reason: string | null = null): void {
    this.db
      .prepare(`UPDATE appointments SET status = 'canceled', cancel_reason = ?, updated_at = ? WHERE id = ?`)
      .run(reason, this.stamp(), Number(id));
  }

  rescheduleAppointment(
    id: Id,
    to: { start: string; end?: string; minutes?: number; doctorId?: Id; locationId?: Id },
  ): void {
    const cur = this.db.prepare(`SELECT * FROM appointments WHERE id = ?`).get(Number(id)) as
      { doctor_id: number; location_id: number; starts_at: string; ends_at: string } | undefined;
    if (!cur) throw new Error(`ReferencePms: no appointment ${id}`);
    const start = this.instant(to.start);
    const length = Date.parse(cur.ends_at) - Date.parse(cur.starts_at);
    const end =
      to.end !== undefined
        ? this.instant(to.end)
        : start + (to.minutes !== undefined ? to.minutes * 60_000 : length);
    this.db
      .prepare(
        `UPDATE appointments SET doctor_id = ?, location_id = ?, starts_at = ?, ends_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        Number(to.doctorId ?? cur.doctor_id),
        Number(to.locationId ?? cur.location_id),
        utcIso(start),
        utcIso(end),
        this.stamp(),
        Number(id),
      );
  }

  /** Hard delete: the row is gone, no timestamp left behind. */
  deleteAppointment(id: Id): void {
    this.db.prepare(`DELETE FROM appointments WHERE id = ?`).run(Number(id));
  }

  /** Replaces the weekly hours of one weekday (1 = Monday) at one location. */
  setWorkingHours(
    doctorId: Id,
    locationId: Id,
    weekday: number,
    periods: [string, string][],
    opts: {
      validFrom?: string | null;
      validTo?: string | null;
      insurance?: 'all' | 'private' | 'insured';
    } = {},
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(`DELETE FROM weekly_schedules WHERE doctor_id = ? AND location_id = ? AND weekday = ?`)
        .run(Number(doctorId), Number(locationId), weekday);
      const ins = this.db.prepare(
        `INSERT INTO weekly_schedules (doctor_id, location_id, weekday, start_time, end_time, valid_from, valid_to,
           insurance_mode, updated_at) VALUES (?,?,?,?,?,?,?,?,?)`,
      );
      for (const [s, e] of periods) {
        ins.run(
          Number(doctorId),
          Number(locationId),
          weekday,
          s,
          e,
          opts.validFrom ?? null,
          opts.validTo ?? null,
          opts.insurance ?? 'all',
          this.stamp(),
        );
      }
    })();
  }

  /** A day off (`off: true`) or replacement hours for one date of one doctor (all locations unless given). */
  addScheduleException(
    doctorId: Id,
    date: string,
    change: { off: true; locationId?: Id } | { hours: [string, string][]; locationId?: Id },
  ): void {
    const loc = change.locationId === undefined ? null : Number(change.locationId);
    const ins = this.db.prepare(
      `INSERT INTO schedule_exceptions (doctor_id, location_id, date, kind, start_time, end_time, updated_at)
       VALUES (?,?,?,?,?,?,?)`,
    );
    this.db.transaction(() => {
      if ('off' in change) ins.run(Number(doctorId), loc, date, 'off', null, null, this.stamp());
      else
        for (const [s, e] of change.hours) ins.run(Number(doctorId), loc, date, 'hours', s, e, this.stamp());
    })();
  }

  addHoliday(date: string, name = 'Public holiday', locationId: Id | null = null): void {
    this.db
      .prepare(`INSERT INTO holidays (date, name, location_id, updated_at) VALUES (?,?,?,?)`)
      .run(date, name, locationId === null ? null : Number(locationId), this.stamp());
  }

  addExtraHours(doctorId: Id, locationId: Id, date: string, start: string, end: string): void {
    this.db
      .prepare(
        `INSERT INTO extra_hours (doctor_id, location_id, date, start_time, end_time, updated_at) VALUES (?,?,?,?,?,?)`,
      )
      .run(Number(doctorId), Number(locationId), date, start, end, this.stamp());
  }

  addBlock(
    doctorId: Id,
    locationId: Id,
    start: string,
    end: string,
    reason: string | null = 'Meeting',
  ): string {
    const r = this.db
      .prepare(
        `INSERT INTO blocked_times (doctor_id, location_id, starts_at, ends_at, reason, updated_at) VALUES (?,?,?,?,?,?)`,
      )
      .run(
        Number(doctorId),
        Number(locationId),
        utcIso(this.instant(start)),
        utcIso(this.instant(end)),
        reason,
        this.stamp(),
      );
    return String(r.lastInsertRowid);
  }

  /** Hard delete of blocked time. */
  removeBlock(id: Id): void {
    this.db.prepare(`DELETE FROM blocked_times WHERE id = ?`).run(Number(id));
  }

  listAppointments(
    filter: {
      doctorId?: Id;
      locationId?: Id;
      date?: string;
      status?: BookingStatus;
      externalId?: string;
    } = {},
  ): PmsAppointment[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.doctorId !== undefined) {
      where.push('doctor_id = ?');
      params.push(Number(filter.doctorId));
    }
    if (filter.locationId !== undefined) {
      where.push('location_id = ?');
      params.push(Number(filter.locationId));
    }
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.externalId !== undefined) {
      where.push('external_id = ?');
      params.push(filter.externalId);
    }
    if (filter.date !== undefined) {
      where.push('starts_at >= ? AND starts_at < ?');
      const from = this.time.startOfDay(filter.date);
      params.push(utcIso(from), utcIso(this.time.startOfDay(this.time.dateOf(from + 30 * 3600_000))));
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM appointments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY starts_at, id`,
      )
      .all(...params) as Record<string, string | number | null>[];
    return rows.map((r) => ({
      id: String(r.id),
      doctorId: String(r.doctor_id),
      locationId: String(r.location_id),
      serviceId: r.service_id === null ? null : String(r.service_id),
      patientId: String(r.patient_id),
      start: this.time.format(Date.parse(String(r.starts_at))),
      end: this.time.format(Date.parse(String(r.ends_at))),
      status: r.status as BookingStatus,
      bookedVia: r.booked_via as PmsAppointment['bookedVia'],
      externalId: r.external_id === null ? null : String(r.external_id),
    }));
  }

  /** Takes the write lock (BEGIN IMMEDIATE) on this connection until the returned function is called. */
  holdWriteLock(): () => void {
    this.db.exec('BEGIN IMMEDIATE');
    return () => this.db.exec('COMMIT');
  }

  close(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }
}

/**
 * Another process plays the PMS in the middle of writing an appointment: it takes the write lock, inserts the
 * patient, holds the lock for `holdMs`, then inserts the appointment and commits. Resolves `locked` once the lock
 * is held; `done` when the child exited.
 */
export function pmsWriterInAnotherProcess(
  dbPath: string,
  holdMs: number,
  appointment: { doctorId: number; locationId: number; startUtc: string; endUtc: string },
): { locked: Promise<void>; done: Promise<number> } {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(dbPath)}, { timeout: 5000 });
    db.exec('BEGIN IMMEDIATE');
    const p = db.prepare("INSERT INTO patients (first_name, last_name, updated_at) VALUES ('Child', 'Writer', '2030-01-01T00:00:00.000Z')").run();
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
    db.prepare("INSERT INTO appointments (doctor_id, location_id, patient_id, starts_at, ends_at, status, created_at, updated_at) VALUES (?,?,?,?,?,'booked','2030-01-01T00:00:00.000Z','2030-01-01T00:00:00.000Z')")
      .run(${appointment.doctorId}, ${appointment.locationId}, p.lastInsertRowid, ${JSON.stringify(appointment.startUtc)}, ${JSON.stringify(appointment.endUtc)});
    db.exec('COMMIT');
    db.close();
  `;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`PMS child exited (${code}) before taking the lock`)));
  });
  const done = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { locked, done };
}
