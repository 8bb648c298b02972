// drive(): resolves work in virtual time while real I/O (the loopback simulator or fake API over HTTP, SQLite)
// runs for real. The one copy used by the client tests, the engine test world, the multi-PC clinic and the bench.
//
// The rule: the virtual clock moves only while nothing is on the wire (no request in flight in any of the given
// rate budgets, checked again after two more real event-loop turns so that I/O callbacks and the promise chains
// they start have run). Moving it under a request in flight would fire that request's virtual timeout early and
// stamp the server's answer with a later time than the client sent it at.
//
// What differs between callers is explicit in DriveOptions, nothing else:
// - how far one move goes (`stepMs`; on a TimerClock a move also stops at the next due timer, so latencies are
//   exact rather than rounded to a step: the bench);
// - how long it may take, in virtual and in real time (the bench has no real-time limit: hours of work);
// - `stallRealMs`: whether a request may hold time still for ever. A server that answers late or never on the SAME
//   virtual clock (a fake API's hang, the simulator's latency fault) needs time to pass while its request is on
//   the wire; then a request still in flight after `stallRealMs` of real time lets the clock move one step.
import type { RateBudget } from '../../electron/engine/docplanner/rate-budget';
import { VirtualClock, type TimerHandle } from '../../electron/engine/util/clock';

/** The budgets whose requests in flight hold virtual time still; a function is asked again every turn. */
export type Wire = RateBudget | readonly RateBudget[] | (() => readonly RateBudget[]);

export interface DriveOptions {
  /** Largest single move of the clock (default 1000 ms). */
  stepMs?: number;
  /** Virtual time the work may take before drive throws (default 24 h). */
  maxVirtualMs?: number;
  /** Real time the work may take before drive throws: something hangs (default 30 s; Infinity = no limit). */
  realTimeoutMs?: number;
  /**
   * A request on the wire for this long in real time lets the clock move one step anyway (default Infinity: never;
   * 0: time passes whether or not anything is in flight). For servers that wait on the same virtual clock.
   */
  stallRealMs?: number;
}

/** A VirtualClock that can tell when its next timer is due: drive() on it jumps straight there (at most stepMs). */
export class TimerClock extends VirtualClock {
  private readonly due = new Map<number, number>();

  override setTimeout(fn: () => void, ms: number): TimerHandle {
    const at = this.now() + Math.max(0, ms);
    const handle = super.setTimeout(() => {
      this.due.delete(handle.id);
      fn();
    }, ms);
    this.due.set(handle.id, at);
    return handle;
  }

  override clearTimeout(handle: TimerHandle): void {
    this.due.delete(handle.id);
    super.clearTimeout(handle);
  }

  nextDueAt(): number | null {
    let best: number | null = null;
    for (const at of this.due.values()) if (best === null || at < best) best = at;
    return best;
  }
}

/** One turn of the real event loop (I/O callbacks and the promise chains they start run before it resolves). */
const realTick = () => new Promise<void>((r) => setImmediate(r));

export async function drive<T>(
  clock: VirtualClock,
  wire: Wire,
  work: Promise<T>,
  opts: DriveOptions = {},
): Promise<T> {
  const stepMs = opts.stepMs ?? 1000;
  const stallRealMs = opts.stallRealMs ?? Infinity;
  const deadline = clock.now() + (opts.maxVirtualMs ?? 24 * 3600_000);
  const realDeadline = Date.now() + (opts.realTimeoutMs ?? 30_000);
  const budgets = typeof wire === 'function' ? wire : 'snapshot' in wire ? () => [wire] : () => wire;
  let done = false;
  const settled = work.then(
    (v) => {
      done = true;
      return v;
    },
    (e: unknown) => {
      done = true;
      throw e;
    },
  );
  settled.catch(() => undefined);
  let busySince: number | null = null;
  /** Something is on the wire and may still hold time (it has not stalled for stallRealMs yet). */
  const holding = (): boolean => {
    if (!budgets().some((b) => b.snapshot().inFlight > 0)) {
      busySince = null;
      return false;
    }
    busySince ??= Date.now();
    return Date.now() - busySince < stallRealMs;
  };
  while (!done) {
    await realTick();
    if (done) break;
    if (Date.now() > realDeadline) throw new Error('drive: real-time deadline passed (something hangs)');
    if (holding()) continue;
    await realTick();
    await realTick();
    if (done || holding()) continue;
    if (clock.now() >= deadline) throw new Error('drive: virtual-time deadline passed');
    const next = clock instanceof TimerClock ? clock.nextDueAt() : null;
    await clock.advance(next === null ? stepMs : Math.min(stepMs, Math.max(0, next - clock.now())));
    busySince = null; // a stalled request gets one step per stallRealMs, not one per turn
  }
  return settled;
}
