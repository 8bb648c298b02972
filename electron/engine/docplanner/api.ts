// The operations the sync engine uses, as one interface. `DocplannerClient` (client.ts) implements it over HTTP;
// tests may wrap it (e.g. to record calls). Every method rejects only with DocplannerError.
import type {
  AddAddressServiceRequest,
  AddCalendarBreakRequest,
  Address,
  AddressInsuranceProvider,
  AddressInsuranceProviderRequest,
  AddressService,
  BookSlotRequest,
  Booking,
  Calendar,
  CalendarBreak,
  Doctor,
  Facility,
  InsuranceProvider,
  MoveBookingRequest,
  Notification,
  NotificationsMultiple,
  ReplaceSlotsRequest,
  Service,
  Slot,
  UpdateAddressServiceRequest,
} from './schemas';

/** Identifies one Docplanner address (doctor at a location) in a facility. */
export interface AddressRef {
  facilityId: string;
  doctorId: string;
  addressId: string;
}

/** Request priority for the shared rate budget: lower runs first. */
export type Priority = 0 | 1 | 2 | 3;
export const PRIORITY = { urgent: 0, normal: 1, background: 2, bulk: 3 } as const;

export interface CallOptions {
  priority?: Priority;
  signal?: AbortSignal;
}

export interface DocplannerApi {
  // Resources (mapping side)
  getFacilities(o?: CallOptions): Promise<Facility[]>;
  getDoctors(facilityId: string, o?: CallOptions): Promise<Doctor[]>;
  getAddresses(facilityId: string, doctorId: string, o?: CallOptions): Promise<Address[]>;
  getAddress(ref: AddressRef, o?: CallOptions): Promise<Address>;
  getServices(o?: CallOptions): Promise<Service[]>;
  getAddressServices(ref: AddressRef, o?: CallOptions): Promise<AddressService[]>;
  addAddressService(
    ref: AddressRef,
    body: AddAddressServiceRequest,
    o?: CallOptions,
  ): Promise<AddressService>;
  updateAddressService(
    ref: AddressRef,
    addressServiceId: string,
    body: UpdateAddressServiceRequest,
    o?: CallOptions,
  ): Promise<AddressService>;
  deleteAddressService(ref: AddressRef, addressServiceId: string, o?: CallOptions): Promise<void>;
  getInsuranceProviders(o?: CallOptions): Promise<InsuranceProvider[]>;
  getAddressInsuranceProviders(ref: AddressRef, o?: CallOptions): Promise<AddressInsuranceProvider[]>;
  addAddressInsuranceProvider(
    ref: AddressRef,
    body: AddressInsuranceProviderRequest,
    o?: CallOptions,
  ): Promise<void>;

  // Calendar
  getCalendar(ref: AddressRef, o?: CallOptions): Promise<Calendar>;
  /** Enables the calendar; "already enabled" (409) counts as success. */
  enableCalendar(ref: AddressRef, o?: CallOptions): Promise<void>;

  // Slots. Date-times are sent with the clinic's offset; the client URL-encodes them.
  /** Free slots in [start, end] (≤ 180 days); 404 "No slots found" is returned as []. */
  getSlots(ref: AddressRef, start: string, end: string, o?: CallOptions): Promise<Slot[]>;
  replaceSlots(ref: AddressRef, body: ReplaceSlotsRequest, o?: CallOptions): Promise<void>;
  deleteSlots(ref: AddressRef, date: string, o?: CallOptions): Promise<void>;

  // Bookings
  bookSlot(ref: AddressRef, start: string, body: BookSlotRequest, o?: CallOptions): Promise<Booking>;
  /** All bookings whose visit starts in [start, end]; follows pagination to the end. */
  getBookings(ref: AddressRef, start: string, end: string, o?: CallOptions): Promise<Booking[]>;
  getBooking(ref: AddressRef, bookingId: string, o?: CallOptions): Promise<Booking>;
  cancelBooking(ref: AddressRef, bookingId: string, reason?: string, o?: CallOptions): Promise<void>;
  /** Creates a new booking id; the old one ends up canceled. */
  moveBooking(
    ref: AddressRef,
    bookingId: string,
    body: MoveBookingRequest,
    o?: CallOptions,
  ): Promise<Booking>;
  confirmBooking(ref: AddressRef, bookingId: string, by: 'user' | 'admin', o?: CallOptions): Promise<void>;
  markPresence(ref: AddressRef, bookingId: string, present: boolean, o?: CallOptions): Promise<void>;

  // Breaks
  getCalendarBreaks(ref: AddressRef, since: string, till: string, o?: CallOptions): Promise<CalendarBreak[]>;
  addCalendarBreak(ref: AddressRef, body: AddCalendarBreakRequest, o?: CallOptions): Promise<CalendarBreak>;
  moveCalendarBreak(
    ref: AddressRef,
    breakId: string,
    since: string,
    till: string,
    o?: CallOptions,
  ): Promise<void>;
  deleteCalendarBreak(ref: AddressRef, breakId: string, o?: CallOptions): Promise<void>;

  // Notifications (pull)
  /** The oldest notification, or null when the queue is empty. */
  pullNotification(o?: CallOptions): Promise<Notification | null>;
  /** Up to `limit` (1–100) notifications in FIFO order; empty queue → { notifications: [], remaining: 0 }. */
  pullNotifications(limit: number, o?: CallOptions): Promise<NotificationsMultiple>;
  /** Push model only: re-dispatch buried notifications (1/hour). */
  releaseNotifications(o?: CallOptions): Promise<void>;
}
