// Test helpers for the lease module: real SQLite files in temp folders, and clocks that disagree.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusSnapshot } from '../../shared/bridge';
import { sleepOn, type Clock, type TimerHandle, type VirtualClock } from '../../electron/engine/util/clock';
import { LeaseKeeper, sidecarPathFor } from '../../electron/engine/lease';
import type { KeeperState, SidecarOptions } from '../../electron/engine/lease';

export const TTL = 30_000;
export const MARGIN = 6_000; // the default: ttl / 5
export const RENEW = 10_000;

const dirs: string[] = [];

/** A fresh folder with a real practice database in it (a stand-in for the PMS file). Removed by cleanupDirs(). */
export function practiceFolder(): { dir: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lease-test-'));
  dirs.push(dir);
  const dbPath = join(dir, 'practice.db');
  const db = new Database(dbPath);
  db.exec('CREATE TABLE appointments (id INTEGER PRIMARY KEY, start TEXT NOT NULL)');
  db.close();
  return { dir, dbPath };
}

export function cleanupDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * A PC's clock over the shared virtual time: its own offset (skew) and rate (drift), and wall-clock jumps.
 * Like a real PC, jumps move now() but not timers (setTimeout runs on a monotonic clock).
 */
export class SkewedClock implements Clock {
  private originBase: number;
  private originLocal: number;

  constructor(
    private readonly base: VirtualClock,
    offsetMs = 0,
    private rate = 1,
  ) {
    this.originBase = base.now();
    this.originLocal = base.now() + offsetMs;
  }

  now(): number {
    return Math.floor(this.originLocal + (this.base.now() - this.originBase) * this.rate);
  }

  /** The wall clock is set forwards (positive) or backwards (negative). */
  jump(ms: number): void {
    this.originLocal += ms;
  }

  setRate(rate: number): void {
    this.originLocal = this.originLocal + (this.base.now() - this.originBase) * this.rate;
    this.originBase = this.base.now();
    this.rate = rate;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.base.setTimeout(fn, Math.max(0, ms) / this.rate);
  }

  clearTimeout(handle: TimerHandle): void {
    this.base.clearTimeout(handle);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
}

export function keeperOptions(
  name: string,
  clock: Clock,
  extra: Partial<SidecarOptions> = {},
): SidecarOptions {
  return { installId: `install-${name}`, displayName: name, clock, ...extra };
}

/** Starts a keeper and records every state it passes through. */
export function startKeeper(
  dbPath: string,
  name: string,
  clock: Clock,
  extra: Partial<SidecarOptions> = {},
): { keeper: LeaseKeeper; states: KeeperState[] } {
  const keeper = LeaseKeeper.start(dbPath, keeperOptions(name, clock, extra));
  const states: KeeperState[] = [keeper.state];
  keeper.onRoleChange((s) => states.push(s));
  return { keeper, states };
}

export function leaders(keepers: LeaseKeeper[]): LeaseKeeper[] {
  return keepers.filter((k) => k.isLeader());
}

/** Advances virtual time in steps, checking after every step that at most one keeper may write. */
export async function advanceChecking(clock: VirtualClock, keepers: LeaseKeeper[], ms: number, step = 500) {
  for (let t = 0; t < ms; t += step) {
    await clock.advance(Math.min(step, ms - t));
    const now = leaders(keepers).map((k) => k.displayName);
    if (now.length > 1) throw new Error(`two leaders at the same time: ${now.join(', ')}`);
  }
}

export function snapshot(at: number, holder: string): StatusSnapshot {
  return {
    state: 'in-sync',
    reason: 'everything is sent',
    paused: false,
    lastSuccessAt: at,
    pending: 0,
    drainSeconds: 0,
    openConflicts: 0,
    lastReconciliation: null,
    progress: null,
    lastError: null,
    addresses: [],
    lease: { role: 'leader', holder, expiresAt: at + 24_000 },
    at,
  };
}

/**
 * Watches several keepers on one sidecar from the outside and records every violation of
 * "never two leaders whose fencing windows overlap":
 * - when anyone becomes leader, no other live keeper may still say isLeader();
 * - a keeper that was killed while leading is treated as if it were frozen instead (a paused PC that may wake up
 *   and write): its window lasts until its fence timer, (ttl - margin) of its own clock after the last renewal the
 *   monitor saw in the file. Nobody may become leader before that.
 */
export class LeaseMonitor {
  readonly violations: string[] = [];
  readonly takeovers: { name: string; token: number; at: number }[] = [];
  private readonly live = new Set<LeaseKeeper>();
  private readonly lastRenewAt = new Map<number, number>();
  private frozenUntil: { token: number; until: number }[] = [];
  private lastSeq = -1;

  constructor(
    private readonly base: VirtualClock,
    private readonly dbPath: string,
  ) {}

  add(keeper: LeaseKeeper): void {
    this.live.add(keeper);
    keeper.onRoleChange((s) => {
      if (s.role !== 'leader') return;
      this.sample();
      const at = this.base.now();
      this.takeovers.push({ name: keeper.displayName, token: s.token, at });
      const others = [...this.live].filter((o) => o !== keeper && o.isLeader()).map((o) => o.displayName);
      if (others.length > 0)
        this.violations.push(`${keeper.displayName} led at ${at} while ${others} still led`);
      for (const f of this.frozenUntil) {
        if (at < f.until)
          this.violations.push(`${keeper.displayName} led at ${at}, inside term ${f.token}'s window`);
      }
    });
  }

  /** Kill a keeper (no release), keeping its possible window in mind. `rate` is its clock's rate. */
  crash(keeper: LeaseKeeper, rate: number): void {
    this.sample();
    const token = keeper.token();
    keeper.stop({ release: false });
    this.live.delete(keeper);
    const renewedAt = token === null ? undefined : this.lastRenewAt.get(token);
    if (token !== null && renewedAt !== undefined) {
      this.frozenUntil.push({ token, until: renewedAt + (TTL - MARGIN) / rate });
    }
  }

  stop(keeper: LeaseKeeper): void {
    keeper.stop();
    this.live.delete(keeper);
  }

  get leaders(): LeaseKeeper[] {
    return leaders([...this.live]);
  }

  /** Records when the lease row last moved (an upper bound of when its renewal started). */
  sample(): void {
    const db = new Database(sidecarPathFor(this.dbPath), { readonly: true });
    try {
      const row = db.prepare(`SELECT generation, seq FROM lease`).get() as {
        generation: number;
        seq: number;
      };
      if (row.seq !== this.lastSeq) {
        this.lastSeq = row.seq;
        this.lastRenewAt.set(row.generation, this.base.now());
      }
    } finally {
      db.close();
    }
    const now = this.leaders.map((k) => k.displayName);
    if (now.length > 1) this.violations.push(`two leaders at ${this.base.now()}: ${now.join(', ')}`);
  }

  async advance(ms: number, step = 250): Promise<void> {
    for (let t = 0; t < ms; t += step) {
      await this.base.advance(Math.min(step, ms - t));
      this.sample();
    }
  }
}
