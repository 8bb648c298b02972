// Compares one CanonicalDay with what Docplanner was last told (pushed-day hash, booking/break links) and lists the
// outbox keys that need work. Used by change detection, the activation feed/preview and full resync. Pure apart
// from reading the link tables.
import type { CanonicalDay } from '../../../../shared/canonical';
import { holdId } from '../../store/links';
import { bookingKey, breakKey, slotsKey, type EnqueueInput, type Lane } from '../../store/outbox';
import type { Repos } from '../../store/repos';
import { planBooking } from './booking';
import { planBreak } from './break';
import type { AddressPlanContext } from './context';
import { laneFor } from './lanes';
import { desiredSlots, type DesiredSlots } from './slots';
import { takenTimes } from './taken';
import type { PlannedWrite } from './writes';

export interface DayDiff {
  date: string;
  slots: DesiredSlots;
  /** Keys to enqueue, with the first write each would send (for previews). */
  /** `absent`: derived from something linked that is no longer on this day (it may have moved to another day). */
  work: { input: EnqueueInput; first: PlannedWrite; absent?: boolean }[];
}

export function diffDay(
  day: CanonicalDay,
  ctx: AddressPlanContext,
  repos: Repos,
  nowMs: number,
  opts: { today: string; lane?: Lane; ignorePushedHash?: boolean },
): DayDiff {
  const lane = (kind: 'slots' | 'booking' | 'break') => opts.lane ?? laneFor(kind, day.date, opts.today);
  const work: DayDiff['work'] = [];
  const slots = desiredSlots(day, ctx);
  const pushed = repos.pushedDays.get(ctx.addressKey, day.date);
  if (opts.ignorePushedHash || pushed !== slots.hash) {
    work.push({
      input: {
        key: slotsKey(ctx.addressKey, day.date),
        kind: 'slots',
        addressKey: ctx.addressKey,
        day: day.date,
        lane: lane('slots'),
      },
      first: { op: 'replaceSlots', date: day.date, body: slots.body, hash: slots.hash },
    });
  }

  const dayRange = { fromMs: ctx.time.startOfDay(day.date), toMs: ctx.time.startOfDay(nextDate(day.date)) };
  const taken = takenTimes(repos, ctx.addressKey, dayRange);
  const seenBookings = new Set<string>();
  for (const b of day.bookings) {
    seenBookings.add(b.id);
    const w = planBooking({
      local: b,
      localId: b.id,
      link: repos.bookings.get(b.id),
      hold: repos.breaks.get(holdId(b.id)),
      daySlots: slots.body,
      taken,
      nowMs,
      ctx,
    });
    if (w) work.push({ input: bookingInput(ctx, b.id, day.date, lane('booking')), first: w });
  }
  // Linked appointments that were on this day and are not any more (moved away or deleted).
  for (const l of repos.bookings.listByAddress(ctx.addressKey, dayRange)) {
    if (seenBookings.has(l.localId) || l.state !== 'booked') continue;
    seenBookings.add(l.localId);
    work.push({
      input: bookingInput(ctx, l.localId, day.date, lane('booking')),
      first: { op: 'cancelBooking', localId: l.localId, dpBookingId: l.dpBookingId },
      absent: true,
    });
  }
  const seenBreaks = new Set<string>();
  for (const br of repos.breaks.listByAddress(ctx.addressKey, dayRange)) {
    if (br.origin !== 'booking-hold') continue;
    const bookingId = br.localId.slice('hold:'.length);
    if (seenBookings.has(bookingId)) continue;
    seenBookings.add(bookingId);
    work.push({
      input: bookingInput(ctx, bookingId, day.date, lane('booking')),
      first: { op: 'deleteBreak', localId: br.localId, dpBreakId: br.dpBreakId },
      absent: true,
    });
  }
  for (const b of day.breaks) {
    seenBreaks.add(b.id);
    const w = planBreak({ local: b, localId: b.id, link: repos.breaks.get(b.id), nowMs });
    if (w) work.push({ input: breakInput(ctx, b.id, day.date, lane('break')), first: w });
  }
  for (const l of repos.breaks.listByAddress(ctx.addressKey, dayRange)) {
    if (l.origin === 'booking-hold' || seenBreaks.has(l.localId)) continue;
    work.push({
      input: breakInput(ctx, l.localId, day.date, lane('break')),
      first: { op: 'deleteBreak', localId: l.localId, dpBreakId: l.dpBreakId },
      absent: true,
    });
  }
  return { date: day.date, slots, work };
}

const bookingInput = (ctx: AddressPlanContext, id: string, day: string, lane: Lane): EnqueueInput => ({
  key: bookingKey(id),
  kind: 'booking',
  addressKey: ctx.addressKey,
  day,
  lane,
});
const breakInput = (ctx: AddressPlanContext, id: string, day: string, lane: Lane): EnqueueInput => ({
  key: breakKey(id),
  kind: 'break',
  addressKey: ctx.addressKey,
  day,
  lane,
});

/** Merges the work of several days: a key found present on some day wins over its absence from another. */
export function mergeWork(diffs: DayDiff[]): DayDiff['work'] {
  const byKey = new Map<string, DayDiff['work'][number]>();
  for (const d of diffs) {
    for (const w of d.work) {
      const old = byKey.get(w.input.key);
      if (!old || (old.absent && !w.absent)) byKey.set(w.input.key, w);
    }
  }
  return [...byKey.values()];
}

export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
