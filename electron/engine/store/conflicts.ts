// Conflicts as stored: first-class records, never resolved silently. One open conflict per dedupe key (raising the
// same problem again refreshes it); resolving records the action, who chose it, when and the outcome; a failed
// attempt keeps it open with the error. The context (ids the actions need) is opaque JSON here; the sync layer
// (sync/conflicts/) types and validates it.
import {
  ConflictQuerySchema,
  type Conflict,
  type ConflictKind,
  type ConflictQuery,
  type ConflictSide,
  type ResolutionOption,
} from '../../../shared/bridge';
import type { MessageCode, MessageParams } from '../../../shared/message-codes';
import type { StateDb } from './db';

export interface NewConflict {
  kind: ConflictKind;
  addressKey: string | null;
  dedupeKey: string;
  summary: string;
  /** The summary's message code for the UI (kept in the context JSON: no column needed). */
  summaryCode?: MessageCode;
  summaryParams?: MessageParams;
  local: ConflictSide | null;
  remote: ConflictSide | null;
  options: ResolutionOption[];
  context: unknown;
}

export interface ConflictAttempt {
  action: string;
  by: string;
  at: number;
  error: string;
  /** The "last attempt failed" line with its cause, for the UI (none: an attempt stored before codes, no cause). */
  code?: MessageCode;
  params?: MessageParams;
}

/** A conflict with what only the engine sees: its raw context and failed resolution attempts. */
export interface StoredConflict {
  conflict: Conflict;
  dedupeKey: string | null;
  context: unknown;
  failedAttempts: ConflictAttempt[];
}

interface Row {
  id: number;
  kind: ConflictKind;
  address_key: string | null;
  dedupe_key: string | null;
  created_at: number;
  summary: string;
  local: string | null;
  remote: string | null;
  options: string;
  context: string;
  status: 'open' | 'resolved';
  resolution: string | null;
}

interface StoredContext {
  context: unknown;
  failedAttempts: ConflictAttempt[];
  summaryCode?: MessageCode;
  summaryParams?: MessageParams;
}

const parseContext = (raw: string): StoredContext => {
  try {
    const v = JSON.parse(raw) as Partial<StoredContext>;
    return { ...v, context: v.context ?? null, failedAttempts: v.failedAttempts ?? [] };
  } catch {
    return { context: null, failedAttempts: [] };
  }
};

const storedContext = (c: NewConflict, failedAttempts: ConflictAttempt[]): string =>
  JSON.stringify({
    context: c.context,
    failedAttempts,
    summaryCode: c.summaryCode,
    summaryParams: c.summaryParams,
  });

function toStored(r: Row): StoredConflict {
  const ctx = parseContext(r.context);
  const last = ctx.failedAttempts[ctx.failedAttempts.length - 1];
  const summary =
    r.status === 'open' && last
      ? `${r.summary} Last attempt ("${last.action}") failed: ${last.error}`
      : r.summary;
  return {
    conflict: {
      id: String(r.id),
      kind: r.kind,
      addressKey: r.address_key,
      createdAt: r.created_at,
      summary,
      summaryCode: ctx.summaryCode,
      summaryParams: ctx.summaryParams,
      ...(r.status === 'open' && last ? { lastFailedAction: last.action } : {}),
      ...(r.status === 'open' && last?.code
        ? { lastFailedCode: last.code, lastFailedParams: last.params ?? {} }
        : {}),
      local: r.local ? (JSON.parse(r.local) as ConflictSide) : null,
      remote: r.remote ? (JSON.parse(r.remote) as ConflictSide) : null,
      options: JSON.parse(r.options) as ResolutionOption[],
      status: r.status,
      resolution: r.resolution ? (JSON.parse(r.resolution) as Conflict['resolution']) : null,
    },
    dedupeKey: r.dedupe_key,
    context: ctx.context,
    failedAttempts: ctx.failedAttempts,
  };
}

export class ConflictRepo {
  constructor(private readonly db: StateDb) {}

