// The next write that brings one local blocked time and its Docplanner calendar break together, or null.
// Add when unlinked, move when the times differ, delete when the PMS no longer has it. Past breaks are not added.
import type { BlockedTime } from '../../../../shared/canonical';
import type { BreakLink } from '../../store/links';
import { sameInstant, type PlannedWrite } from './writes';

/** Marker in the description of every break this app creates (so reconciliation can tell ours from the doctor's). */
export const OUR_MARKER = '(practice system';

/** Unique per local block, so two blocks over the same time are two breaks (Docplanner refuses exact duplicates). */
export const breakDescription = (b: BlockedTime): string =>
  `${b.reason?.trim() ? b.reason.trim() : 'Blocked'} (practice system, block ${b.id})`;

export const isOurBreak = (description: string | null | undefined): boolean =>
  (description ?? '').includes(OUR_MARKER);

export function planBreak(i: {
  local: BlockedTime | null;
  localId: string;
  link: BreakLink | null;
  nowMs: number;
}): PlannedWrite | null {
  const { local, link } = i;
  if (!local) return link ? { op: 'deleteBreak', localId: i.localId, dpBreakId: link.dpBreakId } : null;
  if (!link) {
    if (Date.parse(local.end) <= i.nowMs) return null;
    return {
      op: 'addBreak',
      localId: i.localId,
      origin: 'pms',
      body: { since: local.start, till: local.end, description: breakDescription(local) },
    };
  }
  if (sameInstant(link.since, local.start) && sameInstant(link.till, local.end)) return null;
  return {
    op: 'moveBreak',
    localId: i.localId,
    dpBreakId: link.dpBreakId,
    since: local.start,
    till: local.end,
  };
}
