// Whether an appointment can be booked with bookSlot, judged from the day's `PUT slots` payload the engine itself
// computes (plan/slots.ts). Docplanner derives the bookable starts from each window: per address service, a grid
// stepping by that service's duration from the window's start, each start offered while start + duration fits in
// the window (NOTES.md §4.1, §4.3; the simulator models the same). bookSlot needs `start` to be a start of that
// service's grid, and the visit must end inside the window.
//
// WHY: an appointment off that grid is refused with 404 "target slot not found" whatever else happens; asking
// first costs one write of the budget per appointment before the hold that covers it. Judged off-grid, the hold
// is sent directly. On-grid appointments still go to bookSlot, and a refusal there (the time is taken, the day's
// PUT has not reached Docplanner yet) still falls back to a hold.
import type { ReplaceSlotsRequest } from '../../docplanner/schemas';

const MINUTE = 60_000;

export function onSlotGrid(
  body: ReplaceSlotsRequest,
  start: string,
  end: string,
  addressServiceId: string,
): boolean {
  const s = Date.parse(start);
  const e = Date.parse(end);
  for (const window of body.slots) {
    const from = Date.parse(window.start);
    const to = Date.parse(window.end);
    if (s < from || s >= to || e > to) continue;
    for (const service of window.address_services ?? []) {
      if (service.address_service_id !== addressServiceId) continue;
      const step = service.duration * MINUTE;
      if (step > 0 && (s - from) % step === 0 && s + step <= to) return true;
    }
  }
  return false;
}
