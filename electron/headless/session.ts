// One configured sync session: the assembled engine plus, when several PCs share the practice DB, the lease that
// decides whether this PC syncs (leader) or watches (viewer). The leader publishes its status, open conflicts and
// recent activity into the lease sidecar and carries out the requests viewers queue there.
//
// Failover (each PC has its own state DB): the leader also publishes a handover (mapping, activation state, id
// links of future bookings and breaks). A PC that becomes leader imports the handover of another state DB, applies
// the notifications still queued (they are older than anything it will read), then reconciles with Docplanner
// (links what already exists there) BEFORE its engine starts pushing anything. Losing the lease stops the engine
// at once (after the write in flight).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ActionResult, BridgeEvent, LeaseInfo, StatusSnapshot } from '../../shared/bridge';
import type { Locale } from '../engine/docplanner/locales';
import { RateBudget } from '../engine/docplanner/rate-budget';
import {
  LeaseKeeper,
  type Handover,
  type HandoverRecord,
  type KeeperState,
  type LeaseRequest,
  type RequestOutcome,
} from '../engine/lease';
import { DEFAULT_ENGINE_CONFIG, type SyncEngineConfig } from '../engine/sync/engine';
import type { Clock, TimerHandle } from '../engine/util/clock';
import type { SyncConfig } from './config';
import { assembleEngine, type AssembledEngine } from './engine-assembly';

export interface SessionOptions {
  config: SyncConfig;
  clientSecret: string;
  dataDir: string;
  clock: Clock;
  /** This PC's name as other PCs will see it ("RECEPTION-2"). */
  machineName: string;
  installId: string;
  onEvent: (e: BridgeEvent) => void;
}

const PUBLISH_EVERY_MS = 2000;
/** The handover (bigger: links) is republished when it changed, at most this often, and on a clean stop. */
const HANDOVER_EVERY_MS = 5000;
/** Links of bookings/breaks that ended more than this long ago are not handed over. */
const HANDOVER_PAST_MS = 24 * 3600_000;
/** Meta key: random id of this state DB (tells a PC's own handover from another PC's). */
const STATE_ID_KEY = 'lease.state-id';

/** What a PC did when it became leader (tests and the activity log read it). */
export interface TakeoverReport {
  token: number;
  /** Holder name of the term whose handover was imported, or null (own handover, or none). */
  importedFrom: string | null;
  /** True when the term resumed this PC's own previous term (its state DB knows everything). */
  resumed: boolean;
  /** Summary of the reconciliation run before anything was pushed (null when none was needed). */
  reconciled: string | null;
}

export function engineConfigOf(c: SyncConfig): SyncEngineConfig {
  return {
    ...DEFAULT_ENGINE_CONFIG,
    horizonDays: c.horizonDays,
    detectIntervalMs: Math.round(c.intervals.detectSeconds * 1000),
    pullIntervalMs: c.intervals.pullSeconds * 1000,
    reconcileIntervalMs: c.intervals.reconcileMinutes * 60_000,
    breakPolicy: c.breakPolicy,
  };
}

export function budgetFor(c: SyncConfig, clock: Clock): RateBudget {
  return new RateBudget({
    clock,
    writesPerMinute: c.rateLimits.writesPerMinute,
    readsPerHour: c.rateLimits.readsPerHour,
  });
}

export class SyncSession {
  readonly assembled: AssembledEngine;
  readonly keeper: LeaseKeeper | null;
  /** What happened at each takeover, oldest first. */
  readonly takeovers: TakeoverReport[] = [];
  private engineRunning = false;
  private stopping: Promise<void> = Promise.resolve();
  private lastPublish = -Infinity;
  private lastHandoverAt = -Infinity;
  private lastHandoverJson = '';
  private publishTimer: TimerHandle | null = null;
  private closed = false;
  private readonly unsubscribe: (() => void)[] = [];
  private roleChange: Promise<void> = Promise.resolve();
  private readonly stateId: string;
  /** The last takeover failure (shown in the status while this PC leads), cleared by the next good takeover. */
  private roleError: string | null = null;

