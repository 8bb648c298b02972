// The alternate schema of the mapping worked example (docs/practice-mapping.md): deliberately unlike the
// reference one — naive local dates and times in separate text columns, visit length in 5-minute units,
// one-letter status codes, hard deletes, no updated_at anywhere — and the mapping file that reads it.
export const ALTERNATE_STATUS_CODES = {
  booked: 'B',
  confirmed: 'C',
  canceled: 'X',
  'no-show': 'N',
  completed: 'D',
} as const;

export const ALTERNATE_WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

export const ALTERNATE_SCHEMA_SQL = `
CREATE TABLE staff (staff_no INTEGER PRIMARY KEY, full_name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE sites (site_no INTEGER PRIMARY KEY, site_name TEXT NOT NULL, address_line TEXT);
CREATE TABLE treatments (code INTEGER PRIMARY KEY, label TEXT NOT NULL, std_units INTEGER);
CREATE TABLE payers (payer_no INTEGER PRIMARY KEY, payer_name TEXT NOT NULL);
CREATE TABLE staff_treatments (staff_no INTEGER, site_no INTEGER, code INTEGER, units INTEGER);
CREATE TABLE staff_payers (staff_no INTEGER, site_no INTEGER, payer_no INTEGER);
CREATE TABLE rota (staff_no INTEGER, site_no INTEGER, dow TEXT, from_hhmm TEXT, to_hhmm TEXT,
                   first_day TEXT, last_day TEXT, payer_rule TEXT);
CREATE TABLE closures (closure_date TEXT, staff_no INTEGER, site_no INTEGER, label TEXT);
CREATE TABLE rota_changes (staff_no INTEGER, site_no INTEGER, change_date TEXT, change_kind TEXT,
                           from_hhmm TEXT, to_hhmm TEXT, payer_rule TEXT);
CREATE TABLE busy (busy_no INTEGER PRIMARY KEY, staff_no INTEGER, site_no INTEGER, busy_date TEXT,
                   busy_from TEXT, busy_to TEXT, note TEXT);
CREATE TABLE clients (client_no INTEGER PRIMARY KEY, surname TEXT, given_name TEXT, tel TEXT, mail TEXT,
                      dob TEXT, pesel TEXT, sex TEXT);
CREATE TABLE visits (visit_no INTEGER PRIMARY KEY, staff_no INTEGER, site_no INTEGER, client_no INTEGER,
                     treatment_code INTEGER, visit_date TEXT, visit_time TEXT, units INTEGER, state TEXT,
                     payer_no INTEGER, memo TEXT, ext_ref TEXT);
CREATE INDEX visits_by_date ON visits (visit_date, staff_no, site_no);
CREATE INDEX visits_by_staff ON visits (staff_no, site_no, visit_date);
CREATE INDEX busy_by_date ON busy (busy_date);
`;

