// The one list of engine messages the UI translates: every sentence the engine sends to the screen (status reasons,
// errors, conflict summaries and side details, reconciliation summaries, resolution outcomes) carries a stable code
// from here plus typed params; the English text travels beside it for the CLI JSON line and the logs. The engine
// and the renderer import this same table: the renderer translates by code (renderer/i18n/<lang>.ts, keys
// `msg.<code>`) and shows the English text only when a code is missing or unknown (an older stored record, a newer
// engine). Params never carry patient data: a patient name stays in ConflictSide.patient.
import { z } from 'zod';

/**
 * How the renderer shows a param:
 * - `count`    a number that picks the plural form (always named `count`);
 * - `number`   a plain number;
 * - `text`     shown as it is: a doctor/location label, a service name, a PC name, a technical name — never a patient;
 * - `instant`  an ISO instant with offset ("2026-11-24T10:00:00+01:00"), shown as date and time in the clinic's
 *              time zone and the UI locale (the engine never pre-formats dates);
 * - `time`     an ISO instant shown as the time of day only (the end of a range on the same day);
 * - `status`   another status-reason code, translated with the same params (a reason inside a reason);
 * - `error`    an ErrorInfo code (ERROR_CODES), translated as `msg.error.<code>` without its final full stop;
 * - `action`   a resolution action (RESOLUTION_ACTIONS), shown as that option's label;
 * - `note`     another code translated with the same params, or "" for none;
 * - `date`     a clinic calendar date "2026-11-24", shown as a date in the UI locale (no time, no zone shift);
 * - `message`  another message code (a write inside an activity summary, a conflict summary inside
 *              "needs a decision"), translated with the same params.
 */
export type ParamKind =
  | 'count'
  | 'number'
  | 'text'
  | 'instant'
  | 'time'
  | 'status'
  | 'error'
  | 'action'
  | 'note'
  | 'date'
  | 'message';

/** ErrorInfo.code / BridgeError.code values the engine and the runtime produce (see msg.error.<code>). */
export const ERROR_CODES = [
  // Docplanner client (DocplannerErrorKind)
  'auth',
  'forbidden',
  'not-found',
  'slot-unavailable',
  'service-missing',
  'validation',
  'conflict',
  'business-rule',
  'rate-limited',
  'server',
  'network',
  'malformed-response',
  // engine and runtime
  'internal',
  'practice-db',
  'mapping',
  'takeover',
  'config',
  'secret',
  'open',
  'start',
  'not-configured',
  'needs-sign-in',
  'viewer',
  'demo',
  // state DB (DbOpenError) and practice DB (PracticeDbError) when opening
  'newer-version',
  'cannot-open',
  'migration-failed',
  'missing-file',
  'not-sqlite',
  'locked',
  'read-only',
  'schema-mismatch',
  'bad-mapping',
  'bad-data',
  'io',
  // the multi-PC lease (lease-<LeaseErrorCode>)
  'lease-read-only-folder',
  'lease-sidecar-unavailable',
  'lease-sidecar-corrupt',
  'lease-sidecar-too-new',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const isErrorCode = (code: string): code is ErrorCode =>
  (ERROR_CODES as readonly string[]).includes(code);

/** The resolution actions a conflict may offer (ResolutionOption.action); the UI translates label and description. */
export const RESOLUTION_ACTIONS = [
  'keep-both',
  'cancel-online',
  'move-online',
  'book-without-service',
  'map-and-apply',
  'retry',
  'hold-with-break',
  'keep-local-only',
  'block-pms',
  'remove-break',
  'remap',
  'recreate-service',
  'take-online-time',
  'keep-local-time',
  'acknowledge',
] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];
export const isResolutionAction = (action: string): action is ResolutionAction =>
  (RESOLUTION_ACTIONS as readonly string[]).includes(action);

const errorMessages = Object.fromEntries(ERROR_CODES.map((c) => [`error.${c}`, {}])) as {
  [C in ErrorCode as `error.${C}`]: Record<string, never>;
};