  private constructor(private readonly o: SessionOptions) {
    const c = o.config;
    this.keeper = c.lease.enabled
      ? LeaseKeeper.start(c.practice.dbPath, {
          installId: o.installId,
          displayName: o.machineName,
          clock: o.clock,
          ttlMs: c.lease.ttlSeconds * 1000,
          renewEveryMs: Math.floor((c.lease.ttlSeconds * 1000) / 3),
        })
      : null;
    const keeper = this.keeper;
    try {
      this.assembled = assembleEngine({
        docplanner: {
          baseUrl: c.docplanner.baseUrl,
          locale: c.docplanner.locale as Locale,
          clientId: c.docplanner.clientId,
          clientSecret: o.clientSecret,
        },
        practice:
          c.practice.kind === 'mapping'
            ? {
                kind: 'mapping',
                dbPath: c.practice.dbPath,
                mappingFile: c.practice.mappingFile,
                timeZone: c.timeZone,
              }
            : { kind: 'reference', dbPath: c.practice.dbPath, timeZone: c.timeZone },
        statePath: c.stateDbPath ?? join(o.dataDir, 'state.db'),
        clock: o.clock,
        config: engineConfigOf(c),
        isLeader: keeper ? () => keeper.isLeader() : undefined,
        lease: keeper ? () => keeper.info() : undefined,
        budget: budgetFor(c, o.clock),
      });
      const meta = this.assembled.engine.repos.meta;
      let id = meta.get(STATE_ID_KEY);
      if (!id) {
        id = randomUUID();
        meta.set(STATE_ID_KEY, id);
      }
      this.stateId = id;
    } catch (e) {
      keeper?.stop({ release: true });
      throw e;
    }
  }

  static open(o: SessionOptions): SyncSession {
    return new SyncSession(o);
  }

  get engine() {
    return this.assembled.engine;
  }

  /** Imports the configured mapping (headless setups), then syncs if this PC may. */
  async start(): Promise<void> {
    const { engine } = this.assembled;
    if (this.o.config.mapping) {
      const r = await engine.importMapping(this.o.config.mapping);
      if (!r.ok)
        throw Object.assign(new Error(`The mapping in the config file was refused: ${r.message}`), {
          code: 'mapping',
        });
    }
    this.unsubscribe.push(
      engine.onEvent((e) => {
        this.o.onEvent(e.type === 'status' ? { type: 'status', status: this.status() } : e);
        this.publish(false);
      }),
    );
    if (!this.keeper) {
      this.engineRunning = true;
      await this.engine.start();
      return;
    }
    this.keeper.onRequest((req) => this.carryOut(req));
    this.unsubscribe.push(this.keeper.onRoleChange((s, prev) => void this.onRole(s, prev)));
    this.schedulePublish();
    await this.onRole(this.keeper.state, { role: 'starting', reason: '' });
  }

  /**
   * Clean shutdown: the leader hands over its mapping and links, stops syncing and releases the lease (the next PC
   * takes over at its next poll). `release: false` leaves the lease to expire, as a crash would.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.publishTimer) this.o.clock.clearTimeout(this.publishTimer);
    this.publishTimer = null;
    const release = options.release !== false;
    if (this.keeper) {
      if (release) this.publish(true);
      this.engineRunning = false;
      // Stop the engine before giving up the lease, so no write can follow the release.
      await this.engine.stop();
      await this.roleChange.catch(() => undefined);
      this.keeper.stop({ release });
    }
    await this.assembled.close();
  }

  /**
   * Resolves when the current role change is done; in particular a new term's takeover (handover import and
   * reconciliation). Leader-side actions (sync now, resolve, activate …) should await it before using the engine.
   */
  settled(): Promise<void> {
    return this.roleChange;
  }

  isViewer(): boolean {
    return this.keeper !== null && !this.keeper.isLeader();
  }

  lease(): LeaseInfo {
    return this.keeper ? this.keeper.info() : { role: 'standalone', holder: null, expiresAt: null };
  }

