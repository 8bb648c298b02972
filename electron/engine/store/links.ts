// Id links between the PMS and Docplanner:
// - booking links: local appointment ↔ the NEWEST Docplanner booking id, with the times last agreed on;
// - booking aliases: every older id (moveBooking / booking-moved create new ids) → the newer one;
// - break links: local blocked time (or "hold:<bookingId>" for a booking with no free slot) ↔ calendar break.
import type { StateDb } from './db';

export type BookingOrigin = 'pms' | 'marketplace';

export interface BookingLink {
  localId: string;
  addressKey: string;
  /** Always the newest Docplanner id. */
  dpBookingId: string;
  /** Times both sides agree on (instants with offset). */
  start: string;
  end: string;
  addressServiceId: string | null;
  state: 'booked' | 'canceled';
  origin: BookingOrigin;
  updatedAt: number;
}

interface BookingRowDb {
  local_id: string;
  address_key: string;
  dp_booking_id: string;
  start: string;
  end: string;
  address_service_id: string | null;
  state: 'booked' | 'canceled';
  origin: BookingOrigin;
  updated_at: number;
}

const toBooking = (r: BookingRowDb): BookingLink => ({
  localId: r.local_id,
  addressKey: r.address_key,
  dpBookingId: r.dp_booking_id,
  start: r.start,
  end: r.end,
  addressServiceId: r.address_service_id,
  state: r.state,
  origin: r.origin,
  updatedAt: r.updated_at,
});

export class BookingLinksRepo {
  constructor(private readonly db: StateDb) {}

  get(localId: string): BookingLink | null {
    const r = this.db.prepare('SELECT * FROM booking_links WHERE local_id = ?').get(localId) as
      BookingRowDb | undefined;
    return r ? toBooking(r) : null;
  }

  /** The link of a Docplanner booking id, following aliases to the newest id first. */
  getByDpId(dpBookingId: string): BookingLink | null {
    const newest = this.resolve(dpBookingId);
    const r = this.db.prepare('SELECT * FROM booking_links WHERE dp_booking_id = ?').get(newest) as
      BookingRowDb | undefined;
    return r ? toBooking(r) : null;
  }

  /** Inserts or replaces the link of a local appointment (a Docplanner id can belong to one link only). */
  upsert(link: Omit<BookingLink, 'updatedAt'>, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM booking_links WHERE dp_booking_id = ? AND local_id <> ?')
        .run(link.dpBookingId, link.localId);
      this.db
        .prepare(
          `INSERT INTO booking_links (local_id, address_key, dp_booking_id, start, end, address_service_id, state,
             origin, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(local_id) DO UPDATE SET address_key = excluded.address_key,
             dp_booking_id = excluded.dp_booking_id, start = excluded.start, end = excluded.end,
             address_service_id = excluded.address_service_id, state = excluded.state, origin = excluded.origin,
             updated_at = excluded.updated_at`,
        )
        .run(
          link.localId,
          link.addressKey,
          link.dpBookingId,
          link.start,
          link.end,
          link.addressServiceId,
          link.state,
          link.origin,
          now,
        );
    })();
  }

  /**
   * Records a move: `oldId` becomes an alias of `newId` and the link takes the new id and times, in one
   * transaction.
   */
  recordMove(localId: string, oldId: string, newId: string, start: string, end: string, now: number): void {
    this.db.transaction(() => {
      if (oldId !== newId) this.addAlias(oldId, newId, now);
      this.db
        .prepare(
          'UPDATE booking_links SET dp_booking_id = ?, start = ?, end = ?, state = ?, updated_at = ? WHERE local_id = ?',
        )
        .run(newId, start, end, 'booked', now, localId);
    })();
  }

  setState(localId: string, state: 'booked' | 'canceled', now: number): void {
    this.db
      .prepare('UPDATE booking_links SET state = ?, updated_at = ? WHERE local_id = ?')
      .run(state, now, localId);
  }

  delete(localId: string): void {
    this.db.prepare('DELETE FROM booking_links WHERE local_id = ?').run(localId);
  }

  /** Links of an address, optionally only those starting in [fromIso, toIso) by instant. */
  listByAddress(addressKey: string, range?: { fromMs: number; toMs: number }): BookingLink[] {
    const all = (
      this.db
        .prepare('SELECT * FROM booking_links WHERE address_key = ? ORDER BY start, local_id')
        .all(addressKey) as BookingRowDb[]
    ).map(toBooking);
    if (!range) return all;
    return all.filter((l) => {
      const t = Date.parse(l.start);
      return t >= range.fromMs && t < range.toMs;
    });
  }

  listAll(): BookingLink[] {
    return (this.db.prepare('SELECT * FROM booking_links ORDER BY local_id').all() as BookingRowDb[]).map(
      toBooking,
    );
  }

  /** Records that `oldId` was replaced by `newId` (idempotent; cycles are refused). */
  addAlias(oldId: string, newId: string, now: number): void {
    if (oldId === newId || this.resolve(newId) === oldId) return;
    this.db
      .prepare(
        'INSERT INTO booking_aliases (old_id, new_id, at) VALUES (?, ?, ?) ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id, at = excluded.at',
      )
      .run(oldId, newId, now);
  }

  /** The newest id a booking id was moved to (itself when never moved). */
  resolve(dpBookingId: string): string {
    let id = dpBookingId;
    const seen = new Set<string>([id]);
    const q = this.db.prepare('SELECT new_id FROM booking_aliases WHERE old_id = ?');
    for (;;) {
      const r = q.get(id) as { new_id: string } | undefined;
      if (!r || seen.has(r.new_id)) return id;
      id = r.new_id;
      seen.add(id);
    }
  }

  /** True when the id is an older id of a moved booking. */
  isAlias(dpBookingId: string): boolean {
    return this.db.prepare('SELECT 1 FROM booking_aliases WHERE old_id = ?').get(dpBookingId) !== undefined;
  }
}

