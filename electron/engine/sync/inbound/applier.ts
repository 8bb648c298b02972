// Applies stored notifications, oldest event first. Each one ends applied, ignored (nothing to do) or in a
// conflict, with an outcome text on its inbox row and an audit row (direction 'in'). A notification the PMS could
// not take (locked DB, I/O, any failure) stays pending with its attempt count and the run stops there, so later
// changes to the same booking never overtake it; after `maxWriteBackAttempts` it becomes a 'write-back-failed'
// conflict and the run goes on. Everything here is synchronous: no PMS lock is held across a network call.
import { parseNotification, type TypedNotification } from '../../docplanner/schemas';
import type { InboxEntry } from '../../store/inbox';
import { unhandledNotification, writeBackFailed } from '../conflicts/drafts';
import type { ConflictService } from '../conflicts/service';
import { errorCodeOf } from '../error-code';
import { applyAddress, applyAddressService } from './apply-address';
import { applyBreak } from './apply-breaks';
import {
  applyBookingCanceled,
  applyBookingConfirmed,
  applyBookingMoved,
  applyPresenceMarked,
  applySlotBooked,
} from './apply-bookings';
import type { InboundDeps } from './deps';
import { isNotLeading, NotLeadingError } from './fence';
import { toIncoming } from './incoming';
import { ignored, type ApplyOptions, type HandlerOutcome } from './outcome';

/** Known names that carry nothing to apply in the PMS: recorded, not conflicts. */
const RECORD_ONLY = new Set(['booking-payment-status-changed', 'slot-booking', 'booking-moving']);

export interface ApplyRunResult {
  applied: number;
  ignored: number;
  conflicts: number;
  /** Notifications left pending for a later attempt (the run stopped at the first). */
  retrying: number;
  /** Last failure message, when the run stopped early. */
  error: string | null;
}

export type ApplyOneResult =
  | { state: 'applied' | 'ignored' | 'conflict'; summary: string; conflictId: string | null }
  | {
      state: 'retrying' | 'failed';
      summary: string;
      conflictId: string | null;
      /** What was thrown, so a resolution that retried can name a practice DB error as its cause. */
      cause?: unknown;
    };

export class InboundApplier {
  constructor(
    private readonly deps: InboundDeps,
    private readonly conflicts: ConflictService,
  ) {}

  /** Applies every pending notification in event order (see header for failures). */
  applyPending(): ApplyRunResult {
    const result: ApplyRunResult = { applied: 0, ignored: 0, conflicts: 0, retrying: 0, error: null };
    for (const entry of this.deps.inbox.pending()) {
      // WHY checked per entry too (not only at writeBack): a viewer must not even record outcomes or adopt
      // appointments; everything stays pending for the PC that leads.
      if (!this.leads()) {
        result.retrying = this.deps.inbox.pendingCount();
        result.error = new NotLeadingError('apply changes from Docplanner').message;
        break;
      }
      const r = this.applyEntry(entry, 'automatic');
      if (r.state === 'applied') result.applied++;
      else if (r.state === 'ignored') result.ignored++;
      else if (r.state === 'conflict' || r.state === 'failed') result.conflicts++;
      else {
        result.retrying = this.deps.inbox.pendingCount();
        result.error = r.summary;
        break;
      }
    }
    return result;
  }

  /**
   * Applies one stored notification now (a conflict's "retry"). In 'manual' mode a failure is returned as
   * 'failed' without counting attempts or raising another conflict.
   */
  applyOne(inboxId: number, opts: ApplyOptions = {}): ApplyOneResult {
    const entry = this.deps.inbox.get(inboxId);
    if (!entry) return { state: 'failed', summary: 'the notification is no longer stored', conflictId: null };
    if (!this.leads()) {
      const summary = new NotLeadingError('apply this change').message;
      return { state: 'retrying', summary, conflictId: null };
    }
    if (entry.state !== 'pending') this.deps.inbox.requeue(inboxId, 'applying again on request');
    return this.applyEntry(this.deps.inbox.get(inboxId)!, 'manual', opts);
  }