/** The complete mapping file for the alternate schema (also printed in docs/practice-mapping.md). */
export const ALTERNATE_MAPPING_YAML = `# Mapping for the "alternate" example schema. See docs/practice-mapping.md.
version: 1

# The PMS's one-letter status codes and what they mean.
statusMap:
  B: booked
  C: confirmed
  X: canceled
  N: no-show
  D: completed

read:
  doctors: |
    SELECT staff_no AS id, full_name AS name FROM staff WHERE kind = 'D'

  locations: |
    SELECT site_no AS id, site_name AS name, address_line AS address FROM sites

  services: |
    SELECT code AS id, label AS name, std_units * 5 AS default_duration_minutes FROM treatments

  insurances: |
    SELECT payer_no AS id, payer_name AS name FROM payers

  addressServices: |
    SELECT staff_no AS doctor_id, site_no AS location_id, code AS service_id,
           units * 5 AS duration_minutes
      FROM staff_treatments

  addressInsurances: |
    SELECT staff_no AS doctor_id, site_no AS location_id, payer_no AS insurance_id FROM staff_payers

  weeklyHours: |
    SELECT staff_no AS doctor_id, site_no AS location_id,
           CASE dow WHEN 'MON' THEN 1 WHEN 'TUE' THEN 2 WHEN 'WED' THEN 3 WHEN 'THU' THEN 4
                    WHEN 'FRI' THEN 5 WHEN 'SAT' THEN 6 WHEN 'SUN' THEN 7 END AS weekday,
           substr(from_hhmm, 1, 2) || ':' || substr(from_hhmm, 3, 2) AS start_time,
           substr(to_hhmm, 1, 2) || ':' || substr(to_hhmm, 3, 2) AS end_time,
           nullif(first_day, '') AS valid_from,
           nullif(last_day, '') AS valid_to,
           CASE payer_rule WHEN 'P' THEN 'private' WHEN 'I' THEN 'insured' ELSE 'all' END AS insurance
      FROM rota

  holidays: |
    SELECT closure_date AS date, staff_no AS doctor_id, site_no AS location_id FROM closures

  dayOverrides: |
    SELECT staff_no AS doctor_id, site_no AS location_id, change_date AS date,
           substr(from_hhmm, 1, 2) || ':' || substr(from_hhmm, 3, 2) AS start_time,
           substr(to_hhmm, 1, 2) || ':' || substr(to_hhmm, 3, 2) AS end_time,
           CASE payer_rule WHEN 'P' THEN 'private' WHEN 'I' THEN 'insured' ELSE 'all' END AS insurance
      FROM rota_changes WHERE change_kind = 'R'

  extraHours: |
    SELECT staff_no AS doctor_id, site_no AS location_id, change_date AS date,
           substr(from_hhmm, 1, 2) || ':' || substr(from_hhmm, 3, 2) AS start_time,
           substr(to_hhmm, 1, 2) || ':' || substr(to_hhmm, 3, 2) AS end_time,
           CASE payer_rule WHEN 'P' THEN 'private' WHEN 'I' THEN 'insured' ELSE 'all' END AS insurance
      FROM rota_changes WHERE change_kind = 'X'

  blocks: |
    SELECT busy_no AS id, staff_no AS doctor_id, site_no AS location_id,
           busy_date || ' ' || busy_from AS start_local,
           busy_date || ' ' || busy_to AS end_local,
           note AS reason
      FROM busy
     WHERE busy_date BETWEEN :from_date AND :to_date

  appointments: |
    SELECT v.visit_no AS id, v.staff_no AS doctor_id, v.site_no AS location_id,
           v.visit_date || ' ' || v.visit_time AS start_local,
           v.units * 5 AS duration_minutes,
           v.treatment_code AS service_id,
           v.state AS status,
           c.given_name AS patient_first_name, c.surname AS patient_last_name,
           c.tel AS patient_phone, c.mail AS patient_email,
           substr(c.dob, 7, 4) || '-' || substr(c.dob, 4, 2) || '-' || substr(c.dob, 1, 2) AS patient_birth_date,
           c.pesel AS patient_nin, lower(c.sex) AS patient_gender,
           v.payer_no AS insurance_id, v.memo AS comment,
           CASE WHEN v.ext_ref IS NOT NULL THEN 'marketplace' ELSE 'pms' END AS origin
      FROM visits v JOIN clients c ON c.client_no = v.client_no
     WHERE v.visit_date BETWEEN :from_date AND :to_date

write:
  create:
    - |
      INSERT INTO clients (surname, given_name, tel, mail, dob, pesel, sex)
      VALUES (:patient_last_name, :patient_first_name, :patient_phone, :patient_email,
              substr(:patient_birth_date, 9, 2) || '.' || substr(:patient_birth_date, 6, 2) || '.' ||
              substr(:patient_birth_date, 1, 4),
              :patient_nin, upper(:patient_gender))
    - |
      INSERT INTO visits (staff_no, site_no, client_no, treatment_code, visit_date, visit_time, units,
                          state, payer_no, memo, ext_ref)
      VALUES (:doctor_id, :location_id, last_insert_rowid(), :service_id, :start_date, :start_time,
              (:duration_minutes + 4) / 5, :status_code, :insurance_id, :comment, :external_id)

  cancel: |
    UPDATE visits SET state = :status_code WHERE visit_no = :booking_id

  move: |
    UPDATE visits
       SET staff_no = :doctor_id, site_no = :location_id, visit_date = :start_date,
           visit_time = :start_time, units = (:duration_minutes + 4) / 5, ext_ref = :external_id
     WHERE visit_no = :booking_id

  confirm: |
    UPDATE visits SET state = :status_code WHERE visit_no = :booking_id

  presence: |
    UPDATE visits SET state = :status_code WHERE visit_no = :booking_id

  block: |
    INSERT INTO busy (staff_no, site_no, busy_date, busy_from, busy_to, note)
    VALUES (:doctor_id, :location_id, :start_date, :start_time, :end_time, :reason)

  unblock: |
    DELETE FROM busy WHERE busy_no = :block_id
`;
