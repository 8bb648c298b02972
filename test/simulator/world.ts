// The simulator's state and the domain operations on it, shared by the integration API handlers (acting as the
// API client) and the control API (acting as patient or doctor). No HTTP and no notifications here: callers decide
// who acted and whether the marketplace would tell the client.
import type { Clock } from '../../electron/engine/util/clock';
import type { PatientRequest, ReplaceSlotsRequest } from '../../electron/engine/docplanner/schemas';
import {
  AddressCalendar,
  type BookedBy,
  type SimBooking,
  type SimBreak,
  type StoredPeriod,
} from './calendar';
import { Estate, type SimAddress, type SimAddressService } from './estate';
import { SimError, invalidArguments } from './errors';
import { NotificationQueue } from './notifications';
import { MarketTime, parseInstant, DAY } from './time';
import { Wire } from './wire';

export interface WorldOptions {
  clock: Clock;
  timeZone: string;
  horizonWeeks: number;
  random: () => number;
}

export interface BookInit {
  addressServiceId: string;
  duration: number;
  patient: PatientRequest & { is_returning?: boolean };
  bookedBy: BookedBy;
  comment?: string | null;
  insurance?: { providerId: string; planId: string | null } | null;
}

export class World {
  readonly time: MarketTime;
  readonly estate: Estate;
  readonly wire: Wire;
  readonly bookings = new Map<string, SimBooking>();
  readonly notifications: NotificationQueue;
  private readonly clock: Clock;
  private readonly horizonWeeks: number;
  private readonly random: () => number;

  constructor(opts: WorldOptions) {
    this.clock = opts.clock;
    this.horizonWeeks = opts.horizonWeeks;
    this.random = opts.random;
    this.time = new MarketTime(opts.timeZone);
    this.estate = new Estate(() => new AddressCalendar(this.time));
    this.wire = new Wire(this.time, this.estate);
    this.notifications = new NotificationQueue(() => this.clock.now());
  }

