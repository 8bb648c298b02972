// Opens the app's own state DB: WAL, foreign keys, busy timeout, numbered migrations on user_version.
// A DB written by a newer app version is refused with a message the user can act on.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type StateDb = Database.Database;

export class StateDbError extends Error {
  constructor(
    readonly code: 'newer-version' | 'cannot-open' | 'migration-failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StateDbError';
  }
}

export interface OpenStateDbOptions {
  migrations?: readonly Migration[];
}

/** Opens (creating if needed) the state DB at `path` (":memory:" for throwaway use) and migrates it. */
export function openStateDb(path: string, options: OpenStateDbOptions = {}): StateDb {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  let db: StateDb;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (cause) {
    throw new StateDbError(
      'cannot-open',
      `Cannot open the sync state database at ${path}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations, latest);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function migrate(db: StateDb, migrations: readonly Migration[], latest: number): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new StateDbError(
      'newer-version',
      `This sync state database was written by a newer version of Clinic Sync Desk (schema ${current}; ` +
        `this version knows up to ${latest}). Update the application, or point it at another data folder.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (cause) {
      throw new StateDbError(
        'migration-failed',
        `Upgrading the sync state database to schema ${m.version} (${m.name}) failed; nothing was changed.`,
        { cause },
      );
    }
  }
}

export { LATEST_SCHEMA_VERSION };
