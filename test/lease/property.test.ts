// Property test: random interleavings of starts, clean stops, crashes (no release), renewals (time passing),
// wall-clock jumps and skew (offsets and rates per PC) across 2–3 keepers on one real sidecar file.
// Properties: never two leaders whose fencing windows overlap (LeaseMonitor), and once the turbulence ends a live
// keeper leads. Deterministic: fixed seed (override with LEASE_SEED), printed on failure.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../electron/engine/util/clock';
import type { LeaseKeeper } from '../../electron/engine/lease';
import {
  LeaseMonitor,
  SkewedClock,
  cleanupDirs,
  keeperOptions,
  practiceFolder,
  MARGIN,
  RENEW,
  TTL,
} from './helpers';
import { LeaseKeeper as Keeper } from '../../electron/engine/lease';

afterEach(cleanupDirs);

const SEED = Number(process.env.LEASE_SEED ?? 20261121);
const RUNS = Number(process.env.LEASE_RUNS ?? 30);
const MIN_RATE = 0.87;

type Action =
  | { kind: 'advance'; ms: number }
  | { kind: 'start'; pc: number }
  | { kind: 'stop'; pc: number }
  | { kind: 'crash'; pc: number }
  /** Kill whichever PC leads right now (the interesting crash). */
  | { kind: 'crash-leader' }
  | { kind: 'jump'; pc: number; ms: number };

const pcArb = fc.nat({ max: 2 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 100, max: 25_000 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), pc: pcArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), pc: pcArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), pc: pcArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('crash-leader' as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      pc: pcArb,
      ms: fc.oneof(
        fc.constantFrom(-3_600_000, -60_000, -15_000, 15_000, 60_000, 3_600_000),
        fc.integer({ min: -7_200_000, max: 7_200_000 }),
      ),
    }),
  },
);

const scenarioArb = fc.record({
  pcs: fc.integer({ min: 2, max: 3 }),
  offsets: fc.array(fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }), { minLength: 3, maxLength: 3 }),
  // Up to ±13 % drift (real quartz drifts ~0.01 %); the default margin tolerates a rate ratio of up to 1.5.
  rates: fc.array(fc.double({ min: MIN_RATE, max: 1.13, noNaN: true }), { minLength: 3, maxLength: 3 }),
  startTogether: fc.boolean(),
  actions: fc.array(actionArb, { minLength: 5, maxLength: 30 }),
});

describe('lease property', () => {
  it('never two overlapping leaders; a live PC leads once the leader is gone', async () => {
    const property = fc.asyncProperty(scenarioArb, async (sc) => {
      const { dbPath } = practiceFolder();
      const base = new VirtualClock();
      const clocks = Array.from(
        { length: sc.pcs },
        (_, i) => new SkewedClock(base, sc.offsets[i], sc.rates[i]),
      );
      const monitor = new LeaseMonitor(base, dbPath);
      const running: (LeaseKeeper | null)[] = clocks.map(() => null);
      const start = (pc: number) => {
        if (running[pc]) return;
        const k = Keeper.start(dbPath, keeperOptions(`RECEPTION-${pc + 1}`, clocks[pc]!));
        monitor.add(k);
        running[pc] = k;
      };
      try {
        if (sc.startTogether) clocks.forEach((_, i) => start(i));
        else start(0);
        await monitor.advance(TTL + MARGIN + RENEW); // a new sidecar's placeholder is waited out first
        for (const a of sc.actions) {
          if (a.kind === 'advance') await monitor.advance(a.ms, 500);
          else if (a.kind === 'crash-leader') {
            const pc = running.findIndex((k) => k?.isLeader());
            if (pc >= 0) monitor.crash(running[pc]!, sc.rates[pc]!);
            if (pc >= 0) running[pc] = null;
          } else if (a.pc >= sc.pcs) continue;
          else if (a.kind === 'start') start(a.pc);
          else if (a.kind === 'jump') clocks[a.pc]!.jump(a.ms);
          else {
            const k = running[a.pc];
            if (!k) continue;
            if (a.kind === 'stop') monitor.stop(k);
            else monitor.crash(k, sc.rates[a.pc]!);
            running[a.pc] = null;
          }
          monitor.sample();
        }
        // Calm: no more faults; make sure someone is alive, then wait long enough for any expiry.
        if (!running.some(Boolean)) start(sc.pcs - 1);
        await monitor.advance(((TTL + MARGIN + 3 * RENEW) / MIN_RATE) * 1.2, 500);
        expect(monitor.violations).toEqual([]);
        expect(monitor.leaders).toHaveLength(1);
      } finally {
        for (const k of running) k?.stop();
      }
    });
    try {
      await fc.assert(property, { seed: SEED, numRuns: RUNS });
    } catch (e) {
      throw new Error(`lease property failed with seed ${SEED} (rerun: LEASE_SEED=${SEED})\n${String(e)}`);
    }
  }, 240_000);
});
