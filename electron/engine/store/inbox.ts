// The notification inbox: every Docplanner notification (pulled, pushed or synthesised by reconciliation) is
// stored here raw, in one transaction, BEFORE anything is applied. A dedupe key (hash of name + created_at + data)
// makes a push and a pull of the same event, or a re-pulled one, a single row. Rows leave 'pending' only with an
// outcome text; nothing is ever deleted by the engine, so unknown names stay visible.
import { createHash } from 'node:crypto';
import type { Notification } from '../docplanner/schemas';
import type { Clock } from '../util/clock';
import type { StateDb } from './db';

export type InboxSource = 'pull' | 'push' | 'reconciliation';
/** pending → applied | ignored (nothing to do) | conflict (a conflict record explains it) | failed (gave up). */
export type InboxState = 'pending' | 'applied' | 'ignored' | 'failed' | 'conflict';

export interface InboxEntry {
  id: number;
  receivedAt: number;
  source: InboxSource;
  name: string;
  /** The notification's own created_at, as received. */
  createdAt: string;
  notification: Notification;
  state: InboxState;
  attempts: number;
  outcome: string | null;
  appliedAt: number | null;
}

export interface StoreResult {
  /** Rows created by this call, in input order. */
  stored: InboxEntry[];
  /** Notifications already in the inbox (same dedupe key). */
  duplicates: number;
}

interface Row {
  id: number;
  received_at: number;
  source: InboxSource;
  name: string;
  created_at: string;
  raw: string;
  state: InboxState;
  attempts: number;
  outcome: string | null;
  applied_at: number | null;
}

/** JSON with object keys sorted, so two serialisations of the same data hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Identity of one event: name + instant of created_at (offset-independent) + data. */
export function notificationDedupeKey(n: Notification): string {
  const instant = Date.parse(n.created_at);
  const when = Number.isNaN(instant) ? n.created_at : String(instant);
  return createHash('sha256')
    .update(`${n.name}\n${when}\n${canonicalJson(n.data)}`)
    .digest('hex');
}

const toEntry = (r: Row): InboxEntry => ({
  id: r.id,
  receivedAt: r.received_at,
  source: r.source,
  name: r.name,
  createdAt: r.created_at,
  notification: JSON.parse(r.raw) as Notification,
  state: r.state,
  attempts: r.attempts,
  outcome: r.outcome,
  appliedAt: r.applied_at,
});

/** Sort key for applying in event order: created_at instant, then arrival. */
const eventOrder = (a: InboxEntry, b: InboxEntry): number => {
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.id - b.id;
};

export class InboxRepo {
  constructor(
    private readonly db: StateDb,
    private readonly clock: Clock,
  ) {}

  /** Stores a batch in one transaction; duplicates (same dedupe key) are skipped. */
  store(notifications: readonly Notification[], source: InboxSource): StoreResult {
    const insert = this.db.prepare(
      `INSERT INTO inbox (received_at, source, name, created_at, dedupe_key, raw, state, attempts)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    );
    const now = this.clock.now();
    return this.db.transaction(() => {
      const stored: InboxEntry[] = [];
      let duplicates = 0;
      for (const n of notifications) {
        const raw = JSON.stringify(n);
        const info = insert.run(now, source, n.name, n.created_at, notificationDedupeKey(n), raw);
        if (info.changes === 0) {
          duplicates++;
          continue;
        }
        stored.push({
          id: Number(info.lastInsertRowid),
          receivedAt: now,
          source,
          name: n.name,
          createdAt: n.created_at,
          notification: n,
          state: 'pending',
          attempts: 0,
          outcome: null,
          appliedAt: null,
        });
      }
      return { stored, duplicates };
    })();
  }

  get(id: number): InboxEntry | null {
    const row = this.db.prepare(`SELECT * FROM inbox WHERE id = ?`).get(id) as Row | undefined;
    return row ? toEntry(row) : null;
  }

  /** Pending rows in event order (created_at instant, then arrival). */
  pending(limit = 1000): InboxEntry[] {
    const rows = this.db
      .prepare(`SELECT * FROM inbox WHERE state = 'pending' ORDER BY id LIMIT ?`)
      .all(limit) as Row[];
    return rows.map(toEntry).sort(eventOrder);
  }

  pendingCount(): number {
    return this.db.prepare(`SELECT COUNT(*) FROM inbox WHERE state = 'pending'`).pluck().get() as number;
  }

  private finish(id: number, state: Exclude<InboxState, 'pending'>, outcome: string): void {
    this.db
      .prepare(`UPDATE inbox SET state = ?, outcome = ?, applied_at = ? WHERE id = ?`)
      .run(state, outcome, this.clock.now(), id);
  }

  markApplied(id: number, outcome: string): void {
    this.finish(id, 'applied', outcome);
  }
  markIgnored(id: number, outcome: string): void {
    this.finish(id, 'ignored', outcome);
  }
  markConflict(id: number, outcome: string): void {
    this.finish(id, 'conflict', outcome);
  }
  markFailed(id: number, outcome: string): void {
    this.finish(id, 'failed', outcome);
  }

  /** A failed attempt that will be retried: stays pending; returns the attempt count so far. */
  recordAttempt(id: number, outcome: string): number {
    this.db
      .prepare(`UPDATE inbox SET attempts = attempts + 1, outcome = ? WHERE id = ? AND state = 'pending'`)
      .run(outcome, id);
    return this.db.prepare(`SELECT attempts FROM inbox WHERE id = ?`).pluck().get(id) as number;
  }

  /** Puts a finished row back to pending (a conflict resolution "retry"); attempts restart. */
  requeue(id: number, outcome: string): void {
    this.db
      .prepare(
        `UPDATE inbox SET state = 'pending', attempts = 0, outcome = ?, applied_at = NULL WHERE id = ?`,
      )
      .run(outcome, id);
  }

  /**
   * What the UI shows as "needs attention": notifications not applied (conflict, failed, still pending)
   * and any whose name the engine does not know, newest first.
   */
  listUnapplied(knownNames: readonly string[], limit = 200): InboxEntry[] {
    const placeholders = knownNames.map(() => '?').join(',');
    const unknown = knownNames.length ? `name NOT IN (${placeholders})` : '1';
    const rows = this.db
      .prepare(
        `SELECT * FROM inbox WHERE state IN ('pending', 'conflict', 'failed') OR ${unknown}
         ORDER BY id DESC LIMIT ?`,
      )
      .all(...knownNames, limit) as Row[];
    return rows.map(toEntry);
  }

  /**
   * Deletes rows that were applied or ignored before `beforeMs` (their raw payload holds patient data and the
   * dedupe window only needs 72 h). Rows in conflict, failed or pending are kept. Returns how many were deleted.
   */
  prune(beforeMs: number): number {
    return this.db
      .prepare(
        `DELETE FROM inbox WHERE state IN ('applied', 'ignored') AND applied_at IS NOT NULL AND applied_at < ?`,
      )
      .run(beforeMs).changes;
  }

  countsByState(): Record<InboxState, number> {
    const out: Record<InboxState, number> = { pending: 0, applied: 0, ignored: 0, failed: 0, conflict: 0 };
    const rows = this.db.prepare(`SELECT state, COUNT(*) AS n FROM inbox GROUP BY state`).all() as {
      state: InboxState;
      n: number;
    }[];
    for (const r of rows) out[r.state] = r.n;
    return out;
  }
}
