// Turns normalized appointment/block rows into canonical bookings and breaks, assigns them to clinic-local days,
// sorts everything deterministically, and fingerprints days (so change detection and the engine can compare).
import { createHash } from 'node:crypto';
import type { BlockedTime, BookingStatus, CanonicalDay, LocalBooking } from '../../../shared/canonical';
import { BookingStatusSchema, LOCAL_DATE } from '../../../shared/canonical';
import { PracticeDbError } from './adapter';
import type { AppointmentRowT, BlockRowT } from './rows';
import type { ClinicTime } from './time';
import { parseInstant } from './time';
import { byId } from './schedule';

export interface Timed<T> {
  startMs: number;
  date: string;
  item: T;
}

function instantOf(
  time: ClinicTime,
  utc: string | null,
  local: string | null,
  field: string,
  rowId: string,
): number | null {
  if (utc !== null) {
    const ms = parseInstant(utc);
    if (ms === null) throw unparseable(field, '_utc', rowId);
    return ms;
  }
  if (local !== null) {
    const ms = time.parseLocal(local);
    if (ms === null) throw unparseable(field, '_local', rowId);
    return ms;
  }
  return null;
}

function unparseable(field: string, suffix: string, rowId: string): PracticeDbError {
  return new PracticeDbError(
    'bad-data',
    `${field}${suffix} of row id ${rowId} does not parse as a ${suffix === '_utc' ? 'UTC/offset instant' : 'local date-time (YYYY-MM-DD HH:MM)'}`,
  );
}

export function toBooking(
  row: AppointmentRowT,
  time: ClinicTime,
  statusMap: Record<string, BookingStatus> | undefined,
  table: string,
): Timed<LocalBooking> & { doctorId: string; locationId: string } {
  const start = instantOf(time, row.start_utc, row.start_local, `${table}: start`, row.id);
  if (start === null) {
    throw new PracticeDbError(
      'bad-data',
      `${table}: row id ${row.id} has no start (start_utc or start_local)`,
    );
  }
  let end = instantOf(time, row.end_utc, row.end_local, `${table}: end`, row.id);
  if (end === null && row.duration_minutes != null) end = start + row.duration_minutes * 60_000;
  if (end === null || end <= start) {
    throw new PracticeDbError('bad-data', `${table}: row id ${row.id} has no end after its start`);
  }
  const status = mapStatus(row.status, statusMap, table, row.id);
  const birth = row.patient_birth_date;
  const gender = row.patient_gender?.toLowerCase() ?? null;
  return {
    startMs: start,
    date: time.dateOf(start),
    doctorId: row.doctor_id,
    locationId: row.location_id,
    item: {
      id: row.id,
      start: time.format(start),
      end: time.format(end),
      serviceId: row.service_id,
      status,
      patient: {
        firstName: row.patient_first_name ?? '',
        lastName: row.patient_last_name ?? '',
        phone: row.patient_phone,
        email: row.patient_email,
        birthDate: birth !== null && LOCAL_DATE.test(birth.slice(0, 10)) ? birth.slice(0, 10) : null,
        nin: row.patient_nin,
        gender: gender === 'm' || gender === 'f' ? gender : null,
      },
      insuranceId: row.insurance_id,
      comment: row.comment,
      origin: row.origin,
    },
  };
}

function mapStatus(
  code: string,
  statusMap: Record<string, BookingStatus> | undefined,
  table: string,
  rowId: string,
): BookingStatus {
  const mapped = statusMap ? statusMap[code] : BookingStatusSchema.safeParse(code).data;
  if (mapped === undefined) {
    const known = statusMap ? Object.keys(statusMap).join(', ') : BookingStatusSchema.options.join(', ');
    throw new PracticeDbError(
      'bad-data',
      `${table}: row id ${rowId} has status "${code}", not one of ${known}`,
    );
  }
  return mapped;
}

export function toBlock(
  row: BlockRowT,
  time: ClinicTime,
  table: string,
): Timed<BlockedTime> & { doctorId: string; locationId: string } {
  const start = instantOf(time, row.start_utc, row.start_local, `${table}: start`, row.id);
  const end = instantOf(time, row.end_utc, row.end_local, `${table}: end`, row.id);
  if (start === null || end === null || end <= start) {
    throw new PracticeDbError('bad-data', `${table}: row id ${row.id} needs a start and an end after it`);
  }
  return {
    startMs: start,
    date: time.dateOf(start),
    doctorId: row.doctor_id,
    locationId: row.location_id,
    item: { id: row.id, start: time.format(start), end: time.format(end), reason: row.reason },
  };
}

/** Sort by start, then id: a deterministic order so equal data always hashes the same. */
export function sortTimed<T extends { id: string }>(list: Timed<T>[]): T[] {
  return list.sort((a, b) => a.startMs - b.startMs || byId(a.item.id, b.item.id)).map((t) => t.item);
}

/** Stable fingerprint of a canonical day (or any part of it). */
export function fingerprint(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64url').slice(0, 16);
}

/** Hash of a whole canonical day, for the engine to compare with what it last pushed. */
export function hashDay(day: CanonicalDay): string {
  return fingerprint(day);
}
