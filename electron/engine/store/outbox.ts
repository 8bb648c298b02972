// The durable outbox: one row per coalescing key ("slots:<addressKey>/<date>", "booking:<localId>",
// "break:<localId>"). A row says "this key may differ from Docplanner"; WHAT to send is computed at send time from
// the current PMS state, so ten edits of one key are one write. A row is removed only after Docplanner confirmed.
//
// States:  pending ──claim──▶ in-flight ──ok──▶ (removed, or pending again if the key still differs)
//                                  │ transient, known not applied ──▶ pending (due later, attempt+1)
//                                  │ 5xx / network / found in-flight at startup ──▶ unknown (re-read before retry)
//                                  └ permanent (validation, forbidden …) ──▶ blocked (+ a conflict; kept, not retried)
import type { StateDb } from './db';

export type OutboxKind = 'slots' | 'booking' | 'break';
export type OutboxState = 'pending' | 'in-flight' | 'unknown' | 'blocked';
/** 0 bookings + near breaks, 1 availability within 7 days, 2 other real-time changes, 3 activation feed / far days. */
export type Lane = 0 | 1 | 2 | 3;

export interface OutboxEntry {
  id: number;
  key: string;
  kind: OutboxKind;
  addressKey: string;
  day: string | null;
  lane: Lane;
  state: OutboxState;
  attempt: number;
  dueAt: number;
  /** JSON of the write as it was sent (set before the HTTP call); null before the first claim. */
  request: unknown;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface EnqueueInput {
  key: string;
  kind: OutboxKind;
  addressKey: string;
  day: string | null;
  lane: Lane;
}

interface RowDb {
  id: number;
  key: string;
  kind: OutboxKind;
  address_key: string;
  day: string | null;
  lane: Lane;
  state: OutboxState;
  attempt: number;
  due_at: number;
  request: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

const toEntry = (r: RowDb): OutboxEntry => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  addressKey: r.address_key,
  day: r.day,
  lane: r.lane,
  state: r.state,
  attempt: r.attempt,
  dueAt: r.due_at,
  request: r.request === null ? null : (JSON.parse(r.request) as unknown),
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const slotsKey = (addressKey: string, date: string): string => `slots:${addressKey}/${date}`;
export const bookingKey = (localId: string): string => `booking:${localId}`;
export const breakKey = (localId: string): string => `break:${localId}`;

/** Kind order within a lane and day: the day's availability first, then its bookings, then its breaks. */
const ORDER = `ORDER BY lane, COALESCE(day, ''), CASE kind WHEN 'slots' THEN 0 WHEN 'booking' THEN 1 ELSE 2 END, id`;

export class OutboxRepo {
  constructor(private readonly db: StateDb) {}

