// What Docplanner already has booked or blocked on one day of an address, as far as the state DB's links say:
// the bookings of other appointments, their holds, and the breaks of PMS blocks. bookSlot / moveBooking into such
// a time is refused (a slot overlapping a booked visit or a break is not free), so the booking plan holds the
// appointment directly instead of spending a write on the refusal. Links can only under-report (a doctor's own
// break, a marketplace booking not pulled yet): those still get the refusal and the hold after it.
import type { Repos } from '../../store/repos';
import { holdId } from '../../store/links';

export interface TakenTime {
  /** Local appointment id or local block id (hold:<id> for a hold) the time belongs to. */
  owner: string;
  start: string;
  end: string;
}

/** Linked bookings (booked) and breaks of `addressKey` that start within [fromMs, toMs). */
export function takenTimes(
  repos: Repos,
  addressKey: string,
  range: { fromMs: number; toMs: number },
): TakenTime[] {
  const out: TakenTime[] = [];
  for (const l of repos.bookings.listByAddress(addressKey, range)) {
    if (l.state === 'booked') out.push({ owner: l.localId, start: l.start, end: l.end });
  }
  for (const b of repos.breaks.listByAddress(addressKey, range)) {
    out.push({ owner: b.localId, start: b.since, end: b.till });
  }
  return out;
}

/** Whether [start, end) of appointment `localId` overlaps time taken by something else. */
export function takenByOthers(
  taken: readonly TakenTime[],
  localId: string,
  start: string,
  end: string,
): boolean {
  const s = Date.parse(start);
  const e = Date.parse(end);
  return taken.some(
    (t) =>
      t.owner !== localId && t.owner !== holdId(localId) && Date.parse(t.start) < e && Date.parse(t.end) > s,
  );
}
