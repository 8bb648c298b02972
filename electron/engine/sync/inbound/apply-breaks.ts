// Break notifications (a doctor blocking time in the Docplanner calendar) → the PMS, by policy:
// 'block-pms' writes a matching blocked time into the PMS and links it (origin 'marketplace'); 'conflict' asks
// the receptionist. A break over existing local appointments always asks. Breaks the PMS owns (its own blocked
// times and booking holds) are left to reconciliation, which restores them.
import { msg, type MessageCode } from '../../../../shared/message-codes';
import type { TypedNotification } from '../../docplanner/schemas';
import type { InboxEntry } from '../../store/inbox';
import { remoteBreak, wallTime } from '../conflicts/drafts';
import { openConflictForBreak } from '../conflicts/lookup';
import { mappedAddress, type MappedAddress } from './address';
import type { InboundDeps } from './deps';
import { overlappingBookings, sameBlockedTime } from './incoming';
import { applied, conflict, ignored, type HandlerOutcome } from './outcome';

type BreakNotification = Extract<
  TypedNotification,
  { name: 'break-created' | 'break-moved' | 'break-removed' }
>;
type Brk = BreakNotification['data']['break'];

export const BREAK_REASON = 'Blocked on Docplanner';

const span = (b: { since: string; till: string }) => `${wallTime(b.since)}–${b.till.slice(11, 16)}`;
/** The activity code of an outcome about break `b` (its times as params). */
const about = (
  code: MessageCode,
  b: { since: string; till: string },
  params: Record<string, string> = {},
) => ({
  message: msg(code, { start: b.since, end: b.till, ...params }),
});

export function applyBreak(deps: InboundDeps, entry: InboxEntry, n: BreakNotification): HandlerOutcome {
  const addr = mappedAddress(deps, n.data.address.id);
  if (!addr) {
    return ignored(
      null,
      `Break on Docplanner address ${n.data.address.id}, which is not mapped; nothing written.`,
      { message: msg('activity.in.break-not-mapped', { address: n.data.address.id }) },
    );
  }
  const b = n.data.break;
  switch (n.name) {
    case 'break-created':
      return breakCreated(deps, entry, addr, b);
    case 'break-moved':
      return breakMoved(deps, entry, addr, b);
    case 'break-removed':
      return breakRemoved(deps, addr, b);
  }
}

function breakCreated(deps: InboundDeps, entry: InboxEntry, addr: MappedAddress, b: Brk): HandlerOutcome {
  const link = deps.repos.breaks.getByDpId(addr.addressKey, b.id);
  if (link)
    return ignored(
      addr.addressKey,
      `Break ${span(b)} is already known (${link.origin}).`,
      about('activity.in.break-known', b),
    );
  return place(deps, entry, addr, b);
}

/** Blocks the PMS for a new (or newly moved) Docplanner break, or raises a conflict. */
function place(deps: InboundDeps, entry: InboxEntry, addr: MappedAddress, b: Brk): HandlerOutcome {
  const { practice, repos, policy } = deps;
  const own = sameBlockedTime(practice, addr.local, b.since, b.till);
  if (own) {
    return ignored(
      addr.addressKey,
      `Break ${span(b)}: the practice system already blocks exactly that time (${own}).`,
      about('activity.in.break-already-blocked', b),
    );
  }
  const overlapping = overlappingBookings(practice, addr.local, b.since, b.till);
  const hold = overlapping.find(
    (o) =>
      Date.parse(o.start) === Date.parse(b.since) &&
      Date.parse(o.end) === Date.parse(b.till) &&
      !repos.bookings.get(o.id),
  );
  if (hold && overlapping.length === 1) {
    return ignored(
      addr.addressKey,
      `Break ${span(b)} holds the time of appointment ${hold.id}.`,
      about('activity.in.break-holds', b, { appointment: hold.id }),
    );
  }
  const raise = (why: string) =>
    conflict(
      remoteBreak({
        context: {
          addressKey: addr.addressKey,
          inboxId: entry.id,
          ref: addr.ref,
          local: addr.local,
          dpBreakId: b.id,
          since: b.since,
          till: b.till,
          overlapping: overlapping.map((o) => o.id),
        },
        overlapping: overlapping.map((o) => ({
          booking: o,
          serviceName: practice.listServices().find((s) => s.id === o.serviceId)?.name ?? null,
        })),
      }),
      `Break ${span(b)} added on Docplanner: ${why}.`,
    );
  if (overlapping.length > 0) return raise(`it covers ${overlapping.length} appointment(s)`);
  if (policy.remoteBreaks === 'conflict') return raise('waiting for a decision (policy)');
  const r = practice.writeBack({
    kind: 'block',
    key: addr.local,
    start: b.since,
    end: b.till,
    reason: BREAK_REASON,
    externalId: b.id,
  });
  if (!r.ok) return raise(`the practice system refused to block it (${r.message})`);
  repos.breaks.upsert(
    {
      localId: r.localId,
      addressKey: addr.addressKey,
      dpBreakId: b.id,
      since: b.since,
      till: b.till,
      origin: 'marketplace',
    },
    deps.clock.now(),
  );
  return applied(
    addr.addressKey,
    `Break ${span(b)} added on Docplanner; blocked in the practice system (${r.localId}).`,
    about('activity.in.break-blocked', b),
  );
}

