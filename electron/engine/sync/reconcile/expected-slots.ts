// The free slots Docplanner should offer on a day: the grid of the windows we publish (each service stepping by
// its duration from the window start, a visit fitting inside the window) minus time taken by bookings and breaks
// that are on Docplanner. Only starts after `afterMs` count (the past is not compared).
import type { ReplaceSlotsRequest } from '../../docplanner/schemas';

export interface Interval {
  start: number;
  end: number;
}

export function expectedFreeStarts(
  body: ReplaceSlotsRequest,
  busy: Interval[],
  afterMs: number,
): Set<number> {
  const out = new Set<number>();
  for (const w of body.slots) {
    const start = Date.parse(w.start);
    const end = Date.parse(w.end);
    for (const s of w.address_services ?? []) {
      const step = s.duration * 60_000;
      for (let t = start; t + step <= end; t += step) {
        if (t <= afterMs) continue;
        if (busy.some((b) => b.start < t + step && b.end > t)) continue;
        out.add(t);
      }
    }
  }
  return out;
}

export function sameSet(a: Set<number>, b: Set<number>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
