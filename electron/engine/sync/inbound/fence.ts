// Lease fencing for writes into the practice database. Several reception PCs share one PMS; only the lease holder
// may write into it. WHY a wrapper around the adapter: every write-back (handlers, conflict resolutions, the
// shared write-booking path) goes through `practice.writeBack`, so checking the lease there, immediately before
// each write, fences all of them at once, including a lease lost in the middle of an apply run.
import type { PracticeAdapter, WriteBackOp, WriteBackResult } from '../../practice/adapter';

/** Thrown instead of writing when this PC does not hold the lease; the notification stays for the next leader. */
export class NotLeadingError extends Error {
  constructor(what = 'write into the practice system') {
    super(`This PC does not hold the sync lease, so it did not ${what}; the PC that syncs will.`);
    this.name = 'NotLeadingError';
  }
}

export const isNotLeading = (e: unknown): e is NotLeadingError => e instanceof NotLeadingError;

/** The adapter with `writeBack` refused (NotLeadingError) whenever `isLeader()` is false at that moment. */
export function fencedPractice(practice: PracticeAdapter, isLeader: () => boolean): PracticeAdapter {
  return withWriteBack(practice, (op) => {
    if (!isLeader()) throw new NotLeadingError();
    return practice.writeBack(op);
  });
}

/** The adapter as it is, except `writeBack`, which goes through `writeBack` (wrappers: fence, watched days). */
export function withWriteBack(
  practice: PracticeAdapter,
  writeBack: (op: WriteBackOp) => WriteBackResult,
): PracticeAdapter {
  return new Proxy(practice, {
    get(target, prop) {
      if (prop === 'writeBack') return writeBack;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The lease check an inbound half carries (`Inbound.isLeader`), for parts that are handed only its port. */
export function leaseCheckOf(inbound: object | undefined): (() => boolean) | undefined {
  const check = (inbound as { isLeader?: unknown } | undefined)?.isLeader;
  return typeof check === 'function' ? () => (check as () => boolean).call(inbound) : undefined;
}
