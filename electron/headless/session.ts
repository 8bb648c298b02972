// One configured sync session: the assembled engine plus, when several PCs share the practice DB, the lease that
// decides whether this PC syncs (leader) or watches (viewer). The leader publishes its status, open conflicts and
// recent activity into the lease sidecar and carries out the requests viewers queue there.
import { join } from 'node:path';
import type { BridgeEvent, LeaseInfo, StatusSnapshot } from '../../shared/bridge';
import type { Locale } from '../engine/docplanner/locales';
import { RateBudget } from '../engine/docplanner/rate-budget';
import { LeaseKeeper, type KeeperState, type LeaseRequest, type RequestOutcome } from '../engine/lease';
import { DEFAULT_ENGINE_CONFIG, type SyncEngineConfig } from '../engine/sync/engine';
import type { Clock } from '../engine/util/clock';
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
  private engineRunning = false;
  private lastPublish = 0;
  private readonly unsubscribe: (() => void)[] = [];
  private roleChange: Promise<void> = Promise.resolve();

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
      await this.startEngine();
      return;
    }
    this.keeper.onRequest((req) => this.carryOut(req));
    this.unsubscribe.push(this.keeper.onRoleChange((s, prev) => this.onRole(s, prev)));
    await this.onRole(this.keeper.state, { role: 'starting', reason: '' });
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    await this.roleChange;
    await this.assembled.close();
    this.keeper?.stop({ release: true });
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
    if (!this.isViewer()) return { ...this.engine.status(), lease };
    const published = this.safeReadPublished();
    if (published) return { ...published.snapshot, lease };
    const waiting = this.engine.status();
    return {
      ...waiting,
      state: 'syncing',
      reason: lease.holder
        ? `Syncing on ${lease.holder}; waiting for its first status report.`
        : 'Waiting for a reception PC to take over syncing.',
      lease,
    };
  }

  /** What viewers show for conflicts and activity. */
  published() {
    return this.safeReadPublished();
  }

  /** Queues a request for the PC that syncs (viewer mode). */
  request(req: LeaseRequest, requester: string): RequestOutcome {
    if (!this.keeper) return { ok: false, message: 'No lease is configured.' };
    this.keeper.enqueue(req, requester);
    const holder = this.keeper.info().holder;
    return {
      ok: true,
      message: holder ? `Sent to ${holder}, the PC that syncs.` : 'Queued for the PC that will sync.',
    };
  }

  private safeReadPublished() {
    try {
      return this.keeper?.readStatus() ?? null;
    } catch {
      return null;
    }
  }

  private onRole(state: KeeperState, previous: KeeperState): Promise<void> {
    this.roleChange = this.roleChange.then(async () => {
      if (state.role === 'leader' && !this.engineRunning) await this.startEngine();
      if (state.role !== 'leader' && this.engineRunning) {
        this.engineRunning = false;
        await this.engine.stop();
      }
      if (state.role !== previous.role) this.o.onEvent({ type: 'status', status: this.status() });
    });
    return this.roleChange;
  }

  private async startEngine(): Promise<void> {
    this.engineRunning = true;
    await this.engine.start();
    this.publish(true);
  }

  private publish(force: boolean): void {
    const keeper = this.keeper;
    if (!keeper || !keeper.isLeader()) return;
    const now = this.o.clock.now();
    if (!force && now - this.lastPublish < PUBLISH_EVERY_MS) return;
    this.lastPublish = now;
    const engine = this.engine;
    keeper.publishStatus({
      snapshot: { ...engine.status(), lease: keeper.info() },
      conflicts: engine.listConflicts({ status: 'open' }).slice(0, 200),
      activity: engine.listActivity({ limit: 200 }).entries,
    });
  }

  private async carryOut(req: LeaseRequest): Promise<RequestOutcome> {
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
