// Pulls notifications (GET /notifications/multiple?limit=100, FIFO, consumed when pulled) while Docplanner says
// more remain, storing each batch in the inbox BEFORE anything is applied: whatever was pulled survives a crash.
// Records the last complete pull in meta (catch-up's 72 h rule). Network trouble → state 'offline' and a retry on
// the next tick; the loop runs on the injected clock.
import type { DocplannerApi } from '../../docplanner/api';
import { PRIORITY } from '../../docplanner/api';
import { isDocplannerError } from '../../docplanner/errors';
import type { InboxRepo } from '../../store/inbox';
import { META_KEYS, type MetaRepo } from '../../store/meta';
import type { Clock, TimerHandle } from '../../util/clock';

export const PULL_LIMIT = 100;
/** A safety stop: never more than this many batches in one pull (the next tick continues). */
const MAX_BATCHES = 50;

export type PullerState =
  | { kind: 'idle'; lastPullAt: number | null }
  | { kind: 'pulling' }
  | { kind: 'offline'; reason: string; since: number }
  | { kind: 'rate-limited'; until: number }
  | { kind: 'needs-sign-in'; reason: string }
  | { kind: 'error'; reason: string };

export interface PullResult {
  ok: boolean;
  /** New inbox rows (duplicates of stored ones not counted). */
  stored: number;
  duplicates: number;
  batches: number;
  state: PullerState;
}

export interface PullerOptions {
  api: DocplannerApi;
  inbox: InboxRepo;
  meta: MetaRepo;
  clock: Clock;
  /** Pull interval; default 15 s. */
  intervalMs?: number;
  /** Called by the loop after every pull, failed or not (the engine applies what is pending, retries included). */
  afterPull?: (result: PullResult) => void | Promise<void>;
  /** Called after a pull stored new notifications, before anyone applies them (best effort: errors ignored). */
  afterStore?: () => Promise<void>;
  onState?: (state: PullerState) => void;
}

export class NotificationPuller {
  private stateValue: PullerState;
  private timer: TimerHandle | null = null;
  private running: Promise<PullResult> | null = null;
  private stopped = true;

  constructor(private readonly o: PullerOptions) {
    this.stateValue = { kind: 'idle', lastPullAt: o.meta.getNumber(META_KEYS.lastPullAt) };
  }

  get state(): PullerState {
    return this.stateValue;
  }

  /** Epoch ms of the last pull that emptied the queue, or null. */
  get lastPullAt(): number | null {
    return this.o.meta.getNumber(META_KEYS.lastPullAt);
  }

  /** One pull (all batches); concurrent callers share the running one. */
  pull(): Promise<PullResult> {
    this.running ??= this.pullAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      void this.pull().then(async (r) => {
        try {
          await this.o.afterPull?.(r);
        } catch {
          // Applying reports its own failures (inbox rows, conflicts); the loop keeps going.
        }
        const interval = this.o.intervalMs ?? 15_000;
        const wait =
          r.state.kind === 'rate-limited' ? Math.max(interval, r.state.until - this.o.clock.now()) : interval;
        this.schedule(wait);
      });
    }, ms);
  }

  private setState(s: PullerState): void {
    this.stateValue = s;
    this.o.onState?.(s);
  }

  private async pullAll(): Promise<PullResult> {
    const { api, inbox, meta, clock } = this.o;
    let stored = 0;
    let duplicates = 0;
    let batches = 0;
    this.setState({ kind: 'pulling' });
    try {
      for (;;) {
        const page = await api.pullNotifications(PULL_LIMIT, { priority: PRIORITY.urgent });
        batches++;
        if (page.notifications.length > 0) {
          const r = inbox.store(page.notifications, 'pull');
          stored += r.stored.length;
          duplicates += r.duplicates;
        }
        if (page.remaining <= 0 || page.notifications.length === 0 || batches >= MAX_BATCHES) break;
      }
      if (stored > 0) await this.o.afterStore?.().catch(() => undefined);
      const now = clock.now();
      meta.setNumber(META_KEYS.lastPullAt, now);
      this.setState({ kind: 'idle', lastPullAt: now });
      return { ok: true, stored, duplicates, batches, state: this.stateValue };
    } catch (e) {
      const prev = this.stateValue;
      const next = failureState(e, clock.now());
      // Keep the first moment of an outage, so the status can say "offline since …".
      this.setState(next.kind === 'offline' && prev.kind === 'offline' ? prev : next);
      return { ok: false, stored, duplicates, batches, state: this.stateValue };
    }
  }
}

function failureState(e: unknown, now: number): PullerState {
  if (isDocplannerError(e)) {
    switch (e.kind) {
      case 'network':
      case 'server':
        return { kind: 'offline', reason: 'Docplanner cannot be reached; retrying.', since: now };
      case 'rate-limited':
        return { kind: 'rate-limited', until: e.retryAt ?? now + 60_000 };
      case 'auth':
        return { kind: 'needs-sign-in', reason: 'Docplanner refused the credentials.' };
      default:
        return { kind: 'error', reason: `Pulling notifications failed: ${e.message}` };
    }
  }
  return {
    kind: 'error',
    reason: `Pulling notifications failed: ${e instanceof Error ? e.message : String(e)}`,
  };
}
