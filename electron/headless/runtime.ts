// Composition root shared by the Electron main process and the headless CLI: reads the settings file, opens a
// SyncSession (engine + lease) when everything needed is there, and exposes it all as one BridgeApi.
// The runtime's own state is explicit: not configured, needs sign-in, failed to open (with the reason), running.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type {
  BridgeApi,
  BridgeEvent,
  BridgeInput,
  ErrorInfo,
  LeaseInfo,
  SaveResult,
  Settings,
  SettingsUpdate,
  StatusSnapshot,
  SyncState,
} from '../../shared/bridge';
import { DocplannerClient } from '../engine/docplanner/client';
import type { Locale } from '../engine/docplanner/locales';
import { systemClock, type Clock } from '../engine/util/clock';
import { ConfigError, loadConfigFile, parseConfig, saveConfigFile, type SyncConfig } from './config';
import { SyncSession } from './session';
import { configWithSettings, defaultSettings, settingsOf } from './settings-view';

/** Where the Docplanner client secret lives: Electron safeStorage, or (headless) env var / owner-only file. */
export interface SecretStore {
  load(): Promise<string | null>;
  save(secret: string): Promise<void>;
  /** Human description for errors, e.g. "the OS keychain". */
  readonly description: string;
}

export interface Runtime {
  bridge: BridgeApi;
  /** Opens the state DB, runs catch-up, then starts background sync (when configured). */
  start(): Promise<void>;
  /** Finishes the in-flight write, then stops every loop and closes the databases. */
  stop(): Promise<void>;
  /** Lease role of this PC (standalone when no lease is configured). */
  lease(): LeaseInfo;
}

/** What createRuntime returns: the Runtime contract plus the running session (CLI --once and tests). */
export interface HeadlessRuntime extends Runtime {
  session(): SyncSession | null;
}

export interface RuntimeOptions {
  /** Path of the settings/config file (JSON, zod-validated). Missing = not configured yet. */
  configPath: string;
  /** Folder for the state DB, the install id and logs. */
  dataDir: string;
  secretStore: SecretStore;
  /** This PC's display name for the multi-PC lease (os.hostname() by default). */
  machineName?: string;
  clock?: Clock;
}

/** An error that crosses the bridge with a stable code. */
export class RuntimeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

type RuntimeState =
  | { kind: 'not-configured'; reason: string }
  | { kind: 'needs-sign-in'; reason: string }
  | { kind: 'failed'; error: ErrorInfo }
  | { kind: 'running'; session: SyncSession };

