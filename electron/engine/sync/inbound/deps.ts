// What the inbound half needs from the rest of the engine, in one place: the state DB repos, the practice
// adapter (write-back), the conflict service, the clock and the policy. The engine builds one InboundDeps and
// hands it to the applier, the puller, the push receiver and the conflict resolutions.
import type { PracticeAdapter } from '../../practice/adapter';
import type { ConflictRepo } from '../../store/conflicts';
import type { InboxRepo } from '../../store/inbox';
import type { Repos } from '../../store/repos';
import type { Clock } from '../../util/clock';

/** What to do with a break the doctor added in the Docplanner calendar (over free time). */
export type RemoteBreakPolicy = 'block-pms' | 'conflict';

export interface InboundPolicy {
  remoteBreaks: RemoteBreakPolicy;
  /**
   * Write-back attempts (locked or failing PMS) before a 'write-back-failed' conflict. One attempt per apply run,
   * i.e. per pull tick: the default 20 at a 15 s interval gives a locked PMS about 5 minutes.
   */
  maxWriteBackAttempts: number;
}

export const DEFAULT_POLICY: InboundPolicy = { remoteBreaks: 'block-pms', maxWriteBackAttempts: 20 };

export interface InboundDeps {
  repos: Pick<Repos, 'db' | 'meta' | 'mapping' | 'bookings' | 'breaks' | 'outbox' | 'audit'>;
  inbox: InboxRepo;
  conflicts: ConflictRepo;
  practice: PracticeAdapter;
  clock: Clock;
  policy: InboundPolicy;
  /** Called after the open-conflict count may have changed. */
  onConflictsChanged?: (open: number) => void;
  /** Called when the service mapping of an address changed (the engine re-plans that address's days). */
  onMappingChanged?: (addressKey: string) => void;
  /**
   * Multi-PC lease: false while another PC (or none) syncs. Nothing is written into the PMS then; notifications
   * stay pending for the next leader. Default: always leader.
   */
  isLeader?: () => boolean;
}
