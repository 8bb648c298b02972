// The control API: what a test or demo does to the simulated marketplace from outside the integration API.
// Acting as a patient or as the doctor in the Docplanner UI enqueues the notification the real API would send;
// the same methods are exposed over HTTP under /__sim/ (see README.md).
import { z } from 'zod';
import type {
  AddressService,
  Booking,
  CalendarBreak,
  PatientRequest,
} from '../../electron/engine/docplanner/schemas';
import type { SimBooking } from './calendar';
import { SimError } from './errors';
import { type SeedResult, type SeedSpec } from './estate';
import { type FaultSpec, type Faults } from './faults';
import { type CallLog, type CallLogEntry } from './call-log';
import { type OffsetClock, parseInstant } from './time';
import type { World } from './world';

export interface PatientInput {
  name?: string;
  surname?: string;
  phone?: string;
  email?: string | null;
}

export interface AddressServiceChanges {
  name?: string;
  price?: number | null;
  duration?: number;
  isVisible?: boolean;
  description?: string | null;
}

export interface AddressState {
  facilityId: string;
  doctorId: string;
  name: string;
  commercialType: string;
  calendar: 'enabled' | 'disabled';
  addressServices: AddressService[];
  /** Stored work periods per local day (what PUT slots left behind). */
  workPeriods: Record<
    string,
    {
      start: string;
      end: string;
      services: { addressServiceId: string; duration: number }[];
      insuranceAccepted: string;
    }[]
  >;
  /** Free slots (what getSlots would return) on every day that has work periods. */
  freeSlots: { start: string; addressServiceIds: string[] }[];
  /** Every booking at this address, booked or canceled, with patient. */
  bookings: Booking[];
  breaks: CalendarBreak[];
}

export interface SimulatorState {
  now: string;
  addresses: Record<string, AddressState>;
  /** Notifications not pulled yet, oldest first. */
  notifications: { name: string; data: Record<string, unknown>; created_at: string }[];
  faults: FaultSpec;
}

export interface SimulatorControl {
  seed(spec: SeedSpec): SeedResult;
  patientBook(addressId: string, start: string, addressServiceId: string, patient?: PatientInput): Booking;
  patientCancel(addressId: string, bookingId: string): Booking;
  /** Moves to `newStart` (same service unless given); returns the new booking. */
  patientMove(addressId: string, bookingId: string, newStart: string, addressServiceId?: string): Booking;
  /** The doctor books / cancels in the Docplanner calendar: booked_by / canceled_by 'doctor'. */
  doctorBook(addressId: string, start: string, addressServiceId: string, patient?: PatientInput): Booking;
  doctorCancel(addressId: string, bookingId: string): Booking;
  doctorAddBreak(addressId: string, since: string, till: string, description?: string): CalendarBreak;
  doctorMoveBreak(addressId: string, breakId: string, since: string, till: string): CalendarBreak;
  doctorRemoveBreak(addressId: string, breakId: string): void;
  doctorAddService(
    addressId: string,
    service: { serviceId: string; name?: string; duration?: number; price?: number | null },
  ): AddressService;
  doctorChangeService(
    addressId: string,
    addressServiceId: string,
    changes: AddressServiceChanges,
  ): AddressService;
  doctorDeleteService(addressId: string, addressServiceId: string): void;
  /** Only with the default clock; with an injected clock the test advances that clock. */
  advanceClock(ms: number): void;
  setFaults(faults: FaultSpec): void;
  state(): SimulatorState;
  callLog(): CallLogEntry[];
  clearLog(): void;
  /** Sim time, epoch ms. */
  now(): number;
}

const DEFAULT_PATIENT = { name: 'Jan', surname: 'Kowalski', phone: '+48500100200', email: null };

