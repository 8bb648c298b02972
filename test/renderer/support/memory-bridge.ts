// An in-memory BridgeApi for component tests: the edge of the renderer. It keeps simple state, records every
// call with its input, can fail a method with a BridgeError, hold a method's answers (to see loading states),
// and emit engine events. The real engine is exercised by the browser E2E.
import type {
  ActivityEntry,
  BridgeApi,
  BridgeError,
  BridgeEvent,
  BridgeInput,
  BridgeMethod,
  BridgeOutput,
  Conflict,
  MappingView,
  Settings,
  StatusSnapshot,
  ActivationPreview,
} from '../../../shared/bridge';
import { makeActivity, makeMappingView, makeSettings, makeStatus, patientOf } from './fixtures';

type Handlers = { [M in BridgeMethod]: (input: BridgeInput<M>) => BridgeOutput<M> };

export interface MemoryState {
  status: StatusSnapshot;
  conflicts: Conflict[];
  mapping: MappingView;
  activity: ActivityEntry[];
  settings: Settings;
  preview: ActivationPreview;
}

export class MemoryBridge {
  state: MemoryState;
  readonly calls: Array<{ method: BridgeMethod; input: unknown }> = [];
  private failures = new Map<BridgeMethod, BridgeError>();
  private overrides = new Map<BridgeMethod, (input: unknown) => unknown>();
  private held = new Map<BridgeMethod, Array<() => void>>();
  private holding = new Set<BridgeMethod>();
  private listeners = new Set<(event: BridgeEvent) => void>();
  readonly api: BridgeApi;

