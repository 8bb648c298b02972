// LeaseKeeper: the loop that keeps (or watches) the lease on the injected clock, and the one place the engine asks
// "may I write now?". States: starting → leader | viewer | error, each with a reason; role changes are emitted.
//
// Timing rules (see README.md for why they are safe under clock skew):
// - the holder renews every renewEveryMs; it may act only until ttl - margin after the START of its last
//   successful renewal, measured on its own clock (a timer and a clock reading must both agree);
// - a contender takes over only after it has seen the lease row's counter stand still for ttl + margin on its own
//   clock, counting at most one poll interval per poll (so a jump of its wall clock cannot shorten the wait),
//   and then only by compare-and-swap on exactly the row it watched.
import type { LeaseInfo } from '../../../shared/bridge';
import type { Clock, TimerHandle } from '../util/clock';
import { LeaseError, NotLeaderError, describeError, type LeaseErrorCode } from './errors';
import {
  RequestOutcomeSchema,
  type Handover,
  type HandoverRecord,
  type LeaseRequest,
  type LeaseRow,
  type PublishedStatus,
  type QueuedRequest,
  type RequestOutcome,
  type StatusRecord,
} from './schema';
import {
  LeaseSidecar,
  SidecarOptionsSchema,
  holderIdOf,
  type SidecarOptions,
  type SidecarSettings,
} from './sidecar';

export type KeeperState =
  | { role: 'starting'; reason: string }
  /** This PC syncs. `token` is the fencing generation to pass along with its writes. */
  | { role: 'leader'; token: number; reason: string }
  /** Another PC syncs (holder), nobody does yet, or this PC cannot lead (canLead false: read-only folder). */
  | { role: 'viewer'; holder: string | null; canLead: boolean; reason: string }
  | { role: 'error'; code: LeaseErrorCode; reason: string };

export type Role = KeeperState['role'];

export interface RequestContext {
  id: number;
  requester: string;
  /** Fencing token of the term executing it. */
  token: number;
}

/** Carries out one viewer request; must be idempotent (after a crash mid-request the next leader runs it again). */
export type RequestHandler = (request: LeaseRequest, ctx: RequestContext) => Promise<RequestOutcome>;

export type RoleListener = (state: KeeperState, previous: KeeperState) => void;

interface Term {
  generation: number;
  /** Local clock reading taken just BEFORE the last successful acquire/renew transaction started. */
  startedAt: number;
  fenceTimer: TimerHandle | null;
}

interface Observation {
  holderId: string | null;
  holderName: string | null;
  generation: number;
  seq: number;
  /** How long (own clock, clamped per poll) the row has stood still. */
  quietMs: number;
  lastPollAt: number;
}

export class LeaseKeeper {
  private readonly settings: SidecarSettings;
  private readonly options: SidecarOptions;
  private readonly clock: Clock;
  private readonly holderId: string;
  private sidecar: LeaseSidecar | null = null;
  private term: Term | null = null;
  /** Generation of this keeper's last term: if the row still shows it, nobody took over and we may resume. */
  private lastGeneration: number | null = null;
  private observed: Observation | null = null;
  private current: KeeperState = {
    role: 'starting',
    reason: 'opening the lock file beside the practice database',
  };
  private readonly listeners = new Set<RoleListener>();
  private tickTimer: TimerHandle | null = null;
  private stopped = false;
  private handler: RequestHandler | null = null;
  private processing = false;

  private constructor(
    private readonly practiceDbPath: string,
    options: SidecarOptions,
  ) {
    // Parse once so the session id is fixed for this keeper's whole life (reopening keeps the same holder id).
    this.settings = SidecarOptionsSchema.parse(options);
    this.options = { ...options, sessionId: this.settings.sessionId };
    this.clock = options.clock;
    this.holderId = holderIdOf(this.settings);
  }

  /** Opens the sidecar and runs the first round at once; later rounds run on the injected clock. */
  static start(practiceDbPath: string, options: SidecarOptions): LeaseKeeper {
    const keeper = new LeaseKeeper(practiceDbPath, options);
    keeper.tick();
    return keeper;
  }

