// What the scenarios compute from a world: the activation lower bound (from the PMS), and from the simulator's call
// log the overbooking exposure, the mirroring time, 429s and the idle share of the write budget. Shared by the
// product and the naive runs so both are measured by the same code.
import type { CallLogEntry } from '../test/simulator/index';
import type { PracticeAdapter } from '../electron/engine/practice/adapter';
import { addDays, ClinicTime } from '../electron/engine/practice/time';
import { isActive } from '../electron/engine/sync/plan/booking';
import type { AddressPlanContext } from '../electron/engine/sync/plan/context';
import { desiredSlots } from '../electron/engine/sync/plan/slots';
import { addressOf, countCalls, idleShare, isApiWrite, TZ } from './harness';

const time = new ClinicTime(TZ);

export interface FeedTarget {
  /** Days with availability to publish (one PUT each). */
  days: number;
  /** Future active bookings to mirror (one bookSlot or hold each). */
  bookings: { addressId: string; startMs: number; date: string }[];
  lowerBound: number;
}

/** The lower bound of an activation feed: one write per day with availability + one per booking to mirror. */
export function feedTarget(
  practice: PracticeAdapter,
  contexts: readonly AddressPlanContext[],
  nowMs: number,
  horizonDays: number,
): FeedTarget {
  const from = time.dateOf(nowMs);
  const to = addDays(from, horizonDays - 1);
  let days = 0;
  const bookings: FeedTarget['bookings'] = [];
  for (const ctx of contexts) {
    const [doctorId, locationId] = ctx.addressKey.split('@') as [string, string];
    for (const day of practice.readDays({ doctorId, locationId }, { from, to })) {
      if (desiredSlots(day, ctx).openWindows > 0) days++;
      for (const b of day.bookings) {
        const startMs = Date.parse(b.start);
        if (isActive(b) && startMs > nowMs)
          bookings.push({ addressId: ctx.ref.addressId, startMs, date: day.date });
      }
    }
  }
  return { days, bookings, lowerBound: days + bookings.length };
}

export interface FeedFigures {
  writes: number;
  lowerBound: number;
  /** writes / lowerBound − 1 */
  overhead: number;
  /** bookSlot answered "no such free slot" (a wasted write before a hold). */
  refusedBookSlots: number;
  holds: number;
  /** Minutes from the start until Docplanner offers no slot that the PMS has filled (Infinity = never). */
  exposureEndMin: number;
  /** Σ over bookings of the time their filled slot was offered, in booking-hours. */
  exposedBookingHours: number;
  /** Bookings that were published as free and never covered by a booking or a hold. */
  neverCovered: number;
  /** Minutes until every booking was mirrored (booked or held); Infinity when some never were. */
  mirroredMin: number;
  /** Minutes until the last write of the feed. */
  lastWriteMin: number;
  tooMany: number;
  /** Share of the write budget unused between the start and the last write (work pending throughout). */
  idleShare: number;
  reads: number;
}

/** Reads the feed's figures from the call log (calls at or after `startMs`). */
export function feedFigures(log: readonly CallLogEntry[], target: FeedTarget, startMs: number): FeedFigures {
  const calls = log.filter((c) => c.at >= startMs);
  const writes = calls.filter(isApiWrite);
  const firstPut = new Map<string, number>();
  const covered = new Map<string, number>();
  let refused = 0;
  let holds = 0;
  for (const c of writes) {
    const addr = addressOf(c);
    const ok = c.status >= 200 && c.status < 300;
    if (c.operation === 'replaceSlots' && ok) {
      const body = c.body as { slots?: { start?: string }[] } | undefined;
      const first = body?.slots?.[0]?.start;
      if (first) {
        const key = `${addr}/${time.dateOf(Date.parse(first))}`;
        if (!firstPut.has(key)) firstPut.set(key, c.at);
      }
    } else if (c.operation === 'bookSlot') {
      if (!ok) refused++;
      else {
        const m = /\/slots\/([^/]+)\/book/.exec(c.path);
        if (m) setFirst(covered, `${addr}/${Date.parse(decodeURIComponent(m[1]!))}`, c.at);
      }
    } else if (c.operation === 'addCalendarBreak' && ok) {
      const since = (c.body as { since?: string } | undefined)?.since;
      if (since) {
        holds++;
        setFirst(covered, `${addr}/${Date.parse(since)}`, c.at);
      }
    }
  }
  let exposureEnd = startMs;
  let mirrored = startMs;
  let exposedMs = 0;
  let never = 0;
  let missing = 0;
  for (const b of target.bookings) {
    const put = firstPut.get(`${b.addressId}/${b.date}`);
    const cover = covered.get(`${b.addressId}/${b.startMs}`);
    if (cover === undefined) missing++;
    else mirrored = Math.max(mirrored, cover);
    if (put === undefined) continue;
    if (cover === undefined) {
      never++;
      continue;
    }
    if (cover > put) {
      exposedMs += cover - put;
      exposureEnd = Math.max(exposureEnd, cover);
    }
  }
  const last = writes.length ? writes[writes.length - 1]!.at : startMs;
  const counts = countCalls(calls);
  const min = (t: number) => (t - startMs) / 60_000;
  return {
    writes: writes.length,
    lowerBound: target.lowerBound,
    overhead: target.lowerBound ? writes.length / target.lowerBound - 1 : 0,
    refusedBookSlots: refused,
    holds,
    exposureEndMin: never > 0 ? Infinity : min(exposureEnd),
    exposedBookingHours: exposedMs / 3600_000,
    neverCovered: never,
    mirroredMin: missing > 0 ? Infinity : min(mirrored),
    lastWriteMin: min(last),
    tooMany: counts.tooMany,
    idleShare: idleShare(writes.length, startMs, last),
    reads: counts.reads,
  };
}

function setFirst(m: Map<string, number>, key: string, at: number): void {
  if (!m.has(key)) m.set(key, at);
}
