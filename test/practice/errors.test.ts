// Bad input gets a clear, typed error that names the thing (file, table, column, mapping field and line) and never
// carries patient data.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PracticeDbError } from '../../electron/engine/practice/adapter';
import { openPracticeAdapter } from '../../electron/engine/practice/open';
import { ALTERNATE_MAPPING_YAML } from '../../electron/engine/practice/sample/alternate';
import type { SampleClinicSummary } from '../../electron/engine/practice/sample/generate';
import { ReferencePms } from '../support/reference-pms';
import { sampleClinic, tempDir, tinyClinic } from './helpers';

function failure(fn: () => unknown): PracticeDbError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PracticeDbError);
    return e as PracticeDbError;
  }
  throw new Error('expected a PracticeDbError');
}

describe('bad input', () => {
  let dir: string;
  let alt: SampleClinicSummary;
  const tz = 'Europe/Warsaw';

  beforeAll(() => {
    dir = tempDir();
    alt = sampleClinic(dir, 'alt.db', { schema: 'alternate', doctors: 2, locations: 1 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const reference = (dbPath: string) => openPracticeAdapter({ kind: 'reference', dbPath, timeZone: tz });
  const mapping = (mappingText: string, dbPath = alt.path) => {
    const file = path.join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(file, mappingText);
    return openPracticeAdapter({ kind: 'mapping', dbPath, timeZone: tz, mappingFile: file });
  };
  const copyOfTiny = () => tinyClinic(dir, `t${Math.random().toString(36).slice(2)}.db`);

  it('a missing database file', () => {
    const e = failure(() => reference(path.join(dir, 'nope.db')));
    expect(e.code).toBe('missing-file');
    expect(e.message).toContain('nope.db');
  });

  it('a file that is not SQLite', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'this is a text file, not a database\n'.repeat(200));
    const e = failure(() => reference(file));
    expect(e.code).toBe('not-sqlite');
  });

  it('a database the PMS holds locked exclusively', () => {
    const file = copyOfTiny();
    const pms = new Database(file);
    pms.pragma('journal_mode = DELETE');
    pms.pragma('locking_mode = EXCLUSIVE');
    pms.exec('BEGIN EXCLUSIVE');
    try {
      const e = failure(() =>
        openPracticeAdapter({ kind: 'reference', dbPath: file, timeZone: tz }, { busyTimeoutMs: 50 }),
      );
      expect(e.code).toBe('locked');
    } finally {
      pms.exec('COMMIT');
      pms.close();
    }
  });

  it('a reference database missing a table or a column names it', () => {
    const a = copyOfTiny();
    new Database(a).exec('DROP TABLE holidays').close();
    expect(failure(() => reference(a))).toMatchObject({
      code: 'schema-mismatch',
      message: expect.stringContaining('"holidays"'),
    });
    const b = copyOfTiny();
    new Database(b).exec('ALTER TABLE appointments DROP COLUMN booked_via').close();
    const e = failure(() => reference(b));
    expect(e.code).toBe('schema-mismatch');
    expect(e.message).toMatch(/appointments.*"booked_via"/);
  });

  it('an invalid configuration (time zone) names the field', () => {
    const e = failure(() =>
      openPracticeAdapter({ kind: 'reference', dbPath: alt.path, timeZone: 'Mars/Olympus' }),
    );
    expect(e.message).toContain('timeZone');
  });

  it('mapping SQL that fails names the mapping field, the line and the SQLite reason', () => {
    const text = ALTERNATE_MAPPING_YAML.replace('v.memo AS comment', 'v.remarks AS comment');
    const line = text.split('\n').findIndex((l) => l.trim() === 'appointments: |') + 1;
    const e = failure(() => mapping(text));
    expect(e.code).toBe('bad-mapping');
    expect(e.message).toContain('read.appointments');
    expect(e.message).toContain(`line ${line}`);
    expect(e.message).toContain('no such column: v.remarks');
  });

  it('mapping SQL that returns the wrong columns names what is missing', () => {
    const e = failure(() =>
      mapping(
        ALTERNATE_MAPPING_YAML.replace(
          'SELECT staff_no AS id, full_name AS name',
          'SELECT staff_no, full_name AS name',
        ),
      ),
    );
    expect(e.code).toBe('bad-mapping');
    expect(e.message).toMatch(/read\.doctors.*line \d+.*column\(s\) id/);
  });

  it('mapping SQL that returns the wrong type names the field and column (not the value)', () => {
    const adapter = mapping(
      ALTERNATE_MAPPING_YAML.replace(
        'units * 5 AS duration_minutes\n      FROM staff_treatments',
        "'twenty' AS duration_minutes\n      FROM staff_treatments",
      ),
    );
    try {
      const key = { doctorId: '1', locationId: '1' };
      const e = failure(() => adapter.readDays(key, { from: '2026-11-23', to: '2026-11-23' }));
      expect(e.code).toBe('bad-mapping');
      expect(e.message).toMatch(/read\.addressServices.*line \d+.*"duration_minutes".*got text/);
      expect(e.message).not.toContain('twenty');
    } finally {
      adapter.close();
    }
  });

  it('a malformed mapping file: YAML syntax, unknown field, missing field — each with its line', () => {
    expect(failure(() => mapping('version: 1\nread: [\n'))).toMatchObject({
      code: 'bad-mapping',
      message: expect.stringMatching(/line \d+/),
    });
    const unknown = failure(() => mapping(ALTERNATE_MAPPING_YAML.replace('  doctors: |', '  doctorz: |')));
    expect(unknown.message).toMatch(/read.*line \d+/);
    expect(unknown.message).toContain('doctorz');
    const json = failure(() =>
      mapping(JSON.stringify({ version: 1, read: { doctors: 'SELECT 1' } }, null, 2)),
    );
    expect(json.message).toMatch(/read\.locations \(line 3\)/);
    expect(
      failure(() =>
        openPracticeAdapter({
          kind: 'mapping',
          dbPath: alt.path,
          timeZone: tz,
          mappingFile: path.join(dir, 'none.yaml'),
        }),
      ).message,
    ).toContain('none.yaml');
  });

  it('times that do not parse name the table, column and row, not the patient', () => {
    const file = path.join(dir, 'bad-times.db');
    fs.copyFileSync(alt.path, file);
    const db = new Database(file);
    const row = db
      .prepare(
        `SELECT visit_no, visit_date, staff_no, site_no FROM visits WHERE visit_date >= '2026-11-23' LIMIT 1`,
      )
      .get() as Record<string, number | string>;
    db.prepare(`UPDATE visits SET visit_time = '9h30' WHERE visit_no = ?`).run(row.visit_no);
    db.close();
    const adapter = mapping(ALTERNATE_MAPPING_YAML, file);
    try {
      const e = failure(() =>
        adapter.readDays(
          { doctorId: String(row.staff_no), locationId: String(row.site_no) },
          { from: String(row.visit_date), to: String(row.visit_date) },
        ),
      );
      expect(e.code).toBe('bad-data');
      expect(e.message).toContain('read.appointments');
      expect(e.message).toContain(`row id ${row.visit_no}`);
      expect(e.message).toContain('start_local');
    } finally {
      adapter.close();
    }
  });

  it('schedule times that do not parse name the source', () => {
    const file = copyOfTiny();
    const pms = new ReferencePms(file);
    pms.setWorkingHours(1, 1, 1, [['8 am', '12:00']]);
    pms.close();
    const adapter = reference(file);
    try {
      const e = failure(() =>
        adapter.readDays({ doctorId: '1', locationId: '1' }, { from: '2026-11-23', to: '2026-11-23' }),
      );
      expect(e.code).toBe('bad-data');
      expect(e.message).toContain('weeklyHours');
      expect(e.message).toContain('8 am');
    } finally {
      adapter.close();
    }
  });
});
