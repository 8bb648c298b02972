// ConflictService: the one way conflicts are raised, listed and resolved. Resolving runs the chosen action
// through the engine's parts (actions.ts), records who chose it, when and the outcome, and emits
// 'conflicts-changed'. A failing action leaves the conflict open with the error shown; nothing is resolved
// silently (even a conflict made moot by a later change is closed with a recorded outcome, by "sync").
import {
  ResolveConflictRequestSchema,
  type Conflict,
  type ConflictQuery,
  type ResolveConflictRequest,
  type ResolveOutcome,
} from '../../../../shared/bridge';
import type { MessageCode, MessageParams } from '../../../../shared/message-codes';
import type { AuditRepo } from '../../store/audit';
import type { ConflictRepo, StoredConflict } from '../../store/conflicts';
import type { Clock } from '../../util/clock';
import type { ConflictContext } from './context';
import type { ConflictDraft } from './drafts';
import { fail, failureCause, type FailureCause } from './failure';
import { readContext } from './lookup';

/** Runs one resolution action; resolves with the outcome text, rejects with an error to show. */
export interface ResolutionRunner {
  run(action: string, context: ConflictContext, stored: StoredConflict): Promise<string>;
}

export type ConflictsEvent = { type: 'conflicts-changed'; open: number };

/** Who closes a conflict made moot by a later change. */
export const SYNC_ACTOR = 'sync';

/** An outcome in English with its message code for the UI (shared/message-codes.ts). */
const outcomeOf = (
  ok: boolean,
  message: string,
  code: MessageCode,
  params: MessageParams = {},
): ResolveOutcome => ({
  ok,
  message,
  code,
  params,
});

type FailedPrefix = 'resolve' | 'activity.resolve';

/** `<prefix>.failed`, `.failed-because` (an error code) or `.failed-why` (the action's reason, its params beside). */
function failedCoded(
  cause: FailureCause,
  prefix: FailedPrefix,
  params: MessageParams,
): { code: MessageCode; params: MessageParams } {
  if (!cause) return { code: `${prefix}.failed`, params };
  if ('error' in cause)
    return { code: `${prefix}.failed-because`, params: { ...params, error: cause.error } };
  return { code: `${prefix}.failed-why`, params: { ...cause.why.params, ...params, why: cause.why.code } };
}

/** The open conflict's "last attempt failed" line with its cause (none: the UI says it without one). */
function failedLine(cause: FailureCause, action: string): { code?: MessageCode; params?: MessageParams } {
  if (!cause) return {};
  if ('error' in cause)
    return { code: 'conflict.last-attempt-failed-because', params: { action, error: cause.error } };
  return {
    code: 'conflict.last-attempt-failed-why',
    params: { ...cause.why.params, action, why: cause.why.code },
  };
}

export class ConflictService {
  private runner: ResolutionRunner | null = null;
  private readonly listeners = new Set<(e: ConflictsEvent) => void>();
  private readonly busy = new Set<string>();

  constructor(
    readonly repo: ConflictRepo,
    private readonly audit: AuditRepo,
    private readonly clock: Clock,
  ) {}

  /** Wires the action runner (built after the parts it uses). */
  useRunner(runner: ResolutionRunner): void {
    this.runner = runner;
  }

