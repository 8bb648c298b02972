// The one API between the UI and the engine. The same table drives every transport:
// Electron IPC (preload ↔ main) and the headless host (HTTP + WebSocket). Both sides validate with these schemas.
import { z } from 'zod';
import { LocalAddressKeySchema } from './canonical';
import { MessageCodeSchema, MessageParamsSchema } from './message-codes';

/** A message code with its params (the English text is beside it, e.g. a field error's message). */
export const MessageRefSchema = z.object({ code: MessageCodeSchema, params: MessageParamsSchema });
export type MessageRef = z.infer<typeof MessageRefSchema>;
/** English text with its message code and params: the UI translates the code, the CLI and logs print `text`. */
export const EngineMessageSchema = z.object({
  text: z.string(),
  code: MessageCodeSchema,
  params: MessageParamsSchema,
});
export type EngineMessage = z.infer<typeof EngineMessageSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Status

export const SyncStateSchema = z.enum([
  'in-sync',
  'syncing',
  'rate-limited',
  'offline',
  'needs-sign-in',
  'error',
  'paused',
  'not-configured',
]);
export type SyncState = z.infer<typeof SyncStateSchema>;

export const ErrorInfoSchema = z.object({
  /** Stable code for translation and tests, e.g. "auth", "practice-db-locked". */
  code: z.string(),
  /** Plain words for a receptionist (English; the UI translates by `code`, see message-codes.ts). Never patient data. */
  message: z.string(),
  at: z.number(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export const ProgressSchema = z.object({
  kind: z.enum(['activation', 'catch-up', 'reconciliation', 'full-resync']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Estimated seconds left under the write budget; null while unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const ReconciliationResultSchema = z.object({
  at: z.number(),
  ok: z.boolean(),
  /** Differences found between Docplanner and the PMS. */
  differences: z.number().int().nonnegative(),
  /** Writes sent to repair them. */
  repaired: z.number().int().nonnegative(),
  /** English; the UI translates `summaryCode` (message-codes.ts) and shows this only without a known code. */
  summary: z.string(),
  summaryCode: MessageCodeSchema,
  summaryParams: MessageParamsSchema,
});
export type ReconciliationResult = z.infer<typeof ReconciliationResultSchema>;

export const AddressStatusSchema = z.object({
  /** Local address key id "doctorId@locationId". */
  key: z.string(),
  label: z.string(),
  docplannerAddressId: z.string().nullable(),
  state: SyncStateSchema,
  activated: z.boolean(),
  lastSuccessAt: z.number().nullable(),
  pending: z.number().int().nonnegative(),
  nextRetryAt: z.number().nullable(),
  openConflicts: z.number().int().nonnegative(),
  lastError: ErrorInfoSchema.nullable(),
  progress: ProgressSchema.nullable(),
});
export type AddressStatus = z.infer<typeof AddressStatusSchema>;

export const LeaseInfoSchema = z.object({
  role: z.enum(['leader', 'viewer', 'standalone']),
  /** Display name of the PC that syncs (e.g. "RECEPTION-2"), null when nobody holds the lease. */
  holder: z.string().nullable(),
  expiresAt: z.number().nullable(),
});
export type LeaseInfo = z.infer<typeof LeaseInfoSchema>;

/**
 * What this window is connected to: a real clinic ('live'), the built-in demo (a simulated Docplanner and a
 * generated clinic, never real patients) or nothing yet ('unconfigured': first run, no Docplanner settings).
 */
export const AppModeSchema = z.enum(['live', 'demo', 'unconfigured']);
export type AppMode = z.infer<typeof AppModeSchema>;

export const StatusSnapshotSchema = z.object({
  state: SyncStateSchema,
  /** One sentence saying why the state is what it is (English; the UI translates `reasonCode`). */
  reason: z.string(),
  reasonCode: MessageCodeSchema,
  reasonParams: MessageParamsSchema,
  paused: z.boolean(),
  lastSuccessAt: z.number().nullable(),
  pending: z.number().int().nonnegative(),
  /** Seconds to send everything pending under the write budget. */
  drainSeconds: z.number().nonnegative(),
  openConflicts: z.number().int().nonnegative(),
  lastReconciliation: ReconciliationResultSchema.nullable(),
  progress: ProgressSchema.nullable(),
  lastError: ErrorInfoSchema.nullable(),
  addresses: z.array(AddressStatusSchema),
  lease: LeaseInfoSchema,
  /** Set by the runtime (the engine does not know); absent means 'live'. */
  mode: AppModeSchema.optional(),
  /** Epoch ms at which the snapshot was taken (the engine's clock). */
  at: z.number(),
});
export type StatusSnapshot = z.infer<typeof StatusSnapshotSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Conflicts

export const ConflictKindSchema = z.enum([
  /** A patient booked online a time the receptionist had just filled. */
  'double-booking',
  /** A marketplace booking for a service that is not mapped to a local service. */
  'unmapped-service',
  /** A mapped Docplanner id (address service, address) disappeared. */
  'mapping-vanished',
  /** Docplanner refused a local booking (no free slot, validation …). */
  'booking-refused',
  /** A break added in the Docplanner calendar over local bookings or outside policy. */
  'remote-break',
  /** The PMS refused a marketplace change (appointment missing, slot taken, DB error). */
  'write-back-failed',
  /** A notification the engine cannot act on (unknown name, malformed). */
  'unhandled-notification',
  /** Data in the PMS that cannot be sent as it is (overlapping periods, midnight crossing …). */
  'practice-data',
]);
export type ConflictKind = z.infer<typeof ConflictKindSchema>;

export const ConflictSideSchema = z.object({
  source: z.enum(['pms', 'docplanner']),
  start: z.string().nullable(),
  end: z.string().nullable(),
  patient: z.string().nullable(),
  service: z.string().nullable(),
  /** English; the UI translates `detailCode`. */
  detail: z.string().nullable(),
  detailCode: MessageCodeSchema,
  detailParams: MessageParamsSchema,
});
export type ConflictSide = z.infer<typeof ConflictSideSchema>;

/** The UI translates an option by its `action` (RESOLUTION_ACTIONS in message-codes.ts); label/description are English. */
export const ResolutionOptionSchema = z.object({
  action: z.string(),
  label: z.string(),
  /** Says what the action will do (shown before confirming). */
  description: z.string(),
});
export type ResolutionOption = z.infer<typeof ResolutionOptionSchema>;

export const ConflictSchema = z.object({
  id: z.string(),
  kind: ConflictKindSchema,
  addressKey: z.string().nullable(),
  createdAt: z.number(),
  /** English, never patient data; the UI translates `summaryCode`. */
  summary: z.string(),
  summaryCode: MessageCodeSchema,
  summaryParams: MessageParamsSchema,
  /** The action of the last failed resolution attempt while the conflict is still open. */
  lastFailedAction: z.string().optional(),
  /** That attempt's line with its cause (conflict.last-attempt-failed-because / -why), when the engine knows it. */
  lastFailedCode: MessageCodeSchema,
  lastFailedParams: MessageParamsSchema,
  local: ConflictSideSchema.nullable(),
  remote: ConflictSideSchema.nullable(),
  options: z.array(ResolutionOptionSchema),
  status: z.enum(['open', 'resolved']),
  resolution: z
    .object({
      action: z.string(),
      by: z.string(),
      at: z.number(),
      outcome: z.string(),
      outcomeCode: MessageCodeSchema,
      outcomeParams: MessageParamsSchema,
    })
    .nullable(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const ConflictQuerySchema = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  kind: ConflictKindSchema.optional(),
  addressKey: z.string().optional(),
});
export type ConflictQuery = z.input<typeof ConflictQuerySchema>;

export const ResolveConflictRequestSchema = z.object({
  id: z.string().min(1),
  action: z.string().min(1),
  /** Who chose it (receptionist's name or the PC's user). */
  by: z.string().min(1),
});
export type ResolveConflictRequest = z.infer<typeof ResolveConflictRequestSchema>;
/** An action's result: English `message`, translated by `code` when there is one. */
export const ActionResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  code: MessageCodeSchema,
  params: MessageParamsSchema,
});
export type ActionResult = z.infer<typeof ActionResultSchema>;
/** What resolving a conflict came to: an action result like any other. */
export const ResolveOutcomeSchema = ActionResultSchema;
export type ResolveOutcome = z.infer<typeof ResolveOutcomeSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Mapping

export const AddressLinkSchema = z.object({
  local: LocalAddressKeySchema,
  facilityId: z.string().min(1),
  doctorId: z.string().min(1),
  addressId: z.string().min(1),
});
export type AddressLink = z.infer<typeof AddressLinkSchema>;

export const ServiceLinkSchema = z.object({
  /** Local address key id; address services belong to one Docplanner address. */
  addressKey: z.string().min(1),
  localServiceId: z.string().min(1),
  addressServiceId: z.string().min(1),
});
export type ServiceLink = z.infer<typeof ServiceLinkSchema>;

export const InsuranceLinkSchema = z.object({
  localInsuranceId: z.string().min(1),
  insuranceProviderId: z.string().min(1),
  insurancePlanId: z.string().nullable(),
});
export type InsuranceLink = z.infer<typeof InsuranceLinkSchema>;

export const MappingSchema = z.object({
  addresses: z.array(AddressLinkSchema),
  services: z.array(ServiceLinkSchema),
  insurances: z.array(InsuranceLinkSchema),
});
export type Mapping = z.infer<typeof MappingSchema>;

const Named = z.object({ id: z.string(), name: z.string() });
export const RemoteCatalogSchema = z.object({
  facilities: z.array(
    Named.extend({
      doctors: z.array(Named.extend({ addresses: z.array(Named.extend({ commercial: z.boolean() })) })),
    }),
  ),
  /** Docplanner address id → its address services. */
  addressServices: z.record(z.string(), z.array(Named.extend({ durationMinutes: z.number().nullable() }))),
  insuranceProviders: z.array(Named),
  /** Docplanner's service dictionary, offered by "create on Docplanner" for a missing address service. */
  dictionaryServices: z.array(Named).optional(),
  /** Epoch ms of the read; null if Docplanner could not be reached (the UI says so). */
  readAt: z.number().nullable(),
  error: z.string().nullable(),
  /** ErrorInfo code of `error` (message-codes.ts ERROR_CODES), for the UI's words. */
  errorCode: z.string().nullable().optional(),
});
export type RemoteCatalog = z.infer<typeof RemoteCatalogSchema>;

export const LocalCatalogSchema = z.object({
  doctors: z.array(Named),
  locations: z.array(Named),
  services: z.array(Named.extend({ defaultDurationMinutes: z.number().nullable() })),
  insurances: z.array(Named),
  addresses: z.array(LocalAddressKeySchema.extend({ label: z.string() })),
});
export type LocalCatalog = z.infer<typeof LocalCatalogSchema>;

export const MappingViewSchema = z.object({
  local: LocalCatalogSchema,
  remote: RemoteCatalogSchema,
  mapping: MappingSchema,
  /** Links proposed by name similarity for what is not mapped yet. */
  suggestions: MappingSchema,
});
export type MappingView = z.infer<typeof MappingViewSchema>;

export const FieldErrorsSchema = z.record(z.string(), z.string());
export const SaveResultSchema = z.object({
  ok: z.boolean(),
  /** Field path → message (English), when not ok. */
  errors: FieldErrorsSchema,
  /** Field path → the code of that message (the UI translates it; a path without one shows the English). */
  errorCodes: z.record(z.string(), MessageRefSchema).optional(),
  message: z.string(),
  code: MessageCodeSchema,
  params: MessageParamsSchema,
});
export type SaveResult = z.infer<typeof SaveResultSchema>;

export const CreateAddressServiceRequestSchema = z.object({
  addressKey: z.string().min(1),
  localServiceId: z.string().min(1),
  /** Docplanner dictionary service id to create the address service from. */
  serviceId: z.string().min(1),
});

// ---------------------------------------------------------------------------------------------------------------
// Activation

export const ActivationPreviewSchema = z.object({
  addressKey: z.string(),
  days: z.number().int().nonnegative(),
  daysWithAvailability: z.number().int().nonnegative(),
  bookings: z.number().int().nonnegative(),
  breaks: z.number().int().nonnegative(),
  writes: z.number().int().nonnegative(),
  /** Seconds under the write budget. */
  etaSeconds: z.number().nonnegative(),
  /** Problems that stop activation (unmapped services used in the horizon, calendar not commercial …), English. */
  blockers: z.array(z.string()),
  warnings: z.array(z.string()),
  /** The same blockers and warnings, in the same order, with their message codes (the UI translates these). */
  blockerMessages: z.array(EngineMessageSchema).optional(),
  warningMessages: z.array(EngineMessageSchema).optional(),
});
export type ActivationPreview = z.infer<typeof ActivationPreviewSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Activity (audit log)

export const ActivityEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  direction: z.enum(['out', 'in', 'local']),
  /** API operation or notification name, e.g. "replaceSlots", "slot-booked". */
  operation: z.string(),
  addressKey: z.string().nullable(),
  outcome: z.enum(['ok', 'failed', 'unknown', 'skipped']),
  /** Human summary (English); a patient name appears only as a mask ("J*** K***") unless revealed. */
  summary: z.string(),
  /** The summary's message code and params (never a patient name); older entries have none: the UI shows `summary`. */
  code: MessageCodeSchema,
  params: MessageParamsSchema,
  hasPatient: z.boolean(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

export const ActivityQuerySchema = z.object({
  search: z.string().optional(),
  direction: z.enum(['out', 'in', 'local']).optional(),
  outcome: z.enum(['ok', 'failed', 'unknown', 'skipped']).optional(),
  /** Entries with id < beforeId (paging backwards). */
  beforeId: z.number().int().optional(),
  limit: z.number().int().min(1).max(10_000).default(200),
});
export type ActivityQuery = z.input<typeof ActivityQuerySchema>;
export const ActivityPageSchema = z.object({
  entries: z.array(ActivityEntrySchema),
  total: z.number().int(),
});
export type ActivityPage = z.infer<typeof ActivityPageSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Settings

export const DOCPLANNER_LOCALES = [
  'ar',
  'br',
  'cl',
  'co',
  'cz',
  'es',
  'it',
  'mx',
  'pe',
  'pt',
  'tr',
  'pl',
  'de',
] as const;
export const LANGUAGES = ['en', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The UI language for someone who has not chosen one: the first of their preferred locales (navigator.languages,
 * Electron's app.getLocale(): "pl-PL", "en-GB", …) whose language the UI has, else English.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const locale of preferred) {
    const language = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if ((LANGUAGES as readonly string[]).includes(language)) return language as Language;
  }
  return 'en';
}

export const SettingsSchema = z.object({
  docplanner: z.object({
    locale: z.enum(DOCPLANNER_LOCALES),
    /** Explicit base URL (sandbox, simulator); null = derived from the locale. */
    baseUrl: z.string().url().nullable(),
    clientId: z.string(),
    /** The secret itself never crosses the bridge; only whether one is stored. */
    hasSecret: z.boolean(),
  }),
  practice: z.object({
    dbPath: z.string(),
    adapter: z.enum(['reference', 'mapping']),
    mappingFile: z.string().nullable(),
  }),
  timeZone: z.string().min(1),
  horizonDays: z.number().int().min(1).max(84),
  intervals: z.object({
    pullSeconds: z.number().int().min(1).max(3600),
    reconcileMinutes: z.number().int().min(5).max(1440),
  }),
  startOnLogin: z.boolean(),
  language: z.enum(LANGUAGES),
  /**
   * false while nobody chose a language (first run, a settings file without one): the UI then picks the
   * browser's/OS's language when it has it, else English. Absent means chosen.
   */
  languageChosen: z.boolean().optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsUpdateSchema = SettingsSchema.extend({
  /** Set to store a new secret; omitted keeps the stored one. */
  clientSecret: z.string().min(1).optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;

export const ConnectionTestSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  code: MessageCodeSchema,
  params: MessageParamsSchema,
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Events pushed to the UI

export const BridgeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: StatusSnapshotSchema }),
  z.object({ type: z.literal('conflicts-changed'), open: z.number().int() }),
  z.object({ type: z.literal('activity'), entry: ActivityEntrySchema }),
]);
export type BridgeEvent = z.infer<typeof BridgeEventSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The method table

const none = z.undefined();
const ok = ActionResultSchema;

export const bridgeMethods = {
  getStatus: { input: none, output: StatusSnapshotSchema },
  syncNow: { input: z.object({ addressKey: z.string().optional() }), output: ok },
  fullResync: { input: none, output: ok },
  setPaused: { input: z.object({ paused: z.boolean() }), output: ok },

  listConflicts: { input: ConflictQuerySchema, output: z.array(ConflictSchema) },
  resolveConflict: { input: ResolveConflictRequestSchema, output: ResolveOutcomeSchema },

  getMapping: { input: none, output: MappingViewSchema },
  saveMapping: { input: MappingSchema, output: SaveResultSchema },
  createAddressService: { input: CreateAddressServiceRequestSchema, output: SaveResultSchema },
  previewActivation: { input: z.object({ addressKey: z.string().min(1) }), output: ActivationPreviewSchema },
  startActivation: { input: z.object({ addressKey: z.string().min(1) }), output: ok },

  listActivity: { input: ActivityQuerySchema, output: ActivityPageSchema },
  /** The unmasked patient name of one activity entry, for the "reveal" button. */
  revealActivity: {
    input: z.object({ id: z.number().int() }),
    output: z.object({ patient: z.string().nullable() }),
  },

  getSettings: { input: none, output: SettingsSchema },
  saveSettings: { input: SettingsUpdateSchema, output: SaveResultSchema },
  testConnection: { input: SettingsUpdateSchema, output: ConnectionTestSchema },

  /** First run: starts the built-in demo (simulated Docplanner + generated clinic); refused on a configured PC. */
  startDemo: { input: none, output: ok },
  /** Leaves the demo (its simulator and sample clinic are removed) and goes back to the first-run choice. */
  stopDemo: { input: none, output: ok },
} as const;

export type BridgeMethod = keyof typeof bridgeMethods;
export type BridgeInput<M extends BridgeMethod> = z.input<(typeof bridgeMethods)[M]['input']>;
export type BridgeOutput<M extends BridgeMethod> = z.infer<(typeof bridgeMethods)[M]['output']>;

/** What the renderer calls (window.bridge in Electron, a WebSocket client in the browser). */
export type BridgeApi = {
  [M in BridgeMethod]: (input: BridgeInput<M>) => Promise<BridgeOutput<M>>;
} & {
  /** Subscribes to engine events; returns the unsubscribe function. Listeners never see transport objects. */
  onEvent(listener: (event: BridgeEvent) => void): () => void;
};

/** Errors that cross the bridge: a code for translation and plain words. */
export const BridgeErrorSchema = z.object({ code: z.string(), message: z.string() });
export type BridgeError = z.infer<typeof BridgeErrorSchema>;

/** The IPC channel name of a method (Electron) and its path (headless host). */
export const bridgeChannel = (m: BridgeMethod): string => `bridge:${m}`;
export const BRIDGE_EVENT_CHANNEL = 'bridge:event';
