// The lease sidecar: a small SQLite file beside the practice database ("<db file>.sync-lease.sqlite") that the
// reception PCs share. It holds the lease row (who syncs, fencing generation, renewal counter), the status the
// leader publishes for viewers, and the viewers' request queue. Every write is a compare-and-swap in one
// IMMEDIATE transaction; this module never looks at the time to decide anything (LeaseKeeper does that).
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../util/clock';
import { LeaseError, describeError, isCorruptionError, isReadOnlyError } from './errors';
import {
  HandoverRowSchema,
  HandoverSchema,
  LeaseRequestSchema,
  LeaseRowSchema,
  MetaRowSchema,
  PublishedStatusSchema,
  QueuedRequestRowSchema,
  UNCLAIMED_HOLDER_ID,
  RequestOutcomeSchema,
  SIDECAR_FORMAT,
  SIDECAR_SCHEMA_VERSION,
  StatusRowSchema,
  type Handover,
  type HandoverRecord,
  type LeaseRequest,
  type LeaseRow,
  type PublishedStatus,
  type QueuedRequest,
  type RequestOutcome,
  type StatusRecord,
} from './schema';

export const SidecarOptionsSchema = z
  .object({
    installId: z.string().min(1),
    displayName: z.string().min(1),
    /** Distinguishes two runs of the same installation (default: random); part of the holder id. */
    sessionId: z.string().min(1).optional(),
    ttlMs: z.number().int().positive().default(30_000),
    renewEveryMs: z.number().int().positive().default(10_000),
    /** Safety margin: the holder stops at ttl - margin, a contender waits ttl + margin. Default ttl / 5. */
    marginMs: z.number().int().nonnegative().optional(),
    /** How long one SQLite call may wait for another PC's lock. Default min(2 s, ttl / 10). */
    busyTimeoutMs: z.number().int().nonnegative().optional(),
  })
  .transform((o) => {
    const marginMs = o.marginMs ?? Math.floor(o.ttlMs / 5);
    const sessionId = o.sessionId ?? randomUUID().slice(0, 8);
    return {
      ...o,
      sessionId,
      marginMs,
      busyTimeoutMs: o.busyTimeoutMs ?? Math.min(2000, Math.floor(o.ttlMs / 10)),
    };
  })
  .refine((o) => o.marginMs < o.ttlMs / 2, { message: 'marginMs must be less than half of ttlMs' })
  .refine((o) => o.renewEveryMs * 2 <= o.ttlMs - o.marginMs, {
    message: 'renewEveryMs must allow two renewals within the safe window (ttlMs - marginMs)',
  });

export type SidecarOptions = z.input<typeof SidecarOptionsSchema> & { clock: Clock };
export type SidecarSettings = z.output<typeof SidecarOptionsSchema>;

export const READ_ONLY_FOLDER_MESSAGE =
  'cannot create the lock file beside the practice database: folder is read-only';

export function sidecarPathFor(practiceDbPath: string): string {
  const abs = resolve(practiceDbPath);
  return resolve(dirname(abs), `${basename(abs)}.sync-lease.sqlite`);
}

/**
 * Holder id = display name + install id (+ a session id, so that two runs of one installation, e.g. the app and
 * the headless CLI, can never renew each other's lease).
 */
export function holderIdOf(
  settings: Pick<SidecarSettings, 'displayName' | 'installId' | 'sessionId'>,
): string {
  return `${settings.displayName}#${settings.installId}#${settings.sessionId}`;
}

type Observed = Pick<LeaseRow, 'holderId' | 'generation' | 'seq'>;