  private applyEntry(
    entry: InboxEntry,
    mode: 'automatic' | 'manual',
    opts: ApplyOptions = {},
  ): ApplyOneResult {
    const { inbox, repos, clock } = this.deps;
    let outcome: HandlerOutcome;
    try {
      outcome = this.dispatch(entry, opts);
    } catch (e) {
      const message = describeFailure(e);
      // WHY no attempt is counted: the lease moved, the PMS did not fail. The row stays pending, untouched, so
      // the next leader applies it (and it never turns into a write-back-failed conflict here).
      if (isNotLeading(e)) return { state: 'retrying', summary: message, conflictId: null, cause: e };
      if (mode === 'manual') {
        inbox.markFailed(entry.id, `failed again: ${message}`);
        return { state: 'failed', summary: message, conflictId: null, cause: e };
      }
      const attempts = inbox.recordAttempt(entry.id, `attempt failed: ${message}`);
      const cause = errorCodeOf(e);
      repos.audit.append({
        at: clock.now(),
        direction: 'in',
        operation: entry.name,
        addressKey: null,
        outcome: 'failed',
        summary: `Could not write a change from Docplanner into the practice system (attempt ${attempts}): ${message}`,
        ...(cause
          ? {
              code: 'activity.in.write-failed-because',
              params: { notification: entry.name, attempt: attempts, error: cause },
            }
          : { code: 'activity.in.write-failed', params: { notification: entry.name, attempt: attempts } }),
        detail: { inboxId: entry.id, attempts },
      });
      if (attempts < this.deps.policy.maxWriteBackAttempts) {
        return { state: 'retrying', summary: message, conflictId: null };
      }
      const stored = this.conflicts.raise(this.failedDraft(entry, message, attempts));
      inbox.markFailed(
        entry.id,
        `gave up after ${attempts} attempts: ${message} (conflict ${stored.conflict.id})`,
      );
      return { state: 'failed', summary: message, conflictId: stored.conflict.id };
    }
    return this.record(entry, outcome);
  }

  private leads(): boolean {
    return this.deps.isLeader ? this.deps.isLeader() : true;
  }

  private record(entry: InboxEntry, outcome: HandlerOutcome): ApplyOneResult {
    const { inbox, repos, clock } = this.deps;
    // The code says what became of the notification: the handler's own when it gave one (what it did, in the UI
    // language), else applied / nothing to do / needs a decision; the English summary keeps the handler's detail.
    const own = outcome.kind === 'conflict' ? undefined : outcome.message;
    const audit = (o: 'ok' | 'skipped' | 'failed', summary: string, conflictId?: string) =>
      repos.audit.append({
        at: clock.now(),
        direction: 'in',
        operation: entry.name,
        addressKey: outcome.addressKey,
        outcome: o,
        summary,
        code:
          own?.code ??
          (conflictId ? 'activity.in.conflict' : o === 'ok' ? 'activity.in.applied' : 'activity.in.ignored'),
        params: own?.params ?? {
          notification: entry.name,
          ...(conflictId ? { conflict: conflictId } : {}),
        },
        patient: outcome.patient ?? null,
        detail: { inboxId: entry.id, source: entry.source, ...(conflictId ? { conflictId } : {}) },
      });
    if (outcome.moot) this.conflicts.settle(outcome.moot.conflictIds, outcome.moot.outcome);
    switch (outcome.kind) {
      case 'applied':
        inbox.markApplied(entry.id, outcome.summary);
        audit('ok', outcome.summary);
        return { state: 'applied', summary: outcome.summary, conflictId: null };
      case 'ignored':
        inbox.markIgnored(entry.id, outcome.summary);
        audit('skipped', outcome.summary);
        return { state: 'ignored', summary: outcome.summary, conflictId: null };
      case 'conflict': {
        const stored = this.conflicts.raise(outcome.draft);
        const id = stored.conflict.id;
        inbox.markConflict(entry.id, `conflict ${id}: ${outcome.summary}`);
        audit('failed', `${outcome.summary} Needs a decision (conflict ${id}).`, id);
        return { state: 'conflict', summary: outcome.summary, conflictId: id };
      }
    }
  }

