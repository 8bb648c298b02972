// Rate limits per API client in fixed windows on the simulator's clock: writes per minute, GETs per hour.
// Every API answer carries X-RateLimit-* for the bucket the request counted against (when headers are enabled).
import { HOUR, MINUTE } from './time';

export interface RateLimitConfig {
  writesPerMinute: number;
  getsPerHour: number;
  headers: boolean;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  resetAt: number;
}

export class RateLimiter {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly config: RateLimitConfig | false,
    private readonly formatInstant: (ms: number) => string,
  ) {}

  /** Counts one request of `clientId`; refuses it when the window's budget is spent. */
  take(clientId: string, write: boolean, now: number): RateDecision {
    if (!this.config) return { allowed: true, headers: {}, resetAt: now };
    const windowMs = write ? MINUTE : HOUR;
    const limit = write ? this.config.writesPerMinute : this.config.getsPerHour;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const key = `${clientId}|${write ? 'w' : 'g'}|${windowStart}`;
    const usedBefore = this.used.get(key) ?? 0;
    const allowed = usedBefore < limit;
    const used = allowed ? usedBefore + 1 : usedBefore;
    this.used.set(key, used);
    if (this.used.size > 10_000) this.prune(now);
    const resetAt = windowStart + windowMs;
    const headers: Record<string, string> = this.config.headers
      ? {
          'X-RateLimit-Limit': String(limit),
          'X-RateLimit-Remaining': String(Math.max(0, limit - used)),
          'X-RateLimit-Used': String(used),
          'X-RateLimit-Reset': this.formatInstant(resetAt),
        }
      : {};
    return { allowed, headers, resetAt };
  }

  private prune(now: number): void {
    for (const key of this.used.keys()) {
      const windowStart = Number(key.split('|')[2]);
      if (windowStart + HOUR < now) this.used.delete(key);
    }
  }
}
