// The shared rate-limit budget (NOTES.md §1.7): writes (PUT/POST/PATCH/DELETE) 40 per minute and GETs 8000 per
// hour by default, as sliding windows on the injected clock; tightened by the server's X-RateLimit-* headers
// (no headers = no server limiter); a 429 blocks the whole class until X-RateLimit-Reset (or an exponential
// backoff when the server gives no time). Callers wait in priority order (lower first, FIFO within a priority);
// a busy budget only delays, it never fails a request. One budget may be shared by several clients.
import type { Clock, TimerHandle } from '../util/clock';
import { systemClock } from '../util/clock';
import { parseResetHeader, parseRetryAt } from './http-errors';
import type { Priority } from './api';
import { PRIORITY } from './api';

export type RequestClass = 'write' | 'read';

export const requestClassOf = (method: string): RequestClass =>
  method.toUpperCase() === 'GET' ? 'read' : 'write';

export interface RateBudgetOptions {
  clock?: Clock;
  random?: () => number;
  writesPerMinute?: number;
  readsPerHour?: number;
  /** Added to each window so requests granted at its edge still land inside the server's window. Default 1 s. */
  safetyMarginMs?: number;
}

export interface RateLimitedEvent {
  requestClass: RequestClass;
  /** Epoch ms when requests of this class may go again. */
  until: number;
  /** 'too-many-requests': the server answered 429; 'server-quota': its headers say the quota is used up;
   *  'local-budget': our own budget is full and requests are queued. */
  reason: 'too-many-requests' | 'server-quota' | 'local-budget';
}

export interface RateBudgetSnapshot {
  queuedWrites: number;
  queuedReads: number;
  /** Epoch ms until which a 429 or an exhausted server quota holds requests back; null when not blocked. */
  blockedUntil: number | null;
  writesLastMinute: number;
  /** Requests granted and not yet answered. */
  inFlight: number;
}

interface Waiter {
  priority: number;
  seq: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface ClassState {
  readonly cls: RequestClass;
  limit: number;
  readonly defaultLimit: number;
  readonly windowMs: number;
  /** Grant times inside the current window, oldest first. */
  grants: number[];
  queue: Waiter[];
  inFlight: number;
  /** A 429 holds the class back until then. */
  blockedUntil: number;
  consecutive429: number;
  /** What the server's headers said: requests left until `resetAt`. */
  server: { remaining: number; resetAt: number } | null;
  timer: TimerHandle | null;
  announcedUntil: number;
}

const MAX_BACKOFF_MS = 60_000;

export class RateBudget {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly classes: Record<RequestClass, ClassState>;
  private readonly listeners = new Set<(e: RateLimitedEvent) => void>();
  private seq = 0;

  constructor(opts: RateBudgetOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    const margin = opts.safetyMarginMs ?? 1000;
    const make = (cls: RequestClass, limit: number, windowMs: number): ClassState => ({
      cls,
      limit,
      defaultLimit: limit,
      windowMs: windowMs + margin,
      grants: [],
      queue: [],
      inFlight: 0,
      blockedUntil: 0,
      consecutive429: 0,
      server: null,
      timer: null,
      announcedUntil: 0,
    });
    this.classes = {
      write: make('write', opts.writesPerMinute ?? 40, 60_000),
      read: make('read', opts.readsPerHour ?? 8000, 3600_000),
    };
  }

  /** Waits for a turn to send one request of `cls`. Rejects only when `signal` aborts. Pair with `settle`. */
  acquire(cls: RequestClass, priority: Priority = PRIORITY.normal, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const s = this.classes[cls];
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { priority, seq: this.seq++, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = s.queue.indexOf(waiter);
          if (i >= 0) s.queue.splice(i, 1);
          reject(signal.reason);
          this.pump(s);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      // Insert after every waiter of the same or a more urgent priority.
      let i = s.queue.length;
      while (i > 0 && s.queue[i - 1]!.priority > priority) i--;
      s.queue.splice(i, 0, waiter);
      this.pump(s);
    });
  }

  /**
   * Reports how a granted request ended: its status and headers, or null when no answer came.
   * Headers tighten the budget; a 429 blocks the class until its reset.
   */
  settle(cls: RequestClass, answer: { status: number; headers: Record<string, string> } | null): void {
    const s = this.classes[cls];
    s.inFlight = Math.max(0, s.inFlight - 1);
    if (answer) {
      this.observeHeaders(s, answer.headers);
      if (answer.status === 429) this.block(s, answer.headers);
      else s.consecutive429 = 0;
    }
    this.pump(s);
  }

