// Shared test fixtures: generated clinics in a temp folder (real SQLite files), opened through the real adapters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REFERENCE_SCHEMA_SQL } from '../../electron/engine/practice/reference/schema';
import { openPracticeAdapter } from '../../electron/engine/practice/open';
import type {
  SampleClinicOptions,
  SampleClinicSummary,
} from '../../electron/engine/practice/sample/generate';
import { generateSampleClinic } from '../../electron/engine/practice/sample/generate';

export const START = '2026-11-23';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'practice-test-'));
}

export function sampleClinic(dir: string, name: string, opts: SampleClinicOptions = {}): SampleClinicSummary {
  return generateSampleClinic(path.join(dir, name), {
    seed: 11,
    startDate: START,
    days: 28,
    pastDays: 7,
    ...opts,
  });
}

export function openReference(s: SampleClinicSummary, extra: Parameters<typeof openPracticeAdapter>[1] = {}) {
  return openPracticeAdapter({ kind: 'reference', dbPath: s.path, timeZone: s.timeZone }, extra);
}

export function openMapping(s: SampleClinicSummary, extra: Parameters<typeof openPracticeAdapter>[1] = {}) {
  return openPracticeAdapter(
    { kind: 'mapping', dbPath: s.path, timeZone: s.timeZone, mappingFile: s.mappingFile! },
    extra,
  );
}

/** A reference-schema database with one doctor at one location offering one 30-minute service, no hours yet. */
export function tinyClinic(dir: string, name = 'tiny.db'): string {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.exec(REFERENCE_SCHEMA_SQL);
  const s = '2025-01-01T00:00:00.000Z';
  db.prepare(
    `INSERT INTO doctors (id, title, first_name, last_name, updated_at) VALUES (1, 'dr', 'Test', 'Doctor', ?)`,
  ).run(s);
  db.prepare(`INSERT INTO locations (id, name, updated_at) VALUES (1, 'Test Clinic', ?)`).run(s);
  db.prepare(
    `INSERT INTO services (id, name, default_duration_min, updated_at) VALUES (1, 'Consultation', 30, ?)`,
  ).run(s);
  db.prepare(`INSERT INTO doctor_services VALUES (1, 1, 1, 30, ?)`).run(s);
  db.close();
  return file;
}
