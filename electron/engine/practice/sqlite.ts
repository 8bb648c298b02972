// better-sqlite3 plumbing for practice databases: opening (read-only for reads, read-write for write-back) with
// errors that name the file and say what is wrong, translation of SQLite error codes into PracticeDbError, and
// a synchronous SQLITE_BUSY retry (write-back never awaits while holding a lock).
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { ZodType } from 'zod';
import { PracticeDbError } from './adapter';
import type { SourceQuery } from './source';

export type Db = Database.Database;
export type Statement = Database.Statement;

export interface OpenOptions {
  readonly: boolean;
  /** busy_timeout in ms (how long SQLite itself waits for a lock). */
  busyTimeoutMs: number;
}

export function openPracticeDb(path: string, opts: OpenOptions): Db {
  if (!fs.existsSync(path)) {
    throw new PracticeDbError('missing-file', `practice database not found: ${path}`);
  }
  if (fs.statSync(path).isDirectory()) {
    throw new PracticeDbError('not-sqlite', `practice database path is a folder, not a file: ${path}`);
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly, fileMustExist: true, timeout: opts.busyTimeoutMs });
  } catch (e) {
    throw translate(e, `opening ${path}`);
  }
  try {
    // Touch the schema: fails here for a non-SQLite file or a database locked exclusively by the PMS.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (!opts.readonly) {
      try {
        fs.accessSync(path, fs.constants.W_OK);
      } catch {
        throw new PracticeDbError('read-only', `practice database is read-only for this user: ${path}`);
      }
    }
  } catch (e) {
    db.close();
    throw translate(e, `opening ${path}`);
  }
  return db;
}

/** SQLite error → PracticeDbError (already-typed errors pass through). */
export function translate(e: unknown, doing: string, query?: SourceQuery): PracticeDbError {
  if (e instanceof PracticeDbError) return e;
  const code = (e as { code?: string } | null)?.code ?? '';
  const msg = e instanceof Error ? e.message : String(e);
  const where = query ? ` (${describe(query)})` : '';
  if (code === 'SQLITE_NOTADB') {
    return new PracticeDbError('not-sqlite', `${doing}: the file is not a SQLite database`, { cause: e });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new PracticeDbError('locked', `${doing}: the practice database is locked by another program`, {
      cause: e,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return new PracticeDbError('read-only', `${doing}: the practice database cannot be written (${msg})`, {
      cause: e,
    });
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CORRUPT') {
    return new PracticeDbError('io', `${doing}: disk or I/O error, nothing was written (${msg})`, {
      cause: e,
    });
  }
  if (query && /no such (table|column)|syntax error|no such function|ambiguous column/.test(msg)) {
    const kind = query.line !== undefined ? 'bad-mapping' : 'schema-mismatch';
    return new PracticeDbError(kind, `${doing}${where}: ${msg}`, { cause: e });
  }
  return new PracticeDbError(
    query?.line !== undefined ? 'bad-mapping' : 'bad-data',
    `${doing}${where}: ${msg}`,
    {
      cause: e,
    },
  );
}

export function describe(q: SourceQuery): string {
  return q.line !== undefined ? `mapping field ${q.field}, line ${q.line}` : q.field;
}

/** A prepared source query whose columns were checked and whose rows are validated with zod. */
export class CheckedQuery<T> {
  private readonly stmt: Statement;

  constructor(
    db: Db,
    readonly query: SourceQuery,
    private readonly schema: ZodType<T>,
    required: readonly string[],
  ) {
    try {
      this.stmt = db.prepare(query.sql);
    } catch (e) {
      throw translate(e, 'preparing a query', query);
    }
    if (!this.stmt.reader) {
      throw new PracticeDbError(
        query.line !== undefined ? 'bad-mapping' : 'schema-mismatch',
        `${describe(query)}: must be a SELECT returning rows`,
      );
    }
    const cols = new Set(this.stmt.columns().map((c) => c.name));
    const missing = required.filter((c) => !cols.has(c));
    if (missing.length > 0) {
      throw new PracticeDbError(
        query.line !== undefined ? 'bad-mapping' : 'schema-mismatch',
        `${describe(query)}: the query does not return column(s) ${missing.join(', ')} (it returns ${[...cols].join(', ')})`,
      );
    }
  }

  all(params: Record<string, unknown> = {}): T[] {
    let raw: unknown[];
    try {
      raw = this.stmt.all(params);
    } catch (e) {
      throw translate(e, 'reading the practice database', this.query);
    }
    return raw.map((r) => this.parse(r));
  }

  parse(row: unknown): T {
    const res = this.schema.safeParse(row);
    if (res.success) return res.data;
    const issue = res.error.issues[0]!;
    const column = issue.path.join('.') || '(row)';
    const got = typeOfValue((row as Record<string, unknown>)[String(issue.path[0])]);
    const rowId = (row as Record<string, unknown>).id;
    throw new PracticeDbError(
      this.query.line !== undefined ? 'bad-mapping' : 'bad-data',
      `${describe(this.query)}: column "${column}" has the wrong type or value (${issue.message}; got ${got})` +
        (rowId !== undefined && rowId !== null ? ` in row id ${String(rowId)}` : ''),
    );
  }
}

function typeOfValue(v: unknown): string {
  if (v === null) return 'NULL';
  if (v === undefined) return 'no such column';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a real number';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'bigint') return 'a big integer';
  return 'a blob';
}

/** Runs `fn` retrying on SQLITE_BUSY (after busy_timeout already waited), sleeping synchronously in between. */
export function withBusyRetry<T>(fn: () => T, attempts = 5, pauseMs = 100): T {
  for (let i = 1; ; i++) {
    try {
      return fn();
    } catch (e) {
      const code = (e as { code?: string } | null)?.code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || i >= attempts) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs * i);
    }
  }
}
