// The sequential sender: one write at a time, most urgent lane first, under the client's rate budget (the lane is
// the request priority). Per outbox entry:
//   unknown → re-read Docplanner first (resolve-unknown.ts), then plan;
//   plan the next write from the current PMS state → persist it in the row (in-flight) → send →
//   ok: record effects, plan again (a key may need a second write, e.g. book then remove the hold) until nothing
//       is left → row removed;
//   429 / auth / network error before the request left: pending again, due later;
//   5xx / network after it left / 409: unknown (re-read before any retry); a 409 on addCalendarBreak is
//   Docplanner's natural-key duplicate guard: the existing break is looked up and linked (existing-break.ts);
//   no free slot for a booking: a hold break instead; permanent refusal: blocked + a conflict, never retried blindly.
import type { ErrorInfo } from '../../../../shared/bridge';
import type { LocalBooking } from '../../../../shared/canonical';
import type { ErrorCode, MessageRef } from '../../../../shared/message-codes';
import type { DocplannerApi, Priority } from '../../docplanner/api';
import { DocplannerError, isDocplannerError } from '../../docplanner/errors';
import type { Booking } from '../../docplanner/schemas';
import { maskName } from '../../store/audit';
import type { ConflictRepo } from '../../store/conflicts';
import type { OutboxEntry } from '../../store/outbox';
import type { Repos } from '../../store/repos';
import type { Clock } from '../../util/clock';
import { bookingRefused, movedOnBothSides, practiceData } from '../conflicts/drafts';
import { errorCodeOf } from '../error-code';
import { toIncoming } from '../inbound/incoming';
import type { AddressPlanContext } from '../plan/context';
import { stableStringify } from '../plan/hash';
import { describeWrite, type PlannedWrite } from '../plan/writes';
import { RecentSlotsPayloads } from './dup-guard';
import { applyEffects, sendWrite, type WriteResult } from './execute';
import { findExistingBreak, type AddBreakWrite, type ExistingBreak } from './existing-break';
import type { KeyPlanner } from './key-planner';
import { resolveUnknown } from './resolve-unknown';
import { aboutWrite, writeMessage } from './write-message';

/** How the last write attempt went, for the status. */
export type SendHealth =
  | { kind: 'ok' }
  | { kind: 'offline'; error: ErrorInfo }
  | { kind: 'needs-sign-in'; error: ErrorInfo }
  | { kind: 'rate-limited'; until: number; error: ErrorInfo }
  | { kind: 'error'; error: ErrorInfo };

export interface SenderDeps {
  api: DocplannerApi;
  repos: Repos;
  conflicts: ConflictRepo;
  planner: KeyPlanner;
  clock: Clock;
  /**
   * The multi-PC lease fence (the engine's canWrite): checked right before every write and every re-read of an
   * unknown outcome, so a PC that lost the lease mid-drain sends nothing more. Default: always allowed.
   */
  canWrite?: () => boolean;
  onHealth?: (h: SendHealth, addressKey: string) => void;
  onConflict?: () => void;
  onProgress?: () => void;
  /**
   * Called before each write of a drain. The engine runs its cheap change detection here (throttled), so a booking
   * made at the desk during a long activation feed enters lane 0 and goes next, instead of after the whole feed.
   */
  beforeEachWrite?: () => void;
  /**
   * Minimum spacing of non-urgent writes (lanes 2–3: other changes, activation feed, far days), normally the rate
   * budget's steady interval. Without it a feed bursts a whole minute's budget and an urgent booking detected a
   * second later waits for the window to free; paced, it waits at most one interval. 0 = no pacing.
   */
  paceIntervalMs?: () => number;
}

export interface DrainResult {
  writes: number;
  /** Entries left for later (backoff, unknown, blocked). */
  deferred: number;
  lastError: ErrorInfo | null;
}

const MAX_WRITES_PER_TURN = 6;
/** How soon a replaceSlots answered 429 is tried again (as a variant; the rate budget still holds real quotas). */
const SLOTS_429_RETRY_MS = 2000;
const backoffMs = (attempt: number): number => Math.min(5 * 60_000, 2000 * 2 ** Math.max(0, attempt - 1));

