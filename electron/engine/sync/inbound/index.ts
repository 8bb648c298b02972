// The inbound half in one object: inbox, applier, conflict service (with its resolution actions) and puller,
// wired together. The engine builds it once per open state DB and calls `start()`; the bridge's
// listConflicts/resolveConflict go to `conflicts`.
import type { DocplannerApi } from '../../docplanner/api';
import type { PracticeAdapter } from '../../practice/adapter';
import { ConflictRepo } from '../../store/conflicts';
import { InboxRepo } from '../../store/inbox';
import type { Repos } from '../../store/repos';
import type { Clock } from '../../util/clock';
import { ResolutionActions } from '../conflicts/actions';
import { ConflictService } from '../conflicts/service';
import { InboundApplier, type ApplyRunResult } from './applier';
import { DEFAULT_POLICY, type InboundDeps, type InboundPolicy } from './deps';
import { fencedPractice } from './fence';
import { watchedPractice } from './watched-practice';
import { MoveChains } from './move-chains';
import { NotificationPuller, type PullerState, type PullResult } from './puller';
import { PushReceiver, type PushReceiverOptions } from './push-receiver';

/** Applied/ignored inbox rows are kept this long (for the activity view), then pruned. */
export const INBOX_KEEP_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 86_400_000;

export interface InboundOptions {
  repos: Repos;
  practice: PracticeAdapter;
  api: DocplannerApi;
  clock: Clock;
  policy?: Partial<InboundPolicy>;
  /** Pull interval (default 15 s). */
  pullIntervalMs?: number;
  onMappingChanged?: (addressKey: string) => void;
  onPullState?: (state: PullerState) => void;
  /** After each apply run (status, events). */
  onApplied?: (result: ApplyRunResult) => void;
  /**
   * Multi-PC lease: checked immediately before every write into the PMS. While false, notifications stay
   * pending (stored, not applied, no attempt counted) for the PC that leads. Default: always leader.
   */
  isLeader?: () => boolean;
}

export interface Inbound {
  inbox: InboxRepo;
  conflicts: ConflictService;
  applier: InboundApplier;
  puller: NotificationPuller;
  deps: InboundDeps;
  /** Whether this PC may write now (the `isLeader` option; true without one). */
  isLeader(): boolean;
  /** Applies everything pending now. */
  applyPending(): ApplyRunResult;
  /** One pull (all batches, each stored first) followed by applying what is pending. */
  pullAndApply(): Promise<{ pull: PullResult; apply: ApplyRunResult }>;
  /** Starts the pull loop on the clock. */
  start(): void;
  stop(): void;
  /** A push endpoint writing into the same inbox (not started). */
  createPushReceiver(
    o: Omit<PushReceiverOptions, 'inbox' | 'clock' | 'onStored' | 'api'> & { release?: boolean },
  ): PushReceiver;
}

export function createInbound(o: InboundOptions): Inbound {
  const inbox = new InboxRepo(o.repos.db, o.clock);
  const conflictRepo = new ConflictRepo(o.repos.db);
  const conflicts = new ConflictService(conflictRepo, o.repos.audit, o.clock);
  const isLeader = o.isLeader ?? (() => true);
  const deps: InboundDeps = {
    repos: o.repos,
    inbox,
    conflicts: conflictRepo,
    // WHY fenced: only the lease holder may write into the shared PMS (see fence.ts).
    practice: watchedPractice(o.isLeader ? fencedPractice(o.practice, o.isLeader) : o.practice, o.repos),
    clock: o.clock,
    policy: { ...DEFAULT_POLICY, ...o.policy },
    onMappingChanged: o.onMappingChanged,
    isLeader,
  };
  const applier = new InboundApplier(deps, conflicts);
  const moveChains = new MoveChains(deps, o.api);
  conflicts.useRunner(new ResolutionActions({ api: o.api, inbound: deps, applier, conflicts }));
  let lastPruneAt = Number.NEGATIVE_INFINITY;
  const applyPending = (): ApplyRunResult => {
    const r = applier.applyPending();
    o.onApplied?.(r);
    return r;
  };
  const puller = new NotificationPuller({
    api: o.api,
    inbox,
    meta: o.repos.meta,
    clock: o.clock,
    intervalMs: o.pullIntervalMs,
    afterStore: () => moveChains.fill(),
    afterPull: () => {
      applyPending();
      const now = o.clock.now();
      if (now - lastPruneAt >= PRUNE_EVERY_MS) {
        lastPruneAt = now;
        inbox.prune(now - INBOX_KEEP_MS);
      }
    },
    onState: o.onPullState,
  });
  return {
    inbox,
    conflicts,
    applier,
    puller,
    deps,
    isLeader,
    applyPending,
    async pullAndApply() {
      const pull = await puller.pull();
      return { pull, apply: applyPending() };
    },
    start: () => puller.start(),
    stop: () => puller.stop(),
    createPushReceiver: ({ release, ...rest }) =>
      new PushReceiver({
        ...rest,
        inbox,
        clock: o.clock,
        api: release === false ? undefined : o.api,
        onStored: async () => {
          await moveChains.fill().catch(() => undefined); // best effort: applying must not wait on it
          applyPending();
        },
      }),
  };
}