  now(): number {
    return this.clock.now();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Slots

  requireCommercial(address: SimAddress): void {
    if (address.commercialType !== 'premium') {
      throw new SimError(
        422,
        `Cannot activate calendar on address ${address.id}, profile/address is not commercial`,
      );
    }
  }

  requireEditableCalendar(address: SimAddress): void {
    this.requireCommercial(address);
    if (address.calendarStatus !== 'enabled') {
      throw new SimError(403, 'You are not authorized to make changes on this calendar');
    }
  }

  /** Validates a PUT slots body as the real API does (400 with field errors), then applies it. */
  replaceSlots(address: SimAddress, body: ReplaceSlotsRequest): void {
    this.requireEditableCalendar(address);
    // Form validation first (field errors, "Invalid arguments"), then the business checks (one message each).
    const errors: Record<string, string[]> = {};
    const add = (field: string, message: string) => (errors[field] ??= []).push(message);
    const horizonEnd = this.now() + this.horizonWeeks * 7 * DAY;
    const parsed = body.slots.map((p, i) => {
      const start = parseInstant(p.start);
      const end = parseInstant(p.end);
      if (end - start < 60_000) {
        add(
          `slots[${i}].minimumDifferenceBetweenDates`,
          'The end date must be at least 1 minute after the start date',
        );
      }
      if (end > horizonEnd) {
        add(
          `slots[${i}].end`,
          `End date should be less than or equal to ${this.time.formatHuman(horizonEnd)}.`,
        );
      }
      return {
        start,
        end,
        accepted: p.insurance_accepted ?? 'with-and-without-insurance',
        providers: p.insurance_providers ?? [],
        services: p.address_services ?? [],
        raw: p,
      };
    });
    if (Object.keys(errors).length > 0) throw invalidArguments(errors);
    const fail = (message: string) => {
      throw new SimError(400, message);
    };
    for (const p of parsed) {
      if (this.time.dayOf(p.end) !== this.time.dayOf(p.start)) {
        fail(`Slot for date range ${p.raw.start} - ${p.raw.end} exceeds a single day boundary`);
      }
      if (p.services.some((s) => !address.services.has(s.address_service_id)))
        fail('Address service does not exist');
      const unknown = p.providers.filter((id) => !address.insuranceProviders.has(String(id)));
      if (unknown.length > 0) {
        fail(
          `Insurance provider(s) with id (${unknown.join(', ')}) not found for address id (${address.id})`,
        );
      }
      if (p.accepted === 'with-insurance-only' && p.providers.length === 0) {
        fail('Slot requires insurance (with-insurance-only), but insurance providers are missing');
      }
      if (p.accepted === 'without-insurance-only' && p.providers.length > 0) {
        fail(
          'Insurance providers are not supported. Slot does not allow insurances (without-insurance-only)',
        );
      }
    }
    if (new Set(parsed.map((p) => this.time.dayOf(p.start))).size > 1)
      fail('Slots comes from different days');
    for (const p of parsed) {
      const period: StoredPeriod = {
        start: p.start,
        end: p.end,
        anchor: p.start,
        services: p.services.map((s) => ({ addressServiceId: s.address_service_id, duration: s.duration })),
        insuranceAccepted: p.accepted,
        insuranceProviders: p.providers,
      };
      address.calendar.replaceWindow(p.start, p.end, period);
    }
  }

  deleteSlots(address: SimAddress, day: string): void {
    this.requireEditableCalendar(address);
    address.calendar.clearDay(day);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Bookings

  booking(address: SimAddress, bookingId: string): SimBooking {
    const booking = this.bookings.get(bookingId);
    if (!booking) throw new SimError(404, 'Object not found');
    if (booking.addressId !== address.id)
      throw new SimError(403, 'This booking does not belong to this address');
    return booking;
  }

  private slotError(
    address: SimAddress,
    start: number,
    addressServiceId: string,
    duration: number,
    ignore?: string,
  ): SimError | null {
    if (!address.services.has(addressServiceId)) return new SimError(404, 'Service does not exist');
    const verdict = address.calendar.checkBookable(start, addressServiceId, duration, ignore);
    if (verdict === 'ok') return null;
    const dt = this.time.format(start);
    if (verdict === 'other-service')
      return new SimError(404, `Slot (${dt}) does not support service ${addressServiceId}`);
    return new SimError(404, `Unable to perform booking. Requested target slot (${dt}) not found`);
  }

  book(address: SimAddress, start: number, init: BookInit): SimBooking {
    this.requireCommercial(address);
    if (address.calendarStatus !== 'enabled')
      throw new SimError(404, 'Unable to book a visit for this address');
    const error = this.slotError(address, start, init.addressServiceId, init.duration);
    if (error) throw error;
    return this.createBooking(address, start, init, null);
  }

  private createBooking(
    address: SimAddress,
    start: number,
    init: BookInit,
    origin: SimBooking | null,
  ): SimBooking {
    const id = this.estate.nextId();
    const booking: SimBooking = {
      id,
      addressId: address.id,
      start,
      end: start + init.duration * 60_000,
      duration: init.duration,
      addressServiceId: init.addressServiceId,
      status: 'booked',
      bookedBy: init.bookedBy,
      canceledBy: '',
      bookedAt: this.now(),
      canceledAt: null,
      patient: init.patient,
      comment: init.comment ?? null,
      presence: null,
      confirmed: false,
      insurance: init.insurance ?? null,
      originId: origin?.originId ?? id,
      movedToId: null,
      signature: this.signature(),
    };
    this.bookings.set(id, booking);
    address.calendar.addBooking(booking);
    return booking;
  }

  private signature(): string {
    const hex = () =>
      Math.floor(this.random() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return `${hex()}${hex()}-${hex()}-${hex()}-${hex()}-${hex()}${hex()}${hex()}`;
  }

  cancel(address: SimAddress, bookingId: string, by: BookedBy): SimBooking {
    const booking = this.booking(address, bookingId);
    if (booking.status !== 'booked') {
      throw new SimError(400, `Visit ${bookingId} cannot be canceled because it is not booked`);
    }
    booking.status = 'canceled';
    booking.canceledBy = by;
    booking.canceledAt = this.now();
    return booking;
  }

  /** Moves a booking: a new booking id at the target, the old one canceled. */
  move(
    address: SimAddress,
    bookingId: string,
    target: { start: number; addressServiceId: string; duration?: number; address?: SimAddress },
    by: BookedBy,
  ): { old: SimBooking; moved: SimBooking } {
    const old = this.booking(address, bookingId);
    if (old.status !== 'booked' || old.movedToId)
      throw new SimError(409, 'The visit has already been canceled or moved');
    const to = target.address ?? address;
    if (!to.services.has(target.addressServiceId)) {
      throw invalidArguments({ address_service_id: ['Address service does not exist'] });
    }
    const duration = target.duration ?? old.duration;
    const error = this.slotError(to, target.start, target.addressServiceId, duration, old.id);
    if (error) throw error;
    old.status = 'canceled';
    old.canceledBy = by;
    old.canceledAt = this.now();
    const moved = this.createBooking(
      to,
      target.start,
      {
        addressServiceId: target.addressServiceId,
        duration,
        patient: old.patient,
        bookedBy: old.bookedBy,
        comment: old.comment,
        insurance: old.insurance,
      },
      old,
    );
    old.movedToId = moved.id;
    return { old, moved };
  }

  confirm(address: SimAddress, bookingId: string): void {
    const booking = this.booking(address, bookingId);
    if (booking.confirmed) throw new SimError(409, 'Visit has already been confirmed');
    if (booking.status !== 'booked') throw new SimError(409, 'Visit has been canceled');
    if (booking.start < this.now()) throw new SimError(409, 'Visit is in the past');
    booking.confirmed = true;
  }

  markPresence(address: SimAddress, bookingId: string, present: boolean): SimBooking {
    const booking = this.booking(address, bookingId);
    if (booking.status !== 'booked') throw new SimError(409, 'Visit is marked as canceled');
    if (booking.start > this.now()) throw new SimError(400, 'Visit is in the future');
    booking.presence = present ? 'present' : 'absent';
    return booking;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Breaks

  calendarBreak(address: SimAddress, breakId: string): SimBreak {
    const found = address.calendar.breaks.get(breakId);
    if (!found) throw new SimError(404, 'Invalid break ID');
    return found;
  }

  addBreak(address: SimAddress, since: number, till: number, description: string | null): SimBreak {
    this.requireCommercial(address);
    if (till <= since) throw new SimError(422, 'Invalid date range');
    for (const b of address.calendar.breaks.values()) {
      if (b.since === since && b.till === till && (b.description ?? null) === description) {
        throw new SimError(409, 'Break for given address, date range and description exists');
      }
    }
    const created: SimBreak = { id: this.estate.nextId(), addressId: address.id, since, till, description };
    address.calendar.breaks.set(created.id, created);
    return created;
  }

  moveBreak(address: SimAddress, breakId: string, since: number, till: number): SimBreak {
    const found = this.calendarBreak(address, breakId);
    if (till <= since) {
      throw new SimError(
        422,
        `Till (${this.time.format(till)}) cannot be set before since (${this.time.format(since)})`,
      );
    }
    if (found.since === since && found.till === till) throw new SimError(422, 'Same Date Range');
    found.since = since;
    found.till = till;
    return found;
  }

  removeBreak(address: SimAddress, breakId: string): SimBreak {
    const found = this.calendarBreak(address, breakId);
    address.calendar.breaks.delete(breakId);
    return found;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Address services

  addressService(address: SimAddress, id: string): SimAddressService {
    const service = address.services.get(id);
    if (service) return service;
    for (const a of this.estate.addresses.values()) {
      if (a.services.has(id)) throw new SimError(403, 'This service does not belong to this address');
    }
    throw new SimError(404, 'Object not found');
  }

  deleteAddressService(address: SimAddress, id: string): SimAddressService {
    const service = this.addressService(address, id);
    address.services.delete(id);
    this.wire.deletedServices.set(id, service);
    return service;
  }
}
