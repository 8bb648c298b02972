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
import { diffDay, mergeWork } from './plan/day';
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
    return { ...empty, blockers: [blocker.text], blockerMessages: [blocker], warningMessages: [] };
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
  const work = mergeWork(diffs);
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
  return {
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
}

/** Starts the feed. Refuses (ok: false) while the preview has blockers. */
export async function startActivation(d: ActivationDeps, addressKey: string): Promise<ActionResult> {
  const preview = await previewActivation(d, addressKey);
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
