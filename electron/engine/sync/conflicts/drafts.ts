// Typed creation helpers, one per conflict kind: each returns a ConflictDraft with both sides (time, patient,
// service, source), a summary without patient data, the resolution options that make sense, the context the
// actions need, and a dedupe key (the same problem raised twice is one open conflict).
import type { ConflictKind, ConflictSide, ResolutionOption } from '../../../../shared/bridge';
import type { LocalBooking, Patient } from '../../../../shared/canonical';
import type { ConflictContext, ContextOf, IncomingBooking } from './context';
import { ACTIONS } from './options';

export interface ConflictDraft {
  kind: ConflictKind;
  addressKey: string | null;
  dedupeKey: string;
  summary: string;
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

const onlineSide = (b: IncomingBooking, detail: string | null = null): ConflictSide => ({
  source: 'docplanner',
  start: b.start,
  end: b.end,
  patient: patientLabel(b.patient) || null,
  service: b.serviceName,
  detail,
});

const localSide = (b: LocalBooking, serviceName: string | null): ConflictSide => ({
  source: 'pms',
  start: b.start,
  end: b.end,
  patient: patientLabel(b.patient) || null,
  service: serviceName,
  detail: b.status === 'booked' ? null : b.status,
});

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
    local: a.existing
      ? localSide(a.existing, a.existingServiceName)
      : {
          source: 'pms',
          start: b.start,
          end: b.end,
          patient: null,
          service: null,
          detail: 'time already taken',
        },
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
    local: null,
    remote: onlineSide(b, 'service not mapped'),
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
    local: {
      source: 'pms',
      start: null,
      end: null,
      patient: null,
      service: a.localServiceNames.join(', ') || null,
      detail: isService ? 'mapped practice services' : null,
    },
    remote: {
      source: 'docplanner',
      start: null,
      end: null,
      patient: null,
      service: isService ? name : null,
      detail: isService ? 'deleted on Docplanner' : 'address unassigned',
    },
    options:
      isService && c.service?.serviceId && c.ref
        ? [ACTIONS.remap, ACTIONS.recreateService]
        : [ACTIONS.remap, ACTIONS.acknowledge],
    context: { kind: 'mapping-vanished', ...c },
  };
}

export function bookingRefused(a: {
  context: Omit<ContextOf<'booking-refused'>, 'kind'>;
  booking: LocalBooking;
  serviceName: string | null;
}): ConflictDraft {
  const c = a.context;
  return {
    kind: 'booking-refused',
    addressKey: c.addressKey,
    dedupeKey: `booking-refused:${c.localBookingId}`,
    summary: `Docplanner refused the appointment at ${wallTime(c.start)}: ${c.reason}`,
    local: localSide(a.booking, a.serviceName),
    remote: {
      source: 'docplanner',
      start: c.start,
      end: c.end,
      patient: null,
      service: null,
      detail: c.reason,
    },
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
    local: first
      ? { ...localSide(first.booking, first.serviceName), detail: n > 1 ? `and ${n - 1} more` : null }
      : {
          source: 'pms',
          start: c.since,
          end: c.till,
          patient: null,
          service: null,
          detail: 'time not blocked',
        },
    remote: {
      source: 'docplanner',
      start: c.since,
      end: c.till,
      patient: null,
      service: null,
      detail: 'break',
    },
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
    local: { source: 'pms', start: null, end: null, patient: null, service: null, detail: c.error },
    remote: a.booking
      ? onlineSide(a.booking, a.notificationName)
      : {
          source: 'docplanner',
          start: null,
          end: null,
          patient: null,
          service: null,
          detail: a.notificationName,
        },
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
  return {
    kind: 'write-back-failed',
    addressKey: c.addressKey,
    dedupeKey: `write-back-failed:inbox:${c.inboxId}`,
    summary:
      `The patient moved a booking online to ${wallTime(a.booking.start)}, but the same appointment was changed ` +
      `in the practice system meanwhile. Choose which time is right.`,
    local: a.current
      ? localSide(a.current, a.serviceName)
      : {
          source: 'pms',
          start: null,
          end: null,
          patient: null,
          service: null,
          detail: 'changed in the practice system',
        },
    remote: onlineSide(a.booking, 'moved online'),
    options: [ACTIONS.takeOnlineTime, ACTIONS.keepLocalTime],
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
    local: null,
    remote: { source: 'docplanner', start: null, end: null, patient: null, service: null, detail: a.name },
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
}): ConflictDraft {
  return {
    kind: 'practice-data',
    addressKey: a.addressKey,
    dedupeKey: `practice-data:${a.dedupeKey}`,
    summary: a.summary,
    local: {
      source: 'pms',
      start: a.start ?? null,
      end: a.end ?? null,
      patient: null,
      service: null,
      detail: a.detail,
    },
    remote: null,
    options: [ACTIONS.acknowledge],
    context: { kind: 'practice-data', addressKey: a.addressKey, inboxId: null, detail: a.detail },
  };
}
