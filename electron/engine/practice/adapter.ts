// The practice-database adapter contract: what the engine needs from any PMS schema.
// Implementations: reference-adapter.ts (our documented reference schema) and mapping-adapter.ts
// (any SQLite schema described by a mapping file). Reads use a read-only connection; write-back uses its own
// connection, one short transaction per booking.
import type {
  CanonicalDay,
  DayKey,
  LocalAddress,
  LocalAddressKey,
  LocalDoctor,
  LocalInsurance,
  LocalLocation,
  LocalService,
  Patient,
} from '../../../shared/canonical';

/**
 * Opaque, JSON-serialisable position of change detection. The engine stores it in the state DB and hands it back,
 * so changes made while the app was closed are found on the next start.
 */
export type ChangeCheckpoint = { readonly version: number; readonly [k: string]: unknown };

export interface ChangeSet {
  /** Days whose canonical content may differ from the checkpoint (the engine recomputes and compares hashes). */
  changed: DayKey[];
  checkpoint: ChangeCheckpoint;
}

export interface DateRange {
  /** Inclusive clinic-local dates. */
  from: string;
  to: string;
}

/** A marketplace-side change to write into the PMS. Times are instants with offset. */
export type WriteBackOp =
  | {
      kind: 'create';
      key: LocalAddressKey;
      start: string;
      end: string;
      serviceId: string | null;
      patient: Patient;
      insuranceId: string | null;
      comment: string | null;
      /** Docplanner booking id, kept in the PMS where the schema has a column for it. */
      externalId: string;
      /** The receptionist chose "keep both": write even over an existing appointment (no slot check). */
      overbook?: boolean;
    }
  | { kind: 'cancel'; bookingId: string; reason: string | null }
  | {
      kind: 'move';
      bookingId: string;
      key: LocalAddressKey;
      start: string;
      end: string;
      externalId: string;
      /** As for 'create': move even over an existing appointment. */
      overbook?: boolean;
    }
  | { kind: 'confirm'; bookingId: string }
  | { kind: 'presence'; bookingId: string; present: boolean }
  | {
      kind: 'block';
      key: LocalAddressKey;
      start: string;
      end: string;
      reason: string | null;
      externalId: string;
    }
  | { kind: 'unblock'; blockId: string };

export type WriteBackResult =
  /** `localId`: id of the appointment (or block) the PMS now holds for this operation. */
  | { ok: true; localId: string }
  /** The PMS state makes the operation impossible (slot taken, appointment missing …): a conflict, not a crash. */
  | { ok: false; reason: 'slot-taken' | 'not-found' | 'not-supported'; message: string };

export interface PracticeAdapter {
  /** The clinic's IANA time zone (from configuration). */
  readonly timeZone: string;

  listDoctors(): LocalDoctor[];
  listLocations(): LocalLocation[];
  listServices(): LocalService[];
  listInsurances(): LocalInsurance[];
  /** Doctor-at-location pairs that have schedules. */
  listAddresses(): LocalAddress[];

  /** One CanonicalDay per date in the range (empty days included), for one doctor at one location. */
  readDays(key: LocalAddressKey, range: DateRange): CanonicalDay[];

  /**
   * What changed since `checkpoint` (null: first run, everything in the horizon counts as changed).
   * Cheap when nothing changed (data_version gate). Catches hard deletes and tables without timestamps.
   */
  detectChanges(checkpoint: ChangeCheckpoint | null, horizon: DateRange): ChangeSet;

  /** Applies one marketplace change in one short transaction (busy timeout, retried on SQLITE_BUSY). */
  writeBack(op: WriteBackOp): WriteBackResult;

  /**
   * Data problems found in the PMS data of the days read so far (overlapping periods that were merged,
   * periods split at midnight …), sorted by day key. Each readDays call replaces the problems of the days it read.
   * (Additive: optional so other implementations need not provide it.)
   */
  problems?(): DataProblem[];

  close(): void;
}

/** Something odd in the PMS data that the adapter repaired deterministically and reports (never silently). */
export interface DataProblem {
  key: DayKey;
  kind: 'overlapping-periods' | 'crosses-midnight' | 'period-in-dst-gap';
  /** Names tables/ids/times only, never patient data. */
  message: string;
}

/** Errors with a message a clinic IT person can act on (names the file, table, column, mapping field). */
export class PracticeDbError extends Error {
  constructor(
    readonly code:
      | 'missing-file'
      | 'not-sqlite'
      | 'locked'
      | 'read-only'
      | 'schema-mismatch'
      | 'bad-mapping'
      | 'bad-data'
      | 'io',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PracticeDbError';
  }
}
