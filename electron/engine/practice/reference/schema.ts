// The reference PMS schema (DDL). Documented in ../README.md. Used by the sample generator, by tests and by
// clinics whose PMS exports this layout. Times of appointments and blocked time are UTC ISO 8601 text
// ("2026-11-23T07:00:00.000Z"); schedule times are clinic wall-clock "HH:MM"; dates are "YYYY-MM-DD".
export const REFERENCE_TABLES_SQL = `
CREATE TABLE doctors (
  id          INTEGER PRIMARY KEY,
  title       TEXT,
  first_name  TEXT NOT NULL,
  last_name   TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL
);
CREATE TABLE locations (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  street      TEXT,
  city        TEXT,
  postal_code TEXT,
  updated_at  TEXT NOT NULL
);
CREATE TABLE services (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL,
  default_duration_min INTEGER CHECK (default_duration_min > 0),
  updated_at           TEXT NOT NULL
);
CREATE TABLE insurances (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Which services a doctor offers at a location, and how long the visit is there.
CREATE TABLE doctor_services (
  doctor_id    INTEGER NOT NULL REFERENCES doctors(id),
  location_id  INTEGER NOT NULL REFERENCES locations(id),
  service_id   INTEGER NOT NULL REFERENCES services(id),
  duration_min INTEGER NOT NULL CHECK (duration_min > 0),
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (doctor_id, location_id, service_id)
);
-- Insurances a doctor accepts at a location.
CREATE TABLE doctor_insurances (
  doctor_id    INTEGER NOT NULL REFERENCES doctors(id),
  location_id  INTEGER NOT NULL REFERENCES locations(id),
  insurance_id INTEGER NOT NULL REFERENCES insurances(id),
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (doctor_id, location_id, insurance_id)
);
-- Regular weekly hours. weekday: 1 = Monday … 7 = Sunday. end_time <= start_time means the shift runs past
-- midnight. valid_to is inclusive; NULL bounds are open. insurance_mode: all | private | insured.
CREATE TABLE weekly_schedules (
  id             INTEGER PRIMARY KEY,
  doctor_id      INTEGER NOT NULL REFERENCES doctors(id),
  location_id    INTEGER NOT NULL REFERENCES locations(id),
  weekday        INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time     TEXT NOT NULL,
  end_time       TEXT NOT NULL,
  valid_from     TEXT,
  valid_to       TEXT,
  insurance_mode TEXT NOT NULL DEFAULT 'all' CHECK (insurance_mode IN ('all', 'private', 'insured')),
  updated_at     TEXT NOT NULL
);
-- Days the clinic (or one location, when location_id is set) is closed.
CREATE TABLE holidays (
  id          INTEGER PRIMARY KEY,
  date        TEXT NOT NULL,
  name        TEXT NOT NULL,
  location_id INTEGER REFERENCES locations(id),
  updated_at  TEXT NOT NULL
);
-- One date of one doctor: kind 'off' (absent; start/end NULL) or 'hours' (these rows replace the weekly hours).
-- location_id NULL = every location of that doctor.
CREATE TABLE schedule_exceptions (
  id             INTEGER PRIMARY KEY,
  doctor_id      INTEGER NOT NULL REFERENCES doctors(id),
  location_id    INTEGER REFERENCES locations(id),
  date           TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('off', 'hours')),
  start_time     TEXT,
  end_time       TEXT,
  insurance_mode TEXT NOT NULL DEFAULT 'all' CHECK (insurance_mode IN ('all', 'private', 'insured')),
  note           TEXT,
  updated_at     TEXT NOT NULL
);
-- One-off hours added to a date (on top of the weekly hours).
CREATE TABLE extra_hours (
  id             INTEGER PRIMARY KEY,
  doctor_id      INTEGER NOT NULL REFERENCES doctors(id),
  location_id    INTEGER NOT NULL REFERENCES locations(id),
  date           TEXT NOT NULL,
  start_time     TEXT NOT NULL,
  end_time       TEXT NOT NULL,
  insurance_mode TEXT NOT NULL DEFAULT 'all' CHECK (insurance_mode IN ('all', 'private', 'insured')),
  note           TEXT,
  updated_at     TEXT NOT NULL
);
-- Ad-hoc blocked time (meetings, training). external_id: the Docplanner break id when it came from there.
CREATE TABLE blocked_times (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  doctor_id   INTEGER NOT NULL REFERENCES doctors(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  starts_at   TEXT NOT NULL,
  ends_at     TEXT NOT NULL,
  reason      TEXT,
  external_id TEXT,
  updated_at  TEXT NOT NULL
);
CREATE TABLE patients (
  id         INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name  TEXT NOT NULL,
  phone      TEXT,
  email      TEXT,
  birth_date TEXT,
  pesel      TEXT,
  gender     TEXT CHECK (gender IN ('m', 'f')),
  updated_at TEXT NOT NULL
);
-- status: booked | confirmed | canceled | no-show | completed. booked_via: desk | phone | marketplace.
-- Ids are never reused (AUTOINCREMENT): change detection counts rows and sums ids per day to see hard deletes.
-- external_id: the Docplanner booking id of appointments that came from (or were pushed to) the marketplace.
CREATE TABLE appointments (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  doctor_id     INTEGER NOT NULL REFERENCES doctors(id),
  location_id   INTEGER NOT NULL REFERENCES locations(id),
  service_id    INTEGER REFERENCES services(id),
  patient_id    INTEGER NOT NULL REFERENCES patients(id),
  starts_at     TEXT NOT NULL,
  ends_at       TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'booked'
                CHECK (status IN ('booked', 'confirmed', 'canceled', 'no-show', 'completed')),
  insurance_id  INTEGER REFERENCES insurances(id),
  comment       TEXT,
  booked_via    TEXT NOT NULL DEFAULT 'desk' CHECK (booked_via IN ('desk', 'phone', 'marketplace')),
  external_id   TEXT,
  cancel_reason TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
`;

