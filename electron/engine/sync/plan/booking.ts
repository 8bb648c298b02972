// The next write that brings one local appointment and Docplanner together, or null when they agree.
// Rules (lead's design): an active local booking without a link → bookSlot; linked with other times or service →
// moveBooking; canceled, no-show before its start, or gone from the PMS → cancelBooking. Marketplace bookings are
// linked on write-back, so an unlinked one needs nothing. When Docplanner has no free slot for the appointment
// (or it cannot be booked online at all: unmapped service, no phone), a "hold" calendar break covers its time
// so nobody books it online; a hold is removed once the appointment is booked, canceled or deleted. Writes Docplanner
// would refuse are not sent: an appointment off the slot grid of its day's PUT payload (slot-grid.ts), or over time
// our links say is taken (taken.ts), is held directly. A held appointment stays held: when it moves, its hold moves
// with it (one moveCalendarBreak), rather than bookSlot at the new time plus removing the hold (two writes).
import type { LocalBooking } from '../../../../shared/canonical';
import type { BookSlotRequest, ReplaceSlotsRequest } from '../../docplanner/schemas';
import type { BookingLink, BreakLink } from '../../store/links';
import { holdId } from '../../store/links';
import type { AddressPlanContext } from './context';
import { onSlotGrid } from './slot-grid';
import { takenByOthers, type TakenTime } from './taken';
import { sameInstant, type PlannedWrite } from './writes';

export interface BookingPlanInput {
  /** The appointment as the PMS has it now; null when it is gone (hard delete). */
  local: LocalBooking | null;
  localId: string;
  link: BookingLink | null;
  hold: BreakLink | null;
  /** Docplanner just answered "no free slot" for this appointment's current time: hold instead of booking. */
  slotUnavailable?: boolean;
  /**
   * The `PUT slots` payload of the appointment's day as planned from the PMS (plan/slots.ts). When given, an
   * appointment whose start is not on its service's grid there is held without asking bookSlot / moveBooking first.
   */
  daySlots?: ReplaceSlotsRequest | null;
  /** What Docplanner has booked or blocked that day per our links (taken.ts); overlapping it, hold directly. */
  taken?: readonly TakenTime[];
  nowMs: number;
  ctx: AddressPlanContext;
}

export const holdDescription = (localId: string): string =>
  `Reserved (practice system, appointment ${localId})`;

/** Whether the PMS says this appointment takes its time (booked or confirmed). */
export function isActive(b: LocalBooking): boolean {
  return b.status === 'booked' || b.status === 'confirmed';
}

/** Whether the PMS says this appointment no longer takes its time and Docplanner should release it. */
function isReleased(b: LocalBooking | null, nowMs: number): boolean {
  if (!b) return true;
  if (b.status === 'canceled') return true;
  return b.status === 'no-show' && Date.parse(b.start) > nowMs;
}

/** Why an active appointment cannot be booked online at all (then it is held with a break), or null. */
export function unbookableReason(b: LocalBooking, ctx: AddressPlanContext): string | null {
  if (!b.serviceId || !ctx.services.get(b.serviceId)) return 'its service is not mapped to Docplanner';
  if (!b.patient.phone || !b.patient.phone.trim()) return 'the patient has no phone number';
  if (Date.parse(b.end) - Date.parse(b.start) < 60_000) return 'it has no duration';
  return null;
}

