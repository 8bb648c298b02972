// The engine's own memory, without the simulator and the benchmark around it: this file runs in a child process
// (bundled by esbuild and run in plain Node, like practice.bench.ts, so the TypeScript loader's memory is not
// counted). It opens an activated world's PMS and state DB, talks to the parent's simulator over loopback, runs a
// reconciliation and a full resync of every address, and prints its peak RSS and JS heap as JSON.
// The parent (measureEngineRss) bundles this file, spawns it and waits without moving its virtual clock.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RateBudget } from '../electron/engine/docplanner/rate-budget';
import { DEFAULT_ENGINE_CONFIG } from '../electron/engine/sync/engine';
import { VirtualClock } from '../electron/engine/util/clock';
import { assembleEngine } from '../electron/headless/engine-assembly';
import { drive } from '../test/support/drive';

export interface EngineRssInput {
  pmsPath: string;
  statePath: string;
  baseUrl: string;
  nowMs: number;
  horizonDays: number;
  timeZone: string;
}

export interface EngineRssOutput {
  peakRssMb: number;
  rssMb: number;
  heapMb: number;
  addresses: number;
  differences: number;
}

/** Bundles this file and runs it in a child process against the running simulator. */
export async function measureEngineRss(input: EngineRssInput): Promise<EngineRssOutput | { error: string }> {
  const esbuild = await import('esbuild');
  const bundle = path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'clinic-sync-engine-rss.mjs');
  esbuild.buildSync({
    entryPoints: [path.join(import.meta.dirname, 'engine-rss-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    external: ['better-sqlite3', 'esbuild'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`);
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as EngineRssOutput);
      } catch (e) {
        resolve({ error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}

/** The child's work (called by engine-rss-child.ts). */
export async function runChild(input: EngineRssInput): Promise<EngineRssOutput> {
  const clock = new VirtualClock(input.nowMs);
  const budget = new RateBudget({ clock, random: () => 0.5 });
  const assembled = assembleEngine({
    docplanner: { baseUrl: input.baseUrl, locale: 'pl', clientId: 'sim-client', clientSecret: 'sim-secret' },
    practice: { kind: 'reference', dbPath: input.pmsPath, timeZone: input.timeZone },
    statePath: input.statePath,
    clock,
    config: { ...DEFAULT_ENGINE_CONFIG, horizonDays: input.horizonDays },
    budget,
    random: () => 0.5,
  });
  const run = <T>(p: Promise<T>): Promise<T> =>
    drive(clock, budget, p, { stepMs: 50, realTimeoutMs: Infinity, maxVirtualMs: Infinity });
  const rec = await run(assembled.engine.reconcile());
  await run(assembled.engine.fullResync());
  const out: EngineRssOutput = {
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
    addresses: assembled.engine.repos.mapping.listAddresses().length,
    differences: rec.differences,
  };
  await assembled.close();
  return out;
}
