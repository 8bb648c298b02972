// SyncEngine: the one object the bridge and the CLI talk to. It owns the loops (detect → send every ~2 s, pull,
// periodic reconciliation), catch-up on start, the activation feed, status and events, and passes mapping and
// conflict calls through. One cycle runs at a time; writes go out one at a time. With isLeader() false nothing is
// written to Docplanner or the PMS. See README.md beside this file for the data flow.
import type {
  ActionResult,
  ActivationPreview,
  ActivityPage,
  ActivityQuery,
  BridgeEvent,
  Conflict,
  ConflictQuery,
  ErrorInfo,
  LeaseInfo,
  Mapping,
  MappingView,
  Progress,
  ReconciliationResult,
  ResolveConflictRequest,
  ResolveOutcome,
  SaveResult,
  StatusSnapshot,
} from '../../../shared/bridge';
import { ReconciliationResultSchema } from '../../../shared/bridge';
import { addressKeyId, type LocalAddressKey } from '../../../shared/canonical';
import type { DocplannerApi } from '../docplanner/api';
import type { Notification } from '../docplanner/schemas';
import type { PracticeAdapter } from '../practice/adapter';
import { PracticeDbError } from '../practice/adapter';
import { ClinicTime } from '../practice/time';
import { ConflictRepo } from '../store/conflicts';
import type { StateDb } from '../store/db';
import { AUDIT_KEEP_MS, AUDIT_NAMES_KEEP_MS } from '../store/audit';
import { META_KEYS } from '../store/meta';
import { createRepos, type Repos } from '../store/repos';
import type { Clock, TimerHandle } from '../util/clock';
import { activationTotalKey, previewActivation, startActivation, type ActivationDeps } from './activation';
import { practiceData } from './conflicts/drafts';
import { ConflictService } from './conflicts/service';
import { MappingService } from './mapping/service';
import { Detector } from './outbound/detector';
import { KeyPlanner } from './outbound/key-planner';
import { Sender, toErrorInfo, type SendHealth } from './outbound/sender';
import type { SlotsProblem } from './plan/slots';
import { Reconciler, type BreaksCheck } from './reconcile/reconciler';
import { buildStatus, type AddressFacts, type Health } from './status';

/** How often old patient names are erased from the activity log (and year-old entries deleted). */
const RETENTION_INTERVAL_MS = 3_600_000;

export interface ReconcileOptions {
  /** Queue every day of the horizon (full resync), not only those that differ. */
  enqueueAllDays?: boolean;
  /** 'always': read every address's breaks; default: only when slots/bookings leave a doubt or a day has passed. */
  breaks?: BreaksCheck;
}

export interface SyncEngineConfig {
  horizonDays: number;
  detectIntervalMs: number;
  pullIntervalMs: number;
  reconcileIntervalMs: number;
  breakPolicy: 'block-pms' | 'conflict';
}

export const DEFAULT_ENGINE_CONFIG: SyncEngineConfig = {
  horizonDays: 84,
  detectIntervalMs: 1000,
  pullIntervalMs: 15_000,
  reconcileIntervalMs: 3600_000,
  breakPolicy: 'block-pms',
};

/** The inbound half as the engine uses it (sync/inbound/index.ts `Inbound` fits). */
export interface InboundPort {
  pullAndApply(): Promise<{ pull: { ok: boolean }; apply: { error: string | null } }>;
  /** Where reconciliation hands marketplace changes nobody told us about (as synthetic notifications). */
  inbox?: { store(notifications: readonly Notification[], source: 'reconciliation'): unknown };
  applyPending?(): unknown;
  /**
   * Its puller (Inbound fits): with it and `applyPending`, the engine pulls and applies in two steps, so a lease
   * lost while the pull was on the wire stores the notifications without applying them.
   */
  puller?: { pull(): Promise<{ ok: boolean }> };
  /** Its conflict service (with the resolution actions wired); used when `deps.conflicts` is not given. */
  conflicts?: ConflictService;
}

/** What the engine needs of the rate budget (RateBudget fits). */
export interface BudgetPort {
  estimateDrainSeconds(pendingWrites: number): number;
  /** The write interval that spends the budget evenly; non-urgent lanes are paced at it. */
  steadyWriteIntervalMs?(): number;
  snapshot(): { blockedUntil: number | null };
}

