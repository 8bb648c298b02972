// The bench harness: one "world" = a generated sample clinic (real SQLite file in the OS temp folder), the
// Docplanner simulator on 127.0.0.1 with a Docplanner estate that mirrors it, all on one virtual clock. The
// product (the real engine via assembleEngine) or the naive baseline (naive.ts) then runs against it.
// `drive()` moves virtual time only while no request is on the wire, straight to the next timer, so hours of
// write budget pass in seconds and latencies are exact (not rounded to a step).
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DocplannerClient } from '../electron/engine/docplanner/client';
import { RateBudget } from '../electron/engine/docplanner/rate-budget';
import type { PracticeAdapter } from '../electron/engine/practice/adapter';
import { openPracticeAdapter } from '../electron/engine/practice/open';
import { generateSampleClinic, type SampleClinicSummary } from '../electron/engine/practice/sample/generate';
import { addDays, ClinicTime } from '../electron/engine/practice/time';
import { addressContext, type AddressPlanContext } from '../electron/engine/sync/plan/context';
import { DEFAULT_ENGINE_CONFIG, type SyncEngineConfig } from '../electron/engine/sync/engine';
import { assembleEngine, type AssembledEngine } from '../electron/headless/engine-assembly';
import { mirrorSeedFromPractice } from '../electron/headless/demo/mirror-seed';
import { startSimulator, type CallLogEntry, type RunningSimulator } from '../test/simulator/index';
import { drive as driveShared, TimerClock } from '../test/support/drive';
import { ReferencePms } from '../test/support/reference-pms';
import { NaiveSync } from './naive';

/** Monday 2026-11-23 07:00 in Warsaw (06:00 UTC): the clinic's "today" when every scenario starts. */
export const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
export const START_DATE = '2026-11-23';
export const TZ = 'Europe/Warsaw';
export const WRITES_PER_MINUTE = 40;
export const READS_PER_HOUR = 8000;

/**
 * Resolves `work` in virtual time (test/support/drive.ts): the clock moves only while no budget has a request on
 * the wire, and then straight to the next due timer (at most `maxStepMs`); no real-time limit (hours of work).
 */
export function drive<T>(
  clock: TimerClock,
  budgets: readonly RateBudget[],
  work: Promise<T>,
  opts: { maxStepMs?: number; maxVirtualMs?: number } = {},
): Promise<T> {
  return driveShared(clock, budgets, work, {
    stepMs: opts.maxStepMs ?? 60_000,
    maxVirtualMs: opts.maxVirtualMs ?? 7 * 24 * 3600_000,
    realTimeoutMs: Infinity,
  });
}

/** Lets `ms` of virtual time pass with everything running. */
export function idle(clock: TimerClock, budgets: readonly RateBudget[], ms: number): Promise<void> {
  return drive(clock, budgets, clock.sleep(ms));
}

export interface WorldOptions {
  addresses: number;
  /** Horizon in days (12 weeks = 84). */
  days: number;
  seed?: number;
}

/** A generated clinic and the simulator that mirrors it; `clone()` gives an identical second world. */
export interface World {
  dir: string;
  clinic: SampleClinicSummary;
  pmsPath: string;
  clock: TimerClock;
  sim: RunningSimulator;
  pms: ReferencePms;
  horizonDays: number;
  /** Docplanner address id of each local address key ("doctor@location"), filled once mapped. */
  dpAddress: Map<string, string>;
  close(): Promise<void>;
}

function tempRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

const clinicCache = new Map<string, { path: string; clinic: SampleClinicSummary }>();
const cacheDir = mkdtempSync(join(tempRoot(), 'clinic-sync-bench-'));
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));

