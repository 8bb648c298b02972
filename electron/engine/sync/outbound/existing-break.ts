// Finds the Docplanner break an addCalendarBreak of ours created (or would duplicate), by re-reading the breaks
// over its range. Used in two places:
//   - a 409 on addCalendarBreak: Docplanner's natural-key duplicate guard (NOTES.md §4.8: a break with the same
//     address + date range + description exists), i.e. the break is already there — typically our own, created by a
//     send whose outcome we never recorded (a power cut took the claim, a state DB restored from a copy);
//   - an unknown outcome of addCalendarBreak (5xx, dropped connection, crash): was it applied?
// A break matches when it has the same since/till and our description (or none, when Docplanner leaves it out) and
// is not linked to another local block or hold.
import type { AddressRef, DocplannerApi } from '../../docplanner/api';
import type { CalendarBreak } from '../../docplanner/schemas';
import type { Repos } from '../../store/repos';
import { sameInstant, type PlannedWrite } from '../plan/writes';

export type AddBreakWrite = Extract<PlannedWrite, { op: 'addBreak' }>;

export type ExistingBreak =
  | { kind: 'found'; brk: CalendarBreak }
  /** Same times and description, but our state DB links it to another local block or hold. */
  | { kind: 'linked-elsewhere'; brk: CalendarBreak; localId: string }
  | { kind: 'none' };

/** Re-reads Docplanner's breaks over the write's range. Read errors propagate (the caller keeps the outcome open). */
export async function findExistingBreak(
  api: DocplannerApi,
  repos: Repos,
  addressKey: string,
  ref: AddressRef,
  w: AddBreakWrite,
): Promise<ExistingBreak> {
  const breaks = await api.getCalendarBreaks(ref, w.body.since, w.body.till, { priority: 0 });
  const same = breaks.filter(
    (b) =>
      sameInstant(b.since, w.body.since) &&
      sameInstant(b.till, w.body.till) &&
      (b.description == null || b.description === w.body.description),
  );
  // Prefer a break that carries our exact description over one whose description Docplanner left out.
  same.sort(
    (a, b) => Number(b.description === w.body.description) - Number(a.description === w.body.description),
  );
  let elsewhere: ExistingBreak = { kind: 'none' };
  for (const b of same) {
    const owner = repos.breaks.getByDpId(addressKey, b.id)?.localId ?? w.localId;
    if (owner === w.localId) return { kind: 'found', brk: b };
    if (elsewhere.kind === 'none') elsewhere = { kind: 'linked-elsewhere', brk: b, localId: owner };
  }
  return elsewhere;
}