  /**
   * Opens a conflict, or refreshes the open one with the same dedupe key (sides, options and context updated,
   * creation time and failed attempts kept). Returns it and whether it is new.
   */
  raise(c: NewConflict, now: number): { stored: StoredConflict; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.db.prepare(`SELECT * FROM conflicts WHERE dedupe_key = ?`).get(c.dedupeKey) as
        Row | undefined;
      if (existing) {
        const kept = parseContext(existing.context).failedAttempts;
        this.db
          .prepare(
            `UPDATE conflicts SET summary = ?, local = ?, remote = ?, options = ?, context = ?, address_key = ?
             WHERE id = ?`,
          )
          .run(
            c.summary,
            c.local ? JSON.stringify(c.local) : null,
            c.remote ? JSON.stringify(c.remote) : null,
            JSON.stringify(c.options),
            storedContext(c, kept),
            c.addressKey,
            existing.id,
          );
        return { stored: this.get(String(existing.id))!, created: false };
      }
      const info = this.db
        .prepare(
          `INSERT INTO conflicts (kind, address_key, dedupe_key, created_at, summary, local, remote, options, context,
             status, resolution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL)`,
        )
        .run(
          c.kind,
          c.addressKey,
          c.dedupeKey,
          now,
          c.summary,
          c.local ? JSON.stringify(c.local) : null,
          c.remote ? JSON.stringify(c.remote) : null,
          JSON.stringify(c.options),
          storedContext(c, []),
        );
      return { stored: this.get(String(info.lastInsertRowid))!, created: true };
    })();
  }

  get(id: string): StoredConflict | null {
    if (!/^\d+$/.test(id)) return null;
    const r = this.db.prepare(`SELECT * FROM conflicts WHERE id = ?`).get(Number(id)) as Row | undefined;
    return r ? toStored(r) : null;
  }

  /** The open conflict with this dedupe key, if any. */
  findOpen(dedupeKey: string): StoredConflict | null {
    const r = this.db
      .prepare(`SELECT * FROM conflicts WHERE dedupe_key = ? AND status = 'open'`)
      .get(dedupeKey) as Row | undefined;
    return r ? toStored(r) : null;
  }

  list(query: ConflictQuery = {}): Conflict[] {
    const q = ConflictQuerySchema.parse(query);
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.status !== 'all') {
      where.push('status = ?');
      args.push(q.status);
    }
    if (q.kind) {
      where.push('kind = ?');
      args.push(q.kind);
    }
    if (q.addressKey) {
      where.push('address_key = ?');
      args.push(q.addressKey);
    }
    const sql = `SELECT * FROM conflicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
    return (this.db.prepare(sql).all(...args) as Row[]).map((r) => toStored(r).conflict);
  }

  openCount(addressKey?: string): number {
    const sql =
      addressKey === undefined
        ? `SELECT COUNT(*) FROM conflicts WHERE status = 'open'`
        : `SELECT COUNT(*) FROM conflicts WHERE status = 'open' AND address_key = ?`;
    const stmt = this.db.prepare(sql).pluck();
    return (addressKey === undefined ? stmt.get() : stmt.get(addressKey)) as number;
  }

  /**
   * Closes an open conflict with who chose what and the outcome. The dedupe key is freed (kept in the context's
   * history) so the same problem happening again later opens a new conflict. False if it was not open.
   */
  resolve(id: string, resolution: NonNullable<Conflict['resolution']>): boolean {
    const info = this.db
      .prepare(
        `UPDATE conflicts SET status = 'resolved', resolution = ?, dedupe_key = NULL WHERE id = ? AND status = 'open'`,
      )
      .run(JSON.stringify(resolution), Number(id));
    return info.changes === 1;
  }

  /**
   * Retention: resolved conflicts (both sides with patient names) are deleted once resolved before `beforeMs`; the
   * activity log keeps the masked record of who resolved what. Open conflicts are never deleted.
   */
  pruneResolved(beforeMs: number): number {
    return this.db
      .prepare(`DELETE FROM conflicts WHERE status = 'resolved' AND json_extract(resolution, '$.at') < ?`)
      .run(beforeMs).changes;
  }

  /** Records a failed resolution attempt; the conflict stays open and shows the error. */
  recordFailedAttempt(id: string, attempt: ConflictAttempt): void {
    this.db.transaction(() => {
      const r = this.db.prepare(`SELECT context FROM conflicts WHERE id = ?`).get(Number(id)) as
        { context: string } | undefined;
      if (!r) return;
      const ctx = parseContext(r.context);
      ctx.failedAttempts.push(attempt);
      this.db.prepare(`UPDATE conflicts SET context = ? WHERE id = ?`).run(JSON.stringify(ctx), Number(id));
    })();
  }
}