  on(listener: (e: ConflictsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  openCount(addressKey?: string): number {
    return this.repo.openCount(addressKey);
  }

  list(query: ConflictQuery = {}): Conflict[] {
    return this.repo.list(query);
  }

  /** Opens (or refreshes) a conflict; audited when new. */
  raise(draft: ConflictDraft): StoredConflict {
    const { stored, created } = this.repo.raise(draft, this.clock.now());
    if (created) {
      this.audit.append({
        at: this.clock.now(),
        direction: 'local',
        operation: `conflict:${draft.kind}`,
        addressKey: draft.addressKey,
        outcome: 'failed',
        summary: `Needs a decision: ${draft.summary}`,
        ...(draft.summaryCode && {
          code: 'activity.conflict.raised' as const,
          params: { ...draft.summaryParams, conflict: draft.summaryCode },
        }),
        detail: { conflictId: stored.conflict.id },
      });
    }
    this.changed();
    return stored;
  }

  /** Closes conflicts a later change made moot, recording why (never silently). */
  settle(ids: readonly string[], outcome: string): void {
    let any = false;
    for (const id of ids) {
      const stored = this.repo.get(id);
      if (!stored || stored.conflict.status !== 'open') continue;
      const resolution = { action: 'settled', by: SYNC_ACTOR, at: this.clock.now(), outcome };
      if (this.repo.resolve(id, { ...resolution, outcomeCode: 'resolve.settled' })) {
        any = true;
        this.audit.append({
          at: this.clock.now(),
          direction: 'local',
          operation: `resolve:${stored.conflict.kind}`,
          addressKey: stored.conflict.addressKey,
          outcome: 'ok',
          summary: `Closed by the sync: ${outcome}`,
          code: 'activity.conflict.settled',
          detail: { conflictId: id, action: 'settled' },
        });
      }
    }
    if (any) this.changed();
  }

  async resolve(request: ResolveConflictRequest): Promise<ResolveOutcome> {
    const parsed = ResolveConflictRequestSchema.safeParse(request);
    if (!parsed.success) return outcomeOf(false, 'Invalid request.', 'resolve.invalid');
    const { id, action, by } = parsed.data;
    const stored = this.repo.get(id);
    if (!stored) return outcomeOf(false, 'This conflict does not exist.', 'resolve.not-found');
    if (stored.conflict.status !== 'open')
      return outcomeOf(false, 'This conflict is already resolved.', 'resolve.already-resolved');
    if (!stored.conflict.options.some((o) => o.action === action)) {
      return outcomeOf(false, `"${action}" is not an option for this conflict.`, 'resolve.not-an-option', {
        action,
      });
    }
    if (this.busy.has(id))
      return outcomeOf(false, 'This conflict is being resolved already.', 'resolve.busy');
    this.busy.add(id);
    try {
      const context = readContext(stored.context);
      let outcome: string;
      try {
        if (action === 'acknowledge') outcome = 'Marked as handled; the sync made no change.';
        else if (!context)
          throw fail(
            'the details of this conflict cannot be read; mark it as handled',
            'resolve.why.unreadable',
          );
        else if (!this.runner) throw fail('the sync engine is not running', 'resolve.why.not-running');
        else outcome = await this.runner.run(action, context, stored);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        // A Docplanner or practice DB error, or the action's own reason: its words in the UI language.
        const cause = failureCause(e);
        const line = failedLine(cause, action);
        this.repo.recordFailedAttempt(id, { action, by, at: this.clock.now(), error, ...line });
        this.audit.append({
          at: this.clock.now(),
          direction: 'local',
          operation: `resolve:${stored.conflict.kind}`,
          addressKey: stored.conflict.addressKey,
          outcome: 'failed',
          summary: `"${action}" chosen by ${by} failed: ${error}`,
          ...failedCoded(cause, 'activity.resolve', { action, by }),
          detail: { conflictId: id, action },
        });
        this.changed();
        const outcome = failedCoded(cause, 'resolve', { action });
        return outcomeOf(false, error, outcome.code, outcome.params);
      }
      // The action may have settled it already (e.g. a retry that raised a new conflict closes this one).
      const code: MessageCode = action === 'acknowledge' ? 'resolve.acknowledged' : 'resolve.done';
      const params: MessageParams = action === 'acknowledge' ? {} : { action };
      this.repo.resolve(id, {
        action,
        by,
        at: this.clock.now(),
        outcome,
        outcomeCode: code,
        outcomeParams: params,
      });
      this.audit.append({
        at: this.clock.now(),
        direction: 'local',
        operation: `resolve:${stored.conflict.kind}`,
        addressKey: stored.conflict.addressKey,
        outcome: 'ok',
        summary: `"${action}" chosen by ${by}: ${outcome}`,
        code: 'activity.resolve.done',
        params: { action, by },
        detail: { conflictId: id, action },
      });
      this.changed();
      return outcomeOf(true, outcome, code, params);
    } finally {
      this.busy.delete(id);
    }
  }

  private changed(): void {
    const event: ConflictsEvent = { type: 'conflicts-changed', open: this.repo.openCount() };
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A listener's failure must not break raising or resolving.
      }
    }
  }
}
