// Typed creation helpers, one per conflict kind: each returns a ConflictDraft with both sides (time, patient,
// service, source), a summary without patient data, the resolution options that make sense, the context the
// actions need, and a dedupe key (the same problem raised twice is one open conflict).
// Summaries and side details carry a message code (shared/message-codes.ts) with params beside the English text,
// so the UI shows them in its language; times are params (ISO instants), formatted by the UI in the clinic's zone.
import type { ConflictKind, ConflictSide, ResolutionOption } from '../../../../shared/bridge';
import type { LocalBooking, Patient } from '../../../../shared/canonical';
import type { ErrorCode, MessageCode, MessageParams } from '../../../../shared/message-codes';
import type { ConflictContext, ContextOf, IncomingBooking } from './context';
import { ACTIONS } from './options';

export interface ConflictDraft {
  kind: ConflictKind;
  addressKey: string | null;
  dedupeKey: string;
  summary: string;
  summaryCode: MessageCode;
  summaryParams: MessageParams;
  local: ConflictSide | null;
  remote: ConflictSide | null;
  options: ResolutionOption[];
  context: ConflictContext;
}

/** "2026-11-23 10:00" — the clinic-local wall time an instant-with-offset carries. */
export const wallTime = (instant: string): string => `${instant.slice(0, 10)} ${instant.slice(11, 16)}`;

export const patientLabel = (p: Pick<Patient, 'firstName' | 'lastName'>): string =>
  `${p.firstName} ${p.lastName}`.trim();

/** "J*** K***": for audit summaries and logs. */
export function maskName(name: string | null | undefined): string {
  if (!name || !name.trim()) return '(no name)';
  return name
    .trim()
    .split(/\s+/)
    .map((w) => `${w[0]}***`)
    .join(' ');
}

/** A side's detail: English text plus its code (null detail = nothing to say). */
interface Detail {
  detail: string | null;
  detailCode?: MessageCode;
  detailParams?: MessageParams;
}

const detail = (text: string, code: MessageCode, params: MessageParams = {}): Detail => ({
  detail: text,
  detailCode: code,
  detailParams: params,
});
const NO_DETAIL: Detail = { detail: null };

/** A side without a booking (times, service and detail only). */
const bareSide = (
  source: ConflictSide['source'],
  d: Detail,
  o: { start?: string | null; end?: string | null; service?: string | null } = {},
): ConflictSide => ({
  source,
  start: o.start ?? null,
  end: o.end ?? null,
  patient: null,
  service: o.service ?? null,
  ...d,
});

const onlineSide = (b: IncomingBooking, d: Detail = NO_DETAIL): ConflictSide => ({
  source: 'docplanner',
  start: b.start,
  end: b.end,
  patient: patientLabel(b.patient) || null,
  service: b.serviceName,
  ...d,
});

const STATUS_DETAIL: Record<Exclude<LocalBooking['status'], 'booked'>, MessageCode> = {
  confirmed: 'side.booking-confirmed',
  canceled: 'side.booking-canceled',
  'no-show': 'side.booking-no-show',
  completed: 'side.booking-completed',
};

const localSide = (b: LocalBooking, serviceName: string | null): ConflictSide => ({
  source: 'pms',
  start: b.start,
  end: b.end,
  patient: patientLabel(b.patient) || null,
  service: serviceName,
  ...(b.status === 'booked' ? NO_DETAIL : detail(b.status, STATUS_DETAIL[b.status])),
});

/** The codes of the practice-data problems the planner reports (plan/slots.ts SlotsProblem.code). */
const PRACTICE_PROBLEMS: Record<string, { summary: MessageCode; detail: MessageCode }> = {
  'overlapping-periods': { summary: 'conflict.overlapping-periods', detail: 'side.overlapping-periods' },
  'unmapped-service': { summary: 'conflict.unmapped-service-hours', detail: 'side.unmapped-service' },
  'insurance-unmapped': { summary: 'conflict.insurance-unmapped', detail: 'side.insurance-unmapped' },
};

