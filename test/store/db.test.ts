import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, StateDbError, openStateDb } from '../../electron/engine/store/db';
import { MIGRATIONS } from '../../electron/engine/store/migrations';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'state-db-')), 'state.db');

describe('state DB', () => {
  it('creates every table in WAL mode and records the schema version', () => {
    const db = openStateDb(tempPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['outbox', 'inbox', 'conflicts', 'audit', 'booking_links', 'booking_aliases']),
    );
    db.close();
  });

  it('reopens an existing DB without re-running migrations and keeps its data', () => {
    const path = tempPath();
    const first = openStateDb(path);
    first.prepare(`INSERT INTO meta (key, value) VALUES ('install_id', 'abc')`).run();
    first.close();
    const again = openStateDb(path);
    expect(again.prepare(`SELECT value FROM meta WHERE key = 'install_id'`).pluck().get()).toBe('abc');
    again.close();
  });

  it('applies a new numbered migration to an existing DB', () => {
    const path = tempPath();
    openStateDb(path).close();
    const next = [
      ...MIGRATIONS,
      { version: LATEST_SCHEMA_VERSION + 1, name: 'extra', sql: 'CREATE TABLE extra (x)' },
    ];
    const db = openStateDb(path, { migrations: next });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    db.close();
  });

  it('refuses a DB written by a newer version, saying what to do, and leaves it untouched', () => {
    const path = tempPath();
    const db = openStateDb(path);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => openStateDb(path)).toThrow(StateDbError);
    expect(() => openStateDb(path)).toThrow(/newer version of Clinic Sync Desk/);
    const raw = openStateDb(path, {
      migrations: [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 5, name: 'x', sql: '' }],
    });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 5);
    raw.close();
  });

  it('rolls back a failing migration completely', () => {
    const path = tempPath();
    openStateDb(path).close();
    const broken = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        name: 'broken',
        sql: 'CREATE TABLE ok_table (x); SELECT * FROM missing_table;',
      },
    ];
    expect(() => openStateDb(path, { migrations: broken })).toThrow(
      `schema ${LATEST_SCHEMA_VERSION + 1} (broken) failed`,
    );
    const db = openStateDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'ok_table'`).pluck().get()).toBe(0);
    db.close();
  });
});
