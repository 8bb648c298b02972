// Adapter for the reference PMS schema (README.md): checks the tables and columns it needs, then reads through
// the built-in REFERENCE_SOURCE.
import { PracticeDbError } from './adapter';
import { REFERENCE_COLUMNS } from './reference/schema';
import { REFERENCE_SOURCE } from './reference/source';
import type { SqlAdapterOptions } from './sql-adapter';
import { SqlPracticeAdapter } from './sql-adapter';
import type { Db } from './sqlite';

export function createReferenceAdapter(opts: SqlAdapterOptions): SqlPracticeAdapter {
  return new SqlPracticeAdapter(REFERENCE_SOURCE, opts, (db) => checkReferenceSchema(db, opts.dbPath));
}

/** Throws PracticeDbError('schema-mismatch') naming the first missing table or column. */
export function checkReferenceSchema(db: Db, path: string): void {
  for (const [table, columns] of Object.entries(REFERENCE_COLUMNS)) {
    const have = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
    if (have.size === 0) {
      throw new PracticeDbError(
        'schema-mismatch',
        `${path} does not match the reference schema: table "${table}" is missing`,
      );
    }
    const missing = columns.filter((c) => !have.has(c));
    if (missing.length > 0) {
      throw new PracticeDbError(
        'schema-mismatch',
        `${path} does not match the reference schema: table "${table}" has no column ${missing.map((m) => `"${m}"`).join(', ')}`,
      );
    }
  }
}
