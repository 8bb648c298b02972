// The activation feed of one address: a preview ("what would be sent": days, bookings, breaks, writes, time under
// the write budget, blockers), then the run: enable the calendar, enqueue the whole horizon in lane 3 (near days
// first, each day's bookings right after its PUT), and report progress until the outbox of the address is empty.
import type { ActionResult, ActivationPreview, EngineMessage } from '../../../shared/bridge';
import type { MessageCode, MessageParams } from '../../../shared/message-codes';
import type { DocplannerApi } from '../docplanner/api';
import { isDocplannerError } from '../docplanner/errors';
import { META_KEYS } from '../store/meta';
import type { Repos } from '../store/repos';
import type { Detector } from './outbound/detector';
import type { KeyPlanner } from './outbound/key-planner';
import { plainError } from './outbound/sender';
import { addressContext } from './plan/context';
import { diffDay, mergeWork, nextDate, type DayDiff } from './plan/day';
import type { AddressPlanContext } from './plan/context';
import type { SlotsProblem } from './plan/slots';
import { errorCodeOf } from './error-code';
import type { ClinicTime } from '../practice/time';

export interface ActivationDeps {
  api: DocplannerApi;
  repos: Repos;
  planner: KeyPlanner;
  detector: Detector;
  time: ClinicTime;
  now: () => number;
  /** Seconds to send n more writes under the budget (counting what is already queued). */
  drainSeconds: (n: number) => number;
}

export const activationTotalKey = (addressKey: string): string => `activation.total.${addressKey}`;

const said = (text: string, code: MessageCode, params: MessageParams = {}): EngineMessage => ({
  text,
  code,
  params,
});

/** A day's slots problem as a blocker: its words, and the practice-data code with the period it is about. */
const PROBLEM_CODE: Record<SlotsProblem['code'], MessageCode> = {
  'overlapping-periods': 'conflict.overlapping-periods',
  'unmapped-service': 'conflict.unmapped-service-hours',
  'insurance-unmapped': 'conflict.insurance-unmapped',
};

export async function previewActivation(d: ActivationDeps, addressKey: string): Promise<ActivationPreview> {
  return (await planActivation(d, addressKey)).preview;
}

/** The preview, and the days whose empty `PUT slots` the feed skips (date → the empty day's payload hash). */
async function planActivation(
  d: ActivationDeps,
  addressKey: string,
): Promise<{ preview: ActivationPreview; emptyDays: Map<string, string> }> {
  const emptyDays = new Map<string, string>();
  const empty: ActivationPreview = {
    addressKey,
    days: 0,
    daysWithAvailability: 0,
    bookings: 0,
    breaks: 0,
    writes: 0,
    etaSeconds: 0,
    blockers: [],
    warnings: [],
  };
  const ctx = addressContext(d.repos, addressKey, d.time);
  if (!ctx) {
    const blocker = said('This calendar is not mapped to a Docplanner address yet.', 'activation.not-mapped');
    return {
      preview: { ...empty, blockers: [blocker.text], blockerMessages: [blocker], warningMessages: [] },
      emptyDays,
    };
  }
  const blockers: EngineMessage[] = [];
  const warnings: EngineMessage[] = [];
  let enableWrites = 0;
  try {
    const address = await d.api.getAddress(ctx.ref);
    if (address.commercial_type && address.commercial_type !== 'premium') {
      blockers.push(
        said(
          'The Docplanner address is not commercial (premium): its calendar cannot be activated.',
          'activation.not-commercial',
        ),
      );
    }
    const calendar = await d.api.getCalendar(ctx.ref).catch((e: unknown) => {
      if (isDocplannerError(e) && e.kind === 'not-found') return { status: 'disabled' as const };
      throw e;
    });
    if (calendar.status !== 'enabled') {
      enableWrites = 1;
      warnings.push(said('The Docplanner calendar will be enabled.', 'activation.will-enable'));
    }
  } catch (e) {
    blockers.push(
      said(`Docplanner could not be checked: ${plainError(e)}.`, 'activation.check-failed', {
        error: errorCodeOf(e) ?? 'internal',
      }),
    );
  }
  if (ctx.services.size === 0)
    blockers.push(
      said(
        'No practice service is mapped to a Docplanner service for this calendar.',
        'activation.no-services',
      ),
    );

  const { from, to } = d.planner.horizon();
  const days = d.planner.readRange(addressKey, from, to);
  const now = d.now();
  const today = d.planner.today();
  const diffs = days.map((day) => diffDay(day, ctx, d.repos, now, { today, lane: 3 }));
  for (const [date, hash] of await emptyOnBothSides(d, ctx, diffs)) emptyDays.set(date, hash);
  const work = mergeWork(diffs).filter(
    (w) => !(w.first.op === 'replaceSlots' && emptyDays.has(w.first.date)),
  );
  const unmapped = new Map<string, EngineMessage>();
  for (const diff of diffs)
    for (const p of diff.slots.problems) {
      if (!unmapped.has(p.message))
        unmapped.set(p.message, said(p.message, PROBLEM_CODE[p.code], { start: p.start, end: p.end }));
    }
  if (unmapped.size > 0) {
    blockers.push(...[...unmapped.values()].slice(0, 5));
    if (unmapped.size > 5) {
      const more = unmapped.size - 5;
      blockers.push(
        said(`…and ${more} more days with the same problem.`, 'activation.more-days', { count: more }),
      );
    }
  }
  const writes = work.length + enableWrites;
  const preview: ActivationPreview = {
    addressKey,
    days: days.length,
    daysWithAvailability: diffs.filter((x) => x.slots.openWindows > 0).length,
    bookings: work.filter((w) => w.input.kind === 'booking').length,
    breaks: work.filter((w) => w.input.kind === 'break').length,
    writes,
    etaSeconds: d.drainSeconds(writes),
    blockers: blockers.map((b) => b.text),
    warnings: warnings.map((w) => w.text),
    blockerMessages: blockers,
    warningMessages: warnings,
  };
  return { preview, emptyDays };
}

