// One address's calendar: the stored work periods per local day, the bookings indexed by day, and the breaks.
// Free slots are derived on demand, per day, from the periods: for each address service of a period, starts step by
// that service's duration from the period's grid anchor, and a start s is offered when s + duration ≤ period end and
// the visit overlaps no booked visit and no break.
import type { PatientRequest } from '../../electron/engine/docplanner/schemas';
import type { MarketTime } from './time';

export interface PeriodService {
  addressServiceId: string;
  duration: number;
}

export interface StoredPeriod {
  start: number;
  end: number;
  /** Where the slot grid starts: the start of the PUT window this piece came from (kept when a later PUT trims it). */
  anchor: number;
  services: PeriodService[];
  insuranceAccepted: string;
  insuranceProviders: number[];
}

export type BookedBy = 'user' | 'doctor' | 'integration';

export interface SimBooking {
  id: string;
  addressId: string;
  start: number;
  end: number;
  duration: number;
  addressServiceId: string;
  status: 'booked' | 'canceled';
  bookedBy: BookedBy;
  canceledBy: '' | BookedBy;
  bookedAt: number;
  canceledAt: number | null;
  patient: PatientRequest & { is_returning?: boolean };
  comment: string | null;
  presence: 'present' | 'absent' | null;
  confirmed: boolean;
  insurance: { providerId: string; planId: string | null } | null;
  /** First booking of a move chain, and the booking this one was moved to. */
  originId: string;
  movedToId: string | null;
  signature: string;
}

export interface SimBreak {
  id: string;
  addressId: string;
  since: number;
  till: number;
  description: string | null;
}

/** A free slot start and the address services that can be booked there. */
export interface FreeSlot {
  start: number;
  addressServiceIds: string[];
}

export class AddressCalendar {
  readonly periods = new Map<string, StoredPeriod[]>();
  readonly bookingsByDay = new Map<string, SimBooking[]>();
  readonly breaks = new Map<string, SimBreak>();

  constructor(private readonly time: MarketTime) {}

  /** Replaces everything inside [start, end) with `period` (or nothing); time outside the window is untouched. */
  replaceWindow(start: number, end: number, period: StoredPeriod | null): void {
    const day = this.time.dayOf(start);
    const kept: StoredPeriod[] = [];
    for (const p of this.periods.get(day) ?? []) {
      if (p.end <= start || p.start >= end) {
        kept.push(p);
        continue;
      }
      if (p.start < start) kept.push({ ...p, end: start });
      if (p.end > end) kept.push({ ...p, start: end });
    }
    if (period && period.services.length > 0) kept.push(period);
    kept.sort((a, b) => a.start - b.start);
    if (kept.length === 0) this.periods.delete(day);
    else this.periods.set(day, kept);
  }

  clearDay(day: string): void {
    this.periods.delete(day);
  }

  addBooking(booking: SimBooking): void {
    const day = this.time.dayOf(booking.start);
    const list = this.bookingsByDay.get(day) ?? [];
    list.push(booking);
    list.sort((a, b) => a.start - b.start || Number(a.id) - Number(b.id));
    this.bookingsByDay.set(day, list);
  }

  /** Booked visits and breaks that overlap [from, to) on `day`. */
  private busyIntervals(day: string, ignoreBookingId?: string): { start: number; end: number }[] {
    const { start: dayStart, end: dayEnd } = this.time.dayBounds(day);
    const busy: { start: number; end: number }[] = [];
    for (const b of this.bookingsByDay.get(day) ?? []) {
      if (b.status === 'booked' && b.id !== ignoreBookingId) busy.push({ start: b.start, end: b.end });
    }
    for (const br of this.breaks.values()) {
      if (br.since < dayEnd && br.till > dayStart) busy.push({ start: br.since, end: br.till });
    }
    return busy;
  }

  /** Free slots of one local day whose start lies in [from, to]. */
  freeSlotsOfDay(day: string, from: number, to: number, ignoreBookingId?: string): FreeSlot[] {
    const periods = this.periods.get(day);
    if (!periods) return [];
    const busy = this.busyIntervals(day, ignoreBookingId);
    const byStart = new Map<number, string[]>();
    for (const p of periods) {
      for (const s of p.services) {
        const step = s.duration * 60_000;
        const first = p.anchor + Math.max(0, Math.ceil((Math.max(p.start, from) - p.anchor) / step)) * step;
        for (let t = first; t + step <= p.end && t <= to; t += step) {
          if (busy.some((b) => b.start < t + step && b.end > t)) continue;
          const ids = byStart.get(t) ?? [];
          if (!ids.includes(s.addressServiceId)) ids.push(s.addressServiceId);
          byStart.set(t, ids);
        }
      }
    }
    return [...byStart.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([start, addressServiceIds]) => ({ start, addressServiceIds }));
  }

  freeSlots(from: number, to: number): FreeSlot[] {
    return this.time.daysBetween(from, to).flatMap((day) => this.freeSlotsOfDay(day, from, to));
  }

  /**
   * Whether a visit of `duration` minutes for `addressServiceId` may be booked at `start`: the start is on that
   * service's grid in some period, the visit ends inside the period, and it overlaps nothing booked or blocked.
   * Returns 'ok', 'other-service' (the start is free for another service only) or 'none'.
   */
  checkBookable(
    start: number,
    addressServiceId: string,
    duration: number,
    ignoreBookingId?: string,
  ): 'ok' | 'other-service' | 'none' {
    const day = this.time.dayOf(start);
    const periods = this.periods.get(day) ?? [];
    const busy = this.busyIntervals(day, ignoreBookingId);
    const overlaps = (s: number, e: number) => busy.some((b) => b.start < e && b.end > s);
    let otherService = false;
    for (const p of periods) {
      if (start < p.start || start >= p.end) continue;
      for (const s of p.services) {
        const step = s.duration * 60_000;
        if ((start - p.anchor) % step !== 0 || start + step > p.end) continue;
        if (s.addressServiceId !== addressServiceId) {
          if (!overlaps(start, start + step)) otherService = true;
          continue;
        }
        const end = start + duration * 60_000;
        if (end <= p.end && !overlaps(start, end)) return 'ok';
      }
    }
    return otherService ? 'other-service' : 'none';
  }
}