  /**
   * Adds a key or coalesces into its existing row: the lane becomes the more urgent of the two; a pending row
   * keeps its backoff unless it had none. An in-flight or unknown row is left alone (the sender re-plans the key
   * after it settles). A blocked row becomes pending again only with `unblock` (a real change of the data).
   */
  enqueue(input: EnqueueInput, now: number, opts: { unblock?: boolean } = {}): void {
    const old = this.getByKey(input.key);
    if (!old) {
      this.db
        .prepare(
          `INSERT INTO outbox (key, kind, address_key, day, lane, state, attempt, due_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
        )
        .run(input.key, input.kind, input.addressKey, input.day, input.lane, now, now, now);
      return;
    }
    const lane = Math.min(old.lane, input.lane);
    if (old.state === 'pending') {
      const due = old.attempt === 0 ? Math.min(old.dueAt, now) : old.dueAt;
      this.db
        .prepare('UPDATE outbox SET lane = ?, day = ?, due_at = ?, updated_at = ? WHERE id = ?')
        .run(lane, input.day ?? old.day, due, now, old.id);
    } else if (old.state === 'blocked' && opts.unblock) {
      this.db
        .prepare(
          `UPDATE outbox SET state = 'pending', lane = ?, day = ?, attempt = 0, due_at = ?, last_error = NULL,
             updated_at = ? WHERE id = ?`,
        )
        .run(lane, input.day ?? old.day, now, now, old.id);
    } else {
      this.db
        .prepare('UPDATE outbox SET lane = ?, day = ?, updated_at = ? WHERE id = ?')
        .run(lane, input.day ?? old.day, now, old.id);
    }
  }

  get(id: number): OutboxEntry | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as RowDb | undefined;
    return r ? toEntry(r) : null;
  }

  getByKey(key: string): OutboxEntry | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE key = ?').get(key) as RowDb | undefined;
    return r ? toEntry(r) : null;
  }

  /** The next entry to work on: unknown ones first (they must be resolved), then due pending ones by lane/day. */
  next(now: number, opts: { addressKeys?: readonly string[] } = {}): OutboxEntry | null {
    const filter = opts.addressKeys
      ? ` AND address_key IN (${opts.addressKeys.map(() => '?').join(',') || "''"})`
      : '';
    const args = opts.addressKeys ?? [];
    const unknown = this.db
      .prepare(`SELECT * FROM outbox WHERE state = 'unknown' AND due_at <= ?${filter} ${ORDER} LIMIT 1`)
      .get(now, ...args) as RowDb | undefined;
    if (unknown) return toEntry(unknown);
    const r = this.db
      .prepare(`SELECT * FROM outbox WHERE state = 'pending' AND due_at <= ?${filter} ${ORDER} LIMIT 1`)
      .get(now, ...args) as RowDb | undefined;
    return r ? toEntry(r) : null;
  }

  /** Earliest due time of a pending or unknown entry (to arm a timer), or null. */
  nextDueAt(): number | null {
    const r = this.db
      .prepare(`SELECT MIN(due_at) AS at FROM outbox WHERE state IN ('pending', 'unknown')`)
      .get() as {
      at: number | null;
    };
    return r.at;
  }

  /** pending → in-flight, persisting the exact request BEFORE it is sent. */
  claim(id: number, request: unknown, now: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'in-flight', request = ?, attempt = attempt + 1, updated_at = ? WHERE id = ?`,
      )
      .run(JSON.stringify(request), now, id);
  }

  /** Docplanner confirmed: the row is gone. */
  complete(id: number): void {
    this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
  }

  /** Known not applied (429, re-plan needed): back to pending, due at `dueAt`. */
  retryLater(id: number, dueAt: number, error: string, now: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'pending', due_at = ?, last_error = ?, request = NULL, updated_at = ? WHERE id = ?`,
      )
      .run(dueAt, error, now, id);
  }

  /** Back to pending immediately, without counting as a failure (the key must be planned again). */
  requeue(id: number, now: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'pending', due_at = ?, request = NULL, attempt = 0, updated_at = ? WHERE id = ?`,
      )
      .run(now, now, id);
  }

  /** The outcome is unknown: Docplanner must be re-read before anything is sent for this key. */
  markUnknown(id: number, error: string, dueAt: number, now: number): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'unknown', last_error = ?, due_at = ?, updated_at = ? WHERE id = ?`)
      .run(error, dueAt, now, id);
  }

  /** Permanent refusal: kept for the user (with a conflict), never retried blindly. */
  block(id: number, error: string, now: number): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'blocked', last_error = ?, updated_at = ? WHERE id = ?`)
      .run(error, now, id);
  }

  /** At startup: whatever was in flight when the app stopped has an unknown outcome. Returns how many. */
  recoverInFlight(now: number): number {
    return this.db
      .prepare(
        `UPDATE outbox SET state = 'unknown', last_error = 'interrupted', updated_at = ? WHERE state = 'in-flight'`,
      )
      .run(now).changes;
  }

  /** Every row (for status, tests and the activation progress). */
  list(filter: { state?: OutboxState; addressKey?: string } = {}): OutboxEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.addressKey) {
      where.push('address_key = ?');
      args.push(filter.addressKey);
    }
    const sql = `SELECT * FROM outbox${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ${ORDER}`;
    return (this.db.prepare(sql).all(...args) as RowDb[]).map(toEntry);
  }

  /** Counts per address and state. */
  counts(): Map<string, Record<OutboxState, number>> {
    const rows = this.db
      .prepare('SELECT address_key, state, COUNT(*) AS n FROM outbox GROUP BY address_key, state')
      .all() as { address_key: string; state: OutboxState; n: number }[];
    const out = new Map<string, Record<OutboxState, number>>();
    for (const r of rows) {
      const c = out.get(r.address_key) ?? { pending: 0, 'in-flight': 0, unknown: 0, blocked: 0 };
      c[r.state] = r.n;
      out.set(r.address_key, c);
    }
    return out;
  }

  /** Removes the row of a key whatever its state (e.g. a conflict resolution dropped the change). */
  removeKey(key: string): void {
    this.db.prepare('DELETE FROM outbox WHERE key = ?').run(key);
  }
}