  /** The leader's own status, or (viewer) the status the leader published, marked with the lease. */
  status(): StatusSnapshot {
    const lease = this.lease();
    const keeper = this.keeper;
    if (!keeper) return { ...this.engine.status(), lease };
    if (keeper.isLeader()) {
      const s = { ...this.engine.status(), lease };
      if (this.roleError === null) return s;
      const lastError = { code: 'takeover', message: this.roleError, at: this.o.clock.now() };
      return {
        ...s,
        state: 'error',
        reason: this.roleError,
        reasonCode: 'status.takeover-failed',
        lastError,
      };
    }
    const own = this.engine.status();
    const ks = keeper.state;
    if (ks.role === 'error') {
      const message = `Sync is stopped on this PC: ${ks.reason}.`;
      return {
        ...own,
        state: 'error',
        reason: message,
        reasonCode: 'status.lease-stopped',
        reasonParams: { error: `lease-${ks.code}` },
        pending: 0,
        drainSeconds: 0,
        progress: null,
        lastError: { code: `lease-${ks.code}`, message, at: this.o.clock.now() },
        lease,
      };
    }
    const published = this.safeReadPublished();
    const fresh = published !== null && lease.holder !== null && published.holderName === lease.holder;
    const note =
      ks.role === 'viewer' && !ks.canLead && !this.closed
        ? ' This PC only watches: the folder of the practice database is read-only here.'
        : '';
    const noteCode = note ? 'status.note.read-only' : '';
    if (published && fresh) {
      const inner = published.snapshot;
      return {
        ...inner,
        reason: `Syncing on ${lease.holder}: ${inner.reason}${note}`,
        ...(inner.reasonCode
          ? {
              reasonCode: 'status.syncing-on',
              reasonParams: {
                ...inner.reasonParams,
                holder: lease.holder!,
                reason: inner.reasonCode,
                note: noteCode,
              },
            }
          : { reasonCode: undefined, reasonParams: undefined }),
        lease,
      };
    }
    return {
      ...own,
      state: 'syncing',
      reason:
        (lease.holder
          ? `Syncing on ${lease.holder}; waiting for its first status report.`
          : `Waiting for a reception PC to take over syncing (${ks.reason}).`) + note,
      ...(lease.holder
        ? {
            reasonCode: 'status.waiting-first-report',
            reasonParams: { holder: lease.holder, note: noteCode },
          }
        : { reasonCode: 'status.waiting-takeover', reasonParams: { note: noteCode } }),
      lastError: null,
      lease,
    };
  }

  /** What viewers show for conflicts and activity. */
  published() {
    return this.safeReadPublished();
  }

  /** Queues a request for the PC that syncs (viewer mode); the answer is coded for the UI's language. */
  request(req: LeaseRequest, requester: string): ActionResult {
    if (!this.keeper)
      return { ok: false, message: 'No lease is configured.', code: 'viewer.no-lease', params: {} };
    try {
      this.keeper.enqueue(req, requester);
    } catch (e) {
      return {
        ok: false,
        message: `The request could not be queued: ${(e as Error).message}.`,
        code: 'viewer.queue-failed',
        params: {},
      };
    }
    const holder = this.keeper.info().holder;
    return holder
      ? {
          ok: true,
          message: `Sent to ${holder}, the PC that syncs.`,
          code: 'viewer.sent',
          params: { holder },
        }
      : { ok: true, message: 'Queued for the PC that will sync.', code: 'viewer.queued', params: {} };
  }

  private safeReadPublished() {
    try {
      return this.keeper?.readStatus() ?? null;
    } catch {
      return null;
    }
  }

  private onRole(state: KeeperState, previous: KeeperState): Promise<void> {
    // Losing the lease stops the engine now (after the write in flight), not after queued role work.
    if (state.role !== 'leader' && this.engineRunning) {
      this.engineRunning = false;
      this.stopping = this.engine.stop().catch(() => undefined);
    }
    this.roleChange = this.roleChange
      .then(async () => {
        if (this.closed) return;
        if (state.role !== 'leader') await this.stopping;
        const keeper = this.keeper;
        const now = keeper?.state;
        if (
          state.role === 'leader' &&
          now?.role === 'leader' &&
          now.token === state.token &&
          !this.engineRunning
        ) {
          await this.lead(state.token);
        }
        if (state.role !== previous.role) this.o.onEvent({ type: 'status', status: this.status() });
      })
      .catch((e: unknown) => {
        // Never an unhandled rejection in the app: the status says what went wrong; the next term tries again.
        this.roleError = `Could not take over syncing: ${e instanceof Error ? e.message : String(e)}`;
        this.o.onEvent({ type: 'status', status: this.status() });
      });
    return this.roleChange;
  }

  /** A new term: import another PC's handover, reconcile with Docplanner, and only then start pushing. */
  private async lead(token: number): Promise<void> {
    this.engineRunning = true;
    this.lastHandoverJson = ''; // a new term republishes its handover under its own token
    const handover = this.readHandover();
    const resumed =
      handover !== null && handover.stateId === this.stateId && handover.generation === token - 1;
    const report: TakeoverReport = { token, importedFrom: null, resumed, reconciled: null };
    if (handover !== null && handover.stateId !== this.stateId) {
      this.importHandover(handover);
      report.importedFrom = handover.holderName;
    }
    if (!resumed) {
      // Notifications left in the queue are older than what reconciliation will read: apply them first (PMS side
      // only), or a stale "slot-booked" of a booking moved meanwhile would be written after reconciliation.
      await this.assembled.inbound.pullAndApply().catch(() => undefined);
      // This state DB does not know what earlier terms pushed: link what exists on Docplanner first.
      if (this.engineRunning && !this.closed) {
        const r = await this.engine.reconcile();
        report.reconciled = r.summary;
      }
    }
    this.takeovers.push(report);
    if (!this.engineRunning || this.closed) return;
    await this.engine.start();
    this.roleError = null;
    this.publish(true);
  }

