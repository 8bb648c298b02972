// What Docplanner was last told about each (address, day)'s availability: the hash of the last PUT slots payload
// it confirmed. Equal hash → no write. Clearing a hash forces the next plan to send that day again.
import type { StateDb } from './db';

export class PushedDaysRepo {
  constructor(private readonly db: StateDb) {}

  get(addressKey: string, date: string): string | null {
    const r = this.db
      .prepare('SELECT slots_hash FROM pushed_days WHERE address_key = ? AND date = ?')
      .get(addressKey, date) as { slots_hash: string } | undefined;
    return r ? r.slots_hash : null;
  }

  set(addressKey: string, date: string, hash: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO pushed_days (address_key, date, slots_hash, pushed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(address_key, date) DO UPDATE SET slots_hash = excluded.slots_hash, pushed_at = excluded.pushed_at`,
      )
      .run(addressKey, date, hash, now);
  }

  clear(addressKey: string, date: string): void {
    this.db.prepare('DELETE FROM pushed_days WHERE address_key = ? AND date = ?').run(addressKey, date);
  }

  clearAddress(addressKey: string): void {
    this.db.prepare('DELETE FROM pushed_days WHERE address_key = ?').run(addressKey);
  }

  /** Drops hashes of days before `date` (they can no longer be pushed). */
  pruneBefore(date: string): void {
    this.db.prepare('DELETE FROM pushed_days WHERE date < ?').run(date);
  }

  listDates(addressKey: string): string[] {
    return (
      this.db.prepare('SELECT date FROM pushed_days WHERE address_key = ? ORDER BY date').all(addressKey) as {
        date: string;
      }[]
    ).map((r) => r.date);
  }
}