/** Generates (once per size) the sample clinic, copies it, starts a simulator seeded with its mirror. */
export async function createWorld(o: WorldOptions): Promise<World> {
  const seed = o.seed ?? 42;
  const cacheKey = `${o.addresses}x${o.days}s${seed}`;
  let cached = clinicCache.get(cacheKey);
  if (!cached) {
    const path = join(cacheDir, `clinic-${cacheKey}.db`);
    const clinic = generateSampleClinic(path, {
      doctors: o.addresses,
      locations: 1,
      days: o.days,
      seed,
      startDate: START_DATE,
      timeZone: TZ,
    });
    // A clinic turning Docplanner on for the first time: none of its appointments came from the marketplace yet.
    const db = new Database(path);
    db.exec(
      `UPDATE appointments SET booked_via = 'desk', external_id = NULL WHERE booked_via = 'marketplace'`,
    );
    // The generator's name list repeats after 16 doctors; the mapping screen (rightly) suggests nothing for
    // ambiguous names, so repeated names get a suffix and the suggestions map every calendar.
    db.exec(`UPDATE doctors SET last_name = last_name || ' ' || id WHERE EXISTS (
               SELECT 1 FROM doctors e WHERE e.first_name = doctors.first_name AND e.last_name = doctors.last_name
                 AND e.id < doctors.id)`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    cached = { path, clinic };
    clinicCache.set(cacheKey, cached);
  }
  const dir = mkdtempSync(join(tempRoot(), 'bench-world-'));
  const pmsPath = join(dir, 'pms.db');
  copyFileSync(cached.path, pmsPath);
  const clock = new TimerClock(T0);
  const sim = await startSimulator({
    clock,
    seed,
    timeZone: TZ,
    rateLimits: { writesPerMinute: WRITES_PER_MINUTE, getsPerHour: READS_PER_HOUR, headers: true },
  });
  const practice = openPracticeAdapter({ kind: 'reference', dbPath: pmsPath, timeZone: TZ });
  try {
    sim.control.seed(
      mirrorSeedFromPractice(
        practice,
        { from: START_DATE, to: addDays(START_DATE, o.days + 14) },
        'Przychodnia Benchmark',
      ),
    );
  } finally {
    practice.close();
  }
  const pms = new ReferencePms(pmsPath, { timeZone: TZ, now: () => clock.now() });
  return {
    dir,
    clinic: cached.clinic,
    pmsPath,
    clock,
    sim,
    pms,
    horizonDays: o.days,
    dpAddress: new Map(),
    async close() {
      pms.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The product on a world: the real engine assembled as the app does, mapped by accepting the suggestions. */
export interface Product {
  kind: 'product';
  assembled: AssembledEngine;
  budget: RateBudget;
  addressKeys: string[];
}

/** The planning context of each address key, as the engine's state DB has it. */
export function productContexts(p: Product, keys: readonly string[] = p.addressKeys): AddressPlanContext[] {
  const time = new ClinicTime(TZ);
  return keys.map((k) => addressContext(p.assembled.engine.repos, k, time)!).filter(Boolean);
}

/** Outbox rows not yet confirmed by Docplanner (pending, in flight, unknown). */
export function productBacklog(p: Product): number {
  let n = 0;
  for (const c of p.assembled.engine.repos.outbox.counts().values())
    n += c.pending + c['in-flight'] + c.unknown;
  return n;
}

/** Virtual time after which a run that has not settled is reported as "did not settle" instead of waited on. */
export const SETTLE_CAP_MS = 12 * 3600_000;

/**
 * Lets the running engine work until its outbox is empty (checked every `pollMs` of virtual time); false when it
 * was still not empty after `capMs` (a key that never settles must not hang the benchmark).
 */
export function productSettled(
  w: World,
  p: Product,
  pollMs = 10_000,
  capMs = SETTLE_CAP_MS,
): Promise<boolean> {
  const until = w.clock.now() + capMs;
  return drive(
    w.clock,
    [p.budget],
    (async () => {
      while (productBacklog(p) > 0) {
        if (w.clock.now() >= until) return false;
        await w.clock.sleep(pollMs);
      }
      return true;
    })(),
  );
}

/** What is left in the product's outbox ("break addBreak: conflict ×1"), for a run that did not settle. */
export function stuckSummary(p: Product): string {
  const counts = new Map<string, number>();
  for (const e of p.assembled.engine.repos.outbox.list({})) {
    const op = (e.request as { op?: string } | null)?.op ?? e.kind;
    const k = `${op} (${e.state}${e.lastError ? `, last error: ${e.lastError}` : ''})`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join('; ');
}

export async function startProduct(
  w: World,
  config: Partial<SyncEngineConfig> = {},
  opts: { statePath?: string } = {},
): Promise<Product> {
  const budget = new RateBudget({ clock: w.clock, random: () => 0.5 });
  const assembled = assembleEngine({
    docplanner: { baseUrl: w.sim.baseUrl, locale: 'pl', clientId: 'sim-client', clientSecret: 'sim-secret' },
    practice: { kind: 'reference', dbPath: w.pmsPath, timeZone: TZ },
    statePath: opts.statePath ?? join(w.dir, 'state.db'),
    clock: w.clock,
    config: { ...DEFAULT_ENGINE_CONFIG, horizonDays: w.horizonDays, ...config },
    budget,
    random: () => 0.5,
  });
  const engine = assembled.engine;
  const view = await drive(w.clock, [budget], engine.getMappingView());
  if (opts.statePath === undefined) {
    const saved = await drive(w.clock, [budget], engine.saveMapping(view.suggestions));
    if (!saved.ok) throw new Error(`bench: suggested mapping refused: ${saved.message}`);
  }
  const local = assembled.practice.listAddresses().length;
  if (opts.statePath === undefined && view.suggestions.addresses.length !== local) {
    throw new Error(`bench: suggestions map ${view.suggestions.addresses.length} of ${local} calendars`);
  }
  const addressKeys: string[] = [];
  for (const a of view.suggestions.addresses) {
    const key = `${a.local.doctorId}@${a.local.locationId}`;
    addressKeys.push(key);
    w.dpAddress.set(key, a.addressId);
  }
  return { kind: 'product', assembled, budget, addressKeys };
}

/** A plain client + budget on the world (the naive baseline's, and the bench's own reads). */
export function plainClient(w: World): { api: DocplannerClient; budget: RateBudget } {
  const budget = new RateBudget({ clock: w.clock, random: () => 0.5 });
  const api = new DocplannerClient({
    baseUrl: w.sim.baseUrl,
    clientId: 'sim-client',
    clientSecret: 'sim-secret',
    clock: w.clock,
    random: () => 0.5,
    budget,
  });
  return { api, budget };
}

/** Opens the practice adapter the way the engine does (for the naive baseline and for lower bounds). */
export function openPractice(w: World): PracticeAdapter {
  return openPracticeAdapter(
    { kind: 'reference', dbPath: w.pmsPath, timeZone: TZ },
    { now: () => w.clock.now() },
  );
}

// ------------------------------------------------------------------------------------------------------------
// Call log arithmetic

export const isApiWrite = (c: CallLogEntry): boolean => c.write && c.operation !== 'token';
export const isApiRead = (c: CallLogEntry): boolean => !c.write && c.operation !== 'token';

export interface CallCounts {
  writes: number;
  reads: number;
  tooMany: number;
  errors: number;
  byOperation: Record<string, number>;
}

export function countCalls(log: readonly CallLogEntry[]): CallCounts {
  const byOperation: Record<string, number> = {};
  let writes = 0;
  let reads = 0;
  let tooMany = 0;
  let errors = 0;
  for (const c of log) {
    if (c.operation === 'token' || c.path.startsWith('/__sim')) continue;
    if (c.write) writes++;
    else reads++;
    if (c.status === 429) tooMany++;
    else if (c.status >= 400 || c.status === 0) errors++;
    byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
  }
  return { writes, reads, tooMany, errors, byOperation };
}

/** The Docplanner address id in a call's path (…/addresses/{id}/…), or null. */
export function addressOf(c: CallLogEntry): string | null {
  const m = /\/addresses\/([^/?]+)/.exec(c.path);
  return m ? m[1]! : null;
}

/**
 * Share of the write budget left unused while work was pending: writes sent between `fromMs` and the last write
 * `toMs`, against what the budget allows there (`perWindow` writes per started 61 s window: 40/min + 1 s margin).
 * 0 = every possible write was used.
 */
export function idleShare(
  writesSent: number,
  fromMs: number,
  toMs: number,
  perWindow = WRITES_PER_MINUTE,
): number {
  if (writesSent === 0) return 0;
  const capacity = perWindow * (Math.floor(Math.max(0, toMs - fromMs) / 61_000) + 1);
  return Math.max(0, 1 - writesSent / capacity);
}

// ------------------------------------------------------------------------------------------------------------
// CPU and memory (measured for real)

export interface Usage {
  cpuMs: number;
  wallMs: number;
}

export function usageSince(start: { cpu: NodeJS.CpuUsage; wall: number }): Usage {
  const cpu = process.cpuUsage(start.cpu);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - start.wall };
}

export const usageStart = (): { cpu: NodeJS.CpuUsage; wall: number } => ({
  cpu: process.cpuUsage(),
  wall: performance.now(),
});

export const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;
export const heapMb = (): number => process.memoryUsage().heapUsed / 1024 / 1024;

export const percentile = (xs: readonly number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

/** The naive baseline on a world: the same suggested mapping (saved through the engine, which is then closed). */
export interface Naive {
  kind: 'naive';
  sync: NaiveSync;
  api: DocplannerClient;
  budget: RateBudget;
  practice: PracticeAdapter;
  addressKeys: string[];
  /** Planning context of every mapped address (the naive syncs those listed in `sync`'s own map). */
  allContexts: Map<string, AddressPlanContext>;
  close(): Promise<void>;
}

/** Starts the naive baseline for `only` (default: every mapped address); others can be added later. */
export async function startNaive(
  w: World,
  opts: { pollMs?: number; only?: readonly string[] } = {},
): Promise<Naive> {
  const setup = await startProduct(w, {}, {});
  const time = new ClinicTime(TZ);
  const contexts = new Map<string, AddressPlanContext>();
  for (const key of setup.addressKeys) {
    const ctx = addressContext(setup.assembled.engine.repos, key, time);
    if (ctx) contexts.set(key, ctx);
  }
  await setup.assembled.close();
  const { api, budget } = plainClient(w);
  const practice = openPractice(w);
  const only = opts.only ? new Set(opts.only) : null;
  const sync = new NaiveSync({
    api,
    practice,
    clock: w.clock,
    contexts: new Map([...contexts].filter(([k]) => !only || only.has(k))),
    horizonDays: w.horizonDays,
    pollMs: opts.pollMs ?? 2000,
  });
  return {
    kind: 'naive',
    sync,
    api,
    budget,
    practice,
    addressKeys: setup.addressKeys,
    allContexts: contexts,
    async close() {
      await drive(w.clock, [budget], sync.stop());
      practice.close();
    },
  };
}