  private readHandover(): HandoverRecord | null {
    try {
      return this.keeper?.readHandover() ?? null;
    } catch {
      return null;
    }
  }

  /** Takes the previous leader's mapping, activation state and links into this PC's state DB (one transaction). */
  private importHandover(h: HandoverRecord): void {
    const { repos } = this.engine;
    const now = this.o.clock.now();
    this.assembled.db.transaction(() => {
      if (JSON.stringify(repos.mapping.getMapping()) !== JSON.stringify(h.mapping)) {
        repos.mapping.replaceMapping(h.mapping, now);
      }
      for (const a of h.activation) {
        const mine = repos.mapping.getAddress(a.addressKey);
        if (mine && mine.activation !== a.activation)
          repos.mapping.setActivation(a.addressKey, a.activation, now);
      }
      for (const b of h.bookings) repos.bookings.upsert(b, now);
      for (const b of h.breaks) repos.breaks.upsert(b, now);
    })();
    repos.audit.append({
      at: now,
      direction: 'local',
      operation: 'leaseHandover',
      addressKey: null,
      outcome: 'ok',
      summary: `Took over syncing from ${h.holderName}: mapping of ${h.mapping.addresses.length} address(es) and ${h.bookings.length} booking link(s) imported; checking Docplanner before sending anything.`,
      code: 'activity.lease.handover',
      params: { holder: h.holderName, count: h.mapping.addresses.length, bookings: h.bookings.length },
    });
  }

  private handover(): Handover {
    const { repos } = this.engine;
    const cutoff = this.o.clock.now() - HANDOVER_PAST_MS;
    const addresses = repos.mapping.listAddresses();
    return {
      stateId: this.stateId,
      mapping: repos.mapping.getMapping(),
      activation: addresses.map((a) => ({ addressKey: a.addressKey, activation: a.activation })),
      bookings: repos.bookings
        .listAll()
        .filter((l) => Date.parse(l.end) >= cutoff)
        .map(({ updatedAt: _, ...l }) => l),
      breaks: addresses.flatMap((a) =>
        repos.breaks
          .listByAddress(a.addressKey)
          .filter((l) => Date.parse(l.till) >= cutoff)
          .map(({ updatedAt: _, ...l }) => l),
      ),
    };
  }

  /** Status for viewers on every engine event (throttled) and on a timer; the handover when it changed. */
  private schedulePublish(): void {
    if (this.closed) return;
    this.publishTimer = this.o.clock.setTimeout(() => {
      this.publishTimer = null;
      this.publish(false);
      this.schedulePublish();
    }, HANDOVER_EVERY_MS);
  }

  private publish(force: boolean): void {
    const keeper = this.keeper;
    if (!keeper || !this.engineRunning || !keeper.isLeader() || !this.assembled.db.open) return;
    const now = this.o.clock.now();
    if (force || now - this.lastPublish >= PUBLISH_EVERY_MS) {
      this.lastPublish = now;
      const engine = this.engine;
      keeper.publishStatus({
        snapshot: { ...engine.status(), lease: keeper.info() },
        conflicts: engine.listConflicts({ status: 'open' }).slice(0, 200),
        activity: engine.listActivity({ limit: 200 }).entries,
      });
    }
    if (force || now - this.lastHandoverAt >= HANDOVER_EVERY_MS) {
      const h = this.handover();
      const json = JSON.stringify(h);
      if (json !== this.lastHandoverJson && keeper.publishHandover(h)) {
        this.lastHandoverJson = json;
        this.lastHandoverAt = now;
      }
    }
  }

  private async carryOut(req: LeaseRequest): Promise<RequestOutcome> {
    // Never before the takeover (handover import + reconciliation) of this term is finished.
    await this.roleChange;
    if (!this.engineRunning || this.closed) {
      // The term ended meanwhile: the keeper does not mark it done then, and the next leader runs it.
      return { ok: false, message: 'This PC stopped syncing before it could carry the request out.' };
    }
    const engine = this.engine;
    switch (req.kind) {
      case 'sync-now':
        return engine.syncNow(req.addressKey);
      case 'full-resync':
        return engine.fullResync();
      case 'resolve-conflict':
        return engine.resolveConflict({ id: req.id, action: req.action, by: req.by });
    }
  }
}