/**
 * Days without availability in the PMS on which Docplanner provably has nothing either (no free slot, no booking,
 * no break): their empty `PUT slots` would change nothing, so the feed records them as pushed instead of sending
 * them — three reads instead of one write per closed day (weekends alone are 2 of 7). When a read fails, none
 * is skipped (the empty PUTs are sent, as before).
 */
async function emptyOnBothSides(
  d: ActivationDeps,
  ctx: AddressPlanContext,
  diffs: readonly DayDiff[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const closed = diffs.filter(
    (x) => x.slots.openWindows === 0 && d.repos.pushedDays.get(ctx.addressKey, x.date) !== x.slots.hash,
  );
  if (closed.length === 0) return out;
  const from = d.time.startOfDay(closed[0]!.date);
  const to = d.time.startOfDay(nextDate(closed.at(-1)!.date));
  const o = { priority: 3 as const };
  try {
    const since = d.time.format(Math.max(from, d.now()));
    const [slots, bookings, breaks] = [
      await d.api.getSlots(ctx.ref, since, d.time.format(to), o),
      await d.api.getBookings(ctx.ref, d.time.format(from), d.time.format(to), o),
      await d.api.getCalendarBreaks(ctx.ref, d.time.format(from), d.time.format(to), o),
    ];
    const busy = new Set<string>();
    const dateOf = (iso: string) => d.time.dateOf(Date.parse(iso));
    for (const x of slots) busy.add(dateOf(x.start));
    for (const b of bookings) if (b.status === 'booked') busy.add(dateOf(b.start_at));
    for (const b of breaks) {
      for (let day = dateOf(b.since); day <= dateOf(b.till); day = nextDate(day)) busy.add(day);
    }
    for (const x of closed) if (!busy.has(x.date)) out.set(x.date, x.slots.hash);
  } catch {
    out.clear();
  }
  return out;
}

/** Starts the feed. Refuses (ok: false) while the preview has blockers. */
export async function startActivation(d: ActivationDeps, addressKey: string): Promise<ActionResult> {
  const { preview, emptyDays } = await planActivation(d, addressKey);
  if (preview.blockers.length > 0) {
    // The first blocker's code: the dialog shows them all from the preview; this says why it did not start.
    const first = preview.blockerMessages?.[0];
    return { ok: false, message: preview.blockers.join(' '), code: first?.code, params: first?.params };
  }
  const link = d.repos.mapping.getAddress(addressKey)!;
  try {
    if (preview.warningMessages?.some((w) => w.code === 'activation.will-enable')) {
      await d.api.enableCalendar(link.ref, { priority: 3 });
      d.repos.audit.append({
        at: d.now(),
        direction: 'out',
        operation: 'enableCalendar',
        addressKey,
        outcome: 'ok',
        summary: 'Enabled the Docplanner calendar',
        code: 'activity.calendar-enabled',
      });
    }
  } catch (e) {
    return {
      ok: false,
      message: `The Docplanner calendar could not be enabled: ${plainError(e)}.`,
      code: 'activation.enable-failed',
      params: { error: errorCodeOf(e) ?? 'internal' },
    };
  }
  d.repos.mapping.setActivation(addressKey, 'feeding', d.now());
  for (const [date, hash] of emptyDays) d.repos.pushedDays.set(addressKey, date, hash, d.now());
  const { from, to } = d.planner.horizon();
  const days = d.planner.readRange(addressKey, from, to).map((day) => ({
    doctorId: link.local.doctorId,
    locationId: link.local.locationId,
    date: day.date,
  }));
  const enqueued = d.detector.enqueueDays(days, { lane: 3, unblock: true });
  d.repos.meta.setNumber(activationTotalKey(addressKey), enqueued);
  // The feed pushes everything: the next periodic reconciliation is due one interval from now.
  d.repos.meta.setNumber(META_KEYS.lastReconcileAt, d.now());
  d.repos.meta.setNumber(META_KEYS.lastMappingCheckAt, d.now());
  const minutes = Math.ceil(preview.etaSeconds / 60);
  return {
    ok: true,
    message: `Activation started: ${enqueued} change(s) to send, about ${minutes} min.`,
    code: 'activation.started',
    params: { count: enqueued, minutes },
  };
}
