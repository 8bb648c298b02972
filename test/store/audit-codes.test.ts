// Activity summaries in the UI language: migration 2 adds the audit table's `code` and `params` columns to a
// state DB written by version 1 without losing its rows (which keep their English summary, no code); the repo
// stores a code with its params and returns them; an unknown code or damaged params count as none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskName } from '../../electron/engine/store/audit';
import { openStateDb } from '../../electron/engine/store/db';
import { MIGRATIONS } from '../../electron/engine/store/migrations';
import { createRepos } from '../../electron/engine/store/repos';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-codes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 2: audit message codes', () => {
  it('opens a version-1 state DB with activity rows, migrates it to 2 and keeps the rows as they were', () => {
    const path = join(dir, 'state.db');
    const v1 = openStateDb(path, { migrations: MIGRATIONS.filter((m) => m.version === 1) });
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    const insert = v1.prepare(
      `INSERT INTO audit (at, direction, operation, address_key, outcome, summary, patient, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run(
      1,
      'out',
      'bookSlot',
      '1@1',
      'ok',
      'Booked the appointment at 2026-11-24 10:00 (J*** K***)',
      'Jan Kowalski',
      '{"key":"booking:7"}',
    );
    insert.run(
      2,
      'in',
      'slot-booked',
      null,
      'skipped',
      'Docplanner sent "slot-booked"; nothing to change.',
      null,
      null,
    );
    v1.close();

    const db = openStateDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const columns = db.prepare(`SELECT name FROM pragma_table_info('audit')`).pluck().all();
    expect(columns).toEqual(expect.arrayContaining(['code', 'params']));
    const repos = createRepos(db);
    const page = repos.audit.query({});
    expect(page.total).toBe(2);
    expect(page.entries).toEqual([
      {
        id: 2,
        at: 2,
        direction: 'in',
        operation: 'slot-booked',
        addressKey: null,
        outcome: 'skipped',
        summary: 'Docplanner sent "slot-booked"; nothing to change.',
        hasPatient: false,
      },
      {
        id: 1,
        at: 1,
        direction: 'out',
        operation: 'bookSlot',
        addressKey: '1@1',
        outcome: 'ok',
        summary: 'Booked the appointment at 2026-11-24 10:00 (J*** K***)',
        hasPatient: true,
      },
    ]);
    expect(repos.audit.reveal(1)).toBe('Jan Kowalski');
    expect(repos.audit.detail(1)).toEqual({ key: 'booking:7' });
    db.close();
  });
});

describe('audit repo with codes', () => {
  it('stores a code with its params and returns them, in the event and in the query; never the patient', () => {
    const db = openStateDb(join(dir, 'state.db'));
    const repos = createRepos(db);
    const events: unknown[] = [];
    repos.audit.subscribe((e) => events.push(e));
    const entry = repos.audit.append({
      at: 5,
      direction: 'out',
      operation: 'bookSlot',
      addressKey: '1@1',
      outcome: 'failed',
      summary: `Booked the appointment at 2026-11-24 10:00: Docplanner could not be reached (${maskName('Jan Kowalski')})`,
      code: 'activity.out.failed',
      params: { write: 'activity.out.book', start: '2026-11-24T10:00:00+01:00', error: 'network' },
      patient: 'Jan Kowalski',
    });
    const coded = {
      code: 'activity.out.failed',
      params: { write: 'activity.out.book', start: '2026-11-24T10:00:00+01:00', error: 'network' },
    };
    expect(entry).toMatchObject(coded);
    expect(events).toEqual([entry]);
    expect(repos.audit.query({}).entries[0]).toEqual(entry);
    expect(JSON.stringify(repos.audit.query({}))).not.toContain('Kowalski');
    db.close();
  });

  it('a code this version does not know, or params that cannot be read, count as none', () => {
    const db = openStateDb(join(dir, 'state.db'));
    const repos = createRepos(db);
    const a = repos.audit.append({
      at: 1,
      direction: 'local',
      operation: 'future',
      addressKey: null,
      outcome: 'ok',
      summary: 'Something a newer version did.',
      code: 'activity.calendar-enabled',
    });
    const b = repos.audit.append({
      at: 2,
      direction: 'local',
      operation: 'saveMapping',
      addressKey: null,
      outcome: 'ok',
      summary: 'Mapping saved: 1 calendar(s)',
      code: 'activity.mapping-saved',
      params: { count: 1, services: 2, insurances: 0 },
    });
    db.prepare(`UPDATE audit SET code = 'activity.teleported' WHERE id = ?`).run(a.id);
    db.prepare(`UPDATE audit SET params = '{not json' WHERE id = ?`).run(b.id);
    const [second, first] = repos.audit.query({}).entries;
    expect(first).not.toHaveProperty('code');
    expect(first?.summary).toBe('Something a newer version did.');
    expect(second).toMatchObject({ code: 'activity.mapping-saved' });
    expect(second?.params).toEqual({});
    db.close();
  });
});