  constructor(state: Partial<MemoryState> = {}) {
    this.state = {
      status: makeStatus(),
      conflicts: [],
      mapping: makeMappingView(),
      activity: makeActivity(20),
      settings: makeSettings(),
      preview: {
        addressKey: 'd1@l1',
        days: 84,
        daysWithAvailability: 60,
        bookings: 120,
        breaks: 4,
        writes: 184,
        etaSeconds: 276,
        blockers: [],
        warnings: [],
      },
      ...state,
    };
    const handlers = this.handlers();
    const api: Record<string, unknown> = {
      onEvent: (listener: (event: BridgeEvent) => void) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
    for (const method of Object.keys(handlers) as BridgeMethod[]) {
      api[method] = async (input: unknown) => {
        this.calls.push({ method, input });
        if (this.holding.has(method)) {
          await new Promise<void>((release) =>
            this.held.set(method, [...(this.held.get(method) ?? []), release]),
          );
        }
        const failure = this.failures.get(method);
        if (failure) throw failure;
        const handler = this.overrides.get(method) ?? (handlers[method] as (i: unknown) => unknown);
        return handler(input);
      };
    }
    this.api = api as BridgeApi;
  }

  /** Every input `method` was called with, in order. */
  inputsOf<M extends BridgeMethod>(method: M): Array<BridgeInput<M>> {
    return this.calls.filter((c) => c.method === method).map((c) => c.input as BridgeInput<M>);
  }

  fail(
    method: BridgeMethod,
    error: BridgeError = { code: 'offline', message: 'Docplanner cannot be reached.' },
  ) {
    this.failures.set(method, error);
  }
  /** Answers `method` with `handler` instead of the default (e.g. what the engine says, with its codes). */
  answer<M extends BridgeMethod>(method: M, handler: (input: BridgeInput<M>) => BridgeOutput<M>) {
    this.overrides.set(method, handler as (input: unknown) => unknown);
  }
  succeed(method: BridgeMethod) {
    this.failures.delete(method);
  }
  /** Answers to `method` wait until release(method). */
  hold(method: BridgeMethod) {
    this.holding.add(method);
  }
  release(method: BridgeMethod) {
    this.holding.delete(method);
    for (const go of this.held.get(method) ?? []) go();
    this.held.delete(method);
  }
  emit(event: BridgeEvent) {
    for (const listener of this.listeners) listener(event);
  }
  /** Changes the status and tells the listeners, as the engine does. */
  setStatus(status: StatusSnapshot) {
    this.state.status = status;
    this.emit({ type: 'status', status });
  }

  private handlers(): Handlers {
    const ok = (message: string) => ({ ok: true, message });
    return {
      getStatus: () => this.state.status,
      syncNow: (input) =>
        ok(input.addressKey ? `Sync started for ${input.addressKey}.` : 'Sync started for all.'),
      fullResync: () => ok('Full resync started.'),
      setPaused: ({ paused }) => {
        this.state.status = { ...this.state.status, paused, state: paused ? 'paused' : 'in-sync' };
        return ok(paused ? 'Syncing paused.' : 'Syncing resumed.');
      },
      listConflicts: (query) =>
        this.state.conflicts.filter(
          (c) =>
            (query.status === undefined || query.status === 'all' || c.status === query.status) &&
            (!query.kind || c.kind === query.kind) &&
            (!query.addressKey || c.addressKey === query.addressKey),
        ),
      resolveConflict: ({ id, action, by }) => {
        const conflict = this.state.conflicts.find((c) => c.id === id);
        if (!conflict)
          return { ok: false, message: 'This conflict no longer exists.', code: 'resolve.not-found' };
        const outcome = `Applied "${action}".`;
        // Like the engine: the outcome is coded by the action (the UI translates known actions).
        const coded = { outcomeCode: 'resolve.done' as const, outcomeParams: { action } };
        this.state.conflicts = this.state.conflicts.map((c) =>
          c.id === id
            ? { ...c, status: 'resolved', resolution: { action, by, at: Date.now(), outcome, ...coded } }
            : c,
        );
        return { ok: true, message: outcome, code: coded.outcomeCode, params: coded.outcomeParams };
      },
      getMapping: () => this.state.mapping,
      saveMapping: (mapping) => {
        const known = new Set(
          this.state.mapping.remote.facilities.flatMap((f) =>
            f.doctors.flatMap((d) => d.addresses.map((a) => a.id)),
          ),
        );
        const errors: Record<string, string> = {};
        mapping.addresses.forEach((a, i) => {
          if (!known.has(a.addressId))
            errors[`addresses.${i}.addressId`] = 'This Docplanner address does not exist.';
        });
        if (Object.keys(errors).length > 0)
          return { ok: false, errors, message: 'The mapping was not saved.' };
        this.state.mapping = { ...this.state.mapping, mapping };
        return { ok: true, errors: {}, message: 'Mapping saved.' };
      },
      createAddressService: (input) => ({
        ok: true,
        errors: {},
        message: `Service ${input.serviceId} created.`,
      }),
      previewActivation: ({ addressKey }) => ({ ...this.state.preview, addressKey }),
      startActivation: () => ok('Activation started.'),
      listActivity: (query) => {
        const needle = query.search?.toLowerCase();
        const matching = this.state.activity.filter(
          (e) =>
            (!query.direction || e.direction === query.direction) &&
            (!query.outcome || e.outcome === query.outcome) &&
            (!needle ||
              e.summary.toLowerCase().includes(needle) ||
              e.operation.toLowerCase().includes(needle)),
        );
        const older = matching.filter((e) => query.beforeId === undefined || e.id < query.beforeId);
        return { entries: older.slice(0, query.limit ?? 200), total: matching.length };
      },
      revealActivity: ({ id }) => ({
        patient: this.state.activity.find((e) => e.id === id)?.hasPatient ? patientOf(id) : null,
      }),
      getSettings: () => this.state.settings,
      saveSettings: (update): BridgeOutput<'saveSettings'> => {
        if (update.docplanner.clientId.trim() === '') {
          return {
            ok: false,
            errors: { 'docplanner.clientId': 'Enter the client ID from Docplanner.' },
            message: 'Not saved.',
          };
        }
        const { clientSecret, ...settings } = update;
        this.state.settings = {
          ...settings,
          docplanner: {
            ...settings.docplanner,
            hasSecret: settings.docplanner.hasSecret || clientSecret !== undefined,
          },
        };
        return { ok: true, errors: {}, message: 'Settings saved.' };
      },
      startDemo: () => {
        if (this.state.status.mode !== 'unconfigured')
          return { ok: false, message: 'The demo starts only on a PC that is not set up yet.' };
        this.setStatus({ ...this.state.status, mode: 'demo', state: 'syncing', reason: 'Demo starting.' });
        return ok('Demo started.');
      },
      stopDemo: () => {
        if (this.state.status.mode !== 'demo') return { ok: false, message: 'The demo is not running.' };
        this.setStatus({
          ...this.state.status,
          mode: 'unconfigured',
          state: 'not-configured',
          reason: 'Open Settings to connect Docplanner and the practice database.',
          reasonCode: 'status.open-settings',
          reasonParams: {},
          addresses: [],
        });
        return ok('Demo stopped.');
      },
      testConnection: (update) =>
        update.docplanner.clientId === 'good'
          ? { ok: true, message: 'Connected to Docplanner.' }
          : { ok: false, message: 'Docplanner did not accept the client ID or secret.' },
    };
  }
}
