// Builds the honest status the UI shows (shared/bridge.ts StatusSnapshot), global and per address, from facts the
// engine keeps: outbox counts, the health of the last attempts, open conflicts, progress, the lease. "In sync"
// only when nothing is pending or unknown, nothing was refused, and the last cycle succeeded.
// Every reason carries a code from shared/message-codes.ts (the UI translates it) beside its English text.
import type {
  AddressStatus,
  ErrorInfo,
  LeaseInfo,
  Progress,
  ReconciliationResult,
  StatusSnapshot,
  SyncState,
} from '../../../shared/bridge';
import type { MessageCode, MessageParams } from '../../../shared/message-codes';
import type { Activation } from '../store/mapping';
import type { OutboxState } from '../store/outbox';

/** Health of the last thing the engine tried for an address (or globally). */
export type Health =
  | { kind: 'ok' }
  | { kind: 'offline'; error: ErrorInfo }
  | { kind: 'needs-sign-in'; error: ErrorInfo }
  | { kind: 'rate-limited'; until: number; error: ErrorInfo }
  | { kind: 'error'; error: ErrorInfo };

export interface AddressFacts {
  key: string;
  label: string;
  docplannerAddressId: string | null;
  activation: Activation | null;
  counts: Record<OutboxState, number>;
  nextRetryAt: number | null;
  openConflicts: number;
  health: Health;
  lastSuccessAt: number | null;
  progress: Progress | null;
}

export interface StatusFacts {
  now: number;
  paused: boolean;
  leader: boolean;
  lease: LeaseInfo;
  /** Health of whatever is not tied to one address (PMS reading, notification pull, sign-in). */
  global: Health;
  addresses: AddressFacts[];
  lastSuccessAt: number | null;
  lastReconciliation: ReconciliationResult | null;
  progress: Progress | null;
  /** Seconds to send `n` writes under the budget. */
  drainSeconds: (n: number) => number;
  /** Until when the rate budget holds writes back (null when it does not). */
  blockedUntil: number | null;
  /** A cycle is running right now. */
  busy: boolean;
}

const RANK: Record<SyncState, number> = {
  'needs-sign-in': 7,
  offline: 6,
  error: 5,
  'rate-limited': 4,
  syncing: 3,
  paused: 2,
  'not-configured': 1,
  'in-sync': 0,
};

/** A state and why: English text plus its message code and params. */
interface Why {
  state: SyncState;
  reason: string;
  code: MessageCode;
  params: MessageParams;
}

const why = (state: SyncState, reason: string, code: MessageCode, params: MessageParams = {}): Why => ({
  state,
  reason,
  code,
  params,
});

/** The reason of an unhealthy state is its error: English message, error code for the UI. */
const fromError = (state: SyncState, error: ErrorInfo): Why =>
  why(state, error.message, 'status.error', { error: error.code });

const sending = (n: number): Why =>
  why('syncing', `${n} change(s) being sent.`, 'status.sending', { count: n });

const rateLimited = (n: number): Why =>
  why(
    'rate-limited',
    `Waiting for the Docplanner rate limit; ${n} change(s) queued.`,
    'status.rate-limited',
    {
      count: n,
    },
  );

const IN_SYNC = (): Why => why('in-sync', 'Docplanner matches the practice system.', 'status.in-sync');
const PAUSED = (): Why => why('paused', 'Sync is paused.', 'status.paused');

function addressState(a: AddressFacts, f: StatusFacts): Why {
  const waiting = a.counts.pending + a.counts['in-flight'] + a.counts.unknown;
  if (!a.docplannerAddressId)
    return why('not-configured', 'This calendar is not mapped to Docplanner.', 'status.not-mapped');
  if (a.activation === 'inactive')
    return why('not-configured', 'This calendar is not activated yet.', 'status.not-activated');
  if (f.paused) return PAUSED();
  if (!f.leader) return why('paused', 'Another PC is syncing this clinic.', 'status.other-pc');
  const h = a.health;
  if (h.kind === 'needs-sign-in') return fromError('needs-sign-in', h.error);
  if (h.kind === 'offline') {
    return why('offline', `${h.error.message}; ${waiting} change(s) waiting.`, 'status.offline-waiting', {
      error: h.error.code,
      count: waiting,
    });
  }
  if (h.kind === 'error') return fromError('error', h.error);
  if (a.counts.blocked > 0) {
    return why(
      'error',
      `${a.counts.blocked} change(s) were refused by Docplanner and need attention (see conflicts).`,
      'status.refused',
      { count: a.counts.blocked },
    );
  }
  if (h.kind === 'rate-limited' && h.until > f.now && waiting > 0) return rateLimited(waiting);
  if (a.counts.unknown > 0) {
    return why(
      'syncing',
      `Checking ${a.counts.unknown} change(s) whose result is not known yet.`,
      'status.checking-unknown',
      { count: a.counts.unknown },
    );
  }
  if (waiting > 0) return sending(waiting);
  if (a.activation === 'feeding') return why('syncing', 'Sending the initial calendar.', 'status.feeding');
  return IN_SYNC();
}