export function doubleBooking(a: {
  context: Omit<ContextOf<'double-booking'>, 'kind'>;
  /** The PMS appointment occupying that time, when the engine can tell which. */
  existing: LocalBooking | null;
  existingServiceName: string | null;
}): ConflictDraft {
  const b = a.context.booking;
  return {
    kind: 'double-booking',
    addressKey: a.context.addressKey,
    dedupeKey: `double-booking:${b.dpBookingId}`,
    summary: `A patient booked ${wallTime(b.start)} online, but that time is already taken in the practice system.`,
    summaryCode: 'conflict.double-booking',
    summaryParams: { start: b.start },
    local: a.existing
      ? localSide(a.existing, a.existingServiceName)
      : bareSide('pms', detail('time already taken', 'side.time-taken'), { start: b.start, end: b.end }),
    remote: onlineSide(b),
    options: [ACTIONS.keepBoth, ACTIONS.moveOnline, ACTIONS.cancelOnline],
    context: { kind: 'double-booking', ...a.context },
  };
}

export function unmappedService(a: { context: Omit<ContextOf<'unmapped-service'>, 'kind'> }): ConflictDraft {
  const b = a.context.booking;
  return {
    kind: 'unmapped-service',
    addressKey: a.context.addressKey,
    dedupeKey: `unmapped-service:${b.dpBookingId}`,
    summary:
      `An online booking for ${wallTime(b.start)} uses the Docplanner service ` +
      `"${b.serviceName ?? b.addressServiceId ?? 'none'}", which is not mapped to a practice service.`,
    summaryCode: 'conflict.unmapped-service',
    summaryParams: { start: b.start, service: b.serviceName ?? b.addressServiceId ?? '—' },
    local: null,
    remote: onlineSide(b, detail('service not mapped', 'side.service-not-mapped')),
    options: [ACTIONS.mapAndApply, ACTIONS.bookWithoutService, ACTIONS.cancelOnline],
    context: { kind: 'unmapped-service', ...a.context },
  };
}

export function mappingVanished(a: {
  context: Omit<ContextOf<'mapping-vanished'>, 'kind'>;
  localServiceNames: string[];
}): ConflictDraft {
  const c = a.context;
  const name = c.service?.name ?? c.addressServiceId ?? 'a service';
  const isService = c.what === 'address-service';
  return {
    kind: 'mapping-vanished',
    addressKey: c.addressKey,
    dedupeKey: isService
      ? `mapping-vanished:${c.addressKey}:service:${c.addressServiceId}`
      : `mapping-vanished:${c.addressKey}:address`,
    summary: isService
      ? `The Docplanner service "${name}" was deleted, but practice services are mapped to it; ` +
        `their availability cannot be published until the mapping is fixed.`
      : `The Docplanner address mapped to this calendar is no longer assigned to the doctor; ` +
        `nothing can be synchronised for it until the mapping is fixed.`,
    summaryCode: isService ? 'conflict.service-vanished' : 'conflict.address-vanished',
    summaryParams: isService ? { service: name } : {},
    local: bareSide(
      'pms',
      isService ? detail('mapped practice services', 'side.mapped-services') : NO_DETAIL,
      {
        service: a.localServiceNames.join(', ') || null,
      },
    ),
    remote: bareSide(
      'docplanner',
      isService
        ? detail('deleted on Docplanner', 'side.deleted-online')
        : detail('address unassigned', 'side.address-unassigned'),
      { service: isService ? name : null },
    ),
    options:
      isService && c.service?.serviceId && c.ref
        ? [ACTIONS.remap, ACTIONS.recreateService]
        : [ACTIONS.remap, ACTIONS.acknowledge],
    context: { kind: 'mapping-vanished', ...c },
  };
}

/** A side's "refused by Docplanner", with the Docplanner error kind when the refusal had one. */
const refusedDetail = (reason: string, error: ErrorCode | null | undefined): Detail =>
  error ? detail(reason, 'side.refused-because', { error }) : detail(reason, 'side.refused');

export function bookingRefused(a: {
  context: Omit<ContextOf<'booking-refused'>, 'kind'>;
  booking: LocalBooking;
  serviceName: string | null;
  /** The Docplanner error kind of the refusal (no free slot, validation, …), when it came from one. */
  error?: ErrorCode | null;
}): ConflictDraft {
  const c = a.context;
  return {
    kind: 'booking-refused',
    addressKey: c.addressKey,
    dedupeKey: `booking-refused:${c.localBookingId}`,
    summary: `Docplanner refused the appointment at ${wallTime(c.start)}: ${c.reason}`,
    ...(a.error
      ? { summaryCode: 'conflict.booking-refused-because', summaryParams: { start: c.start, error: a.error } }
      : { summaryCode: 'conflict.booking-refused', summaryParams: { start: c.start } }),
    local: localSide(a.booking, a.serviceName),
    remote: bareSide('docplanner', refusedDetail(c.reason, a.error), { start: c.start, end: c.end }),
    options: [ACTIONS.retry, ACTIONS.holdWithBreak, ACTIONS.keepLocalOnly],
    context: { kind: 'booking-refused', ...c },
  };
}

