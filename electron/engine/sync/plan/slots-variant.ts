// Byte-different but semantically identical versions of one day's `PUT slots` payload.
//
// WHY: Docplanner ignores (answers 201 to) a PUT slots identical to one applied for the same address within the
// last 3 minutes, and answers 429 while the identical one is still in flight (NOTES.md §4.1). A day that goes
// A → B → A within 3 minutes (an undone schedule change, a reconciliation repair right after a push) would keep B
// online while we record A as pushed. Sending A with one empty window split in two changes the bytes, not what
// Docplanner ends up with: both halves clear their time, exactly as the whole window did.
import type { ReplaceSlotsRequest, WorkPeriodRequest } from '../../docplanner/schemas';

const MINUTE = 60_000;

const isEmptyWindow = (w: WorkPeriodRequest): boolean => (w.address_services ?? []).length === 0;

/**
 * Variants of `body`, in a fixed order: each splits ONE empty window (a gap, or the whole-day empty window) into
 * two adjacent empty windows at a whole minute after its start. Both halves are at least a minute long and lie
 * inside the original window, so none crosses midnight. `format` writes an instant the way the planner does
 * (ClinicTime.format). Windows offering services are never touched (their slot grid is anchored at their start).
 */
export function* slotsVariants(
  body: ReplaceSlotsRequest,
  format: (ms: number) => string,
): Generator<ReplaceSlotsRequest> {
  for (let i = 0; i < body.slots.length; i++) {
    const window = body.slots[i]!;
    if (!isEmptyWindow(window)) continue;
    const start = Date.parse(window.start);
    const end = Date.parse(window.end);
    for (let cut = start + MINUTE; end - cut >= MINUTE; cut += MINUTE) {
      yield splitWindow(body, i, format(cut));
    }
  }
}

function splitWindow(body: ReplaceSlotsRequest, index: number, cut: string): ReplaceSlotsRequest {
  const window = body.slots[index]!;
  const first: WorkPeriodRequest = { ...window, end: cut };
  const second: WorkPeriodRequest = { ...window, start: cut };
  return { slots: [...body.slots.slice(0, index), first, second, ...body.slots.slice(index + 1)] };
}
