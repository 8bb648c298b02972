// PMS commit → Docplanner call latency, read from the simulator call log: for each applied edit, the first write
// at or after its commit that concerns the same Docplanner address and local day with an operation that can carry
// that kind of change (a booking edit: bookSlot/moveBooking/cancelBooking or a hold break; a schedule change:
// replaceSlots; a block: any write). A cancelBooking's day comes from the booking's start (simulator state);
// a deleteCalendarBreak has no day in its call, so it matches any day of its address.
import { ClinicTime } from '../electron/engine/practice/time';
import type { CallLogEntry, SimulatorState } from '../test/simulator/index';
import { addressOf, isApiWrite, percentile, TZ } from './harness';
import { isMarketplace, type Applied } from './workload';

const time = new ClinicTime(TZ);

type Category = 'booking' | 'slots' | 'break';

interface Touch {
  at: number;
  addressId: string;
  date: string | null;
  category: Category;
}

const BOOKING_OPS = new Set([
  'bookSlot',
  'moveBooking',
  'cancelBooking',
  'addCalendarBreak',
  'moveCalendarBreak',
  'deleteCalendarBreak',
]);

export function touches(log: readonly CallLogEntry[], state: SimulatorState): Touch[] {
  const bookingDay = new Map<string, string>();
  for (const a of Object.values(state.addresses)) {
    for (const b of a.bookings) bookingDay.set(String(b.id), time.dateOf(Date.parse(b.start_at)));
  }
  const out: Touch[] = [];
  for (const c of log) {
    if (!isApiWrite(c) || c.status < 200 || c.status >= 300) continue;
    const addressId = addressOf(c);
    if (!addressId) continue;
    const body = (c.body ?? {}) as { slots?: { start?: string }[]; since?: string; start?: string };
    const day = (iso: string | undefined) => (iso ? time.dateOf(Date.parse(iso)) : null);
    let date: string | null = null;
    let category: Category = 'booking';
    switch (c.operation) {
      case 'replaceSlots':
        category = 'slots';
        date = day(body.slots?.[0]?.start);
        break;
      case 'bookSlot': {
        const m = /\/slots\/([^/]+)\/book/.exec(c.path);
        date = day(m ? decodeURIComponent(m[1]!) : undefined);
        break;
      }
      case 'addCalendarBreak':
      case 'moveCalendarBreak':
        date = day(body.since);
        break;
      case 'moveBooking':
        date = day(body.start);
        break;
      case 'cancelBooking': {
        const m = /\/bookings\/([^/?]+)/.exec(c.path);
        date = m ? (bookingDay.get(m[1]!) ?? null) : null;
        break;
      }
      case 'deleteCalendarBreak':
        date = null;
        break;
      default:
        if (!BOOKING_OPS.has(c.operation)) continue;
    }
    out.push({ at: c.at, addressId, date, category });
  }
  return out;
}

/** Latency in ms of each PMS edit (Infinity when no matching call came). Marketplace events are skipped. */
export function pmsLatencies(
  applied: readonly Applied[],
  t: readonly Touch[],
): { edit: Applied; ms: number }[] {
  const out: { edit: Applied; ms: number }[] = [];
  for (const a of applied) {
    if (!a.ok || isMarketplace(a.edit.edit)) continue;
    const kind = a.edit.edit.kind;
    const want: Category | null =
      kind === 'day-off' || kind === 'hours' ? 'slots' : kind === 'block' ? null : 'booking';
    const hit = t.find(
      (x) =>
        x.at >= a.edit.at &&
        x.addressId === a.addressId &&
        (x.date === null || x.date === a.edit.date) &&
        (want === null || x.category === want || (want === 'booking' && x.category === 'break')),
    );
    out.push({ edit: a, ms: hit ? hit.at - a.edit.at : Infinity });
  }
  return out;
}

export interface LatencySummary {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  never: number;
}

export function summarize(ms: readonly number[]): LatencySummary {
  return {
    n: ms.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    max: ms.length ? Math.max(...ms) : null,
    never: ms.filter((x) => x === Infinity).length,
  };
}