export function planBooking(i: BookingPlanInput): PlannedWrite | null {
  const { local, link, hold, ctx } = i;
  const linked = link !== null && link.state === 'booked';
  if (!local || !isActive(local)) {
    if (isReleased(local, i.nowMs)) {
      if (linked) return { op: 'cancelBooking', localId: i.localId, dpBookingId: link.dpBookingId };
      if (hold) return { op: 'deleteBreak', localId: hold.localId, dpBreakId: hold.dpBreakId };
    }
    return null;
  }
  const future = Date.parse(local.start) > i.nowMs;
  const holdMatches =
    hold !== null && sameInstant(hold.since, local.start) && sameInstant(hold.till, local.end);

  if (linked) {
    const wantService = (local.serviceId && ctx.services.get(local.serviceId)) || link.addressServiceId;
    const same =
      sameInstant(link.start, local.start) &&
      sameInstant(link.end, local.end) &&
      (wantService === null || wantService === link.addressServiceId);
    if (same || !future) {
      return hold ? { op: 'deleteBreak', localId: hold.localId, dpBreakId: hold.dpBreakId } : null;
    }
    // The new time has no free slot and is already held: release the old booking.
    if (holdMatches) return { op: 'cancelBooking', localId: i.localId, dpBookingId: link.dpBookingId };
    if (i.slotUnavailable || !wantService || unavailable(i, local, wantService)) return holdWrite(i, local);
    return {
      op: 'moveBooking',
      localId: i.localId,
      dpBookingId: link.dpBookingId,
      start: local.start,
      end: local.end,
      body: {
        address_service_id: wantService,
        start: local.start,
        duration: Math.round((Date.parse(local.end) - Date.parse(local.start)) / 60_000),
      },
    };
  }

  if (local.origin === 'marketplace' && !link) return null; // on Docplanner already; inbound links it
  if (!future) return null; // never book into the past
  if (holdMatches) return null; // held: nothing more to do until the appointment changes
  // Held and moved: onto a time Docplanner can book it becomes a real booking (Docplanner's acceptance asks for
  // every booking to be synchronised; the hold is removed once it is booked), otherwise the hold moves with it.
  // Not onto time its own hold still covers: Docplanner would refuse that slot.
  if (hold && overlaps(hold.since, hold.till, local.start, local.end)) return holdWrite(i, local);
  if (i.slotUnavailable || unbookableReason(local, ctx) !== null) return holdWrite(i, local);
  if (unavailable(i, local, ctx.services.get(local.serviceId!)!)) return holdWrite(i, local);
  return {
    op: 'bookSlot',
    localId: i.localId,
    start: local.start,
    end: local.end,
    origin: local.origin,
    body: bookBody(local, ctx),
  };
}

/**
 * Whether Docplanner would refuse this time as far as we know (bookSlot / moveBooking would answer 404): it is not
 * on the grid of the day's planned slots, or our links say another appointment or a break already takes it. When
 * we are wrong the appointment is held instead of booked: its time is still covered, never offered twice.
 */
function unavailable(i: BookingPlanInput, local: LocalBooking, addressServiceId: string): boolean {
  if (i.daySlots != null && !onSlotGrid(i.daySlots, local.start, local.end, addressServiceId)) return true;
  return i.taken !== undefined && takenByOthers(i.taken, i.localId, local.start, local.end);
}

const overlaps = (aStart: string, aEnd: string, bStart: string, bEnd: string): boolean =>
  Date.parse(aStart) < Date.parse(bEnd) && Date.parse(bStart) < Date.parse(aEnd);

function holdWrite(i: BookingPlanInput, local: LocalBooking): PlannedWrite {
  if (i.hold) {
    return {
      op: 'moveBreak',
      localId: i.hold.localId,
      dpBreakId: i.hold.dpBreakId,
      since: local.start,
      till: local.end,
    };
  }
  return {
    op: 'addBreak',
    localId: holdId(i.localId),
    origin: 'booking-hold',
    body: { since: local.start, till: local.end, description: holdDescription(i.localId) },
  };
}

export function bookBody(b: LocalBooking, ctx: AddressPlanContext): BookSlotRequest {
  const p = b.patient;
  const name = p.firstName.trim() || p.lastName.trim() || '-';
  const insurance = b.insuranceId ? ctx.insurance.get(b.insuranceId) : undefined;
  return {
    address_service_id: ctx.services.get(b.serviceId ?? '')!,
    duration: Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000),
    patient: {
      name,
      ...(p.firstName.trim() && p.lastName.trim() ? { surname: p.lastName.trim() } : {}),
      phone: (p.phone ?? '').trim(),
      ...(p.email ? { email: p.email } : {}),
      ...(p.birthDate ? { birth_date: p.birthDate } : {}),
      ...(p.nin ? { nin: p.nin } : {}),
      ...(p.gender ? { gender: p.gender } : {}),
    },
    ...(b.comment ? { comment: b.comment } : {}),
    ...(insurance ? { insurance_provider_id: insurance.providerId } : {}),
    ...(insurance?.planId ? { insurance_plan_id: insurance.planId } : {}),
  };
}
