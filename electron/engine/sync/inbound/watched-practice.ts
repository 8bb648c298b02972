// Every appointment the inbound half (or a conflict resolution) creates or moves in the PMS marks its day for the
// next change-detection pass. WHY: detection compares the PMS with a checkpoint taken before this write; were the
// receptionist to move or delete the appointment before the next pass, its day would look exactly as the
// checkpoint knew it and the online booking would be left without its appointment. A wrapper around
// `writeBack`, like the lease fence, covers every write path at once.
import type { PracticeAdapter, WriteBackOp, WriteBackResult } from '../../practice/adapter';
import type { Repos } from '../../store/repos';
import { watchDay } from '../outbound/detector';
import { localDate } from './incoming';

export function watchedPractice(practice: PracticeAdapter, repos: Pick<Repos, 'meta'>): PracticeAdapter {
  const writeBack = (op: WriteBackOp): WriteBackResult => {
    const r = practice.writeBack(op);
    if (r.ok && (op.kind === 'create' || op.kind === 'move'))
      watchDay(repos, { ...op.key, date: localDate(op.start, practice.timeZone) });
    return r;
  };
  return new Proxy(practice, {
    get(target, prop) {
      if (prop === 'writeBack') return writeBack;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