type Failure =
  | { action: 'retry'; at: number; health: SendHealth }
  | { action: 'unknown'; health: SendHealth }
  /** addCalendarBreak answered 409: a break with the same range and description is already there. */
  | { action: 'exists'; write: AddBreakWrite }
  | { action: 'slot-unavailable' }
  | { action: 'done' }
  | { action: 'vanished' }
  | { action: 'replan' }
  | { action: 'blocked'; reason: string };

export class Sender {
  /** The pacing slot of the last write: non-urgent writes go at most one per interval after it. */
  private lastPacedAt = Number.NEGATIVE_INFINITY;
  /** Writes attempted (sent or tried), whatever their outcome: each one counts against Docplanner's quota. */
  private attempts = 0;

  private paceWait(entry: OutboxEntry, now: number): number {
    if (entry.lane < 2) return 0;
    const interval = this.deps.paceIntervalMs?.() ?? 0;
    return Math.max(0, this.lastPacedAt + interval - now);
  }

  /**
   * Books pacing slots for `n` writes just attempted by an entry taken up at `startedAt`. A paced entry's first
   * write had its slot; every other write (urgent ones, a hold after a refusal) takes the next slot too.
   * WHY: Docplanner counts writes in fixed minute windows (X-RateLimit-Reset). A feed paced at the full budget
   * plus urgent writes on top spends a window early, and then every write, the next urgent one included, waits
   * for its reset (tens of seconds). With urgent writes taking the feed's slots, the window is never spent early.
   */
  private spendPaceSlots(n: number, paced: boolean, startedAt: number): void {
    const interval = this.deps.paceIntervalMs?.() ?? 0;
    if (n <= 0 || interval <= 0) return;
    const now = this.deps.clock.now();
    let left = n;
    if (paced) {
      this.lastPacedAt = startedAt;
      left--;
    }
    for (; left > 0; left--) this.lastPacedAt = Math.max(this.lastPacedAt + interval, now);
  }

  private stopping = false;
  private readonly recentSlots: RecentSlotsPayloads;

  constructor(private readonly deps: SenderDeps) {
    this.recentSlots = new RecentSlotsPayloads(deps.repos.meta);
  }

  /** WHY: a PC that lost the lease mid-cycle must not send another write (the new leader sends it). */
  private mayWrite(): boolean {
    return this.deps.canWrite ? this.deps.canWrite() : true;
  }

  /** Asks the loop to stop after the write in flight (if any) has settled. */
  stop(): void {
    this.stopping = true;
  }

  resume(): void {
    this.stopping = false;
  }

  /** Sends until nothing is due (or stop() was called). */
  async drain(opts: { addressKeys?: readonly string[] } = {}): Promise<DrainResult> {
    const result: DrainResult = { writes: 0, deferred: 0, lastError: null };
    // How often each outbox row was taken up in this drain. Keyed by row id AND creation time, and forgotten once
    // the row is gone: SQLite gives a new row the id of a deleted one, so during a long feed every urgent change
    // got the id of the previous (completed) one, and the fourth was taken for a key that does not settle.
    const turns = new Map<string, number>();
    while (!this.stopping && this.mayWrite()) {
      this.deps.beforeEachWrite?.();
      const now = this.deps.clock.now();
      let entry = this.deps.repos.outbox.next(now, opts);
      if (!entry) break;
      entry = this.slotsFirst(entry, now);
      const wait = this.paceWait(entry, now);
      if (wait > 0) {
        await this.deps.clock.sleep(wait); // detection runs again before the next pick: urgent work goes first
        continue;
      }
      const row = `${entry.id}@${entry.createdAt}`;
      const turn = (turns.get(row) ?? 0) + 1;
      turns.set(row, turn);
      if (turn > 3) {
        // A key that keeps needing writes within one drain: leave it for later rather than spin.
        this.deps.repos.outbox.retryLater(entry.id, now + backoffMs(entry.attempt), 'not settling', now);
        result.deferred++;
        continue;
      }
      const attemptsBefore = this.attempts;
      const outcome = await this.processEntry(entry, result);
      this.spendPaceSlots(this.attempts - attemptsBefore, entry.lane >= 2, now);
      if (outcome === 'deferred') result.deferred++;
      if (!this.deps.repos.outbox.get(entry.id)) turns.delete(row);
      this.deps.onProgress?.();
    }
    return result;
  }