export class LeaseSidecar {
  readonly holderId: string;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    /** False when the folder is read-only: this PC can watch but never lead. */
    readonly writable: boolean,
    readonly settings: SidecarSettings,
    private readonly clock: Clock,
    /** Path the damaged file was moved to when the sidecar was recreated on open. */
    readonly setAsidePath: string | null,
  ) {
    this.holderId = holderIdOf(settings);
  }

  get displayName(): string {
    return this.settings.displayName;
  }

  /**
   * Opens (creating if needed) the sidecar beside `practiceDbPath`. A damaged sidecar is moved aside and
   * recreated; a read-only folder gives a read-only sidecar if one exists, else a 'read-only-folder' error.
   */
  static open(practiceDbPath: string, opts: SidecarOptions): LeaseSidecar {
    const settings = SidecarOptionsSchema.parse(opts);
    const path = sidecarPathFor(practiceDbPath);
    const dir = dirname(path);
    if (!existsSync(dir)) {
      throw new LeaseError(
        'sidecar-unavailable',
        `the folder of the practice database cannot be reached: ${dir}`,
      );
    }
    try {
      return new LeaseSidecar(
        openWritable(path, settings, opts.clock),
        path,
        true,
        settings,
        opts.clock,
        null,
      );
    } catch (e) {
      if (e instanceof LeaseError) throw e;
      if (isCorruptionError(e)) return LeaseSidecar.recreate(path, settings, opts.clock, e);
      if (isReadOnlyError(e)) {
        if (!existsSync(path))
          throw new LeaseError('read-only-folder', READ_ONLY_FOLDER_MESSAGE, { cause: e });
        return new LeaseSidecar(openReadOnly(path, settings), path, false, settings, opts.clock, null);
      }
      throw unavailable(e);
    }
  }

  /**
   * Moves a damaged sidecar aside and creates a fresh one. Safe because (1) a connection still open on the moved
   * file gets SQLITE_READONLY_DBMOVED on its next write, so its holder cannot renew there, and (2) the fresh file
   * starts with a placeholder holder that everyone must wait out (ttl + margin) before taking the lease.
   */
  private static recreate(
    path: string,
    settings: SidecarSettings,
    clock: Clock,
    cause: unknown,
  ): LeaseSidecar {
    const aside = `${path}.damaged-${clock.now()}`;
    try {
      renameSync(path, aside);
      return new LeaseSidecar(openWritable(path, settings, clock), path, true, settings, clock, aside);
    } catch (e) {
      throw new LeaseError(
        'sidecar-corrupt',
        `the lock file beside the practice database is damaged and could not be replaced (${describeError(e)}); ` +
          `close Clinic Sync Desk on every PC, delete ${path}, and start it again`,
        { cause },
      );
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // -------------------------------------------------------------------------------------------------------------
  // The lease

  readLease(): LeaseRow {
    return this.guard(() => this.leaseRow());
  }

  /**
   * Takes the lease if the row is still exactly what the caller observed (free, or judged expired by the caller's
   * own clock). Returns the new row, or null if someone else wrote in between.
   */
  tryAcquire(observed: Observed): LeaseRow | null {
    this.requireWritable();
    return this.guard(() =>
      this.db
        .transaction((): LeaseRow | null => {
          const r = this.db
            .prepare(
              `UPDATE lease SET holder_id = ?, holder_name = ?, generation = generation + 1, seq = seq + 1,
                 written_at = ? WHERE id = 1 AND generation = ? AND seq = ? AND holder_id IS ?`,
            )
            .run(
              this.holderId,
              this.displayName,
              this.clock.now(),
              observed.generation,
              observed.seq,
              observed.holderId,
            );
          return r.changes === 1 ? this.leaseRow() : null;
        })
        .immediate(),
    );
  }

  /** Bumps the renewal counter if this instance still holds term `generation`. Returns the new row or null. */
  renew(generation: number): LeaseRow | null {
    this.requireWritable();
    return this.guard(() =>
      this.db
        .transaction((): LeaseRow | null => {
          const r = this.db
            .prepare(
              `UPDATE lease SET seq = seq + 1, written_at = ? WHERE id = 1 AND holder_id = ? AND generation = ?`,
            )
            .run(this.clock.now(), this.holderId, generation);
          return r.changes === 1 ? this.leaseRow() : null;
        })
        .immediate(),
    );
  }

  /** Gives the lease up (the caller has already stopped acting as leader). True if it was ours. */
  release(generation: number): boolean {
    this.requireWritable();
    return this.guard(() =>
      this.db
        .transaction(
          () =>
            this.db
              .prepare(
                `UPDATE lease SET holder_id = NULL, holder_name = NULL, seq = seq + 1, written_at = ?
                   WHERE id = 1 AND holder_id = ? AND generation = ?`,
              )
              .run(this.clock.now(), this.holderId, generation).changes === 1,
        )
        .immediate(),
    );
  }

  /** Reads the lease row and says whether term `generation` is still ours (an I/O check of a fencing token). */
  holds(generation: number): boolean {
    const row = this.readLease();
    return row.holderId === this.holderId && row.generation === generation;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Status for viewers

  /** Publishes the leader's status; refused (false) unless term `generation` still holds the lease. */
  publishStatus(generation: number, status: PublishedStatus): boolean {
    return this.publishDocument('status', generation, JSON.stringify(PublishedStatusSchema.parse(status)));
  }

  readStatus(): StatusRecord | null {
    return this.readDocument('status', StatusRowSchema);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Handover for the next leader (mapping, activation, links)

  /** Publishes what the next leader needs to know; refused (false) unless term `generation` still holds the lease. */
  publishHandover(generation: number, handover: Handover): boolean {
    return this.publishDocument('handover', generation, JSON.stringify(HandoverSchema.parse(handover)));
  }

  readHandover(): HandoverRecord | null {
    return this.readDocument('handover', HandoverRowSchema);
  }

  /** One-row documents (status, handover) are written only by the term that still holds the lease (fenced). */
  private publishDocument(table: 'status' | 'handover', generation: number, body: string): boolean {
    this.requireWritable();
    return this.guard(() =>
      this.db
        .transaction((): boolean => {
          if (!this.isMine(generation)) return false;
          this.db
            .prepare(
              `INSERT INTO ${table} (id, generation, holder_name, published_at, body) VALUES (1, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, holder_name = excluded.holder_name,
                 published_at = excluded.published_at, body = excluded.body`,
            )
            .run(generation, this.displayName, this.clock.now(), body);
          return true;
        })
        .immediate(),
    );
  }

  private readDocument<S extends z.ZodType>(table: 'status' | 'handover', schema: S): z.output<S> | null {
    return this.guard(() => {
      const row = this.db
        .prepare(`SELECT generation, holder_name, published_at, body FROM ${table} WHERE id = 1`)
        .get();
      return row === undefined ? null : parseRow(schema, row, table);
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Request queue (viewer → leader)

  /** Queues a request for whichever PC leads; returns its id so the viewer can follow its outcome. */
  enqueue(request: LeaseRequest, requester: string): number {
    this.requireWritable();
    const body = JSON.stringify(LeaseRequestSchema.parse(request));
    const by = z.string().min(1).parse(requester);
    return this.guard(() => {
      const r = this.db
        .prepare(
          `INSERT INTO requests (body, requester, created_at, state, attempts) VALUES (?, ?, ?, 'pending', 0)`,
        )
        .run(body, by, this.clock.now());
      return Number(r.lastInsertRowid);
    });
  }

  /**
   * Claims up to `limit` requests for term `generation`: pending ones, and ones claimed by an earlier term (its
   * leader is gone, so they would otherwise be lost). Refused (empty) unless the term still holds the lease.
   */
  claimRequests(generation: number, limit = 10): QueuedRequest[] {
    this.requireWritable();
    return this.guard(() =>
      this.db
        .transaction((): QueuedRequest[] => {
          if (!this.isMine(generation)) return [];
          const ids = this.db
            .prepare(
              `SELECT id FROM requests WHERE state = 'pending' OR (state = 'claimed' AND claimed_generation <> ?)
                 ORDER BY id LIMIT ?`,
            )
            .all(generation, limit)
            .map((r) => parseRow(z.object({ id: z.number().int() }), r, 'request id').id);
          const claim = this.db.prepare(
            `UPDATE requests SET state = 'claimed', claimed_by = ?, claimed_generation = ?, attempts = attempts + 1
               WHERE id = ?`,
          );
          for (const id of ids) claim.run(this.displayName, generation, id);
          return ids.map((id) => this.requestRow(id)).filter((r): r is QueuedRequest => r !== null);
        })
        .immediate(),
    );
  }

  /** Marks a claimed request done; refused (false) unless term `generation` still holds the lease and the claim. */
  completeRequest(generation: number, id: number, outcome: RequestOutcome): boolean {
    this.requireWritable();
    const body = JSON.stringify(RequestOutcomeSchema.parse(outcome));
    return this.guard(() =>
      this.db
        .transaction((): boolean => {
          if (!this.isMine(generation)) return false;
          const r = this.db
            .prepare(
              `UPDATE requests SET state = 'done', outcome = ?, done_at = ?
                 WHERE id = ? AND state = 'claimed' AND claimed_generation = ?`,
            )
            .run(body, this.clock.now(), id, generation);
          // Keep the queue small: the newest 500 finished requests are enough for any viewer.
          this.db
            .prepare(
              `DELETE FROM requests WHERE state = 'done' AND id NOT IN
                 (SELECT id FROM requests WHERE state = 'done' ORDER BY id DESC LIMIT 500)`,
            )
            .run();
          return r.changes === 1;
        })
        .immediate(),
    );
  }

  getRequest(id: number): QueuedRequest | null {
    return this.guard(() => this.requestRow(id));
  }

  /** Most recent first. */
  listRequests(limit = 50): QueuedRequest[] {
    return this.guard(() =>
      this.db
        .prepare(`SELECT * FROM requests ORDER BY id DESC LIMIT ?`)
        .all(limit)
        .map((r) => parseRow(QueuedRequestRowSchema, r, 'request')),
    );
  }

  // -------------------------------------------------------------------------------------------------------------

  private leaseRow(): LeaseRow {
    const row = this.db
      .prepare(`SELECT holder_id, holder_name, generation, seq, written_at FROM lease WHERE id = 1`)
      .get();
    if (row === undefined) throw corrupt('the lease row is missing');
    return parseRow(LeaseRowSchema, row, 'lease');
  }

  private isMine(generation: number): boolean {
    const row = this.leaseRow();
    return row.holderId === this.holderId && row.generation === generation;
  }

  private requestRow(id: number): QueuedRequest | null {
    const row = this.db.prepare(`SELECT * FROM requests WHERE id = ?`).get(id);
    return row === undefined ? null : parseRow(QueuedRequestRowSchema, row, 'request');
  }

  private requireWritable(): void {
    if (!this.writable) {
      throw new LeaseError('read-only-sidecar', `${READ_ONLY_FOLDER_MESSAGE}; this PC can only watch`);
    }
  }

  /** Runs one SQLite operation, turning driver errors into typed LeaseErrors. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof LeaseError) throw e;
      if (isCorruptionError(e)) throw corrupt(describeError(e), e);
      throw unavailable(e);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Opening

const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder_id TEXT,
    holder_name TEXT,
    generation INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    written_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS status (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    holder_name TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL,
    requester TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    claimed_by TEXT,
    claimed_generation INTEGER,
    attempts INTEGER NOT NULL,
    outcome TEXT,
    done_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS requests_open ON requests (state, id);
  CREATE TABLE IF NOT EXISTS handover (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    holder_name TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    body TEXT NOT NULL
  );
`;

function openWritable(path: string, settings: SidecarSettings, clock: Clock): Database.Database {
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
    // Rollback journal, never WAL: WAL's shared memory does not work across PCs on a network share.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    db.transaction(() => {
      db.exec(SCHEMA_SQL);
      checkMeta(db, true);
      // A new file starts held by a placeholder that must be waited out like any lease: if an old sidecar was
      // deleted or replaced under a running leader, that leader's safe window ends before anyone can lead here.
      db.prepare(
        `INSERT OR IGNORE INTO lease (id, holder_id, holder_name, generation, seq, written_at) VALUES (1, ?, NULL, 0, 0, ?)`,
      ).run(UNCLAIMED_HOLDER_ID, clock.now());
      // A real change, so that a folder where the journal cannot be created fails here, at open, and not later:
      // SQLite creates the journal only when a page changes.
      db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('last_opened_by', ?)`).run(
        `${settings.displayName} at ${clock.now()}`,
      );
    }).immediate();
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function openReadOnly(path: string, settings: SidecarSettings): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw unavailable(e);
  }
  try {
    db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
    checkMeta(db, false);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof LeaseError) throw e;
    if (isCorruptionError(e)) throw corrupt(describeError(e), e);
    throw unavailable(e);
  }
}

function checkMeta(db: Database.Database, initialise: boolean): void {
  const rows = db
    .prepare(`SELECT key, value FROM meta`)
    .all()
    .map((r) => parseRow(MetaRowSchema, r, 'meta'));
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  if (meta.size === 0 && initialise) {
    const put = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?)`);
    put.run('format', SIDECAR_FORMAT);
    put.run('schema_version', String(SIDECAR_SCHEMA_VERSION));
    return;
  }
  if (meta.get('format') !== SIDECAR_FORMAT) throw corrupt('the file is not a Clinic Sync Desk lock file');
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version)) throw corrupt('the file has no schema version');
  if (version > SIDECAR_SCHEMA_VERSION) {
    throw new LeaseError(
      'sidecar-too-new',
      `the lock file beside the practice database was written by a newer Clinic Sync Desk (format ${version}); ` +
        'update this PC',
    );
  }
}

function parseRow<S extends z.ZodType>(schema: S, row: unknown, what: string): z.output<S> {
  const r = schema.safeParse(row);
  if (!r.success) throw corrupt(`unreadable ${what} row: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

function corrupt(detail: string, cause?: unknown): LeaseError {
  return new LeaseError(
    'sidecar-corrupt',
    `the lock file beside the practice database is damaged (${detail})`,
    {
      cause,
    },
  );
}

function unavailable(e: unknown): LeaseError {
  return new LeaseError(
    'sidecar-unavailable',
    `the lock file beside the practice database cannot be reached (${describeError(e)})`,
    { cause: e },
  );
}