export function remoteBreak(a: {
  context: Omit<ContextOf<'remote-break'>, 'kind'>;
  overlapping: { booking: LocalBooking; serviceName: string | null }[];
}): ConflictDraft {
  const c = a.context;
  const n = a.overlapping.length;
  const first = a.overlapping[0];
  return {
    kind: 'remote-break',
    addressKey: c.addressKey,
    dedupeKey: `remote-break:${c.ref.addressId}:${c.dpBreakId}`,
    summary:
      n > 0
        ? `A break ${wallTime(c.since)}–${c.till.slice(11, 16)} was added on Docplanner over ` +
          `${n} appointment${n === 1 ? '' : 's'} in the practice system.`
        : `A break ${wallTime(c.since)}–${c.till.slice(11, 16)} was added on Docplanner; ` +
          `the practice system does not block that time.`,
    summaryCode: n > 0 ? 'conflict.remote-break' : 'conflict.remote-break-free',
    summaryParams: n > 0 ? { start: c.since, end: c.till, count: n } : { start: c.since, end: c.till },
    local: first
      ? {
          ...localSide(first.booking, first.serviceName),
          ...(n > 1 ? detail(`and ${n - 1} more`, 'side.and-more', { count: n - 1 }) : NO_DETAIL),
        }
      : bareSide('pms', detail('time not blocked', 'side.time-not-blocked'), { start: c.since, end: c.till }),
    remote: bareSide('docplanner', detail('break', 'side.break'), { start: c.since, end: c.till }),
    options: [ACTIONS.blockPms, ACTIONS.removeBreak],
    context: { kind: 'remote-break', ...c },
  };
}

type WriteBackFailedContext = Omit<ContextOf<'write-back-failed'>, 'kind' | 'movedBothSides'> &
  Partial<Pick<ContextOf<'write-back-failed'>, 'movedBothSides'>>;

export function writeBackFailed(a: {
  context: WriteBackFailedContext;
  notificationName: string;
  attempts: number;
  booking: IncomingBooking | null;
  /** True when the failed change was bringing a new online booking in (cancel-online then makes sense). */
  canCancelOnline: boolean;
}): ConflictDraft {
  const c = a.context;
  return {
    kind: 'write-back-failed',
    addressKey: c.addressKey,
    dedupeKey: `write-back-failed:inbox:${c.inboxId}`,
    summary:
      `A change from Docplanner (${a.notificationName}) could not be written into the practice system ` +
      `after ${a.attempts} attempt${a.attempts === 1 ? '' : 's'}: ${c.error}`,
    summaryCode: 'conflict.write-back-failed',
    summaryParams: { notification: a.notificationName, count: a.attempts },
    local: bareSide('pms', detail(c.error, 'side.write-failed')),
    remote: a.booking
      ? onlineSide(a.booking, notificationDetail(a.notificationName))
      : bareSide('docplanner', notificationDetail(a.notificationName)),
    options:
      a.canCancelOnline && c.dpBookingId && c.ref
        ? [ACTIONS.retry, ACTIONS.cancelOnline, ACTIONS.acknowledge]
        : [ACTIONS.retry, ACTIONS.acknowledge],
    context: { kind: 'write-back-failed', movedBothSides: null, ...c },
  };
}