/** Every message code and the kinds of its params. */
export const MESSAGES = {
  // Status reasons (StatusSnapshot.reason, per address and global; electron/engine/sync/status.ts, the runtime).
  'status.in-sync': {},
  'status.not-mapped': {},
  'status.not-activated': {},
  'status.paused': {},
  'status.other-pc': {},
  'status.other-pc-named': { holder: 'text' },
  'status.error': { error: 'error' },
  'status.offline-waiting': { error: 'error', count: 'count' },
  'status.refused': { count: 'count' },
  'status.rate-limited': { count: 'count' },
  'status.checking-unknown': { count: 'count' },
  'status.sending': { count: 'count' },
  'status.feeding': {},
  'status.nothing-active': {},
  'status.for-address': { address: 'text', reason: 'status' },
  'status.starting': {},
  'status.open-settings': {},
  'status.no-secret': {},
  'status.stopped': {},
  'status.demo-starting': {},
  // Multi-PC (electron/headless/session.ts).
  'status.takeover-failed': {},
  'status.lease-stopped': { error: 'error' },
  'status.syncing-on': { holder: 'text', reason: 'status', note: 'note' },
  'status.waiting-first-report': { holder: 'text', note: 'note' },
  'status.waiting-takeover': { note: 'note' },
  'status.note.read-only': {},

  ...errorMessages,

  // Conflict summaries (Conflict.summary; electron/engine/sync/conflicts/drafts.ts).
  'conflict.double-booking': { start: 'instant' },
  'conflict.unmapped-service': { start: 'instant', service: 'text' },
  'conflict.service-vanished': { service: 'text' },
  'conflict.address-vanished': {},
  'conflict.booking-refused': { start: 'instant' },
  'conflict.remote-break': { start: 'instant', end: 'time', count: 'count' },
  'conflict.remote-break-free': { start: 'instant', end: 'time' },
  'conflict.write-back-failed': { notification: 'text', count: 'count' },
  'conflict.moved-both-sides': { start: 'instant', local: 'instant' },
  'conflict.moved-online-gone-locally': { start: 'instant' },
  'conflict.unhandled-notification': { notification: 'text' },
  'conflict.change-refused': {},
  'conflict.practice-data': {},
  'conflict.overlapping-periods': { start: 'instant', end: 'time' },
  'conflict.unmapped-service-hours': { start: 'instant', end: 'time' },
  'conflict.insurance-unmapped': { start: 'instant', end: 'time' },
  /** Appended to an open conflict's summary after a failed resolution attempt. */
  'conflict.last-attempt-failed': { action: 'action' },
  /** The same with its cause: a Docplanner or practice DB error, or the action's own reason (resolve.why.*). */
  'conflict.last-attempt-failed-because': { action: 'action', error: 'error' },
  'conflict.last-attempt-failed-why': { action: 'action', why: 'message' },
  /** A booking or change Docplanner refused, with the Docplanner error kind it gave (sender.ts). */
  'conflict.booking-refused-because': { start: 'instant', error: 'error' },
  'conflict.change-refused-because': { error: 'error' },

  // Conflict side details (ConflictSide.detail).
  'side.time-taken': {},
  'side.service-not-mapped': {},
  'side.booking-canceled': {},
  'side.booking-confirmed': {},
  'side.booking-no-show': {},
  'side.booking-completed': {},
  'side.mapped-services': {},
  'side.deleted-online': {},
  'side.address-unassigned': {},
  'side.refused': {},
  'side.refused-because': { error: 'error' },
  'side.and-more': { count: 'count' },
  'side.time-not-blocked': {},
  'side.break': {},
  'side.write-failed': {},
  'side.notification': { notification: 'text' },
  'side.changed-locally': {},
  'side.moved-online': {},
  'side.overlapping-periods': {},
  'side.unmapped-service': {},
  'side.insurance-unmapped': {},

  // Reconciliation (ReconciliationResult.summary; electron/engine/sync/engine.ts).
  'reconcile.match': {},
  'reconcile.repaired': { count: 'count', repaired: 'number' },
  'reconcile.incomplete': {},
  'reconcile.not-run': {},
  'reconcile.failed': { error: 'error' },

  // Resolving a conflict (ResolveOutcome, Conflict.resolution.outcome; conflicts/service.ts).
  'resolve.invalid': {},
  'resolve.not-found': {},
  'resolve.already-resolved': {},
  'resolve.not-an-option': { action: 'text' },
  'resolve.busy': {},
  'resolve.acknowledged': {},
  'resolve.done': { action: 'action' },
  'resolve.failed': { action: 'action' },
  'resolve.settled': {},

  // The built-in demo (startDemo / stopDemo).
  'demo.running': {},
  'demo.started': {},
  'demo.stopped': {},
  'demo.not-available': {},
  'demo.not-running': {},
  'demo.stop-in-terminal': {},
  'demo.failed': {},

  // Activation (ActivationPreview blockers/warnings, startActivation; electron/engine/sync/activation.ts). The
  // per-day problems of the horizon use the practice-data conflict codes (overlapping periods, unmapped …).
  'activation.not-mapped': {},
  'activation.not-commercial': {},
  'activation.check-failed': { error: 'error' },
  'activation.no-services': {},
  'activation.more-days': { count: 'count' },
  'activation.will-enable': {},
  'activation.started': { count: 'count', minutes: 'number' },
  'activation.enable-failed': { error: 'error' },
  'activation.not-writable': {},

  // Pause / resume (setPaused).
  'sync.paused': {},
  'sync.resumed': {},

  // A viewer PC's request queued for the PC that syncs (electron/headless/session.ts).
  'viewer.sent': { holder: 'text' },
  'viewer.queued': {},
  'viewer.no-lease': {},
  'viewer.queue-failed': {},

  // Saving the mapping, creating an address service (SaveResult; electron/engine/sync/mapping/service.ts).
  'mapping.saved': {},
  'mapping.incomplete': {},
  'mapping.remote-unreadable': { error: 'error' },
  'mapping.invalid-links': {},
  'mapping.not-mapped': {},
  'mapping.unknown-service': {},
  'mapping.service-created': { service: 'text' },
  'mapping.create-failed': { error: 'error' },

  // Field errors of a SaveResult (mapping and settings), by field path.
  'field.invalid': {},
  'field.no-schedule': {},
  'field.address-unknown': {},
  'field.address-mismatch': {},
  'field.address-taken': {},
  'field.calendar-twice': {},
  'field.calendar-not-mapped': {},
  'field.service-not-of-address': {},
  'field.no-practice-service': {},
  'field.no-insurance-provider': {},
  'field.error': { error: 'error' },
  'field.client-id-required': {},
  'field.no-file': {},
  'field.secret-required': {},

  // Saving the settings, testing the connection (electron/headless/runtime.ts, connection-test.ts).
  'settings.invalid': {},
  'settings.need-attention': {},
  'settings.saved': {},
  'connection.ok': { count: 'count' },
  'connection.no-facilities': {},
  'connection.need-credentials': {},
  'connection.failed': { error: 'error' },

  /** A failed resolution whose cause is known (a Docplanner error kind, a practice DB error). */
  'resolve.failed-because': { action: 'action', error: 'error' },
  /** A failed resolution with the action's own reason (a resolve.why.* code; its params beside). */
  'resolve.failed-why': { action: 'action', why: 'message' },
  // Why a resolution action failed (conflicts/actions.ts, service.ts); no full stop: nested in a sentence.
  'resolve.why.not-applicable': {},
  'resolve.why.unreadable': {},
  'resolve.why.not-running': {},
  'resolve.why.not-leading': {},
  'resolve.why.calendar-not-mapped': {},
  'resolve.why.practice-refused': {},
  'resolve.why.practice-cannot': {},
  'resolve.why.time-taken': {},
  'resolve.why.time-taken-move-by-hand': { start: 'instant' },
  'resolve.why.practice-could-not-move': { appointment: 'text' },
  'resolve.why.service-not-mapped': { service: 'text' },
  'resolve.why.no-service': {},
  'resolve.why.no-free-time': { from: 'instant', to: 'instant' },
  'resolve.why.nothing-to-retry': {},
  'resolve.why.still-needs-decision': {},
  'resolve.why.address-still-mapped': {},
  'resolve.why.services-not-mapped': { services: 'text' },
  'resolve.why.service-does-not-exist': {},
  'resolve.why.cannot-recreate': {},

  // Activity (the audit log, ActivityEntry.code). Writes sent to Docplanner (no full stop: nested below).
  'activity.out.slots': { date: 'date' },
  'activity.out.book': { start: 'instant' },
  'activity.out.move-booking': { start: 'instant' },
  'activity.out.cancel-booking': {},
  'activity.out.add-break': { start: 'instant', end: 'time' },
  'activity.out.hold': { start: 'instant', end: 'time' },
  'activity.out.move-break': { start: 'instant', end: 'time' },
  'activity.out.delete-break': {},
  'activity.out.failed': { write: 'message', error: 'error' },
  'activity.out.confirmed': { write: 'message' },
  'activity.out.not-applied': { write: 'message' },
  'activity.out.linked': { write: 'message' },
  'activity.calendar-enabled': {},
  'activity.service-created': { service: 'text', local: 'text' },
  'activity.mapping-saved': { count: 'count', services: 'number', insurances: 'number' },
  // Notifications from Docplanner (electron/engine/sync/inbound/applier.ts).
  'activity.in.applied': { notification: 'text' },
  'activity.in.ignored': { notification: 'text' },
  'activity.in.conflict': { notification: 'text', conflict: 'text' },
  'activity.in.write-failed': { notification: 'text', attempt: 'number' },
  'activity.in.write-failed-because': { notification: 'text', attempt: 'number', error: 'error' },
  // What a handler did with a notification (inbound/apply-*.ts). `appointment` is the practice system's id.
  'activity.in.not-mapped': { address: 'text' },
  'activity.in.booking-known': { start: 'instant', appointment: 'text' },
  'activity.in.booking-canceled-before': { start: 'instant' },
  'activity.in.booking-written': { start: 'instant', appointment: 'text' },
  'activity.in.booking-linked': { start: 'instant', appointment: 'text' },
  'activity.in.cancel-old-id': { start: 'instant' },
  'activity.in.cancel-not-here': { start: 'instant' },
  'activity.in.cancel-already': { start: 'instant' },
  'activity.in.canceled': { start: 'instant', by: 'message', appointment: 'text' },
  'activity.in.canceled-gone': { start: 'instant', appointment: 'text' },
  'activity.in.by.patient': {},
  'activity.in.by.doctor': {},
  'activity.in.by.sync': {},
  'activity.in.moved': { from: 'instant', start: 'instant', appointment: 'text' },
  'activity.in.move-known': { from: 'instant', start: 'instant', appointment: 'text' },
  'activity.in.move-superseded': { from: 'instant', start: 'instant', appointment: 'text' },
  'activity.in.moved-away': { from: 'instant', start: 'instant', appointment: 'text' },
  'activity.in.confirm-not-here': { start: 'instant' },
  'activity.in.confirmed': { start: 'instant', appointment: 'text' },
  'activity.in.confirm-not-recorded': { start: 'instant' },
  'activity.in.presence-not-here': { start: 'instant', presence: 'message' },
  'activity.in.presence-recorded': { start: 'instant', presence: 'message', appointment: 'text' },
  'activity.in.presence-not-recorded': { start: 'instant', presence: 'message' },
  'activity.in.presence.present': {},
  'activity.in.presence.absent': {},
  'activity.in.break-not-mapped': { address: 'text' },
  'activity.in.break-known': { start: 'instant', end: 'time' },
  'activity.in.break-already-blocked': { start: 'instant', end: 'time' },
  'activity.in.break-holds': { start: 'instant', end: 'time', appointment: 'text' },
  'activity.in.break-blocked': { start: 'instant', end: 'time' },
  'activity.in.break-moved-pms-owned': { start: 'instant', end: 'time' },
  'activity.in.break-unchanged': { start: 'instant', end: 'time' },
  'activity.in.break-moved': { start: 'instant', end: 'time' },
  'activity.in.break-moved-old-kept': { start: 'instant', end: 'time' },
  'activity.in.break-removed-never': { start: 'instant', end: 'time' },
  'activity.in.break-removed-pms-owned': { start: 'instant', end: 'time' },
  'activity.in.break-removed': { start: 'instant', end: 'time' },
  'activity.in.service-unmapped-address': { service: 'text' },
  'activity.in.service-added': { service: 'text' },
  'activity.in.service-changed': { service: 'text' },
  'activity.in.service-changed-mapped': { service: 'text' },
  'activity.in.service-deleted-unmapped': { service: 'text' },
  'activity.in.address-assigned': { address: 'text' },
  'activity.in.address-type': { address: 'text', type: 'text' },
  'activity.in.address-type-unsyncable': { address: 'text', type: 'text' },
  'activity.in.address-type-other': { address: 'text' },
  'activity.in.address-unassigned-unmapped': { address: 'text' },
  // Repairs of the cross-check (electron/engine/sync/reconcile/reconciler.ts).
  'activity.reconcile.canceled-online': {},
  'activity.reconcile.removed-break': {},
  // Conflicts raised and resolved (conflicts/service.ts); `by` is the receptionist who chose, never a patient.
  'activity.conflict.raised': { conflict: 'message' },
  'activity.conflict.settled': {},
  'activity.resolve.done': { action: 'action', by: 'text' },
  'activity.resolve.failed': { action: 'action', by: 'text' },
  'activity.resolve.failed-because': { action: 'action', by: 'text', error: 'error' },
  'activity.resolve.failed-why': { action: 'action', by: 'text', why: 'message' },
  // Taking over syncing from another PC (electron/headless/session.ts).
  'activity.lease.handover': { holder: 'text', count: 'count', bookings: 'number' },
} as const satisfies Record<string, Record<string, ParamKind>>;

export type MessageCode = keyof typeof MESSAGES;
export const MESSAGE_CODES = Object.keys(MESSAGES) as [MessageCode, ...MessageCode[]];
export const isMessageCode = (code: string): code is MessageCode => Object.hasOwn(MESSAGES, code);

/** The params of a code, by name (values: numbers, or strings as ParamKind describes). */
export type MessageParams = Record<string, string | number>;

/** Codes on the wire: an unknown code (a newer engine, a damaged record) parses as "none", so the text shows. */
export const MessageCodeSchema = z.enum(MESSAGE_CODES).optional().catch(undefined);
export const MessageParamsSchema = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .optional()
  .catch(undefined);

/** A code with its params, as engine code passes it around before putting it on a bridge object. */
export interface MessageRef {
  code: MessageCode;
  params: MessageParams;
}

export const msg = (code: MessageCode, params: MessageParams = {}): MessageRef => ({ code, params });