  /** A booking or break goes right after its day's pending availability (so its slot exists). */
  private slotsFirst(entry: OutboxEntry, now: number): OutboxEntry {
    if (entry.kind === 'slots' || !entry.day) return entry;
    const slots = this.deps.repos.outbox.getByKey(`slots:${entry.addressKey}/${entry.day}`);
    return slots && slots.state === 'pending' && slots.dueAt <= now ? slots : entry;
  }

  private async processEntry(entry: OutboxEntry, result: DrainResult): Promise<'done' | 'deferred'> {
    const { repos, clock } = this.deps;
    if (entry.state === 'unknown') {
      if (!this.mayWrite()) return 'deferred'; // re-read-then-retry is the leader's job: the row stays unknown
      const ctx = this.deps.planner.context(entry.addressKey);
      const w = entry.request as PlannedWrite | null;
      if (ctx && w) {
        try {
          const r = await resolveUnknown(this.deps.api, repos, entry.addressKey, ctx.ref, w, clock.now(), {
            movedElsewhere: (m) => this.raiseMovedOnline(entry, ctx, m),
          });
          this.deps.onHealth?.({ kind: 'ok' }, entry.addressKey);
          this.audit(
            entry,
            w,
            r === 'applied' ? 'ok' : 'skipped',
            `${r === 'applied' ? 'Confirmed' : 'Not applied'} after re-reading Docplanner: ${describeWrite(w)}`,
            aboutWrite(r === 'applied' ? 'activity.out.confirmed' : 'activity.out.not-applied', w),
          );
        } catch (e) {
          const f = this.classify(w, e, entry.attempt);
          const due = clock.now() + backoffMs(entry.attempt);
          repos.outbox.markUnknown(entry.id, errorCode(e), due, clock.now());
          if ('health' in f) this.deps.onHealth?.(f.health, entry.addressKey);
          result.lastError = toErrorInfo(e, clock.now());
          return 'deferred';
        }
      }
      repos.outbox.requeue(entry.id, clock.now());
      entry = repos.outbox.get(entry.id)!;
    }

    let slotUnavailable = false;
    let lastRequest: string | null = null;
    let refusal: { reason: string; error: ErrorCode | null } | null = null;
    for (let n = 0; n < MAX_WRITES_PER_TURN; n++) {
      const plan = this.deps.planner.plan(entry, { slotUnavailable });
      if (plan.kind !== 'write') {
        repos.outbox.complete(entry.id);
        if (refusal) this.raiseRefused(entry, refusal.reason, null, undefined, refusal.error);
        return 'done';
      }
      if (!this.mayWrite()) {
        // Lost the lease (or paused) mid-entry: nothing more is sent; the key stays pending for the leader.
        if (n > 0) repos.outbox.requeue(entry.id, clock.now());
        return 'deferred';
      }
      const request = stableStringify(plan.write);
      const chosen = this.avoidDuplicateGuard(entry, plan.write, plan.ctx);
      if (chosen === 'waiting') return 'deferred';
      const w = chosen;
      repos.outbox.claim(entry.id, w, clock.now()); // persisted BEFORE the call
      if (w.op === 'replaceSlots') this.recentSlots.remember(entry.addressKey, w, clock.now());
      try {
        const r = await this.send(entry, plan.ctx, w);
        applyEffects(repos, entry.addressKey, w, r, clock.now());
        result.writes++;
        this.audit(entry, w, 'ok', describeWrite(w), writeMessage(w), plan.local);
        this.deps.onHealth?.({ kind: 'ok' }, entry.addressKey);
        slotUnavailable = false;
        if (this.stopping) {
          repos.outbox.requeue(entry.id, clock.now());
          return 'done';
        }
        continue;
      } catch (e) {
        const now = clock.now();
        const f = this.classify(w, e, entry.attempt + 1);
        result.lastError = toErrorInfo(e, now);
        this.audit(
          entry,
          w,
          f.action === 'unknown' ? 'unknown' : 'failed',
          `${describeWrite(w)}: ${plainError(e)}`,
          aboutWrite('activity.out.failed', w, { error: errorCode(e) }),
          plan.local,
        );
        switch (f.action) {
          case 'retry':
            repos.outbox.retryLater(entry.id, f.at, errorCode(e), now);
            this.deps.onHealth?.(f.health, entry.addressKey);
            return 'deferred';
          case 'unknown':
            if (isDocplannerError(e) && e.kind === 'conflict' && entry.lastError === 'conflict') {
              // A second 409 after re-reading found nothing to link: it will not go through by itself.
              return this.block(entry, w, plan.ctx, plan.local, plainError(e), errorCodeOf(e));
            }
            repos.outbox.markUnknown(entry.id, errorCode(e), now + backoffMs(entry.attempt + 1), now);
            this.deps.onHealth?.(f.health, entry.addressKey);
            return 'deferred';
          case 'exists':
            if ((await this.adoptExistingBreak(entry, plan.ctx, f.write, plan.local)) === 'linked') continue;
            return 'deferred';
          case 'slot-unavailable':
            if (slotUnavailable)
              return this.block(entry, w, plan.ctx, plan.local, plainError(e), errorCodeOf(e));
            slotUnavailable = true;
            continue;
          case 'done':
            applyEffects(repos, entry.addressKey, w, { op: w.op } as never, now);
            continue;
          case 'vanished':
            if (w.op === 'moveBooking') repos.bookings.setState(w.localId, 'canceled', now);
            if (w.op === 'moveBreak') repos.breaks.delete(w.localId);
            continue;
          case 'replan':
            if (w.op === 'bookSlot' && !slotUnavailable) {
              // Docplanner will not take this appointment as it is: hold its time and tell the receptionist.
              refusal = { reason: plainError(e), error: errorCodeOf(e) };
              slotUnavailable = true;
              continue;
            }
            if (lastRequest === request)
              return this.block(entry, w, plan.ctx, plan.local, plainError(e), errorCodeOf(e));
            lastRequest = request;
            continue;
          case 'blocked':
            return this.block(entry, w, plan.ctx, plan.local, f.reason, errorCodeOf(e));
        }
      }
    }
    repos.outbox.requeue(entry.id, clock.now());
    return 'done';
  }