function breakMoved(deps: InboundDeps, entry: InboxEntry, addr: MappedAddress, b: Brk): HandlerOutcome {
  const { repos, practice } = deps;
  const link = repos.breaks.getByDpId(addr.addressKey, b.id);
  if (!link) return place(deps, entry, addr, b);
  if (link.origin !== 'marketplace') {
    return ignored(
      addr.addressKey,
      `Break ${span(b)} was moved on Docplanner, but it mirrors time the practice system blocks; the next check restores it.`,
      about('activity.in.break-moved-pms-owned', b),
    );
  }
  if (Date.parse(link.since) === Date.parse(b.since) && Date.parse(link.till) === Date.parse(b.till)) {
    return ignored(
      addr.addressKey,
      `Break ${span(b)} is already at that time.`,
      about('activity.in.break-unchanged', b),
    );
  }
  const outcome = place(deps, entry, addr, b);
  if (outcome.kind === 'applied') {
    // The new block is written and linked (the link moved to it); drop the old one.
    const r = practice.writeBack({ kind: 'unblock', blockId: link.localId });
    const left =
      !r.ok && r.reason !== 'not-found' ? ` The old blocked time ${link.localId} could not be removed.` : '';
    return applied(
      addr.addressKey,
      `Break moved on Docplanner to ${span(b)}; blocked time moved.${left}`,
      about(left ? 'activity.in.break-moved-old-kept' : 'activity.in.break-moved', b),
    );
  }
  return outcome;
}

function breakRemoved(deps: InboundDeps, addr: MappedAddress, b: Brk): HandlerOutcome {
  const { repos, practice } = deps;
  const link = repos.breaks.getByDpId(addr.addressKey, b.id);
  if (!link) {
    const open = openConflictForBreak(deps.conflicts, addr.ref.addressId, b.id);
    return ignored(addr.addressKey, `Break ${span(b)} removed on Docplanner; it was never blocked here.`, {
      ...about('activity.in.break-removed-never', b),
      moot: open
        ? { conflictIds: [open], outcome: 'The doctor removed this break on Docplanner.' }
        : undefined,
    });
  }
  if (link.origin !== 'marketplace') {
    return ignored(
      addr.addressKey,
      `Break ${span(b)} removed on Docplanner, but the practice system still blocks that time; the next check restores it.`,
      about('activity.in.break-removed-pms-owned', b),
    );
  }
  const r = practice.writeBack({ kind: 'unblock', blockId: link.localId });
  if (!r.ok && r.reason !== 'not-found') throw new Error(`could not remove the blocked time: ${r.message}`);
  repos.breaks.delete(link.localId);
  return applied(
    addr.addressKey,
    `Break ${span(b)} removed on Docplanner; blocked time ${link.localId} removed.`,
    about('activity.in.break-removed', b),
  );
}