  /** Listens for "waiting for the rate limit until …"; returns an unsubscribe function. */
  onRateLimited(listener: (e: RateLimitedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Seconds until `pendingWrites` writes (counted from now, including those queued) could all have been sent. */
  /**
   * The write interval that spends the budget evenly (1.5 s at 40/min). Senders pace non-urgent writes at this
   * rate instead of bursting a whole window, so an urgent write never waits more than one interval.
   */
  steadyWriteIntervalMs(): number {
    const s = this.classes.write;
    return Math.ceil(s.windowMs / Math.max(1, s.limit));
  }

  estimateDrainSeconds(pendingWrites: number): number {
    const s = this.classes.write;
    const now = this.clock.now();
    this.prune(s, now);
    if (pendingWrites <= 0) return 0;
    const times = [...s.grants];
    const start = Math.max(now, this.heldUntil(s, now));
    const server = s.server && s.server.resetAt > now ? s.server : null;
    let last = now;
    for (let i = 0; i < pendingWrites; i++) {
      let t = start;
      if (times.length >= s.limit) t = Math.max(t, times[times.length - s.limit]! + s.windowMs);
      if (server && i >= server.remaining) t = Math.max(t, server.resetAt);
      times.push(t);
      last = t;
    }
    return Math.ceil((last - now) / 1000);
  }

  snapshot(): RateBudgetSnapshot {
    const now = this.clock.now();
    const { write, read } = this.classes;
    const held = Math.max(this.heldUntil(write, now), this.heldUntil(read, now));
    return {
      queuedWrites: write.queue.length,
      queuedReads: read.queue.length,
      blockedUntil: held > now ? held : null,
      writesLastMinute: write.grants.filter((t) => t > now - 60_000).length,
      inFlight: write.inFlight + read.inFlight,
    };
  }

  private pump(s: ClassState): void {
    if (s.timer) {
      this.clock.clearTimeout(s.timer);
      s.timer = null;
    }
    while (s.queue.length > 0) {
      const now = this.clock.now();
      const at = this.nextGrantAt(s, now);
      if (at > now) {
        s.timer = this.clock.setTimeout(() => {
          s.timer = null;
          this.pump(s);
        }, at - now);
        this.announce(s, at, now);
        return;
      }
      const w = s.queue.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      s.grants.push(now);
      s.inFlight++;
      if (s.server) s.server.remaining--;
      w.resolve();
    }
  }

  /** Earliest time the next request of this class may be granted. */
  private nextGrantAt(s: ClassState, now: number): number {
    this.prune(s, now);
    let at = Math.max(now, this.heldUntil(s, now));
    if (s.grants.length >= s.limit) at = Math.max(at, s.grants[s.grants.length - s.limit]! + s.windowMs);
    return at;
  }

  /** Until when a 429 or an exhausted server quota holds the class back (0 when it does not). */
  private heldUntil(s: ClassState, now: number): number {
    let until = s.blockedUntil > now ? s.blockedUntil : 0;
    if (s.server && s.server.resetAt > now && s.server.remaining <= 0)
      until = Math.max(until, s.server.resetAt);
    return until;
  }

  private prune(s: ClassState, now: number): void {
    const from = now - s.windowMs;
    let drop = 0;
    while (drop < s.grants.length && s.grants[drop]! <= from) drop++;
    if (drop) s.grants.splice(0, drop);
    if (s.server && s.server.resetAt <= now) s.server = null;
  }

  private observeHeaders(s: ClassState, headers: Record<string, string>): void {
    const now = this.clock.now();
    const limit = toInt(headers['x-ratelimit-limit']);
    if (limit !== undefined && limit > 0) s.limit = Math.min(s.defaultLimit, limit);
    const remaining = toInt(headers['x-ratelimit-remaining']);
    const resetAt = parseResetHeader(headers['x-ratelimit-reset'], now);
    if (remaining !== undefined && resetAt !== undefined && resetAt > now) {
      // Requests already on their way will also count against what the server just reported.
      s.server = {
        remaining: remaining - s.inFlight,
        resetAt: Math.min(resetAt, now + s.windowMs),
      };
    }
  }

  private block(s: ClassState, headers: Record<string, string>): void {
    const now = this.clock.now();
    const reset = parseRetryAt(headers, now);
    let until: number;
    if (reset !== undefined && reset > now) {
      // A reset further away than one window can only come from a skewed clock (ours or the server's):
      // wait one window at most; a still-exhausted server answers 429 again.
      until = Math.min(reset, now + s.windowMs);
      s.consecutive429 = 0;
    } else {
      const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** s.consecutive429);
      until = now + Math.round(base * (1 + 0.25 * this.random()));
      s.consecutive429++;
    }
    s.blockedUntil = Math.max(s.blockedUntil, until);
    this.emit({ requestClass: s.cls, until: s.blockedUntil, reason: 'too-many-requests' });
    s.announcedUntil = s.blockedUntil;
  }

  private announce(s: ClassState, at: number, now: number): void {
    if (at === s.announcedUntil) return;
    s.announcedUntil = at;
    const reason: RateLimitedEvent['reason'] =
      s.blockedUntil >= at
        ? 'too-many-requests'
        : s.server && s.server.remaining <= 0 && s.server.resetAt >= at
          ? 'server-quota'
          : 'local-budget';
    if (at > now) this.emit({ requestClass: s.cls, until: at, reason });
  }

  private emit(e: RateLimitedEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's failure must not stall the budget.
      }
    }
  }
}

function toInt(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*-?\d+\s*$/.test(v)) return undefined;
  return Number.parseInt(v, 10);
}