  /**
   * addCalendarBreak answered 409: Docplanner already has a break with this range and description (NOTES.md §4.8),
   * typically ours from a send whose outcome was never recorded. The break there is linked instead of added again.
   * When the re-read cannot show it, the key is blocked with a conflict: sending the same break again would only be
   * refused again (no loop). A failed re-read leaves the outcome open (unknown: re-read again before any retry).
   */
  private async adoptExistingBreak(
    entry: OutboxEntry,
    ctx: AddressPlanContext,
    w: AddBreakWrite,
    local: LocalBooking | null,
  ): Promise<'linked' | 'deferred'> {
    const { repos, clock } = this.deps;
    let found: ExistingBreak;
    try {
      found = await findExistingBreak(this.deps.api, repos, entry.addressKey, ctx.ref, w);
    } catch (e) {
      const now = clock.now();
      repos.outbox.markUnknown(entry.id, errorCode(e), now + backoffMs(entry.attempt + 1), now);
      const f = this.classify(w, e, entry.attempt + 1);
      if ('health' in f) this.deps.onHealth?.(f.health, entry.addressKey);
      return 'deferred';
    }
    if (found.kind === 'found') {
      applyEffects(repos, entry.addressKey, w, { op: 'addBreak', brk: found.brk }, clock.now());
      this.audit(
        entry,
        w,
        'ok',
        `Already on Docplanner, linked: ${describeWrite(w)}`,
        aboutWrite('activity.out.linked', w),
        local,
      );
      return 'linked';
    }
    const reason =
      found.kind === 'linked-elsewhere'
        ? 'Docplanner already has this break, but this PC has it linked to another blocked time or appointment'
        : 'Docplanner says this break already exists, but no break with these times and description was found';
    return this.block(entry, w, ctx, local, reason, null);
  }

  /**
   * The write to send for `planned`: a replaceSlots identical to one sent to this address within Docplanner's
   * duplicate window is swapped for a byte-different variant (dup-guard.ts); 'waiting' when none is left and the
   * entry was put back until the window is over.
   */
  private avoidDuplicateGuard(
    entry: OutboxEntry,
    planned: PlannedWrite,
    ctx: AddressPlanContext,
  ): PlannedWrite | 'waiting' {
    if (planned.op !== 'replaceSlots') return planned;
    const now = this.deps.clock.now();
    const choice = this.recentSlots.choose(entry.addressKey, planned, ctx.time, now);
    if (choice.kind === 'send') return choice.write;
    this.deps.repos.outbox.retryLater(entry.id, choice.until, 'duplicate-window', now);
    return 'waiting';
  }