  get state(): KeeperState {
    return this.current;
  }

  get displayName(): string {
    return this.settings.displayName;
  }

  /** Called on every change of role, term (token), holder or error code. Returns the unsubscribe function. */
  onRoleChange(listener: RoleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets the function that carries out viewers' requests while this PC leads. */
  onRequest(handler: RequestHandler): void {
    this.handler = handler;
    this.kickRequests();
  }

  /** True only while this PC holds the lease AND its own safe window has not passed. Check before every write. */
  isLeader(): boolean {
    const term = this.term;
    if (term === null || this.stopped) return false;
    const elapsed = this.clock.now() - term.startedAt;
    if (elapsed < 0 || elapsed >= this.settings.ttlMs - this.settings.marginMs) {
      this.stepDown(
        elapsed < 0
          ? 'the clock of this PC went backwards; stepping down until the lease is renewed'
          : 'the lease could not be renewed in time; stepping down',
      );
      return false;
    }
    return true;
  }

  /** The fencing token to pass with the write about to be made; throws NotLeaderError if this PC must not write. */
  assertLeader(): number {
    if (!this.isLeader() || this.term === null) throw new NotLeaderError(this.current.reason);
    return this.term.generation;
  }

  /** The current fencing token, or null when not leading. */
  token(): number | null {
    return this.isLeader() && this.term !== null ? this.term.generation : null;
  }

  /** Like assertLeader(), and also re-reads the lock file (an I/O round trip) to confirm the term still holds. */
  verifyLeader(): number {
    const token = this.assertLeader();
    const sidecar = this.sidecar;
    let holds = false;
    try {
      holds = sidecar !== null && sidecar.holds(token);
    } catch (e) {
      this.onFault(e);
    }
    if (!holds) {
      this.stepDown('another PC holds the lease');
      throw new NotLeaderError(this.current.reason);
    }
    return token;
  }

  info(): LeaseInfo {
    const term = this.term;
    if (term !== null && this.isLeader()) {
      return {
        role: 'leader',
        holder: this.settings.displayName,
        expiresAt: term.startedAt + this.settings.ttlMs - this.settings.marginMs,
      };
    }
    const o = this.observed;
    if (o === null || o.holderId === null || o.holderName === null)
      return { role: 'viewer', holder: null, expiresAt: null };
    const waitMs = this.settings.ttlMs + this.settings.marginMs;
    return {
      role: 'viewer',
      holder: o.holderName,
      expiresAt: o.lastPollAt + Math.max(0, waitMs - o.quietMs),
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Status and requests (thin, fenced wrappers over the sidecar)

  /** Publishes the leader's status for viewers; false when this PC is not (or no longer) the leader. */
  publishStatus(status: PublishedStatus): boolean {
    const token = this.token();
    const sidecar = this.sidecar;
    if (token === null || sidecar === null) return false;
    try {
      return sidecar.publishStatus(token, status);
    } catch (e) {
      this.onFault(e);
      return false;
    }
  }

  /** The last status a leader published, or null if none (throws LeaseError if the file cannot be read). */
  readStatus(): StatusRecord | null {
    return this.requireSidecar().readStatus();
  }

  /** Publishes the mapping and links for the next leader; false when this PC is not (or no longer) the leader. */
  publishHandover(handover: Handover): boolean {
    const token = this.token();
    const sidecar = this.sidecar;
    if (token === null || sidecar === null) return false;
    try {
      return sidecar.publishHandover(token, handover);
    } catch (e) {
      this.onFault(e);
      return false;
    }
  }

  /** What the last leader handed over, or null (throws LeaseError if the file cannot be read). */
  readHandover(): HandoverRecord | null {
    return this.requireSidecar().readHandover();
  }

  /** Queues a request for the leader (also works on the leader itself); returns its id. */
  enqueue(request: LeaseRequest, requester: string): number {
    const id = this.requireSidecar().enqueue(request, requester);
    this.kickRequests();
    return id;
  }

  getRequest(id: number): QueuedRequest | null {
    return this.requireSidecar().getRequest(id);
  }

  listRequests(limit = 50): QueuedRequest[] {
    return this.requireSidecar().listRequests(limit);
  }

  /**
   * Stops the loop. With release (the default, for a clean shutdown) the lease is handed back at once, so another PC
   * can take over without waiting; without it (what a crash looks like) others wait for expiry.
   */
  stop(options: { release?: boolean } = {}): void {
    if (this.stopped) return;
    const term = this.term;
    this.stopped = true;
    if (this.tickTimer !== null) this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.endTerm();
    if (term !== null && options.release !== false) {
      try {
        this.sidecar?.release(term.generation);
      } catch {
        // The lease simply expires on its own.
      }
    }
    this.sidecar?.close();
    this.sidecar = null;
    this.lastGeneration = null;
    this.setState({ role: 'viewer', holder: null, canLead: false, reason: 'sync stopped on this PC' });
  }

  // -------------------------------------------------------------------------------------------------------------
  // The loop

  private tick(): void {
    this.tickTimer = null;
    if (this.stopped) return;
    try {
      if (this.sidecar === null) this.sidecar = LeaseSidecar.open(this.practiceDbPath, this.options);
      if (this.term !== null && this.isLeader()) this.renew(this.sidecar);
      else this.watch(this.sidecar);
    } catch (e) {
      this.onFault(e);
    }
    if (!this.stopped) this.tickTimer = this.clock.setTimeout(() => this.tick(), this.settings.renewEveryMs);
  }

  private renew(sidecar: LeaseSidecar): void {
    const term = this.term;
    if (term === null) return;
    const startedAt = this.clock.now();
    const row = sidecar.renew(term.generation);
    if (row === null) {
      this.stepDown('another PC took over the lease');
      this.watch(sidecar);
      return;
    }
    if (this.term !== term) return;
    term.startedAt = startedAt;
    this.armFence(term);
    this.observe(row, this.clock.now());
    this.kickRequests();
  }

  private watch(sidecar: LeaseSidecar): void {
    const row = sidecar.readLease();
    const now = this.clock.now(); // read AFTER the row: the row's write happened before this moment
    const o = this.observe(row, now);
    if (!sidecar.writable) {
      this.setState({
        role: 'viewer',
        holder: row.holderName,
        canLead: false,
        reason: 'this PC cannot take the lease: the folder of the practice database is read-only',
      });
      return;
    }
    if (row.holderId === null) return this.take(sidecar, row, 'the lease was free');
    if (row.holderId === this.holderId && row.generation === this.lastGeneration) {
      return this.take(sidecar, row, 'resumed after a missed renewal (nobody took over)');
    }
    const waitMs = this.settings.ttlMs + this.settings.marginMs;
    if (o.quietMs >= waitMs) {
      const who = row.holderName ?? 'nobody';
      return this.take(sidecar, row, `took over: ${who} stopped renewing the lease`);
    }
    this.setState({
      role: 'viewer',
      holder: row.holderName,
      canLead: true,
      reason:
        row.holderName !== null ? `syncing on ${row.holderName}` : 'waiting for the lock file to settle',
    });
  }

  /** Records the row; counts quiet time while the (holder, generation, seq) triple does not move. */
  private observe(row: LeaseRow, now: number): Observation {
    const o = this.observed;
    if (o !== null && o.holderId === row.holderId && o.generation === row.generation && o.seq === row.seq) {
      // Count at most one poll interval per poll and never negative time: a wall-clock jump cannot speed this up.
      o.quietMs += Math.min(Math.max(0, now - o.lastPollAt), this.settings.renewEveryMs);
      o.lastPollAt = now;
      return o;
    }
    const fresh: Observation = {
      holderId: row.holderId,
      holderName: row.holderName,
      generation: row.generation,
      seq: row.seq,
      quietMs: 0,
      lastPollAt: now,
    };
    this.observed = fresh;
    return fresh;
  }

  private take(sidecar: LeaseSidecar, row: LeaseRow, reason: string): void {
    const startedAt = this.clock.now();
    const won = sidecar.tryAcquire(row);
    if (won === null) {
      this.setState({
        role: 'viewer',
        holder: null,
        canLead: true,
        reason: 'another PC took the lease first',
      });
      return;
    }
    const term: Term = { generation: won.generation, startedAt, fenceTimer: null };
    this.term = term;
    this.lastGeneration = won.generation;
    this.armFence(term);
    this.observe(won, this.clock.now());
    this.setState({ role: 'leader', token: won.generation, reason });
    this.kickRequests();
  }

  /** A timer (monotonic in production) ends the term even if the wall clock is moved backwards. */
  private armFence(term: Term): void {
    if (term.fenceTimer !== null) this.clock.clearTimeout(term.fenceTimer);
    const windowMs = this.settings.ttlMs - this.settings.marginMs;
    const left = term.startedAt + windowMs - this.clock.now();
    term.fenceTimer = this.clock.setTimeout(() => {
      if (this.term === term) this.stepDown('the lease could not be renewed in time; stepping down');
    }, left);
  }

  private stepDown(reason: string): void {
    if (this.term === null) return;
    this.endTerm();
    this.observed = null;
    this.setState({ role: 'viewer', holder: null, canLead: true, reason });
  }

  private endTerm(): void {
    if (this.term?.fenceTimer) this.clock.clearTimeout(this.term.fenceTimer);
    this.term = null;
  }

  /** Any I/O problem: stop leading at once, drop the connection, retry on the next round. */
  private onFault(e: unknown): void {
    const err =
      e instanceof LeaseError
        ? e
        : new LeaseError('sidecar-unavailable', `the lock file cannot be used (${describeError(e)})`, {
            cause: e,
          });
    this.endTerm();
    this.observed = null;
    try {
      this.sidecar?.close();
    } catch {
      // already broken
    }
    this.sidecar = null;
    if (this.stopped) return;
    this.setState({ role: 'error', code: err.code, reason: err.message });
  }

  private requireSidecar(): LeaseSidecar {
    if (this.sidecar === null) {
      throw new LeaseError('sidecar-unavailable', `the lock file is not open (${this.current.reason})`);
    }
    return this.sidecar;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Requests

  private kickRequests(): void {
    const token = this.token();
    if (token === null || this.handler === null || this.processing) return;
    this.processing = true;
    void this.processRequests(token, this.handler).finally(() => {
      this.processing = false;
    });
  }

  private async processRequests(token: number, handler: RequestHandler): Promise<void> {
    const stillLeading = () => this.token() === token;
    try {
      while (stillLeading()) {
        const batch = this.sidecar?.claimRequests(token, 10) ?? [];
        if (batch.length === 0) return;
        for (const item of batch) {
          if (!stillLeading()) return;
          let outcome: RequestOutcome;
          try {
            outcome = RequestOutcomeSchema.parse(
              await handler(item.request, { id: item.id, requester: item.requester, token }),
            );
          } catch (e) {
            outcome = { ok: false, message: describeError(e) };
          }
          // A term that ended meanwhile must not mark it done: the next leader re-claims and runs it.
          if (!stillLeading()) return;
          this.sidecar?.completeRequest(token, item.id, outcome);
        }
      }
    } catch (e) {
      this.onFault(e);
    }
  }

  private setState(next: KeeperState): void {
    const previous = this.current;
    this.current = next;
    if (sameRole(previous, next)) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(next, previous);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}

function sameRole(a: KeeperState, b: KeeperState): boolean {
  if (a.role !== b.role) return false;
  if (a.role === 'leader' && b.role === 'leader') return a.token === b.token;
  if (a.role === 'viewer' && b.role === 'viewer') return a.holder === b.holder && a.canLead === b.canLead;
  if (a.role === 'error' && b.role === 'error') return a.code === b.code;
  return true;
}