/** The clinic-wide state and why (before the final "never in sync with work pending" check). */
function globalState(f: StatusFacts, addresses: AddressStatus[], pending: number): Why {
  const g = f.global;
  if (f.paused) return PAUSED();
  if (!f.leader) {
    return f.lease.holder
      ? why('paused', `Another PC (${f.lease.holder}) is syncing this clinic.`, 'status.other-pc-named', {
          holder: f.lease.holder,
        })
      : why('paused', 'Another PC is syncing this clinic.', 'status.other-pc');
  }
  if (g.kind === 'needs-sign-in') return fromError('needs-sign-in', g.error);
  if (g.kind === 'offline') return fromError('offline', g.error);
  if (g.kind === 'error') return fromError('error', g.error);
  const active = f.addresses.filter((a) => a.docplannerAddressId && a.activation !== 'inactive');
  if (active.length === 0)
    return why('not-configured', 'No calendar is mapped and activated yet.', 'status.nothing-active');
  let result = IN_SYNC();
  let worst: AddressStatus | null = null;
  for (const a of addresses) {
    if (a.state === 'not-configured') continue;
    if (!worst || RANK[a.state] > RANK[worst.state]) worst = a;
  }
  if (worst && worst.state !== 'in-sync') {
    const inner = addressState(
      f.addresses.find((x) => x.key === worst!.key)!,
      f,
    );
    result = inner;
    if (addresses.filter((a) => a.state !== 'in-sync' && a.state !== 'not-configured').length > 1) {
      result = why(inner.state, `${worst.label}: ${inner.reason}`, 'status.for-address', {
        ...inner.params,
        address: worst.label,
        reason: inner.code,
      });
    }
  } else if (f.busy && pending > 0) result = sending(pending);
  if (
    (result.state === 'syncing' || result.state === 'in-sync') &&
    pending > 0 &&
    f.blockedUntil !== null &&
    f.blockedUntil > f.now
  ) {
    result = rateLimited(pending);
  }
  return result;
}

export function buildStatus(f: StatusFacts): StatusSnapshot {
  const addresses: AddressStatus[] = f.addresses.map((a) => {
    const s = addressState(a, f);
    const pending = a.counts.pending + a.counts['in-flight'] + a.counts.unknown;
    const err = a.health.kind === 'ok' ? null : a.health.error;
    return {
      key: a.key,
      label: a.label,
      docplannerAddressId: a.docplannerAddressId,
      state: s.state,
      activated: a.activation === 'active' || a.activation === 'feeding',
      lastSuccessAt: a.lastSuccessAt,
      pending,
      nextRetryAt: a.nextRetryAt,
      openConflicts: a.openConflicts,
      lastError: err,
      progress: a.progress,
    };
  });
  const pending = addresses.reduce((n, a) => n + a.pending, 0);
  const blocked = f.addresses.reduce((n, a) => n + a.counts.blocked, 0);
  const openConflicts = f.addresses.reduce((n, a) => n + a.openConflicts, 0);
  let result = globalState(f, addresses, pending);
  if (result.state === 'in-sync' && (pending > 0 || blocked > 0)) result = sending(pending);
  const g = f.global;
  const lastError =
    g.kind !== 'ok'
      ? g.error
      : (addresses
          .map((a) => a.lastError)
          .filter((e): e is ErrorInfo => e !== null)
          .sort((a, b) => b.at - a.at)[0] ?? null);
  return {
    state: result.state,
    reason: result.reason,
    reasonCode: result.code,
    reasonParams: result.params,
    paused: f.paused,
    lastSuccessAt: f.lastSuccessAt,
    pending,
    drainSeconds: f.drainSeconds(pending),
    openConflicts,
    lastReconciliation: f.lastReconciliation,
    progress: f.progress,
    lastError,
    addresses,
    lease: f.lease,
    at: f.now,
  };
}
