// A practice DB this Windows/Linux user may read but not write (a share mounted read-only, a file owned by the
// PMS's service account): reading works, so Docplanner is still fed; every write-back fails with the typed
// 'read-only' error that names the cause, and the file is left as it was. Tests run as root, for whom file
// permissions do not apply, so the adapter runs in a child process as "nobody" then.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START, sampleClinic, tempDir } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..', '..');
const child = path.join(here, 'fixtures', 'read-only-child.ts');
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

describe('a practice DB the user cannot write', () => {
  let dir: string;
  let dbPath: string;
  let bookingId: string;
  let before: Buffer;
  beforeAll(() => {
    dir = tempDir();
    const s = sampleClinic(dir, 'pms.db', { doctors: 2, days: 7, pastDays: 0 });
    dbPath = s.path;
    const db = new Database(dbPath);
    bookingId = String(
      (
        db
          .prepare(
            `SELECT id FROM appointments WHERE status = 'booked' AND starts_at >= ? ORDER BY id LIMIT 1`,
          )
          .get(START) as { id: number }
      ).id,
    );
    db.pragma('journal_mode = DELETE');
    db.close();
    fs.chmodSync(dir, 0o755);
    // As root the child runs as "nobody", for whom a root-owned 0644 file is read-only; otherwise 0444 for us.
    fs.chmodSync(dbPath, isRoot ? 0o644 : 0o444);
    before = fs.readFileSync(dbPath);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is read, and each write-back is refused as read-only with nothing changed', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        child,
        JSON.stringify({ dbPath, timeZone: 'Europe/Warsaw', bookingId, day: START }),
      ],
      { cwd: repo, encoding: 'utf8', ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}) },
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      doctors: number;
      bookings: number;
      attempts: { error?: { kind: string; code: string; message: string } }[];
    };
    expect(out.doctors).toBe(2);
    expect(out.bookings).toBeGreaterThan(0);
    expect(out.attempts).toHaveLength(2);
    for (const a of out.attempts) {
      expect(a.error).toMatchObject({ kind: 'PracticeDbError', code: 'read-only' });
      expect(a.error!.message).toContain('read-only');
    }
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
  });
});
