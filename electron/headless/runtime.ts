// Composition root shared by the Electron main process and the headless CLI: reads the settings file, opens a
// SyncSession (engine + lease) when everything needed is there, and exposes it all as one BridgeApi.
// The runtime's own state is explicit: not configured, needs sign-in, failed to open (with the reason), running.
// Its status says which mode the window shows: 'unconfigured' (first run), 'live', or 'demo' (options.demo).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type {
  ActionResult,
  AppMode,
  BridgeApi,
  BridgeEvent,
  BridgeInput,
  ConnectionTest,
  ErrorInfo,
  LeaseInfo,
  MessageRef,
  SaveResult,
  Settings,
  SettingsUpdate,
  StatusSnapshot,
  SyncState,
} from '../../shared/bridge';
import type { MessageCode, MessageParams } from '../../shared/message-codes';
import { DocplannerClient } from '../engine/docplanner/client';
import type { Locale } from '../engine/docplanner/locales';
import { systemClock, type Clock } from '../engine/util/clock';
import { ConfigError, loadConfigFile, parseConfig, saveConfigFile, type SyncConfig } from './config';
import { testDocplannerConnection } from './connection-test';
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
  /**
   * This runtime runs the built-in demo (simulated Docplanner, generated clinic): its status says mode 'demo' so
   * the UI marks it. `stop` leaves the demo from the UI; without it stopDemo says how to stop it instead.
   */
  demo?: { stop?: () => Promise<ActionResult> };
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
  | { kind: 'not-configured'; reason: string; code: MessageCode }
  | { kind: 'needs-sign-in'; reason: string; code: MessageCode }
  | { kind: 'failed'; error: ErrorInfo }
  | { kind: 'running'; session: SyncSession };

const NOT_CONFIGURED: RuntimeState = {
  kind: 'not-configured',
  reason: 'Open Settings to connect Docplanner and the practice database.',
  code: 'status.open-settings',
};

/** An action's result with its message code (the UI translates it). */
export const actionResult = (
  ok: boolean,
  message: string,
  code: MessageCode,
  params: MessageParams = {},
): ActionResult => ({ ok, message, code, params });

/** The result with `code` when it came without one (engine answers that have no code of their own). */
const coded = (r: ActionResult, code: MessageCode): ActionResult =>
  r.code ? r : { ...r, code, params: r.params ?? {} };

/** Settings field errors in English with their codes, by field path. */
function settingsErrors(): {
  errors: Record<string, string>;
  codes: Record<string, MessageRef>;
  set: (path: string, message: string, code: MessageCode) => void;
} {
  const errors: Record<string, string> = {};
  const codes: Record<string, MessageRef> = {};
  return {
    errors,
    codes,
    set(path, message, code) {
      errors[path] = message;
      codes[path] = { code, params: {} };
    },
  };
}

