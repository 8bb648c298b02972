// Change detection → outbox. Asks the practice adapter what changed since the stored checkpoint (cheap when
// nothing did), recomputes the changed days of mapped and activated addresses against pushed hashes and links,
// and enqueues the keys that differ. The new checkpoint is stored in the SAME transaction as the outbox rows,
// so a crash can never lose a change: either both are committed or the next pass sees the change again.
import type { DayKey } from '../../../../shared/canonical';
import { addressKeyId } from '../../../../shared/canonical';
import type { ChangeCheckpoint, PracticeAdapter } from '../../practice/adapter';
import { META_KEYS } from '../../store/meta';
import type { Repos } from '../../store/repos';
import { diffDay, mergeWork, type DayDiff } from '../plan/day';
import type { SlotsProblem } from '../plan/slots';
import type { KeyPlanner } from './key-planner';
import { z } from 'zod';

const CheckpointSchema = z.looseObject({ version: z.number() });
const WatchSchema = z.array(z.object({ doctorId: z.string(), locationId: z.string(), date: z.string() }));

function watchedDays(repos: Repos): DayKey[] {
  return repos.meta.getJson(META_KEYS.detectWatch, WatchSchema) ?? [];
}

/** Marks a day the inbound half wrote into the PMS: the next detection pass re-plans it (see `pass`). */
export function watchDay(repos: Pick<Repos, 'meta'>, day: DayKey): void {
  const list = repos.meta.getJson(META_KEYS.detectWatch, WatchSchema) ?? [];
  if (list.some((d) => d.doctorId === day.doctorId && d.locationId === day.locationId && d.date === day.date))
    return;
  repos.meta.setJson(META_KEYS.detectWatch, [...list, day]);
}

export interface DetectResult {
  changedDays: number;
  enqueued: number;
}

export class Detector {
  constructor(
    private readonly deps: {
      repos: Repos;
      practice: PracticeAdapter;
      planner: KeyPlanner;
      now: () => number;
      onSlotsProblems?: (addressKey: string, problems: SlotsProblem[]) => void;
    },
  ) {}

  /** One detection pass. Throws PracticeDbError when the PMS cannot be read (the caller reports it). */
  pass(): DetectResult {
    const { repos, practice, planner } = this.deps;
    const checkpoint = repos.meta.getJson(META_KEYS.checkpoint, CheckpointSchema) as ChangeCheckpoint | null;
    const changes = practice.detectChanges(checkpoint, planner.horizon());
    // WHY the watched days: the checkpoint predates what the inbound half just wrote into the PMS. Were the
    // receptionist to move or delete such an appointment before this pass, its day would look exactly as the
    // checkpoint knew it and nothing would be flagged, leaving the online booking without its appointment.
    // Planning those days once after the write (against the links) closes that gap; the new checkpoint, stored
    // in the same transaction, already includes the write.
    const watched = watchedDays(repos);
    const enqueued = this.enqueueDays([...changes.changed, ...watched], {
      unblock: true,
      alsoInTransaction: () => {
        repos.meta.setJson(META_KEYS.checkpoint, changes.checkpoint);
        if (watched.length > 0) repos.meta.setJson(META_KEYS.detectWatch, []);
      },
    });
    return { changedDays: changes.changed.length, enqueued };
  }

  /**
   * Recomputes the given days and enqueues what differs, in one transaction. `lane` forces a lane (the
   * activation feed uses 3); `unblock` lets a real data change retry an entry that was refused before.
   */
  enqueueDays(
    days: DayKey[],
    opts: { unblock?: boolean; lane?: 3; ignorePushedHash?: boolean; alsoInTransaction?: () => void } = {},
  ): number {
    const { repos, planner } = this.deps;
    const now = this.deps.now();
    const today = planner.today();
    const byAddress = new Map<string, string[]>();
    for (const d of days) {
      const key = addressKeyId(d);
      if (!planner.context(key)) continue;
      const list = byAddress.get(key) ?? [];
      list.push(d.date);
      byAddress.set(key, list);
    }
    const diffs: DayDiff[] = [];
    for (const [addressKey, dates] of byAddress) {
      const ctx = planner.context(addressKey)!;
      const { from, to } = planner.horizon();
      for (const date of [...new Set(dates)].sort()) {
        if (date < from || date > to) continue;
        const day = planner.readDay(addressKey, date);
        if (!day) continue;
        const diff = diffDay(day, ctx, repos, now, {
          today,
          lane: opts.lane,
          ignorePushedHash: opts.ignorePushedHash,
        });
        if (diff.slots.problems.length > 0) this.deps.onSlotsProblems?.(addressKey, diff.slots.problems);
        diffs.push(diff);
      }
    }
    const work = mergeWork(diffs);
    repos.db.transaction(() => {
      for (const w of work) repos.outbox.enqueue(w.input, now, { unblock: opts.unblock });
      opts.alsoInTransaction?.();
    })();
    return work.length;
  }
}
