// The sample clinic generator: sized by a target number of appointments (the benchmark's path), with the variety a
// real clinic has (statuses, online bookings, breaks, holidays), and deterministic for a seed.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleClinic, tempDir } from './helpers';

describe('generateSampleClinic', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reaches a target number of appointments by adding history, with realistic variety', () => {
    const s = sampleClinic(dir, 'sized.db', { targetAppointments: 3000, pastDays: undefined, doctors: 4 });
    expect(s.appointments).toBeGreaterThan(2700);
    expect(s.appointments).toBeLessThanOrEqual(3000);
    expect(s.from < '2026-11-16').toBe(true);
    const db = new Database(s.path, { readonly: true });
    try {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM appointments')).toBe(s.appointments);
      expect(count(`SELECT count(DISTINCT status) AS n FROM appointments`)).toBe(5);
      expect(
        count(`SELECT count(*) AS n FROM appointments WHERE booked_via = 'marketplace'`),
      ).toBeGreaterThan(0);
      expect(count(`SELECT count(*) AS n FROM blocked_times`)).toBeGreaterThan(0);
      expect(count(`SELECT count(*) AS n FROM schedule_exceptions`)).toBeGreaterThan(0);
      expect(count(`SELECT count(*) AS n FROM holidays`)).toBeGreaterThan(0);
      // Active appointments of one doctor never overlap.
      expect(
        count(`SELECT count(*) AS n FROM appointments a JOIN appointments b
                 ON a.doctor_id = b.doctor_id AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
                WHERE a.status <> 'canceled' AND b.status <> 'canceled'`),
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it('gives every doctor a distinct name, also past the 16 of the name pools', () => {
    const s = sampleClinic(dir, 'many-doctors.db', { doctors: 40, locations: 2, days: 1, pastDays: 0 });
    const db = new Database(s.path, { readonly: true });
    try {
      const names = (
        db.prepare('SELECT first_name, last_name FROM doctors').all() as {
          first_name: string;
          last_name: string;
        }[]
      ).map((d) => `${d.first_name} ${d.last_name}`);
      expect(names).toHaveLength(40);
      expect(new Set(names).size).toBe(40);
    } finally {
      db.close();
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const dump = (file: string) => {
      const db = new Database(file, { readonly: true });
      const rows = db.prepare('SELECT * FROM appointments ORDER BY id').all();
      db.close();
      return JSON.stringify(rows);
    };
    const a = sampleClinic(dir, 'a.db', { seed: 5 });
    const b = sampleClinic(dir, 'b.db', { seed: 5 });
    const c = sampleClinic(dir, 'c.db', { seed: 6 });
    expect(dump(b.path)).toBe(dump(a.path));
    expect(dump(c.path)).not.toBe(dump(a.path));
  });
});