/** Indexes the adapter's queries use (created after a bulk load by the generator). */
export const REFERENCE_INDEXES_SQL = `
CREATE INDEX appointments_by_address_time ON appointments (doctor_id, location_id, starts_at);
CREATE INDEX appointments_by_time ON appointments (starts_at, doctor_id, location_id);
CREATE INDEX appointments_by_update ON appointments (updated_at);
CREATE INDEX appointments_by_patient ON appointments (patient_id);
CREATE INDEX appointments_by_external_id ON appointments (external_id);
CREATE INDEX blocked_times_by_address_time ON blocked_times (doctor_id, location_id, starts_at);
CREATE INDEX blocked_times_by_time ON blocked_times (starts_at);
CREATE INDEX blocked_times_by_update ON blocked_times (updated_at);
CREATE INDEX patients_by_update ON patients (updated_at);
`;

export const REFERENCE_SCHEMA_SQL = REFERENCE_TABLES_SQL + REFERENCE_INDEXES_SQL;

/** Tables and columns the reference adapter reads (checked on open, so a mismatch names what is missing). */
export const REFERENCE_COLUMNS: Record<string, string[]> = {
  doctors: ['id', 'title', 'first_name', 'last_name', 'updated_at'],
  locations: ['id', 'name', 'street', 'city', 'postal_code', 'updated_at'],
  services: ['id', 'name', 'default_duration_min', 'updated_at'],
  insurances: ['id', 'name', 'updated_at'],
  doctor_services: ['doctor_id', 'location_id', 'service_id', 'duration_min'],
  doctor_insurances: ['doctor_id', 'location_id', 'insurance_id'],
  weekly_schedules: [
    'doctor_id',
    'location_id',
    'weekday',
    'start_time',
    'end_time',
    'valid_from',
    'valid_to',
    'insurance_mode',
  ],
  holidays: ['date', 'location_id'],
  schedule_exceptions: [
    'doctor_id',
    'location_id',
    'date',
    'kind',
    'start_time',
    'end_time',
    'insurance_mode',
  ],
  extra_hours: ['doctor_id', 'location_id', 'date', 'start_time', 'end_time', 'insurance_mode'],
  blocked_times: [
    'id',
    'doctor_id',
    'location_id',
    'starts_at',
    'ends_at',
    'reason',
    'external_id',
    'updated_at',
  ],
  patients: [
    'id',
    'first_name',
    'last_name',
    'phone',
    'email',
    'birth_date',
    'pesel',
    'gender',
    'updated_at',
  ],
  appointments: [
    'id',
    'doctor_id',
    'location_id',
    'service_id',
    'patient_id',
    'starts_at',
    'ends_at',
    'status',
    'insurance_id',
    'comment',
    'booked_via',
    'external_id',
    'cancel_reason',
    'updated_at',
  ],
};
