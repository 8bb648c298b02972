// The built-in PracticeSource for the reference schema: read queries, write-back statements, and the
// O(changes) detection queries its updated_at columns allow.
import type { PracticeSource } from '../source';
import { REFERENCE_COLUMNS } from './schema';

/** Every column of the small schedule tables, concatenated: changes whenever any of them changes. */
const SCHEDULE_TABLES = [
  'weekly_schedules',
  'holidays',
  'schedule_exceptions',
  'extra_hours',
  'doctor_services',
  'doctor_insurances',
];
const scheduleStampSql = `SELECT ${SCHEDULE_TABLES.map(
  (t) =>
    `(SELECT count(*) || '#' || ifnull(group_concat(${REFERENCE_COLUMNS[t]!.map((c) => `quote(${c})`).join(` || ',' || `)}, ';'), '') FROM ${t})`,
).join(` || '/' || `)} AS stamp`;

const q = (field: string, sql: string) => ({ field: `reference schema: ${field}`, sql });

export const REFERENCE_SOURCE: PracticeSource = {
  kind: 'reference',
  id: 'reference-v1',
  queries: {
    doctors: q(
      'doctors',
      `SELECT id, trim(coalesce(title || ' ', '') || first_name || ' ' || last_name) AS name FROM doctors`,
    ),
    locations: q(
      'locations',
      `SELECT id, name, nullif(trim(coalesce(street, '') || ', ' || coalesce(postal_code || ' ', '') || coalesce(city, ''), ', '), '') AS address FROM locations`,
    ),
    services: q(
      'services',
      `SELECT id, name, default_duration_min AS default_duration_minutes FROM services`,
    ),
    insurances: q('insurances', `SELECT id, name FROM insurances`),
    addressServices: q(
      'doctor_services',
      `SELECT doctor_id, location_id, service_id, duration_min AS duration_minutes FROM doctor_services`,
    ),
    addressInsurances: q(
      'doctor_insurances',
      `SELECT doctor_id, location_id, insurance_id FROM doctor_insurances`,
    ),
    weeklyHours: q(
      'weekly_schedules',
      `SELECT doctor_id, location_id, weekday, start_time, end_time, valid_from, valid_to,
              insurance_mode AS insurance
         FROM weekly_schedules`,
    ),
    holidays: q('holidays', `SELECT date, NULL AS doctor_id, location_id FROM holidays`),
    dayOverrides: q(
      'schedule_exceptions',
      `SELECT doctor_id, location_id, date,
              CASE kind WHEN 'off' THEN NULL ELSE start_time END AS start_time,
              CASE kind WHEN 'off' THEN NULL ELSE end_time END AS end_time,
              insurance_mode AS insurance
         FROM schedule_exceptions`,
    ),
    extraHours: q(
      'extra_hours',
      `SELECT doctor_id, location_id, date, start_time, end_time, insurance_mode AS insurance FROM extra_hours`,
    ),
    blocks: q(
      'blocked_times',
      `SELECT id, doctor_id, location_id, starts_at AS start_utc, ends_at AS end_utc, reason
         FROM blocked_times
        WHERE starts_at >= :from_utc AND starts_at < :to_utc`,
    ),
    appointments: q(
      'appointments',
      `SELECT a.id, a.doctor_id, a.location_id, a.starts_at AS start_utc, a.ends_at AS end_utc, a.service_id,
              a.status, p.first_name AS patient_first_name, p.last_name AS patient_last_name,
              p.phone AS patient_phone, p.email AS patient_email, p.birth_date AS patient_birth_date,
              p.pesel AS patient_nin, p.gender AS patient_gender, a.insurance_id, a.comment,
              CASE a.booked_via WHEN 'marketplace' THEN 'marketplace' ELSE 'pms' END AS origin
         FROM appointments a JOIN patients p ON p.id = a.patient_id
        WHERE a.starts_at >= :from_utc AND a.starts_at < :to_utc`,
    ),
  },
  writes: {
    create: [
      q(
        'write create (patient)',
        `INSERT INTO patients (first_name, last_name, phone, email, birth_date, pesel, gender, updated_at)
         VALUES (:patient_first_name, :patient_last_name, :patient_phone, :patient_email, :patient_birth_date,
                 :patient_nin, :patient_gender, :now_utc)`,
      ),
      q(
        'write create (appointment)',
        `INSERT INTO appointments (doctor_id, location_id, service_id, patient_id, starts_at, ends_at, status,
                                   insurance_id, comment, booked_via, external_id, created_at, updated_at)
         VALUES (:doctor_id, :location_id, :service_id, last_insert_rowid(), :start_utc, :end_utc, 'booked',
                 :insurance_id, :comment, 'marketplace', :external_id, :now_utc, :now_utc)`,
      ),
    ],
    cancel: [
      q(
        'write cancel',
        `UPDATE appointments SET status = 'canceled', cancel_reason = :reason, updated_at = :now_utc
          WHERE id = :booking_id`,
      ),
    ],
    move: [
      q(
        'write move',
        `UPDATE appointments
            SET doctor_id = :doctor_id, location_id = :location_id, starts_at = :start_utc, ends_at = :end_utc,
                external_id = :external_id, updated_at = :now_utc
          WHERE id = :booking_id`,
      ),
    ],
    confirm: [
      q(
        'write confirm',
        `UPDATE appointments SET status = :status_code, updated_at = :now_utc WHERE id = :booking_id`,
      ),
    ],
    presence: [
      q(
        'write presence',
        `UPDATE appointments SET status = :status_code, updated_at = :now_utc WHERE id = :booking_id`,
      ),
    ],
    block: [
      q(
        'write block',
        `INSERT INTO blocked_times (doctor_id, location_id, starts_at, ends_at, reason, external_id, updated_at)
         VALUES (:doctor_id, :location_id, :start_utc, :end_utc, :reason, :external_id, :now_utc)`,
      ),
    ],
    unblock: [q('write unblock', `DELETE FROM blocked_times WHERE id = :block_id`)],
  },
  fastDetection: {
    watermarked: [
      {
        changed: q(
          'appointments changes',
          `SELECT doctor_id, location_id, starts_at AS start_utc, updated_at AS stamp
             FROM appointments WHERE updated_at > :since`,
        ),
        max: q('appointments watermark', `SELECT max(updated_at) AS stamp FROM appointments`),
      },
      {
        changed: q(
          'blocked_times changes',
          `SELECT doctor_id, location_id, starts_at AS start_utc, updated_at AS stamp
             FROM blocked_times WHERE updated_at > :since`,
        ),
        max: q('blocked_times watermark', `SELECT max(updated_at) AS stamp FROM blocked_times`),
      },
      {
        changed: q(
          'patients changes',
          `SELECT a.doctor_id, a.location_id, a.starts_at AS start_utc, p.updated_at AS stamp
             FROM patients p JOIN appointments a ON a.patient_id = p.id
            WHERE p.updated_at > :since AND a.starts_at >= :from_utc AND a.starts_at < :to_utc`,
        ),
        max: q('patients watermark', `SELECT max(updated_at) AS stamp FROM patients`),
      },
    ],
    scheduleStamp: q('schedule tables', scheduleStampSql),
    counts: q(
      'appointments/blocked_times counts',
      `SELECT a.n + 1000000 * b.n AS n, a.s + b.s AS id_sum
         FROM (SELECT count(*) AS n, total(id) AS s FROM appointments
                WHERE doctor_id = :doctor_id AND location_id = :location_id
                  AND starts_at >= :from_utc AND starts_at < :to_utc) AS a,
              (SELECT count(*) AS n, total(id) AS s FROM blocked_times
                WHERE doctor_id = :doctor_id AND location_id = :location_id
                  AND starts_at >= :from_utc AND starts_at < :to_utc) AS b`,
    ),
    horizonCounts: q(
      'appointments/blocked_times horizon counts',
      `SELECT a.n + 1000000 * b.n AS n, a.s + b.s AS id_sum
         FROM (SELECT count(*) AS n, total(id) AS s
                 FROM appointments INDEXED BY appointments_by_time
                WHERE starts_at >= :from_utc AND starts_at < :to_utc) AS a,
              (SELECT count(*) AS n, total(id) AS s
                 FROM blocked_times INDEXED BY blocked_times_by_time
                WHERE starts_at >= :from_utc AND starts_at < :to_utc) AS b`,
    ),
  },
};
