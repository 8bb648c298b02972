// An in-memory BridgeApi for transport tests: plausible, schema-valid answers, a record of every call, and
// `emit` to push events. The host is a transport, so any BridgeApi will do; this one has no engine behind it.
import type {
  BridgeApi,
  BridgeEvent,
  BridgeMethod,
  Conflict,
  Settings,
  StatusSnapshot,
} from '../../../shared/bridge';

export interface MemoryBridge extends BridgeApi {
  /** Every call received, in order, with the input as the transport passed it. */
  calls: { method: BridgeMethod; input: unknown }[];
  /** Sends an event to every subscriber (as the engine would). */
  emit(event: BridgeEvent): void;
  /** How many subscribers are attached. */
  listenerCount(): number;
  /** Replace a method's behaviour (e.g. make it throw or return garbage). */
  override<M extends BridgeMethod>(method: M, impl: (input: unknown) => Promise<unknown>): void;
}

export function sampleStatus(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    state: 'in-sync',
    reason: 'Everything is sent.',
    paused: false,
    lastSuccessAt: 1_763_712_000_000,
    pending: 0,
    drainSeconds: 0,
    openConflicts: 0,
    lastReconciliation: null,
    progress: null,
    lastError: null,
    addresses: [],
    lease: { role: 'standalone', holder: null, expiresAt: null },
    at: 1_763_712_000_000,
    ...overrides,
  };
}

export const sampleSettings: Settings = {
  docplanner: { locale: 'pl', baseUrl: null, clientId: 'client-1', hasSecret: true },
  practice: { dbPath: '/data/pms.sqlite', adapter: 'reference', mappingFile: null },
  timeZone: 'Europe/Warsaw',
  horizonDays: 84,
  intervals: { pullSeconds: 30, reconcileMinutes: 60 },
  startOnLogin: true,
  language: 'pl',
};

const sampleConflict: Conflict = {
  id: 'c1',
  kind: 'double-booking',
  addressKey: 'd1@l1',
  createdAt: 1_763_712_000_000,
  summary: 'Two bookings at 10:00.',
  local: null,
  remote: null,
  options: [{ action: 'keep-local', label: 'Keep ours', description: 'Cancels the online booking.' }],
  status: 'open',
  resolution: null,
};

export function createMemoryBridge(): MemoryBridge {
  const listeners = new Set<(event: BridgeEvent) => void>();
  const calls: MemoryBridge['calls'] = [];
  const overrides = new Map<BridgeMethod, (input: unknown) => Promise<unknown>>();
  let paused = false;

  function method<M extends BridgeMethod>(name: M, impl: (input: never) => unknown) {
    return async (input: unknown) => {
      calls.push({ method: name, input });
      const custom = overrides.get(name);
      if (custom) return custom(input);
      return impl(input as never);
    };
  }
  const ok = (message: string) => ({ ok: true, message });

  const api = {
    getStatus: method('getStatus', () => sampleStatus({ paused })),
    syncNow: method('syncNow', (input: { addressKey?: string }) =>
      ok(input.addressKey ? `Sync started for ${input.addressKey}.` : 'Sync started.'),
    ),
    fullResync: method('fullResync', () => ok('Full resync started.')),
    setPaused: method('setPaused', (input: { paused: boolean }) => {
      paused = input.paused;
      return ok(paused ? 'Paused.' : 'Resumed.');
    }),
    listConflicts: method('listConflicts', () => [sampleConflict]),
    resolveConflict: method('resolveConflict', (input: { id: string; action: string }) => ({
      ok: true,
      message: `${input.id} resolved with ${input.action}.`,
    })),
    getMapping: method('getMapping', () => ({
      local: { doctors: [], locations: [], services: [], insurances: [], addresses: [] },
      remote: {
        facilities: [],
        addressServices: {},
        insuranceProviders: [],
        readAt: null,
        error: null,
      },
      mapping: { addresses: [], services: [], insurances: [] },
      suggestions: { addresses: [], services: [], insurances: [] },
    })),
    saveMapping: method('saveMapping', () => ({ ok: true, errors: {}, message: 'Saved.' })),
    createAddressService: method('createAddressService', () => ({
      ok: true,
      errors: {},
      message: 'Created.',
    })),
    previewActivation: method('previewActivation', (input: { addressKey: string }) => ({
      addressKey: input.addressKey,
      days: 84,
      daysWithAvailability: 60,
      bookings: 12,
      breaks: 3,
      writes: 75,
      etaSeconds: 112.5,
      blockers: [],
      warnings: [],
    })),
    startActivation: method('startActivation', () => ok('Activation started.')),
    listActivity: method('listActivity', (input: { limit: number }) => ({
      entries: [],
      total: input.limit,
    })),
    revealActivity: method('revealActivity', () => ({ patient: 'Jan Kowalski' })),
    getSettings: method('getSettings', () => sampleSettings),
    saveSettings: method('saveSettings', () => ({ ok: true, errors: {}, message: 'Saved.' })),
    testConnection: method('testConnection', () => ({ ok: true, message: 'Connected.' })),
  };

  return {
    ...(api as unknown as BridgeApi),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    calls,
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
    override(name, impl) {
      overrides.set(name, impl);
    },
  };
}