  private dispatch(entry: InboxEntry, opts: ApplyOptions): HandlerOutcome {
    const parsed = parseNotification(entry.notification);
    if (parsed.kind === 'unknown') {
      const addressKey = this.addressKeyOf(entry);
      if (RECORD_ONLY.has(entry.name) && !parsed.reason.startsWith('malformed')) {
        return ignored(
          addressKey,
          `Docplanner sent "${entry.name}"; nothing to change in the practice system.`,
        );
      }
      return {
        kind: 'conflict',
        draft: unhandledNotification({
          inboxId: entry.id,
          addressKey,
          name: entry.name,
          reason: parsed.reason,
        }),
        addressKey,
        summary: `Docplanner sent "${entry.name}", which the sync cannot act on (${parsed.reason}).`,
      };
    }
    return this.handle(entry, parsed.notification, opts);
  }

  private handle(entry: InboxEntry, n: TypedNotification, opts: ApplyOptions): HandlerOutcome {
    const d = this.deps;
    switch (n.name) {
      case 'slot-booked':
        return applySlotBooked(d, entry, n);
      case 'booking-canceled':
        return applyBookingCanceled(d, entry, n);
      case 'booking-moved':
        return applyBookingMoved(d, entry, n, opts);
      case 'booking-confirmed':
        return applyBookingConfirmed(d, entry, n);
      case 'presence-marked':
        if (n.data.presence !== 'present' && n.data.presence !== 'absent') {
          const addressKey = this.addressKeyOf(entry);
          const reason = `unknown presence value "${n.data.presence}"`;
          return {
            kind: 'conflict',
            draft: unhandledNotification({ inboxId: entry.id, addressKey, name: entry.name, reason }),
            addressKey,
            summary: `Presence could not be recorded: ${reason}.`,
          };
        }
        return applyPresenceMarked(d, entry, n);
      case 'break-created':
      case 'break-moved':
      case 'break-removed':
        return applyBreak(d, entry, n);
      case 'address-service-created':
      case 'address-service-changed':
      case 'address-service-deleted':
        return applyAddressService(d, entry, n);
      case 'address-assigned':
      case 'address-unassigned':
      case 'address-commercial-type-changed':
        return applyAddress(d, entry, n);
    }
  }

  private addressKeyOf(entry: InboxEntry): string | null {
    const address = entry.notification.data.address as { id?: unknown } | undefined;
    const id =
      address && (typeof address.id === 'string' || typeof address.id === 'number')
        ? String(address.id)
        : null;
    return id ? (this.deps.repos.mapping.getAddressByDpId(id)?.addressKey ?? null) : null;
  }

  private failedDraft(entry: InboxEntry, error: string, attempts: number) {
    const parsed = parseNotification(entry.notification);
    const addressKey = this.addressKeyOf(entry);
    const ref = addressKey ? (this.deps.repos.mapping.getAddress(addressKey)?.ref ?? null) : null;
    let booking = null;
    let canCancelOnline = false;
    if (parsed.kind === 'typed') {
      const n = parsed.notification;
      if (n.name === 'slot-booked') {
        booking = toIncoming(n.data.visit_booking, this.deps.repos.mapping);
        canCancelOnline = true;
      } else if (n.name === 'booking-moved') {
        booking = toIncoming(n.data.new_visit_booking, this.deps.repos.mapping);
        canCancelOnline = true;
      } else if ('visit_booking' in n.data) {
        booking = toIncoming(n.data.visit_booking, this.deps.repos.mapping);
      }
    }
    return writeBackFailed({
      context: {
        addressKey,
        inboxId: entry.id,
        ref,
        dpBookingId: booking?.dpBookingId ?? null,
        error,
      },
      notificationName: entry.name,
      attempts,
      booking,
      canCancelOnline,
    });
  }
}

/** A failure in words (PracticeDbError messages name the file/table, never patients). */
function describeFailure(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