export async function createRuntime(options: RuntimeOptions): Promise<HeadlessRuntime> {
  const clock = options.clock ?? systemClock;
  const machineName = options.machineName ?? hostname().toUpperCase();
  const listeners = new Set<(e: BridgeEvent) => void>();
  const emit = (e: BridgeEvent) => listeners.forEach((l) => l(e));
  let config: SyncConfig | null = null;
  let state: RuntimeState = {
    kind: 'not-configured',
    reason: 'Open Settings to connect Docplanner and the practice database.',
  };
  let transition: Promise<void> = Promise.resolve();

  const hasSecret = async () => Boolean(await options.secretStore.load().catch(() => null));

  function readConfig(): SyncConfig | null {
    if (!existsSync(options.configPath)) return null;
    return loadConfigFile(options.configPath);
  }

  async function open(): Promise<void> {
    try {
      config = readConfig();
    } catch (e) {
      config = null;
      state = { kind: 'failed', error: errorInfo('config', (e as Error).message) };
      return;
    }
    if (!config || !config.docplanner.clientId || !config.practice.dbPath) {
      state = {
        kind: 'not-configured',
        reason: 'Open Settings to connect Docplanner and the practice database.',
      };
      return;
    }
    let secret: string | null;
    try {
      secret = await options.secretStore.load();
    } catch (e) {
      state = { kind: 'failed', error: errorInfo('secret', (e as Error).message) };
      return;
    }
    if (!secret) {
      state = {
        kind: 'needs-sign-in',
        reason: `No Docplanner client secret is stored in ${options.secretStore.description}.`,
      };
      return;
    }
    let session: SyncSession;
    try {
      session = SyncSession.open({
        config,
        clientSecret: secret,
        dataDir: options.dataDir,
        clock,
        machineName,
        installId: installId(options.dataDir),
        onEvent: emit,
      });
    } catch (e) {
      state = {
        kind: 'failed',
        error: errorInfo((e as { code?: string }).code ?? 'open', (e as Error).message),
      };
      return;
    }
    state = { kind: 'running', session };
    try {
      await session.start();
    } catch (e) {
      await session.stop().catch(() => undefined);
      state = {
        kind: 'failed',
        error: errorInfo((e as { code?: string }).code ?? 'start', (e as Error).message),
      };
    }
  }

  async function close(): Promise<void> {
    if (state.kind === 'running') await state.session.stop();
    state = { kind: 'not-configured', reason: 'Stopped.' };
  }

  /** Serialises start/stop/restart so two clicks never open two sessions. */
  function serially(f: () => Promise<void>): Promise<void> {
    transition = transition.then(f, f);
    return transition.then(() => emit({ type: 'status', status: status() }));
  }

  function running(): SyncSession {
    if (state.kind === 'running') return state.session;
    if (state.kind === 'failed') throw new RuntimeError(state.error.code, state.error.message);
    throw new RuntimeError(state.kind, state.reason);
  }

  /** Sync actions: the leader does them; a viewer queues them for the PC that syncs. */
  async function leaderOnly(what: string): Promise<SyncSession> {
    const s = running();
    if (s.isViewer()) {
      const holder = s.lease().holder;
      throw new RuntimeError('viewer', `${what} is done on ${holder ?? 'the PC that syncs'}.`);
    }
    await s.settled(); // a fresh leader finishes its catch-up from Docplanner first
    return s;
  }

  /** The running session once any takeover catch-up is finished (leader paths only). */
  async function settledLeader(s: SyncSession): Promise<SyncSession> {
    await s.settled();
    return s;
  }

  function status(): StatusSnapshot {
    if (state.kind === 'running') return state.session.status();
    const [s, reason]: [SyncState, string] =
      state.kind === 'failed'
        ? ['error', state.error.message]
        : state.kind === 'needs-sign-in'
          ? ['needs-sign-in', state.reason]
          : ['not-configured', state.reason];
    return {
      state: s,
      reason,
      paused: false,
      lastSuccessAt: null,
      pending: 0,
      drainSeconds: 0,
      openConflicts: 0,
      lastReconciliation: null,
      progress: null,
      lastError: state.kind === 'failed' ? state.error : null,
      addresses: [],
      lease: { role: 'standalone', holder: null, expiresAt: null },
      at: clock.now(),
    };
  }

  async function getSettings(): Promise<Settings> {
    const stored = await hasSecret();
    return config ? settingsOf(config, stored) : defaultSettings(stored);
  }

  async function saveSettings(update: SettingsUpdate): Promise<SaveResult> {
    const errors: Record<string, string> = {};
    let next: SyncConfig;
    try {
      next = parseConfig(configWithSettings(config, update), dirname(options.configPath), 'Settings');
    } catch (e) {
      if (e instanceof ConfigError)
        return { ok: false, errors: e.fieldErrors, message: 'Some settings are not valid.' };
      throw e;
    }
    if (!next.docplanner.clientId.trim())
      errors['docplanner.clientId'] = 'Enter the client ID from Docplanner.';
    if (!existsSync(next.practice.dbPath)) errors['practice.dbPath'] = 'No file at this path.';
    if (next.practice.kind === 'mapping' && !existsSync(next.practice.mappingFile))
      errors['practice.mappingFile'] = 'No file at this path.';
    if (!update.clientSecret && !(await hasSecret())) errors['clientSecret'] = 'Enter the client secret.';
    if (Object.keys(errors).length) return { ok: false, errors, message: 'Some settings need attention.' };
    if (update.clientSecret) await options.secretStore.save(update.clientSecret);
    saveConfigFile(options.configPath, configWithSettings(config, update));
    await serially(async () => {
      await close();
      await open();
    });
    return { ok: true, errors: {}, message: 'Settings saved; syncing restarted with them.' };
  }

  async function testConnection(update: SettingsUpdate) {
    const secret = update.clientSecret ?? (await options.secretStore.load().catch(() => null));
    if (!update.docplanner.clientId || !secret) {
      return { ok: false, message: 'Enter the client ID and secret first.' };
    }
    const client = new DocplannerClient({
      baseUrl: update.docplanner.baseUrl ?? undefined,
      locale: update.docplanner.locale as Locale,
      clientId: update.docplanner.clientId,
      clientSecret: secret,
      clock,
      timeoutMs: 15_000,
      maxReadAttempts: 1,
    });
    return client.testConnection();
  }

  const bridge: BridgeApi = {
    getStatus: async () => status(),
    syncNow: async (i: BridgeInput<'syncNow'>) => {
      const s = running();
      if (s.isViewer()) return s.request({ kind: 'sync-now', addressKey: i.addressKey }, machineName);
      return (await settledLeader(s)).engine.syncNow(i.addressKey);
    },
    fullResync: async () => {
      const s = running();
      if (s.isViewer()) return s.request({ kind: 'full-resync' }, machineName);
      return (await settledLeader(s)).engine.fullResync();
    },
    setPaused: async ({ paused }) => (await leaderOnly('Pausing')).engine.setPaused(paused),
    listConflicts: async (q) => {
      const s = running();
      if (!s.isViewer()) return s.engine.listConflicts(q);
      return (s.published()?.conflicts ?? []).filter(
        (c) => (!q.kind || c.kind === q.kind) && (!q.addressKey || c.addressKey === q.addressKey),
      );
    },
    resolveConflict: async (req) => {
      const s = running();
      if (s.isViewer()) return s.request({ kind: 'resolve-conflict', ...req }, machineName);
      return (await settledLeader(s)).engine.resolveConflict(req);
    },
    getMapping: async () => (await leaderOnly('Mapping')).engine.getMappingView(),
    saveMapping: async (m) => (await leaderOnly('Mapping')).engine.saveMapping(m),
    createAddressService: async (r) => (await leaderOnly('Mapping')).engine.createAddressService(r),
    previewActivation: async ({ addressKey }) =>
      (await leaderOnly('Activation')).engine.previewActivation(addressKey),
    startActivation: async ({ addressKey }) => (await leaderOnly('Activation')).engine.activate(addressKey),
    listActivity: async (q) => {
      const s = running();
      if (!s.isViewer()) return s.engine.listActivity(q);
      const entries = s.published()?.activity ?? [];
      return { entries, total: entries.length };
    },
    revealActivity: async ({ id }) =>
      (await leaderOnly('Revealing a patient name')).engine.revealActivity(id),
    getSettings,
    saveSettings,
    testConnection,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    bridge,
    start: () => serially(open),
    stop: () => serially(close),
    lease: () =>
      state.kind === 'running'
        ? state.session.lease()
        : { role: 'standalone', holder: null, expiresAt: null },
    session: () => (state.kind === 'running' ? state.session : null),
  };

  function errorInfo(code: string, message: string): ErrorInfo {
    return { code, message, at: clock.now() };
  }
}

/** A random id for this installation, kept in the data folder (part of the lease holder id). */
function installId(dataDir: string): string {
  const path = join(dataDir, 'install-id');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    const id = randomUUID();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, id + '\n');
    return id;
  }
}
