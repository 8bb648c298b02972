// Numbered migrations of the state DB (PRAGMA user_version). Append only: never edit a released migration,
// add the next number. Each runs in one transaction with the version bump.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Mapping: local doctor@location ↔ Docplanner facility/doctor/address
CREATE TABLE address_links (
  address_key  TEXT PRIMARY KEY,              -- "doctorId@locationId" (shared/canonical.ts addressKeyId)
  doctor_id    TEXT NOT NULL,
  location_id  TEXT NOT NULL,
  facility_id  TEXT NOT NULL,
  dp_doctor_id TEXT NOT NULL,
  dp_address_id TEXT NOT NULL UNIQUE,
  activation   TEXT NOT NULL DEFAULT 'inactive' CHECK (activation IN ('inactive', 'feeding', 'active')),
  activated_at INTEGER,
  updated_at   INTEGER NOT NULL
);
CREATE TABLE service_links (
  address_key        TEXT NOT NULL,
  local_service_id   TEXT NOT NULL,
  address_service_id TEXT NOT NULL,
  updated_at         INTEGER NOT NULL,
  PRIMARY KEY (address_key, local_service_id)
);
CREATE TABLE insurance_links (
  local_insurance_id    TEXT PRIMARY KEY,
  insurance_provider_id TEXT NOT NULL,
  insurance_plan_id     TEXT,
  updated_at            INTEGER NOT NULL
);

-- What Docplanner was last told about a day's availability (hash of the PUT slots payload)
CREATE TABLE pushed_days (
  address_key TEXT NOT NULL,
  date        TEXT NOT NULL,                  -- clinic-local YYYY-MM-DD
  slots_hash  TEXT NOT NULL,
  pushed_at   INTEGER NOT NULL,
  PRIMARY KEY (address_key, date)
);

-- Local appointment ↔ Docplanner booking
CREATE TABLE booking_links (
  local_id           TEXT PRIMARY KEY,
  address_key        TEXT NOT NULL,
  dp_booking_id      TEXT NOT NULL UNIQUE,    -- always the newest id (moves create new ids)
  start              TEXT NOT NULL,
  end                TEXT NOT NULL,
  address_service_id TEXT,
  state              TEXT NOT NULL CHECK (state IN ('booked', 'canceled')),
  origin             TEXT NOT NULL CHECK (origin IN ('pms', 'marketplace')),
  updated_at         INTEGER NOT NULL
);
CREATE INDEX booking_links_by_address ON booking_links (address_key, start);
-- moveBooking / booking-moved: every older id points to the newest
CREATE TABLE booking_aliases (
  old_id TEXT PRIMARY KEY,
  new_id TEXT NOT NULL,
  at     INTEGER NOT NULL
);

-- Local blocked time (or a hold for a booking with no free slot) ↔ Docplanner calendar break
CREATE TABLE break_links (
  local_id    TEXT PRIMARY KEY,               -- blocked-time id, or "hold:<bookingId>"
  address_key TEXT NOT NULL,
  dp_break_id TEXT NOT NULL,
  since       TEXT NOT NULL,
  till        TEXT NOT NULL,
  origin      TEXT NOT NULL CHECK (origin IN ('pms', 'marketplace', 'booking-hold')),
  updated_at  INTEGER NOT NULL
);
CREATE INDEX break_links_by_address ON break_links (address_key, since);
CREATE UNIQUE INDEX break_links_by_dp_id ON break_links (address_key, dp_break_id);

-- Durable outbox: one row per coalescing key; removed only after Docplanner confirmed
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,           -- "slots:<addressKey>/<date>", "booking:<localId>", "break:<localId>"
  kind        TEXT NOT NULL,                  -- slots | booking | break
  address_key TEXT NOT NULL,
  day         TEXT,                           -- clinic date concerned (for lanes and progress)
  lane        INTEGER NOT NULL,               -- 0 urgent … 3 bulk (initial feed, far days)
  state       TEXT NOT NULL CHECK (state IN ('pending', 'in-flight', 'unknown', 'blocked')),
  attempt     INTEGER NOT NULL DEFAULT 0,
  due_at      INTEGER NOT NULL,
  request     TEXT,                           -- JSON of the write being sent (set before the HTTP call)
  last_error  TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX outbox_ready ON outbox (state, lane, due_at);

-- Notification inbox: raw notifications stored before they are applied
CREATE TABLE inbox (
  id          INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('pull', 'push', 'reconciliation')),
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL,                  -- the notification's own created_at
  dedupe_key  TEXT NOT NULL UNIQUE,           -- hash of name + created_at + data: a push and a pull of one event = one row
  raw         TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'applied', 'ignored', 'failed', 'conflict')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  outcome     TEXT,
  applied_at  INTEGER
);
CREATE INDEX inbox_by_state ON inbox (state, id);

-- Conflicts: first-class records, never resolved silently
CREATE TABLE conflicts (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  address_key TEXT,
  dedupe_key  TEXT UNIQUE,                    -- the same problem raised twice is one conflict
  created_at  INTEGER NOT NULL,
  summary     TEXT NOT NULL,
  local       TEXT,                           -- JSON ConflictSide (shared/bridge.ts)
  remote      TEXT,                           -- JSON ConflictSide
  options     TEXT NOT NULL,                  -- JSON ResolutionOption[]
  context     TEXT NOT NULL,                  -- JSON: ids the resolution actions need
  status      TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  resolution  TEXT                            -- JSON { action, by, at, outcome }
);
CREATE INDEX conflicts_by_status ON conflicts (status, created_at);

-- Audit log: every API write and its outcome, every notification received, every PMS write-back
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  direction   TEXT NOT NULL CHECK (direction IN ('out', 'in', 'local')),
  operation   TEXT NOT NULL,
  address_key TEXT,
  outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'unknown', 'skipped')),
  summary     TEXT NOT NULL,                  -- masked patient names only
  patient     TEXT,                           -- unmasked name, returned only by an explicit reveal
  detail      TEXT                            -- JSON: status code, error kind, ids; never patient data
);
CREATE INDEX audit_by_time ON audit (at);

CREATE TABLE status_history (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  state  TEXT NOT NULL,
  reason TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'audit-message-codes',
    sql: `
-- Activity summaries in the UI language: the summary's message code (shared/message-codes.ts) and its params.
-- Rows written before have NULL here and show their English summary.
ALTER TABLE audit ADD COLUMN code   TEXT;   -- e.g. "activity.out.book"
ALTER TABLE audit ADD COLUMN params TEXT;   -- JSON object of the code's params; never patient data
`,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
