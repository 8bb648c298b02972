// A practice source: the set of SQL queries (and write statements) that turn one PMS schema into the normalized
// rows of rows.ts. The reference schema has a built-in source; a mapping file compiles into one. Everything
// above this (canonical days, change detection, write-back) is shared by every schema.
import type { BookingStatus } from '../../../shared/canonical';

/** One SQL text plus where it came from, so errors can name it ("mapping field appointments.sql, line 42"). */
export interface SourceQuery {
  sql: string;
  /** Human name used in errors, e.g. `appointments.sql` or `reference schema: appointments`. */
  field: string;
  /** Line in the mapping file, when the query comes from one. */
  line?: number;
}

export type WriteOpKind = 'create' | 'cancel' | 'move' | 'confirm' | 'presence' | 'block' | 'unblock';

export interface PracticeSource {
  /** 'reference' or 'mapping'; recorded in checkpoints so a checkpoint is never used with another schema. */
  kind: 'reference' | 'mapping';
  /** Identifies the schema/mapping version (a checkpoint from another mapping is treated as a first run). */
  id: string;
  queries: {
    doctors: SourceQuery;
    locations: SourceQuery;
    services: SourceQuery;
    insurances?: SourceQuery;
    addressServices: SourceQuery;
    addressInsurances?: SourceQuery;
    weeklyHours: SourceQuery;
    holidays?: SourceQuery;
    dayOverrides?: SourceQuery;
    extraHours?: SourceQuery;
    /** Params :from_date, :to_date (local, inclusive), :from_utc, :to_utc (instants, end exclusive). */
    blocks: SourceQuery;
    /** Same params as blocks. */
    appointments: SourceQuery;
  };
  /** PMS status code → canonical status (identity when absent). */
  statusMap?: Record<string, BookingStatus>;
  /** Write statements per operation, run in order inside one transaction (absent: 'not-supported'). */
  writes: Partial<Record<WriteOpKind, SourceQuery[]>>;
  /** Optional O(changes) detection (the reference schema has updated_at columns). */
  fastDetection?: FastDetection;
}

/**
 * Queries for O(changes) detection on schemas with timestamps.
 * - `watermarked[].changed` takes :since (compared with `>`; see detect.ts for the window), :from_utc and :to_utc, and returns
 *   doctor_id, location_id, start_utc (the row's current position) and `stamp` (its updated_at);
 *   `watermarked[].max` returns the current watermark as `stamp`.
 * - `counts` takes :doctor_id, :location_id, :from_utc, :to_utc and returns one row (n, id_sum) over the
 *   bookings and blocks of that address in that window: a hard delete changes it. It is asked per address over
 *   the whole horizon first, and per day only for addresses whose total moved.
 */
export interface FastDetection {
  watermarked: { changed: SourceQuery; max: SourceQuery }[];
  counts: SourceQuery;
  /** Like `counts` over every address at once (:from_utc, :to_utc): when it did not move, no address did. */
  horizonCounts: SourceQuery;
  /** One value (`stamp`) that changes whenever any schedule table changes (lets reads skip reloading them). */
  scheduleStamp: SourceQuery;
}
