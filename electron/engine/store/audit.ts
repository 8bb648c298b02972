// The audit log behind the activity screen: every API write and its outcome, every notification received, every
// PMS write-back. Summaries carry only masked patient names ("J*** K***"); the unmasked name sits in the
// `patient` column and leaves the DB only through `reveal(id)`. Details never hold patient data. Each summary may
// carry a message code with params (shared/message-codes.ts) for the UI's language; params never hold a patient.
import type { ActivityEntry, ActivityPage, ActivityQuery } from '../../../shared/bridge';
import { ActivityQuerySchema } from '../../../shared/bridge';
import {
  MessageCodeSchema,
  MessageParamsSchema,
  type MessageCode,
  type MessageParams,
} from '../../../shared/message-codes';
import type { StateDb } from './db';

export type AuditDirection = ActivityEntry['direction'];
export type AuditOutcome = ActivityEntry['outcome'];

/** Unmasked patient names stay revealable this long (as long as the raw notifications in the inbox). */
export const AUDIT_NAMES_KEEP_MS = 30 * 86_400_000;
/** Activity entries are kept this long. */
export const AUDIT_KEEP_MS = 365 * 86_400_000;

export interface AuditInput {
  at: number;
  direction: AuditDirection;
  /** API operation or notification name ("replaceSlots", "slot-booked", "writeBack.create"). */
  operation: string;
  addressKey: string | null;
  outcome: AuditOutcome;
  /** Human summary (English); use maskName() for any patient name in it. */
  summary: string;
  /** The summary's message code for the UI (optional: an entry without one shows the English summary). */
  code?: MessageCode;
  /** The code's params: instants, counts, ids, labels; never a patient name (that stays in `patient`). */
  params?: MessageParams;
  /** Unmasked patient name for an explicit reveal, or null. */
  patient?: string | null;
  /** Status code, error kind, ids; never patient data. */
  detail?: Record<string, unknown> | null;
}

/** "Jan Kowalski" → "J*** K***". */
export function maskName(name: string | null | undefined): string {
  if (!name || !name.trim()) return '***';
  return name
    .trim()
    .split(/\s+/)
    .map((w) => `${[...w][0] ?? ''}***`)
    .join(' ');
}

interface RowDb {
  id: number;
  at: number;
  direction: AuditDirection;
  operation: string;
  address_key: string | null;
  outcome: AuditOutcome;
  summary: string;
  patient: string | null;
  code: string | null;
  params: string | null;
}

/** A stored params column back to params; unreadable JSON (a damaged row) counts as none. */
function readParams(json: string | null): MessageParams | undefined {
  if (json === null) return undefined;
  try {
    return MessageParamsSchema.parse(JSON.parse(json));
  } catch {
    return undefined;
  }
}

const toEntry = (r: RowDb): ActivityEntry => {
  // An unknown code (written by a newer version) parses as none: the English summary shows.
  const code = MessageCodeSchema.parse(r.code ?? undefined);
  return {
    id: r.id,
    at: r.at,
    direction: r.direction,
    operation: r.operation,
    addressKey: r.address_key,
    outcome: r.outcome,
    summary: r.summary,
    ...(code ? { code, params: readParams(r.params) ?? {} } : {}),
    hasPatient: r.patient !== null,
  };
};

export class AuditRepo {
  private readonly listeners = new Set<(e: ActivityEntry) => void>();

  constructor(private readonly db: StateDb) {}

  /** Appends one entry and tells subscribers (the engine turns it into an 'activity' event). */
  append(input: AuditInput): ActivityEntry {
    const info = this.db
      .prepare(
        `INSERT INTO audit (at, direction, operation, address_key, outcome, summary, patient, detail, code, params)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.at,
        input.direction,
        input.operation,
        input.addressKey,
        input.outcome,
        input.summary,
        input.patient ?? null,
        input.detail ? JSON.stringify(input.detail) : null,
        input.code ?? null,
        input.code ? JSON.stringify(input.params ?? {}) : null,
      );
    const entry: ActivityEntry = {
      id: Number(info.lastInsertRowid),
      at: input.at,
      direction: input.direction,
      operation: input.operation,
      addressKey: input.addressKey,
      outcome: input.outcome,
      summary: input.summary,
      ...(input.code ? { code: input.code, params: input.params ?? {} } : {}),
      hasPatient: input.patient != null,
    };
    for (const l of this.listeners) {
      try {
        l(entry);
      } catch {
        // A listener's failure must not lose the audit row.
      }
    }
    return entry;
  }

  subscribe(listener: (e: ActivityEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Newest first; `search` matches words in the summary, operation or address key (all words must match). */
  query(q: ActivityQuery): ActivityPage {
    const query = ActivityQuerySchema.parse(q);
    const where: string[] = [];
    const args: unknown[] = [];
    for (const word of (query.search ?? '').split(/\s+/).filter(Boolean)) {
      const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        `(summary LIKE ? ESCAPE '\\' OR operation LIKE ? ESCAPE '\\' OR COALESCE(address_key, '') LIKE ? ESCAPE '\\')`,
      );
      args.push(like, like, like);
    }
    if (query.direction) {
      where.push('direction = ?');
      args.push(query.direction);
    }
    if (query.outcome) {
      where.push('outcome = ?');
      args.push(query.outcome);
    }
    const filter = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM audit${filter}`).get(...args) as { n: number })
      .n;
    const page = query.beforeId !== undefined ? `${filter ? `${filter} AND` : ' WHERE'} id < ?` : filter;
    const pageArgs = query.beforeId !== undefined ? [...args, query.beforeId] : args;
    const rows = this.db
      .prepare(
        `SELECT id, at, direction, operation, address_key, outcome, summary, patient, code, params FROM audit${page}
         ORDER BY id DESC LIMIT ?`,
      )
      .all(...pageArgs, query.limit) as RowDb[];
    return { entries: rows.map(toEntry), total };
  }

  /** The unmasked patient name of one entry (explicit reveal), or null. */
  reveal(id: number): string | null {
    const r = this.db.prepare('SELECT patient FROM audit WHERE id = ?').get(id) as
      { patient: string | null } | undefined;
    return r?.patient ?? null;
  }

  /**
   * Retention (health data is kept no longer than it is useful): unmasked names older than `forgetNamesBefore`
   * are erased (the entry stays, masked, and can no longer be revealed); entries older than `deleteBefore` go.
   */
  applyRetention(forgetNamesBefore: number, deleteBefore: number): { forgotten: number; deleted: number } {
    return this.db.transaction(() => ({
      forgotten: this.db
        .prepare('UPDATE audit SET patient = NULL WHERE at < ? AND patient IS NOT NULL')
        .run(forgetNamesBefore).changes,
      deleted: this.db.prepare('DELETE FROM audit WHERE at < ?').run(deleteBefore).changes,
    }))();
  }

  /** The JSON detail of one entry (tests, diagnostics). */
  detail(id: number): Record<string, unknown> | null {
    const r = this.db.prepare('SELECT detail FROM audit WHERE id = ?').get(id) as
      { detail: string | null } | undefined;
    return r?.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null;
  }
}
