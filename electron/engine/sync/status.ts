// Builds the honest status the UI shows (shared/bridge.ts StatusSnapshot), global and per address, from facts the
// engine keeps: outbox counts, the health of the last attempts, open conflicts, progress, the lease. "In sync"
// only when nothing is pending or unknown, nothing was refused, and the last cycle succeeded.
import type {
  AddressStatus,
  ErrorInfo,
  LeaseInfo,
  Progress,
  ReconciliationResult,
  StatusSnapshot,
  SyncState,
} from '../../../shared/bridge';
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

function addressState(a: AddressFacts, f: StatusFacts): { state: SyncState; reason: string } {
  const waiting = a.counts.pending + a.counts['in-flight'] + a.counts.unknown;
  if (!a.docplannerAddressId)
    return { state: 'not-configured', reason: 'This calendar is not mapped to Docplanner.' };
  if (a.activation === 'inactive')
    return { state: 'not-configured', reason: 'This calendar is not activated yet.' };
  if (f.paused) return { state: 'paused', reason: 'Sync is paused.' };
  if (!f.leader) return { state: 'paused', reason: 'Another PC is syncing this clinic.' };
  const h = a.health;
  if (h.kind === 'needs-sign-in') return { state: 'needs-sign-in', reason: h.error.message };
  if (h.kind === 'offline')
    return { state: 'offline', reason: `${h.error.message}; ${waiting} change(s) waiting.` };
  if (h.kind === 'error') return { state: 'error', reason: h.error.message };
  if (a.counts.blocked > 0) {
    return {
      state: 'error',
      reason: `${a.counts.blocked} change(s) were refused by Docplanner and need attention (see conflicts).`,
    };
  }
  if (h.kind === 'rate-limited' && h.until > f.now && waiting > 0) {
    return {
      state: 'rate-limited',
      reason: `Waiting for the Docplanner rate limit; ${waiting} change(s) queued.`,
    };
  }
  if (a.counts.unknown > 0) {
    return {
      state: 'syncing',
      reason: `Checking ${a.counts.unknown} change(s) whose result is not known yet.`,
    };
  }
  if (waiting > 0) return { state: 'syncing', reason: `${waiting} change(s) being sent.` };
  if (a.activation === 'feeding') return { state: 'syncing', reason: 'Sending the initial calendar.' };
  return { state: 'in-sync', reason: 'Docplanner matches the practice system.' };
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
  let state: SyncState = 'in-sync';
  let reason = 'Docplanner matches the practice system.';
  const active = f.addresses.filter((a) => a.docplannerAddressId && a.activation !== 'inactive');
  const g = f.global;
  if (f.paused) [state, reason] = ['paused', 'Sync is paused.'];
  else if (!f.leader)
    [state, reason] = [
      'paused',
      `Another PC${f.lease.holder ? ` (${f.lease.holder})` : ''} is syncing this clinic.`,
    ];
  else if (g.kind === 'needs-sign-in') [state, reason] = ['needs-sign-in', g.error.message];
  else if (g.kind === 'offline') [state, reason] = ['offline', g.error.message];
  else if (g.kind === 'error') [state, reason] = ['error', g.error.message];
  else if (active.length === 0)
    [state, reason] = ['not-configured', 'No calendar is mapped and activated yet.'];
  else {
    let worst: AddressStatus | null = null;
    for (const a of addresses) {
      if (a.state === 'not-configured') continue;
      if (!worst || RANK[a.state] > RANK[worst.state]) worst = a;
    }
    if (worst && worst.state !== 'in-sync') {
      state = worst.state;
      reason = addressState(
        f.addresses.find((x) => x.key === worst!.key)!,
        f,
      ).reason;
      if (addresses.filter((a) => a.state !== 'in-sync' && a.state !== 'not-configured').length > 1) {
        reason = `${worst.label}: ${reason}`;
      }
    } else if (f.busy && pending > 0) [state, reason] = ['syncing', `${pending} change(s) being sent.`];
    if (
      (state === 'syncing' || state === 'in-sync') &&
      pending > 0 &&
      f.blockedUntil !== null &&
      f.blockedUntil > f.now
    ) {
      state = 'rate-limited';
      reason = `Waiting for the Docplanner rate limit; ${pending} change(s) queued.`;
    }
  }
  if (state === 'in-sync' && (pending > 0 || blocked > 0))
    [state, reason] = ['syncing', `${pending} change(s) being sent.`];
  const lastError =
    g.kind !== 'ok'
      ? g.error
      : (addresses
          .map((a) => a.lastError)
          .filter((e): e is ErrorInfo => e !== null)
          .sort((a, b) => b.at - a.at)[0] ?? null);
  return {
    state,
    reason,
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