export async function createRuntime(options: RuntimeOptions): Promise<HeadlessRuntime> {
  const clock = options.clock ?? systemClock;
  const machineName = options.machineName ?? hostname().toUpperCase();
  const listeners = new Set<(e: BridgeEvent) => void>();
  const emit = (e: BridgeEvent) => listeners.forEach((l) => l(e));
  let config: SyncConfig | null = null;
  let state: RuntimeState = NOT_CONFIGURED;
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
      state = NOT_CONFIGURED;
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
        code: 'status.no-secret',
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
        // The engine does not know the mode: status events get it here, as getStatus does.
        onEvent: (e) => emit(e.type === 'status' ? { ...e, status: { ...e.status, mode: mode() } } : e),
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
    state = { kind: 'not-configured', reason: 'Stopped.', code: 'status.stopped' };
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

  function mode(): AppMode {
    if (options.demo) return 'demo';
    return state.kind === 'not-configured' ? 'unconfigured' : 'live';
  }

  function status(): StatusSnapshot {
    if (state.kind === 'running') return { ...state.session.status(), mode: mode() };
    const [s, reason, reasonCode, reasonParams]: [SyncState, string, MessageCode, MessageParams] =
      state.kind === 'failed'
        ? ['error', state.error.message, 'status.error', { error: state.error.code }]
        : [state.kind, state.reason, state.code, {}];
    return {
      state: s,
      reason,
      reasonCode,
      reasonParams,
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
      mode: mode(),
      at: clock.now(),
    };
  }

  /** The demo is started by the desktop app's first run (demo/desk-runtime.ts); here it is on or not at all. */
  async function startDemo(): Promise<ActionResult> {
    return options.demo
      ? actionResult(true, 'The demo is running.', 'demo.running')
      : actionResult(
          false,
          'The demo starts only from the desktop app on a PC that is not set up.',
          'demo.not-available',
        );
  }

  async function stopDemo(): Promise<ActionResult> {
    if (!options.demo) return actionResult(false, 'The demo is not running.', 'demo.not-running');
    if (options.demo.stop) return options.demo.stop();
    return actionResult(
      false,
      'This demo was started with `npm run demo`: stop it with Ctrl-C in its terminal.',
      'demo.stop-in-terminal',
    );
  }

  async function getSettings(): Promise<Settings> {
    const stored = await hasSecret();
    return config ? settingsOf(config, stored) : defaultSettings(stored);
  }

  async function saveSettings(update: SettingsUpdate): Promise<SaveResult> {
    const fields = settingsErrors();
    let next: SyncConfig;
    try {
      next = parseConfig(configWithSettings(config, update), dirname(options.configPath), 'Settings');
    } catch (e) {
      if (e instanceof ConfigError) {
        for (const [path, message] of Object.entries(e.fieldErrors))
          fields.set(path, message, 'field.invalid');
        return {
          ok: false,
          errors: fields.errors,
          errorCodes: fields.codes,
          message: 'Some settings are not valid.',
          code: 'settings.invalid',
          params: {},
        };
      }
      throw e;
    }
    if (!next.docplanner.clientId.trim())
      fields.set('docplanner.clientId', 'Enter the client ID from Docplanner.', 'field.client-id-required');
    if (!existsSync(next.practice.dbPath))
      fields.set('practice.dbPath', 'No file at this path.', 'field.no-file');
    if (next.practice.kind === 'mapping' && !existsSync(next.practice.mappingFile))
      fields.set('practice.mappingFile', 'No file at this path.', 'field.no-file');
    if (!update.clientSecret && !(await hasSecret()))
      fields.set('clientSecret', 'Enter the client secret.', 'field.secret-required');
    if (Object.keys(fields.errors).length)
      return {
        ok: false,
        errors: fields.errors,
        errorCodes: fields.codes,
        message: 'Some settings need attention.',
        code: 'settings.need-attention',
        params: {},
      };
    if (update.clientSecret) await options.secretStore.save(update.clientSecret);
    saveConfigFile(options.configPath, configWithSettings(config, update));
    await serially(async () => {
      await close();
      await open();
    });
    return {
      ok: true,
      errors: {},
      message: 'Settings saved; syncing restarted with them.',
      code: 'settings.saved',
      params: {},
    };
  }

  async function testConnection(update: SettingsUpdate): Promise<ConnectionTest> {
    const secret = update.clientSecret ?? (await options.secretStore.load().catch(() => null));
    if (!update.docplanner.clientId || !secret) {
      return {
        ok: false,
        message: 'Enter the client ID and secret first.',
        code: 'connection.need-credentials',
        params: {},
      };
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
    return testDocplannerConnection(client);
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
    setPaused: async ({ paused }) =>
      coded((await leaderOnly('Pausing')).engine.setPaused(paused), paused ? 'sync.paused' : 'sync.resumed'),
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
    // The engine codes every answer of the activation itself; only "cannot write now" comes without one.
    startActivation: async ({ addressKey }) =>
      coded(await (await leaderOnly('Activation')).engine.activate(addressKey), 'activation.not-writable'),
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
    startDemo,
    stopDemo,
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