export type BreakOrigin = 'pms' | 'marketplace' | 'booking-hold';

export interface BreakLink {
  /** Local blocked-time id, or holdId(bookingId) for a hold. */
  localId: string;
  addressKey: string;
  dpBreakId: string;
  since: string;
  till: string;
  origin: BreakOrigin;
  updatedAt: number;
}

interface BreakRowDb {
  local_id: string;
  address_key: string;
  dp_break_id: string;
  since: string;
  till: string;
  origin: BreakOrigin;
  updated_at: number;
}

const toBreak = (r: BreakRowDb): BreakLink => ({
  localId: r.local_id,
  addressKey: r.address_key,
  dpBreakId: r.dp_break_id,
  since: r.since,
  till: r.till,
  origin: r.origin,
  updatedAt: r.updated_at,
});

/** Local id of the hold break kept for a local booking Docplanner has no free slot for. */
export const holdId = (bookingId: string): string => `hold:${bookingId}`;
export const isHoldId = (localId: string): boolean => localId.startsWith('hold:');
export const bookingOfHold = (localId: string): string => localId.slice('hold:'.length);

export class BreakLinksRepo {
  constructor(private readonly db: StateDb) {}

  get(localId: string): BreakLink | null {
    const r = this.db.prepare('SELECT * FROM break_links WHERE local_id = ?').get(localId) as
      BreakRowDb | undefined;
    return r ? toBreak(r) : null;
  }

  getByDpId(addressKey: string, dpBreakId: string): BreakLink | null {
    const r = this.db
      .prepare('SELECT * FROM break_links WHERE address_key = ? AND dp_break_id = ?')
      .get(addressKey, dpBreakId) as BreakRowDb | undefined;
    return r ? toBreak(r) : null;
  }

  upsert(link: Omit<BreakLink, 'updatedAt'>, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM break_links WHERE address_key = ? AND dp_break_id = ? AND local_id <> ?')
        .run(link.addressKey, link.dpBreakId, link.localId);
      this.db
        .prepare(
          `INSERT INTO break_links (local_id, address_key, dp_break_id, since, till, origin, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(local_id) DO UPDATE SET address_key = excluded.address_key, dp_break_id = excluded.dp_break_id,
             since = excluded.since, till = excluded.till, origin = excluded.origin, updated_at = excluded.updated_at`,
        )
        .run(link.localId, link.addressKey, link.dpBreakId, link.since, link.till, link.origin, now);
    })();
  }

  setTimes(localId: string, since: string, till: string, now: number): void {
    this.db
      .prepare('UPDATE break_links SET since = ?, till = ?, updated_at = ? WHERE local_id = ?')
      .run(since, till, now, localId);
  }

  delete(localId: string): void {
    this.db.prepare('DELETE FROM break_links WHERE local_id = ?').run(localId);
  }

  listByAddress(addressKey: string, range?: { fromMs: number; toMs: number }): BreakLink[] {
    const all = (
      this.db
        .prepare('SELECT * FROM break_links WHERE address_key = ? ORDER BY since, local_id')
        .all(addressKey) as BreakRowDb[]
    ).map(toBreak);
    if (!range) return all;
    return all.filter((l) => {
      const t = Date.parse(l.since);
      return t >= range.fromMs && t < range.toMs;
    });
  }
}