  /**
   * Sends one write. A replaceSlots that may have reached Docplanner is remembered again with the time it finished:
   * Docplanner's duplicate window starts when the first identical PUT finished on its side.
   */
  private async send(entry: OutboxEntry, ctx: AddressPlanContext, w: PlannedWrite): Promise<WriteResult> {
    this.attempts++;
    try {
      const r = await sendWrite(this.deps.api, ctx.ref, w, entry.lane as Priority);
      if (w.op === 'replaceSlots') this.recentSlots.remember(entry.addressKey, w, this.deps.clock.now());
      return r;
    } catch (e) {
      if (w.op === 'replaceSlots' && (!isDocplannerError(e) || e.requestSent)) {
        this.recentSlots.remember(entry.addressKey, w, this.deps.clock.now());
      }
      throw e;
    }
  }

  /**
   * The receptionist moved an appointment while the patient moved its online booking: the PMS time is kept (the
   * next write moves the online booking there) and the desk is told, with the patient's time on offer.
   */
  private raiseMovedOnline(
    entry: OutboxEntry,
    ctx: AddressPlanContext,
    m: { localId: string; fromId: string; newest: Booking },
  ): void {
    const plan = this.deps.planner.plan(entry);
    this.deps.conflicts.raise(
      movedOnBothSides({
        context: {
          addressKey: entry.addressKey,
          inboxId: null,
          ref: ctx.ref,
          dpBookingId: m.newest.id,
          error: `appointment ${m.localId} was moved online too`,
          movedBothSides: {
            localBookingId: m.localId,
            fromId: m.fromId,
            toId: m.newest.id,
            start: m.newest.start_at,
            end: m.newest.end_at,
          },
        },
        booking: toIncoming(m.newest, this.deps.repos.mapping),
        current: plan.kind === 'write' ? plan.local : null,
        serviceName: null,
      }),
      this.deps.clock.now(),
    );
    this.deps.onConflict?.();
  }

  private block(
    entry: OutboxEntry,
    w: PlannedWrite,
    ctx: AddressPlanContext,
    local: LocalBooking | null,
    reason: string,
    /** The Docplanner error kind behind the refusal, for the conflict's words in the UI language. */
    error: ErrorCode | null,
  ): 'deferred' {
    const now = this.deps.clock.now();
    this.deps.repos.outbox.block(entry.id, reason, now);
    if (entry.kind === 'booking' && local) this.raiseRefused(entry, reason, local, ctx, error);
    else {
      this.deps.conflicts.raise(
        practiceData({
          addressKey: entry.addressKey,
          dedupeKey: `outbox:${entry.key}`,
          summary: `Docplanner refused a change (${describeWrite(w)}): ${reason}`,
          detail: reason,
          refused: { error },
          start: 'since' in w ? w.since : w.op === 'addBreak' ? w.body.since : null,
          end: 'till' in w ? w.till : w.op === 'addBreak' ? w.body.till : null,
        }),
        now,
      );
    }
    this.deps.onConflict?.();
    return 'deferred';
  }

  private raiseRefused(
    entry: OutboxEntry,
    reason: string,
    local: LocalBooking | null,
    ctx?: AddressPlanContext,
    error: ErrorCode | null = null,
  ): void {
    const c = ctx ?? this.deps.planner.context(entry.addressKey);
    if (!c || !local) return;
    this.deps.conflicts.raise(
      bookingRefused({
        context: {
          addressKey: entry.addressKey,
          inboxId: null,
          ref: c.ref,
          localBookingId: local.id,
          start: local.start,
          end: local.end,
          reason,
        },
        booking: local,
        serviceName: null,
        error,
      }),
      this.deps.clock.now(),
    );
    this.deps.onConflict?.();
  }