/** The patient moved a booking online while the receptionist changed the same appointment: which time wins? */
export function movedOnBothSides(a: {
  context: Omit<ContextOf<'write-back-failed'>, 'kind'>;
  booking: IncomingBooking;
  /** The appointment as the PMS has it now, or null when it is no longer where it was (moved away, deleted). */
  current: LocalBooking | null;
  serviceName: string | null;
}): ConflictDraft {
  const c = a.context;
  // The sync keeps the PMS side meanwhile (the outbound half moves or cancels the online booking), so the
  // summary says what it does; the receptionist may take the patient's time instead while the appointment lives.
  const active = a.current !== null && a.current.status !== 'canceled' && a.current.status !== 'no-show';
  return {
    kind: 'write-back-failed',
    addressKey: c.addressKey,
    // Raised from a notification (one per inbox row) or by the outbound half after its move met the patient's.
    dedupeKey:
      c.inboxId !== null
        ? `write-back-failed:inbox:${c.inboxId}`
        : `moved-both-sides:${c.movedBothSides?.localBookingId ?? ''}:${c.dpBookingId ?? ''}`,
    ...(active
      ? {
          summary:
            `The patient moved a booking online to ${wallTime(a.booking.start)} while the appointment was moved to ` +
            `${wallTime(a.current!.start)} in the practice system. The sync keeps ${wallTime(a.current!.start)} ` +
            `and moves the online booking there (Docplanner tells the patient); use the online time if the ` +
            `patient's choice is right.`,
          summaryCode: 'conflict.moved-both-sides' as const,
          summaryParams: { start: a.booking.start, local: a.current!.start },
        }
      : {
          summary:
            `The patient moved a booking online to ${wallTime(a.booking.start)}, but the appointment was canceled ` +
            `or deleted in the practice system. The sync cancels the online booking too (Docplanner tells the ` +
            `patient); call the patient if the visit should stay.`,
          summaryCode: 'conflict.moved-online-gone-locally' as const,
          summaryParams: { start: a.booking.start },
        }),
    local: a.current
      ? localSide(a.current, a.serviceName)
      : bareSide('pms', detail('changed in the practice system', 'side.changed-locally')),
    remote: onlineSide(a.booking, detail('moved online', 'side.moved-online')),
    options: active ? [ACTIONS.takeOnlineTime, ACTIONS.keepLocalTime] : [ACTIONS.acknowledge],
    context: { kind: 'write-back-failed', ...c },
  };
}

export function unhandledNotification(a: {
  inboxId: number;
  addressKey: string | null;
  name: string;
  reason: string;
}): ConflictDraft {
  return {
    kind: 'unhandled-notification',
    addressKey: a.addressKey,
    dedupeKey: `unhandled-notification:inbox:${a.inboxId}`,
    summary: `Docplanner sent a message the sync cannot act on (${a.reason}). It is kept; check the calendar by hand.`,
    summaryCode: 'conflict.unhandled-notification',
    summaryParams: { notification: a.name },
    local: null,
    remote: bareSide('docplanner', notificationDetail(a.name)),
    options: [ACTIONS.acknowledge],
    context: {
      kind: 'unhandled-notification',
      addressKey: a.addressKey,
      inboxId: a.inboxId,
      name: a.name,
      reason: a.reason,
    },
  };
}

export function practiceData(a: {
  addressKey: string | null;
  dedupeKey: string;
  summary: string;
  detail: string;
  start?: string | null;
  end?: string | null;
  /**
   * Set by the sender for a change Docplanner refused (the detail is then its English reason), with the
   * Docplanner error kind when the refusal had one; without it the detail is a planner SlotsProblem code.
   */
  refused?: { error: ErrorCode | null };
}): ConflictDraft {
  const refused = a.refused;
  const problem =
    !refused && Object.hasOwn(PRACTICE_PROBLEMS, a.detail) ? PRACTICE_PROBLEMS[a.detail] : undefined;
  const summaryCode: MessageCode =
    problem?.summary ??
    (refused
      ? refused.error
        ? 'conflict.change-refused-because'
        : 'conflict.change-refused'
      : 'conflict.practice-data');
  const times: MessageParams = {};
  if (a.start) times.start = a.start;
  if (a.end) times.end = a.end;
  return {
    kind: 'practice-data',
    addressKey: a.addressKey,
    dedupeKey: `practice-data:${a.dedupeKey}`,
    summary: a.summary,
    summaryCode,
    summaryParams: problem ? times : refused?.error ? { error: refused.error } : {},
    local: bareSide(
      'pms',
      problem
        ? detail(a.detail, problem.detail)
        : refused
          ? refusedDetail(a.detail, refused.error)
          : { detail: a.detail },
      { start: a.start, end: a.end },
    ),
    remote: null,
    options: [ACTIONS.acknowledge],
    context: { kind: 'practice-data', addressKey: a.addressKey, inboxId: null, detail: a.detail },
  };
}

/** A Docplanner notification named on a side ("slot-booked", …): a technical name, shown as it is. */
function notificationDetail(name: string): Detail {
  return detail(name, 'side.notification', { notification: name });
}