export interface SyncEngineDeps {
  api: DocplannerApi;
  budget?: BudgetPort;
  practice: PracticeAdapter;
  db: StateDb;
  clock: Clock;
  config?: Partial<SyncEngineConfig>;
  inbound?: InboundPort;
  conflicts?: ConflictService;
  /** Multi-PC lease: when false, never write to Docplanner or the PMS. Default: always leader. */
  isLeader?: () => boolean;
  lease?: () => LeaseInfo;
  /** Shared repos (the inbound half must use the same instances); built from `db` when omitted. */
  repos?: Repos;
}

export interface RunOnceResult {
  agree: boolean;
  reasons: string[];
  status: StatusSnapshot;
}

const NOTIFICATION_LIFETIME_MS = 72 * 3600_000;

export class SyncEngine {
  readonly repos: Repos;
  readonly conflicts: ConflictService;
  readonly mapping: MappingService;
  private readonly config: SyncEngineConfig;
  private readonly time: ClinicTime;
  private readonly planner: KeyPlanner;
  private readonly detector: Detector;
  private readonly sender: Sender;
  private readonly reconciler: Reconciler;
  private readonly listeners = new Set<(e: BridgeEvent) => void>();
  private readonly health = new Map<string, Health>();
  private globalHealth: Health = { kind: 'ok' };
  private paused = false;
  private running = false;
  private timer: TimerHandle | null = null;
  private cycle: Promise<void> | null = null;
  private progress: Progress | null = null;
  private lastStatusJson = '';
  private lastDetectAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: SyncEngineDeps) {
    this.config = { ...DEFAULT_ENGINE_CONFIG, ...deps.config };
    this.repos = deps.repos ?? createRepos(deps.db);
    this.time = new ClinicTime(deps.practice.timeZone);
    this.conflicts =
      deps.conflicts ??
      deps.inbound?.conflicts ??
      new ConflictService(new ConflictRepo(deps.db), this.repos.audit, deps.clock);
    const now = () => deps.clock.now();
    this.planner = new KeyPlanner({
      repos: this.repos,
      practice: deps.practice,
      time: this.time,
      now,
      horizonDays: this.config.horizonDays,
      onSlotsProblems: (k, p) => this.raiseSlotsProblems(k, p),
    });
    this.detector = new Detector({
      repos: this.repos,
      practice: deps.practice,
      planner: this.planner,
      now,
      onSlotsProblems: (k, p) => this.raiseSlotsProblems(k, p),
    });
    this.sender = new Sender({
      api: deps.api,
      repos: this.repos,
      conflicts: this.conflicts.repo,
      planner: this.planner,
      clock: deps.clock,
      // WHY: isLeader() at the start of a cycle is not enough; a lease lost mid-cycle must stop the next write.
      canWrite: () => this.canWrite(),
      onHealth: (h, key) => this.setHealth(key, h),
      onConflict: () => this.emit({ type: 'conflicts-changed', open: this.conflicts.openCount() }),
      onProgress: () => this.emitStatus(),
      beforeEachWrite: () => this.detectIfDue(),
      paceIntervalMs: () => this.deps.budget?.steadyWriteIntervalMs?.() ?? 0,
    });
    this.reconciler = new Reconciler({
      api: deps.api,
      repos: this.repos,
      planner: this.planner,
      detector: this.detector,
      time: this.time,
      now,
      inbound: deps.inbound,
    });
    this.mapping = new MappingService({
      api: deps.api,
      repos: this.repos,
      practice: deps.practice,
      conflicts: this.conflicts,
      now,
      onMappingSaved: (keys) => this.replan(keys),
    });
    this.repos.audit.subscribe((entry) => this.emit({ type: 'activity', entry }));
    this.conflicts.on((e) => this.emit(e));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Lifecycle

  /** Catch-up, then the background loops. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.sender.resume();
    await this.runCycle({ catchUp: true });
    this.schedule(0);
  }

  /** Stops the loops; the write in flight (if any) finishes first. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    this.sender.stop();
    await this.cycle?.catch(() => undefined);
  }

  setPaused(paused: boolean): { ok: boolean; message: string } {
    this.paused = paused;
    if (paused) this.sender.stop();
    else {
      this.sender.resume();
      this.schedule(0);
    }
    this.emitStatus();
    return { ok: true, message: paused ? 'Sync paused.' : 'Sync resumed.' };
  }

  /** Runs a cycle now (one address or all: detection covers all; the drain is limited to the address). */
  async syncNow(addressKey?: string): Promise<ActionResult> {
    if (!this.paused) this.sender.resume();
    await this.runCycle({ addressKeys: addressKey ? [addressKey] : undefined });
    const s = this.status();
    return { ok: s.state === 'in-sync', message: s.reason, code: s.reasonCode, params: s.reasonParams };
  }

  /** One full cycle for `sync --once`: catch-up, drain, reconcile everything, drain the repairs. */
  async runOnce(opts: { maxWaitMs?: number } = {}): Promise<RunOnceResult> {
    const reasons: string[] = [];
    if (!this.paused) this.sender.resume();
    await this.runCycle({ catchUp: true, waitForRetries: opts.maxWaitMs ?? 10 * 60_000 });
    const rec = await this.reconcile();
    await this.runCycle({ waitForRetries: opts.maxWaitMs ?? 10 * 60_000 });
    const status = this.status();
    if (!rec.ok) reasons.push(`Reconciliation: ${rec.summary}`);
    if (status.pending > 0) reasons.push(`${status.pending} change(s) could not be sent yet.`);
    const blocked = this.repos.outbox.list({ state: 'blocked' }).length;
    if (blocked > 0) reasons.push(`${blocked} change(s) were refused by Docplanner.`);
    if (status.lastError && status.state !== 'in-sync') reasons.push(status.lastError.message);
    const open = this.conflicts.openCount();
    if (open > 0) reasons.push(`${open} open conflict(s) need a decision.`);
    return { agree: reasons.length === 0, reasons, status };
  }

  /** Re-reads Docplanner, rebuilds the plan, pushes only real differences. */
  async fullResync(): Promise<ActionResult> {
    if (!this.paused) this.sender.resume();
    this.progress = { kind: 'full-resync', done: 0, total: 1, etaSeconds: null };
    this.emitStatus();
    try {
      const rec = await this.exclusive(async () => {
        const r = await this.reconcileNow({ enqueueAllDays: true, breaks: 'always' });
        await this.cycleBody({});
        return r;
      });
      return { ok: rec.ok, message: rec.summary, code: rec.summaryCode, params: rec.summaryParams };
    } finally {
      this.progress = null;
      this.emitStatus();
    }
  }

  /** Reconciliation (coverage validation) of every activated address now, repairs included. */
  reconcile(opts: ReconcileOptions = {}): Promise<ReconciliationResult> {
    return this.exclusive(() => this.reconcileNow(opts));
  }

  private async reconcileNow(opts: ReconcileOptions = {}): Promise<ReconciliationResult> {
    if (!this.canWrite()) {
      return {
        at: this.deps.clock.now(),
        ok: false,
        differences: 0,
        repaired: 0,
        summary: 'Not run: sync is paused or another PC syncs.',
        summaryCode: 'reconcile.not-run',
      };
    }
    let result: ReconciliationResult;
    try {
      const found = await this.reconciler.run({
        enqueueAllDays: opts.enqueueAllDays ?? false,
        breaks: opts.breaks,
      });
      const drained = await this.sender.drain();
      result = {
        at: this.deps.clock.now(),
        ok: found.errors.length === 0 && drained.deferred === 0,
        differences: found.differences,
        repaired: drained.writes,
        summary: found.errors.length
          ? `Could not check everything: ${found.errors[0]}`
          : found.differences === 0
            ? 'Docplanner matches the practice system.'
            : `${found.differences} difference(s) found; ${drained.writes} write(s) sent to repair them.`,
        summaryCode: found.errors.length
          ? 'reconcile.incomplete'
          : found.differences === 0
            ? 'reconcile.match'
            : 'reconcile.repaired',
        summaryParams: { count: found.differences, repaired: drained.writes },
      };
    } catch (e) {
      const info = toErrorInfo(e, this.deps.clock.now());
      this.globalHealth = healthOf(info);
      result = {
        at: this.deps.clock.now(),
        ok: false,
        differences: 0,
        repaired: 0,
        summary: info.message,
        summaryCode: 'reconcile.failed',
        summaryParams: { error: info.code },
      };
    }
    this.repos.meta.setJson(META_KEYS.lastReconciliation, result);
    this.repos.meta.setNumber(META_KEYS.lastReconcileAt, result.at);
    this.emitStatus();
    return result;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Activation

  previewActivation(addressKey: string): Promise<ActivationPreview> {
    return previewActivation(this.activationDeps(), addressKey);
  }

  async activate(addressKey: string): Promise<{ ok: boolean; message: string }> {
    if (!this.canWrite()) return { ok: false, message: 'Sync is paused or another PC is syncing.' };
    const r = await this.exclusive(() => startActivation(this.activationDeps(), addressKey));
    this.emitStatus();
    if (r.ok) this.schedule(0);
    return r;
  }

  private activationDeps(): ActivationDeps {
    return {
      api: this.deps.api,
      repos: this.repos,
      planner: this.planner,
      detector: this.detector,
      time: this.time,
      now: () => this.deps.clock.now(),
      drainSeconds: (n) => this.drainSeconds(n + this.pendingCount()),
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Status, events, activity, conflicts, mapping

  status(): StatusSnapshot {
    const now = this.deps.clock.now();
    const counts = this.repos.outbox.counts();
    const local = new Map(this.safeLocalAddresses().map((a) => [addressKeyId(a), a.label]));
    const mapped = this.repos.mapping.listAddresses();
    const keys = new Set([...mapped.map((m) => m.addressKey), ...local.keys()]);
    const lastSuccessAt = this.repos.meta.getNumber(META_KEYS.lastSuccessAt);
    const addresses: AddressFacts[] = [...keys].sort().map((key) => {
      const m = mapped.find((x) => x.addressKey === key) ?? null;
      const c = counts.get(key) ?? { pending: 0, 'in-flight': 0, unknown: 0, blocked: 0 };
      const entries = this.repos.outbox.list({ addressKey: key });
      const retry = entries.filter((e) => e.state === 'pending' && e.attempt > 0).map((e) => e.dueAt);
      return {
        key,
        label: local.get(key) ?? key,
        docplannerAddressId: m?.ref.addressId ?? null,
        activation: m?.activation ?? null,
        counts: c,
        nextRetryAt: retry.length ? Math.min(...retry) : null,
        openConflicts: this.conflicts.openCount(key),
        health: this.health.get(key) ?? { kind: 'ok' },
        lastSuccessAt: this.repos.meta.getNumber(`sync.last-success-at.${key}`) ?? lastSuccessAt,
        progress:
          m?.activation === 'feeding'
            ? this.activationProgress(key, c.pending + c.unknown + c['in-flight'])
            : null,
      };
    });
    const feeding = addresses.filter((a) => a.progress);
    const progress =
      this.progress ??
      (feeding.length
        ? feeding.reduce<Progress>(
            (p, a) => ({
              kind: 'activation',
              done: p.done + a.progress!.done,
              total: p.total + a.progress!.total,
              etaSeconds: this.drainSeconds(this.pendingCount()),
            }),
            { kind: 'activation', done: 0, total: 0, etaSeconds: null },
          )
        : null);
    const rec = this.repos.meta.getJson(META_KEYS.lastReconciliation, ReconciliationResultSchema);
    return buildStatus({
      now,
      paused: this.paused,
      leader: this.isLeader(),
      lease: this.deps.lease?.() ?? { role: 'standalone', holder: null, expiresAt: null },
      global: this.globalHealth,
      addresses,
      lastSuccessAt,
      lastReconciliation: rec,
      progress,
      drainSeconds: (n) => this.drainSeconds(n),
      blockedUntil: this.deps.budget?.snapshot().blockedUntil ?? null,
      busy: this.cycle !== null,
    });
  }

  onEvent(listener: (e: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listActivity(q: ActivityQuery): ActivityPage {
    return this.repos.audit.query(q);
  }

  revealActivity(id: number): { patient: string | null } {
    return { patient: this.repos.audit.reveal(id) };
  }

  listConflicts(q: ConflictQuery = {}): Conflict[] {
    return this.conflicts.list(q);
  }

  async resolveConflict(req: ResolveConflictRequest): Promise<ResolveOutcome> {
    const r = await this.conflicts.resolve(req);
    this.schedule(0);
    return r;
  }

  getMappingView(): Promise<MappingView> {
    return this.mapping.getMappingView();
  }

  async saveMapping(m: Mapping): Promise<SaveResult> {
    const r = await this.mapping.saveMapping(m);
    if (r.ok) this.schedule(0);
    return r;
  }

  createAddressService(req: {
    addressKey: string;
    localServiceId: string;
    serviceId: string;
  }): Promise<SaveResult> {
    return this.mapping.createAddressService(req);
  }

  exportMapping(): Mapping {
    return this.mapping.exportMapping();
  }

  importMapping(json: unknown): Promise<SaveResult> {
    return this.mapping.importMapping(json);
  }

  // ---------------------------------------------------------------------------------------------------------
  // The cycle

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.runCycle({})
        .catch((e: unknown) => {
          this.globalHealth = { kind: 'error', error: toErrorInfo(e, this.deps.clock.now()) };
        })
        .finally(() => this.scheduleNext());
    }, delayMs);
  }

  private scheduleNext(): void {
    if (!this.deps.db.open) this.running = false; // the state DB was closed under us: this engine is done
    if (!this.running || this.timer) return;
    const now = this.deps.clock.now();
    const due = this.repos.outbox.nextDueAt();
    let delay = this.config.detectIntervalMs;
    if (due !== null && this.canWrite()) delay = Math.min(delay, Math.max(0, due - now));
    this.schedule(Math.max(delay, 50));
  }

  /** Runs one cycle; a cycle requested while one runs runs right after it. */
  private async runCycle(o: {
    catchUp?: boolean;
    addressKeys?: readonly string[];
    waitForRetries?: number;
  }): Promise<void> {
    if (!this.deps.db.open) return;
    await this.exclusive(() => this.cycleBody(o));
    if (this.deps.db.open) this.emitStatus();
  }

  /** Runs `fn` when no cycle, reconciliation or activation is running: one writer at a time, always. */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.cycle) await this.cycle.catch(() => undefined);
    if (!this.deps.db.open) throw new Error('the sync state database is closed');
    const run = fn();
    const mine = run.then(
      () => undefined,
      () => undefined,
    );
    this.cycle = mine;
    try {
      return await run;
    } finally {
      if (this.cycle === mine) this.cycle = null;
    }
  }

  private async cycleBody(o: {
    catchUp?: boolean;
    addressKeys?: readonly string[];
    waitForRetries?: number;
  }): Promise<void> {
    if (!this.canWrite()) return;
    const clock = this.deps.clock;
    let failed = false;
    if (o.catchUp) {
      const before = this.lastSeen();
      const recovered = this.repos.outbox.recoverInFlight(clock.now());
      if (recovered > 0) this.progress = { kind: 'catch-up', done: 0, total: recovered, etaSeconds: null };
      failed = !(await this.pull()) || failed;
      failed = !this.detect() || failed;
      await this.sender.drain();
      this.progress = null;
      if (before !== null && clock.now() - before > NOTIFICATION_LIFETIME_MS) {
        // Off longer than notifications live: whatever happened on Docplanner meanwhile is only in its state.
        await this.reconcileNow({ breaks: 'always' });
      }
    } else {
      failed = !this.detect() || failed;
      if (this.due(META_KEYS.lastPullAt, this.config.pullIntervalMs)) failed = !(await this.pull()) || failed;
    }
    const deadline = clock.now() + (o.waitForRetries ?? 0);
    for (;;) {
      if (!this.canWrite()) break; // lost the lease mid-cycle: the rest is the new leader's
      const r = await this.sender.drain({ addressKeys: o.addressKeys });
      if (r.lastError) failed = true;
      const next = this.repos.outbox.nextDueAt();
      if (!o.waitForRetries || next === null || next > deadline) break;
      if (next > clock.now()) await clock.sleep(next - clock.now());
      else if (r.writes === 0 && r.deferred === 0) break; // nothing could be sent (stopped): never spin
      failed = false;
      failed = !this.detect() || failed;
    }
    this.markActivationsDone();
    if (
      !o.catchUp &&
      this.due(META_KEYS.lastReconcileAt, this.config.reconcileIntervalMs) &&
      this.lastSeen() !== null
    ) {
      await this.reconcileNow();
    }
    if (this.due(META_KEYS.lastMappingCheckAt, this.config.reconcileIntervalMs)) {
      // Mapped address services can vanish under us (deleted in the Docplanner UI): re-read them periodically.
      const r = await this.mapping.checkMappedServices();
      if (r.error === null) this.repos.meta.setNumber(META_KEYS.lastMappingCheckAt, clock.now());
      this.repos.pushedDays.pruneBefore(this.planner.today());
    }
    if (this.due(META_KEYS.lastRetentionAt, RETENTION_INTERVAL_MS)) {
      this.repos.audit.applyRetention(clock.now() - AUDIT_NAMES_KEEP_MS, clock.now() - AUDIT_KEEP_MS);
      this.conflicts.repo.pruneResolved(clock.now() - AUDIT_NAMES_KEEP_MS);
      this.repos.meta.setNumber(META_KEYS.lastRetentionAt, clock.now());
    }
    const c = [...this.repos.outbox.counts().values()].reduce(
      (n, x) => n + x.pending + x.unknown + x['in-flight'] + x.blocked,
      0,
    );
    if (!failed && c === 0) {
      this.globalHealth = { kind: 'ok' };
      for (const [k, h] of this.health) if (h.kind !== 'ok') this.health.set(k, { kind: 'ok' });
      this.repos.meta.setNumber(META_KEYS.lastSuccessAt, clock.now());
    }
    this.repos.meta.setNumber(META_KEYS.lastSeenAt, clock.now());
  }

  /** Detection between the writes of a long drain, at most once per detect interval. */
  private detectIfDue(): void {
    if (this.deps.clock.now() - this.lastDetectAt >= this.config.detectIntervalMs) this.detect();
  }

  private detect(): boolean {
    this.lastDetectAt = this.deps.clock.now();
    try {
      this.detector.pass();
      if (this.globalHealth.kind === 'error' && this.globalHealth.error.code.startsWith('practice')) {
        this.globalHealth = { kind: 'ok' };
      }
      return true;
    } catch (e) {
      const message =
        e instanceof PracticeDbError
          ? e.code === 'locked'
            ? 'The practice database is busy; changes will be picked up shortly.'
            : `The practice database cannot be read: ${e.message}`
          : 'The practice database cannot be read.';
      this.globalHealth = {
        kind: 'error',
        error: { code: 'practice-db', message, at: this.deps.clock.now() },
      };
      return false;
    }
  }

  private async pull(): Promise<boolean> {
    const inbound = this.deps.inbound;
    if (!inbound) return true;
    try {
      if (inbound.puller && inbound.applyPending) return await this.pullThenApplyIfLeader(inbound);
      const r = await inbound.pullAndApply();
      if (!r.pull.ok) return false;
      this.repos.meta.setNumber(META_KEYS.lastPullAt, this.deps.clock.now());
      return r.apply.error === null;
    } catch (e) {
      this.globalHealth = healthOf(toErrorInfo(e, this.deps.clock.now()));
      return false;
    }
  }

  /**
   * WHY fenced: the pull can take a while; if this PC lost the lease meanwhile, what was pulled is stored (the
   * puller writes it to the inbox first) but left pending for the next leader to apply, never applied here.
   */
  private async pullThenApplyIfLeader(inbound: InboundPort): Promise<boolean> {
    const pulled = await inbound.puller!.pull();
    if (!pulled.ok) return false;
    this.repos.meta.setNumber(META_KEYS.lastPullAt, this.deps.clock.now());
    if (!this.canWrite()) return true;
    const applied = inbound.applyPending!() as { error?: string | null } | undefined;
    return (applied?.error ?? null) === null;
  }

  private due(key: string, intervalMs: number): boolean {
    const last = this.repos.meta.getNumber(key);
    return last === null || this.deps.clock.now() - last >= intervalMs;
  }

  private lastSeen(): number | null {
    const seen = this.repos.meta.getNumber(META_KEYS.lastSeenAt);
    const pulled = this.repos.meta.getNumber(META_KEYS.lastPullAt);
    if (seen === null && pulled === null) return null;
    return Math.max(seen ?? 0, this.deps.inbound ? (pulled ?? 0) : 0) || (seen ?? pulled);
  }

  /**
   * After a mapping change (saved here, or an address-service notification handled by the inbound half): every day
   * of these activated addresses is compared again; only the days that differ are sent.
   */
  replan(addressKeys: readonly string[]): void {
    const { from, to } = this.planner.horizon();
    for (const key of addressKeys) {
      const link = this.repos.mapping.getAddress(key);
      if (!link || link.activation === 'inactive') continue;
      const days = this.planner.readRange(key, from, to).map((d) => ({ ...link.local, date: d.date }));
      this.detector.enqueueDays(days, { unblock: true });
    }
    this.emitStatus();
    this.schedule(0);
  }

  private markActivationsDone(): void {
    const counts = this.repos.outbox.counts();
    for (const a of this.repos.mapping.listAddresses()) {
      if (a.activation !== 'feeding') continue;
      const c = counts.get(a.addressKey);
      if (!c || c.pending + c.unknown + c['in-flight'] + c.blocked === 0) {
        this.repos.mapping.setActivation(a.addressKey, 'active', this.deps.clock.now());
        this.repos.meta.setNumber(`sync.last-success-at.${a.addressKey}`, this.deps.clock.now());
      }
    }
  }

  private activationProgress(addressKey: string, remaining: number): Progress {
    const total = Math.max(this.repos.meta.getNumber(activationTotalKey(addressKey)) ?? remaining, remaining);
    return { kind: 'activation', done: total - remaining, total, etaSeconds: this.drainSeconds(remaining) };
  }

  private raiseSlotsProblems(addressKey: string, problems: SlotsProblem[]): void {
    let raised = false;
    for (const p of problems) {
      const before = this.conflicts.repo.findOpen(`practice-data:${p.key}`);
      if (before) continue;
      this.conflicts.raise(
        practiceData({
          addressKey,
          dedupeKey: p.key,
          summary: p.message,
          detail: p.code,
          start: p.start,
          end: p.end,
        }),
      );
      raised = true;
    }
    if (raised) this.emit({ type: 'conflicts-changed', open: this.conflicts.openCount() });
  }

  private setHealth(addressKey: string, h: SendHealth): void {
    this.health.set(addressKey, h);
    if (h.kind === 'offline' || h.kind === 'needs-sign-in') this.globalHealth = h;
    else if (
      h.kind === 'ok' &&
      (this.globalHealth.kind === 'offline' || this.globalHealth.kind === 'needs-sign-in')
    ) {
      this.globalHealth = { kind: 'ok' };
    }
  }

  private isLeader(): boolean {
    return this.deps.isLeader ? this.deps.isLeader() : true;
  }

  private canWrite(): boolean {
    return !this.paused && this.isLeader();
  }

  private pendingCount(): number {
    return [...this.repos.outbox.counts().values()].reduce(
      (n, c) => n + c.pending + c.unknown + c['in-flight'],
      0,
    );
  }

  private drainSeconds(n: number): number {
    return this.deps.budget ? this.deps.budget.estimateDrainSeconds(n) : Math.ceil(n * 1.5);
  }

  private safeLocalAddresses(): (LocalAddressKey & { label: string })[] {
    try {
      return this.deps.practice.listAddresses();
    } catch {
      return [];
    }
  }

  private emit(e: BridgeEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's failure never stops the engine.
      }
    }
  }

  private emitStatus(): void {
    if (this.listeners.size === 0) return;
    const status = this.status();
    const json = JSON.stringify({ ...status, at: 0 });
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    this.emit({ type: 'status', status });
  }
}

function healthOf(info: ErrorInfo): Health {
  if (info.code === 'network') return { kind: 'offline', error: info };
  if (info.code === 'auth') return { kind: 'needs-sign-in', error: info };
  return { kind: 'error', error: info };
}