  private classify(w: PlannedWrite, e: unknown, attempt: number): Failure {
    const now = this.deps.clock.now();
    if (!isDocplannerError(e))
      return { action: 'unknown', health: { kind: 'error', error: toErrorInfo(e, now) } };
    const info = toErrorInfo(e, now);
    switch (e.kind) {
      case 'rate-limited': {
        const until = e.retryAt ?? now + 30_000;
        if (w.op === 'replaceSlots') {
          // WHY: a 429 on PUT slots may be Docplanner's duplicate guard (our identical PUT still in flight), not
          // a quota: waiting for the quota reset and sending the same bytes again could 429 for as long as it is
          // in flight. The payload is remembered (send()), so the retry goes out as a byte-different variant soon;
          // a real quota block is still held by the client's rate budget.
          const at = Math.min(until, now + SLOTS_429_RETRY_MS);
          return { action: 'retry', at, health: { kind: 'rate-limited', until: at, error: info } };
        }
        return { action: 'retry', at: until, health: { kind: 'rate-limited', until, error: info } };
      }
      case 'auth':
        return { action: 'retry', at: now + 60_000, health: { kind: 'needs-sign-in', error: info } };
      case 'network':
        if (!e.outcomeUnknown) {
          // WHY: the request never left (connection refused, DNS, no token): nothing can have been applied, so
          // this is a plain retry while offline, not an unknown outcome that forces a re-read first.
          return { action: 'retry', at: now + backoffMs(attempt), health: { kind: 'offline', error: info } };
        }
        return { action: 'unknown', health: { kind: 'offline', error: info } };
      case 'server':
      case 'malformed-response':
        return { action: 'unknown', health: { kind: 'error', error: info } };
      case 'conflict':
        // 409 on addCalendarBreak: the break exists (natural-key guard) → link it. Otherwise (an already
        // moved/canceled booking …): find out what is there first.
        if (w.op === 'addBreak') return { action: 'exists', write: w };
        return { action: 'unknown', health: { kind: 'ok' } };
      case 'slot-unavailable':
        return w.op === 'bookSlot' || w.op === 'moveBooking'
          ? { action: 'slot-unavailable' }
          : { action: 'blocked', reason: plainError(e) };
      case 'not-found':
        if (w.op === 'cancelBooking' || w.op === 'deleteBreak') return { action: 'done' };
        if (w.op === 'moveBreak' || w.op === 'moveBooking') return { action: 'vanished' };
        return { action: 'blocked', reason: plainError(e) };
      case 'validation':
        if (w.op === 'cancelBooking') return { action: 'done' }; // "cannot be canceled because it is not booked"
        return { action: 'replan' };
      case 'business-rule':
        if (w.op === 'moveBreak' && /same date range/i.test(e.message)) return { action: 'done' };
        return { action: 'blocked', reason: plainError(e) };
      case 'service-missing':
      case 'forbidden':
        return { action: 'blocked', reason: plainError(e) };
    }
  }

  private audit(
    entry: OutboxEntry,
    w: PlannedWrite,
    outcome: 'ok' | 'failed' | 'unknown' | 'skipped',
    summary: string,
    message: MessageRef,
    local?: LocalBooking | null,
  ): void {
    const name = local ? `${local.patient.firstName} ${local.patient.lastName}`.trim() : null;
    this.deps.repos.audit.append({
      at: this.deps.clock.now(),
      direction: 'out',
      operation:
        w.op === 'addBreak'
          ? 'addCalendarBreak'
          : w.op === 'moveBreak'
            ? 'moveCalendarBreak'
            : w.op === 'deleteBreak'
              ? 'deleteCalendarBreak'
              : w.op,
      addressKey: entry.addressKey,
      outcome,
      summary:
        name && (w.op === 'bookSlot' || w.op === 'moveBooking' || w.op === 'cancelBooking')
          ? `${summary} (${maskName(name)})`
          : summary,
      code: message.code,
      params: message.params,
      patient: name,
      detail: { key: entry.key, attempt: entry.attempt },
    });
  }
}

const errorCode = (e: unknown): string => (isDocplannerError(e) ? e.kind : 'internal');

/** Words a receptionist understands; never patient data (DocplannerError messages carry none). */
export function plainError(e: unknown): string {
  if (!(e instanceof DocplannerError)) return 'an unexpected error happened';
  switch (e.kind) {
    case 'network':
      return 'Docplanner could not be reached';
    case 'server':
      return 'Docplanner had a problem answering';
    case 'rate-limited':
      return 'waiting for the Docplanner rate limit';
    case 'auth':
      return 'Docplanner did not accept the sign-in details';
    default:
      return e.message;
  }
}

export function toErrorInfo(e: unknown, at: number): ErrorInfo {
  const code = isDocplannerError(e) ? e.kind : 'internal';
  return { code, message: plainError(e), at };
}