export function createControl(deps: {
  world: World;
  faults: Faults;
  log: CallLog;
  offsetClock: OffsetClock | null;
}): SimulatorControl {
  const { world, faults, log } = deps;
  const { estate, wire, notifications } = world;
  const full = new Set(['booking.patient', 'booking.address_service', 'booking.presence', 'booking.moving']);
  const renderBooking = (b: SimBooking) => wire.booking(b, full, world.bookings, true) as Booking;
  const context = (addressId: string) => wire.notificationContext(estate.address(addressId));

  function marketplaceBook(
    addressId: string,
    start: string,
    addressServiceId: string,
    patient: PatientInput | undefined,
    by: 'user' | 'doctor',
  ): Booking {
    const address = estate.address(addressId);
    const service = address.services.get(addressServiceId);
    if (!service) throw new SimError(404, 'Service does not exist');
    const booking = world.book(address, parseInstant(start), {
      addressServiceId,
      duration: service.duration,
      patient: { ...DEFAULT_PATIENT, ...patient } as PatientRequest,
      bookedBy: by,
    });
    notifications.push('slot-booked', {
      ...context(addressId),
      visit_booking: wire.bookingNotification(booking),
    });
    return renderBooking(booking);
  }

  function marketplaceCancel(addressId: string, bookingId: string, by: 'user' | 'doctor'): Booking {
    const booking = world.cancel(estate.address(addressId), bookingId, by);
    notifications.push('booking-canceled', {
      ...context(addressId),
      visit_booking: wire.bookingNotification(booking),
    });
    return renderBooking(booking);
  }

  return {
    seed: (spec) => estate.seed(spec),

    patientBook: (addressId, start, addressServiceId, patient) =>
      marketplaceBook(addressId, start, addressServiceId, patient, 'user'),
    patientCancel: (addressId, bookingId) => marketplaceCancel(addressId, bookingId, 'user'),
    doctorBook: (addressId, start, addressServiceId, patient) =>
      marketplaceBook(addressId, start, addressServiceId, patient, 'doctor'),
    doctorCancel: (addressId, bookingId) => marketplaceCancel(addressId, bookingId, 'doctor'),

    patientMove(addressId, bookingId, newStart, addressServiceId) {
      const address = estate.address(addressId);
      const current = world.booking(address, bookingId);
      const { old, moved } = world.move(
        address,
        bookingId,
        { start: parseInstant(newStart), addressServiceId: addressServiceId ?? current.addressServiceId },
        'user',
      );
      notifications.push('booking-moved', {
        ...context(addressId),
        old_visit_booking: wire.bookingNotification(old),
        new_visit_booking: wire.bookingNotification(moved),
      });
      return renderBooking(moved);
    },

    doctorAddBreak(addressId, since, till, description) {
      const created = world.addBreak(
        estate.address(addressId),
        parseInstant(since),
        parseInstant(till),
        description ?? null,
      );
      notifications.push('break-created', { ...context(addressId), break: breakPayload(created.id) });
      return wire.calendarBreak(created) as CalendarBreak;

      function breakPayload(id: string) {
        const b = world.calendarBreak(estate.address(addressId), id);
        return { id: b.id, since: world.time.format(b.since), till: world.time.format(b.till) };
      }
    },

    doctorMoveBreak(addressId, breakId, since, till) {
      const moved = world.moveBreak(
        estate.address(addressId),
        breakId,
        parseInstant(since),
        parseInstant(till),
      );
      notifications.push('break-moved', {
        ...context(addressId),
        break: { id: moved.id, since: world.time.format(moved.since), till: world.time.format(moved.till) },
      });
      return wire.calendarBreak(moved) as CalendarBreak;
    },

    doctorRemoveBreak(addressId, breakId) {
      const removed = world.removeBreak(estate.address(addressId), breakId);
      notifications.push('break-removed', {
        ...context(addressId),
        break: {
          id: removed.id,
          since: world.time.format(removed.since),
          till: world.time.format(removed.till),
        },
      });
    },

    doctorAddService(addressId, service) {
      const address = estate.address(addressId);
      if ([...address.services.values()].some((s) => s.serviceId === service.serviceId)) {
        throw new SimError(409, 'The address service you are trying to add already exists in the system');
      }
      const created = estate.addAddressService(address, {
        serviceId: service.serviceId,
        name: service.name,
        duration: service.duration,
        price: service.price,
      });
      const rendered = wire.addressService(created);
      notifications.push('address-service-created', { ...context(addressId), address_service: rendered });
      return rendered as AddressService;
    },

    doctorChangeService(addressId, addressServiceId, changes) {
      const service = world.addressService(estate.address(addressId), addressServiceId);
      if (changes.name !== undefined) service.name = changes.name;
      if (changes.price !== undefined)
        service.price = changes.price === null ? null : Math.trunc(changes.price);
      if (changes.duration !== undefined) service.duration = changes.duration;
      if (changes.isVisible !== undefined) service.isVisible = changes.isVisible;
      if (changes.description !== undefined) service.description = changes.description;
      const rendered = wire.addressService(service);
      notifications.push('address-service-changed', { ...context(addressId), address_service: rendered });
      return rendered as AddressService;
    },

    doctorDeleteService(addressId, addressServiceId) {
      const removed = world.deleteAddressService(estate.address(addressId), addressServiceId);
      notifications.push('address-service-deleted', {
        ...context(addressId),
        address_service: wire.addressService(removed),
      });
    },

    advanceClock(ms) {
      if (!deps.offsetClock) {
        throw new SimError(
          400,
          'advanceClock works only with the default clock; advance the injected clock instead',
        );
      }
      deps.offsetClock.advance(ms);
    },

    setFaults: (f) => faults.set(f),

    state() {
      const addresses: Record<string, AddressState> = {};
      for (const a of estate.addresses.values()) {
        const workPeriods: AddressState['workPeriods'] = {};
        const freeSlots: AddressState['freeSlots'] = [];
        for (const [day, periods] of [...a.calendar.periods.entries()].sort(([x], [y]) =>
          x.localeCompare(y),
        )) {
          workPeriods[day] = periods.map((p) => ({
            start: world.time.format(p.start),
            end: world.time.format(p.end),
            services: p.services,
            insuranceAccepted: p.insuranceAccepted,
          }));
          const { start, end } = world.time.dayBounds(day);
          for (const s of a.calendar.freeSlotsOfDay(day, start, end - 1)) {
            const ids = s.addressServiceIds.filter((id) => a.services.has(id));
            if (ids.length > 0) freeSlots.push({ start: world.time.format(s.start), addressServiceIds: ids });
          }
        }
        const bookings = [...a.calendar.bookingsByDay.entries()]
          .sort(([x], [y]) => x.localeCompare(y))
          .flatMap(([, list]) => list.map(renderBooking));
        addresses[a.id] = {
          facilityId: a.facilityId,
          doctorId: a.doctorId,
          name: a.name,
          commercialType: a.commercialType,
          calendar: a.calendarStatus,
          addressServices: [...a.services.values()].map((s) => wire.addressService(s) as AddressService),
          workPeriods,
          freeSlots,
          bookings,
          breaks: [...a.calendar.breaks.values()]
            .sort((x, y) => x.since - y.since)
            .map((b) => wire.calendarBreak(b) as CalendarBreak),
        };
      }
      return {
        now: world.time.format(world.now()),
        addresses,
        notifications: notifications
          .peekAll()
          .map((n) => ({ name: n.name, data: n.data, created_at: world.time.format(n.createdAt) })),
        faults: faults.current,
      };
    },

    callLog: () => log.entries(),
    clearLog: () => log.clear(),
    now: () => world.now(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The same actions over HTTP: POST /__sim/<action> with a JSON body, GET /__sim/state, GET|DELETE /__sim/log.

const Str = z.string().min(1);
const Patient = z
  .object({
    name: z.string().optional(),
    surname: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().nullable().optional(),
  })
  .optional();

export const CONTROL_ACTIONS: Record<
  string,
  { method: 'GET' | 'POST' | 'DELETE'; run: (c: SimulatorControl, body: unknown) => unknown }
> = {
  seed: { method: 'POST', run: (c, b) => c.seed(b as SeedSpec) },
  'patient/book': {
    method: 'POST',
    run: (c, b) => {
      const x = z.object({ addressId: Str, start: Str, addressServiceId: Str, patient: Patient }).parse(b);
      return c.patientBook(x.addressId, x.start, x.addressServiceId, x.patient);
    },
  },
  'patient/cancel': {
    method: 'POST',
    run: (c, b) => {
      const x = z.object({ addressId: Str, bookingId: Str }).parse(b);
      return c.patientCancel(x.addressId, x.bookingId);
    },
  },
  'patient/move': {
    method: 'POST',
    run: (c, b) => {
      const x = z
        .object({ addressId: Str, bookingId: Str, newStart: Str, addressServiceId: Str.optional() })
        .parse(b);
      return c.patientMove(x.addressId, x.bookingId, x.newStart, x.addressServiceId);
    },
  },
  'doctor/book': {
    method: 'POST',
    run: (c, b) => {
      const x = z.object({ addressId: Str, start: Str, addressServiceId: Str, patient: Patient }).parse(b);
      return c.doctorBook(x.addressId, x.start, x.addressServiceId, x.patient);
    },
  },
  'doctor/cancel': {
    method: 'POST',
    run: (c, b) => {
      const x = z.object({ addressId: Str, bookingId: Str }).parse(b);
      return c.doctorCancel(x.addressId, x.bookingId);
    },
  },
  'doctor/break/add': {
    method: 'POST',
    run: (c, b) => {
      const x = z
        .object({ addressId: Str, since: Str, till: Str, description: z.string().optional() })
        .parse(b);
      return c.doctorAddBreak(x.addressId, x.since, x.till, x.description);
    },
  },
  'doctor/break/move': {
    method: 'POST',
    run: (c, b) => {
      const x = z.object({ addressId: Str, breakId: Str, since: Str, till: Str }).parse(b);
      return c.doctorMoveBreak(x.addressId, x.breakId, x.since, x.till);
    },
  },
  'doctor/break/remove': {
    method: 'POST',
    run: (c, b) => {
      const x = z.object({ addressId: Str, breakId: Str }).parse(b);
      c.doctorRemoveBreak(x.addressId, x.breakId);
      return { ok: true };
    },
  },
  'doctor/service/add': {
    method: 'POST',
    run: (c, b) => {
      const x = z
        .object({
          addressId: Str,
          serviceId: Str,
          name: z.string().optional(),
          duration: z.number().int().positive().optional(),
          price: z.number().nullable().optional(),
        })
        .parse(b);
      return c.doctorAddService(x.addressId, x);
    },
  },
  'doctor/service/change': {
    method: 'POST',
    run: (c, b) => {
      const x = z
        .object({
          addressId: Str,
          addressServiceId: Str,
          changes: z.object({
            name: z.string().optional(),
            price: z.number().nullable().optional(),
            duration: z.number().int().positive().optional(),
            isVisible: z.boolean().optional(),
            description: z.string().nullable().optional(),
          }),
        })
        .parse(b);
      return c.doctorChangeService(x.addressId, x.addressServiceId, x.changes);
    },
  },
  'doctor/service/delete': {
    method: 'POST',
    run: (c, b) => {
      const x = z.object({ addressId: Str, addressServiceId: Str }).parse(b);
      c.doctorDeleteService(x.addressId, x.addressServiceId);
      return { ok: true };
    },
  },
  'clock/advance': {
    method: 'POST',
    run: (c, b) => {
      c.advanceClock(z.object({ ms: z.number().nonnegative() }).parse(b).ms);
      return { now: new Date(c.now()).toISOString() };
    },
  },
  faults: {
    method: 'POST',
    run: (c, b) => {
      c.setFaults(b as FaultSpec);
      return { ok: true };
    },
  },
  state: { method: 'GET', run: (c) => c.state() },
  log: { method: 'GET', run: (c) => c.callLog() },
  'log/clear': {
    method: 'POST',
    run: (c) => {
      c.clearLog();
      return { ok: true };
    },
  },
};
