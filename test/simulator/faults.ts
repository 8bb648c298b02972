// Fault injection with seeded randomness: which request fails how is reproducible for a given seed and
// request order. Pre-apply faults (drop, hang, 500, HTML 502) leave state untouched; post-apply faults
// (apply-then-500, apply-then-drop) change state and hide the outcome: the "outcome unknown" case.
import { z } from 'zod';

const Rate = z.number().min(0).max(1).optional();

export const FaultSpec = z.strictObject({
  latencyMs: z.number().int().nonnegative().optional(),
  serverErrorRate: Rate,
  applyThenFailRate: Rate,
  applyThenDropRate: Rate,
  hangRate: Rate,
  dropRate: Rate,
  htmlErrorRate: Rate,
  /** Epoch ms on the simulator clock: every API request answers 429 until then. */
  rateLimitStormUntil: z.number().optional(),
  /** Only these operations (operationId names) are affected; default all. */
  operations: z.array(z.string()).optional(),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

export type PreFault = 'none' | 'drop' | 'hang' | 'server-error' | 'html-error';
export type PostFault = 'none' | 'fail' | 'drop';

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private spec: FaultSpec = {};
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  set(spec: FaultSpec): void {
    this.spec = FaultSpec.parse(spec);
  }

  get current(): FaultSpec {
    return this.spec;
  }

  private applies(operation: string): boolean {
    return !this.spec.operations || this.spec.operations.includes(operation);
  }

  private roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }

  stormUntil(now: number): number | null {
    const until = this.spec.rateLimitStormUntil;
    return until !== undefined && now < until ? until : null;
  }

  latency(operation: string): number {
    return this.applies(operation) ? (this.spec.latencyMs ?? 0) : 0;
  }

  before(operation: string): PreFault {
    if (!this.applies(operation)) return 'none';
    if (this.roll(this.spec.dropRate)) return 'drop';
    if (this.roll(this.spec.hangRate)) return 'hang';
    if (this.roll(this.spec.serverErrorRate)) return 'server-error';
    if (this.roll(this.spec.htmlErrorRate)) return 'html-error';
    return 'none';
  }

  after(operation: string): PostFault {
    if (!this.applies(operation)) return 'none';
    if (this.roll(this.spec.applyThenDropRate)) return 'drop';
    if (this.roll(this.spec.applyThenFailRate)) return 'fail';
    return 'none';
  }
}
