// Every appointment or blocked time the inbound half (or a conflict resolution) creates or moves in the PMS marks
// its days for the next change-detection pass. WHY: detection compares the PMS with a checkpoint taken before this
// write; were the receptionist to move or delete it before the next pass, its day would look exactly as the
// checkpoint knew it, and Docplanner would keep a booking (or break) the PMS no longer has. A wrapper around
// `writeBack`, like the lease fence, covers every write path at once.
import type { PracticeAdapter, WriteBackOp, WriteBackResult } from '../../practice/adapter';
import { addDays } from '../../practice/time';
import type { Repos } from '../../store/repos';
import { watchDay } from '../outbound/detector';
import { withWriteBack } from './fence';
import { localDate } from './incoming';

export function watchedPractice(practice: PracticeAdapter, repos: Pick<Repos, 'meta'>): PracticeAdapter {
  return withWriteBack(practice, (op: WriteBackOp): WriteBackResult => {
    const r = practice.writeBack(op);
    if (r.ok && (op.kind === 'create' || op.kind === 'move' || op.kind === 'block')) {
      const last = localDate(new Date(Date.parse(op.end) - 1).toISOString(), practice.timeZone);
      for (let date = localDate(op.start, practice.timeZone); date <= last; date = addDays(date, 1))
        watchDay(repos, { ...op.key, date });
    }
    return r;
  });
}
