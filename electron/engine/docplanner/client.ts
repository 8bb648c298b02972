// DocplannerClient: every operation of DocplannerApi over HTTP, each one a CallSpec (path, query, validated body,
// response schema, tolerated answers) handed to the RequestPipeline (budget, token, retries, error mapping),
// plus testConnection() for the settings screen.
import type { Clock } from '../util/clock';
import { systemClock } from '../util/clock';
import { PRIORITY } from './api';
import type { AddressRef, CallOptions, DocplannerApi } from './api';
import { splitRange } from './dates';
import { DocplannerError } from './errors';
import { serverMessage } from './http-errors';
import { resolveEndpoints, type Endpoints, type Locale } from './locales';
import { RateBudget } from './rate-budget';
import {
  checkBody,
  checkDateTimes,
  RequestPipeline,
  type ApiCallRecord,
  type CallSpec,
} from './request-pipeline';
import * as S from './schemas';
import { TokenProvider } from './token';
import { HttpTransport } from './transport';

export type { ApiCallRecord } from './request-pipeline';

export interface DocplannerClientOptions {
  /** Explicit API base URL (sandbox, simulator); wins over `locale`. */
  baseUrl?: string;
  locale?: Locale;
  clientId: string;
  clientSecret: string;
  clock?: Clock;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Per-request timeout; default 20 s. */
  timeoutMs?: number;
  /** Shared budget; by default the client makes its own. */
  budget?: RateBudget;
  onCall?: (record: ApiCallRecord) => void;
  /** Attempts for a GET (or a write that never left) failing with server/network errors (default 4). */
  maxReadAttempts?: number;
  /** How many 429s a request waits out before giving up (default 5). */
  maxRateLimitRetries?: number;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

const SLOTS_MAX_DAYS = 180;
/**
 * getBookings page size. The contract sets no maximum on `limit` (it states one where it has one: notifications
 * 1–100, getSlots 180 days); its default is 100. One page of 5,000 holds a 12-week horizon at ~60 visits a day, so
 * a reconciliation reads an address's bookings in one request instead of one per hundred. `pages` is still
 * followed: a server that caps the page answers with more pages, and nothing is missed.
 */
const BOOKINGS_PAGE_SIZE = 5000;
const MAX_PAGES = 1000;
const ADDRESS_WITH = 'address.online_only,address.commercial_type,address.insurance_support';
const BOOKINGS_WITH = 'booking.patient,booking.address_service,booking.presence';

const enc = encodeURIComponent;
const addressPath = (r: AddressRef) =>
  `/facilities/${enc(r.facilityId)}/doctors/${enc(r.doctorId)}/addresses/${enc(r.addressId)}`;

export class DocplannerClient implements DocplannerApi {
  readonly endpoints: Endpoints;
  readonly budget: RateBudget;
  private readonly tokens: TokenProvider;
  private readonly pipeline: RequestPipeline;

  constructor(opts: DocplannerClientOptions) {
    this.endpoints = resolveEndpoints(opts);
    const clock = opts.clock ?? systemClock;
    const random = opts.random ?? Math.random;
    const transport = new HttpTransport({ clock, timeoutMs: opts.timeoutMs });
    this.budget = opts.budget ?? new RateBudget({ clock, random });
    this.tokens = new TokenProvider({
      tokenUrl: this.endpoints.tokenUrl,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      clock,
      transport,
    });
    this.pipeline = new RequestPipeline({
      baseUrl: this.endpoints.baseUrl,
      budget: this.budget,
      tokens: this.tokens,
      transport,
      clock,
      random,
      onCall: opts.onCall,
      maxReadAttempts: opts.maxReadAttempts ?? 4,
      maxRateLimitRetries: opts.maxRateLimitRetries ?? 5,
    });
  }

  private call<T>(spec: CallSpec<T>): Promise<T> {
    return this.pipeline.call(spec);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Connection check (settings screen)

  /** Fetches a token and the facilities list; says in plain words what worked. Never throws. */
  async testConnection(): Promise<ConnectionTestResult> {
    try {
      await this.tokens.get();
    } catch (e) {
      return { ok: false, message: connectionMessage(e, 'sign-in') };
    }
    try {
      const facilities = await this.getFacilities({ priority: PRIORITY.urgent });
      const n = facilities.length;
      return {
        ok: true,
        message:
          n === 0
            ? 'Connected to Docplanner, but no facility is assigned to this integration yet. Ask Docplanner support to attach your clinic.'
            : `Connected to Docplanner: ${n} ${n === 1 ? 'facility' : 'facilities'} available.`,
      };
    } catch (e) {
      return { ok: false, message: connectionMessage(e, 'facilities') };
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Resources

  async getFacilities(o?: CallOptions): Promise<S.Facility[]> {
    const r = await this.call({
      operation: 'getFacilities',
      method: 'GET',
      path: '/facilities',
      schema: S.Facilities,
      options: o,
    });
    return r._items;
  }

  async getDoctors(facilityId: string, o?: CallOptions): Promise<S.Doctor[]> {
    const r = await this.call({
      operation: 'getDoctors',
      method: 'GET',
      path: `/facilities/${enc(facilityId)}/doctors`,
      schema: S.Doctors,
      options: o,
    });
    return r._items;
  }

  async getAddresses(facilityId: string, doctorId: string, o?: CallOptions): Promise<S.Address[]> {
    const r = await this.call({
      operation: 'getAddresses',
      method: 'GET',
      path: `/facilities/${enc(facilityId)}/doctors/${enc(doctorId)}/addresses`,
      query: { with: ADDRESS_WITH },
      schema: S.Addresses,
      options: o,
    });
    return r._items;
  }

  async getAddress(ref: AddressRef, o?: CallOptions): Promise<S.Address> {
    return this.call({
      operation: 'getAddress',
      method: 'GET',
      path: addressPath(ref),
      query: { with: ADDRESS_WITH },
      schema: S.Address,
      options: o,
    });
  }

  async getServices(o?: CallOptions): Promise<S.Service[]> {
    const r = await this.call({
      operation: 'getServices',
      method: 'GET',
      path: '/services',
      schema: S.Services,
      options: o,
    });
    return r._items;
  }

  async getAddressServices(ref: AddressRef, o?: CallOptions): Promise<S.AddressService[]> {
    const r = await this.call({
      operation: 'getAddressServices',
      method: 'GET',
      path: `${addressPath(ref)}/services`,
      schema: S.AddressServices,
      options: o,
    });
    return r._items;
  }

  async addAddressService(
    ref: AddressRef,
    body: S.AddAddressServiceRequest,
    o?: CallOptions,
  ): Promise<S.AddressService> {
    return this.call({
      operation: 'addAddressService',
      method: 'POST',
      path: `${addressPath(ref)}/services`,
      body: checkBody('addAddressService', S.AddAddressServiceRequest, body),
      schema: S.AddressService,
      options: o,
    });
  }

  async updateAddressService(
    ref: AddressRef,
    addressServiceId: string,
    body: S.UpdateAddressServiceRequest,
    o?: CallOptions,
  ): Promise<S.AddressService> {
    return this.call({
      operation: 'updateAddressService',
      method: 'PATCH',
      path: `${addressPath(ref)}/services/${enc(addressServiceId)}`,
      body: checkBody('updateAddressService', S.UpdateAddressServiceRequest, body),
      schema: S.AddressService,
      options: o,
    });
  }

  async deleteAddressService(ref: AddressRef, addressServiceId: string, o?: CallOptions): Promise<void> {
    return this.call({
      operation: 'deleteAddressService',
      method: 'DELETE',
      path: `${addressPath(ref)}/services/${enc(addressServiceId)}`,
      schema: null,
      options: o,
    });
  }

  async getInsuranceProviders(o?: CallOptions): Promise<S.InsuranceProvider[]> {
    const r = await this.call({
      operation: 'getInsuranceProviders',
      method: 'GET',
      path: '/insurance-providers',
      schema: S.InsuranceProviders,
      options: o,
    });
    return r._items;
  }

  async getAddressInsuranceProviders(
    ref: AddressRef,
    o?: CallOptions,
  ): Promise<S.AddressInsuranceProvider[]> {
    const r = await this.call({
      operation: 'getAddressInsuranceProviders',
      method: 'GET',
      path: `${addressPath(ref)}/insurance-providers`,
      schema: S.AddressInsuranceProviders,
      options: o,
    });
    return r._items;
  }

  async addAddressInsuranceProvider(
    ref: AddressRef,
    body: S.AddressInsuranceProviderRequest,
    o?: CallOptions,
  ): Promise<void> {
    return this.call({
      operation: 'addAddressInsuranceProvider',
      method: 'POST',
      path: `${addressPath(ref)}/insurance-providers`,
      body: checkBody('addAddressInsuranceProvider', S.AddressInsuranceProviderRequest, body),
      schema: null,
      options: o,
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Calendar

  async getCalendar(ref: AddressRef, o?: CallOptions): Promise<S.Calendar> {
    return this.call({
      operation: 'getCalendar',
      method: 'GET',
      path: `${addressPath(ref)}/calendar`,
      schema: S.Calendar,
      options: o,
    });
  }

  async enableCalendar(ref: AddressRef, o?: CallOptions): Promise<void> {
    return this.call<void>({
      operation: 'enableCalendar',
      method: 'POST',
      path: `${addressPath(ref)}/calendar/enable`,
      schema: null,
      // 409: already enabled, which is what we wanted.
      recover: (res) => (res.status === 409 ? { value: undefined } : undefined),
      options: o,
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Slots

  async getSlots(ref: AddressRef, start: string, end: string, o?: CallOptions): Promise<S.Slot[]> {
    checkDateTimes('getSlots', { start, end });
    const seen = new Set<number>();
    const out: S.Slot[] = [];
    for (const [from, to] of splitRange(start, end, SLOTS_MAX_DAYS)) {
      const r = await this.call({
        operation: 'getSlots',
        method: 'GET',
        path: `${addressPath(ref)}/slots`,
        query: { start: from, end: to },
        schema: S.Slots,
        recover: (res) =>
          res.status === 404 && /no slots/i.test(serverMessage(res)) ? { value: { _items: [] } } : undefined,
        options: o,
      });
      for (const slot of r._items) {
        const at = Date.parse(slot.start);
        if (seen.has(at)) continue;
        seen.add(at);
        out.push(slot);
      }
    }
    return out;
  }

  async replaceSlots(ref: AddressRef, body: S.ReplaceSlotsRequest, o?: CallOptions): Promise<void> {
    return this.call({
      operation: 'replaceSlots',
      method: 'PUT',
      path: `${addressPath(ref)}/slots`,
      body: checkBody('replaceSlots', S.ReplaceSlotsRequest, body),
      schema: null,
      options: o,
    });
  }

  async deleteSlots(ref: AddressRef, date: string, o?: CallOptions): Promise<void> {
    checkBody('deleteSlots', S.DateOnly, date);
    return this.call({
      operation: 'deleteSlots',
      method: 'DELETE',
      path: `${addressPath(ref)}/slots/${enc(date)}`,
      schema: null,
      options: o,
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Bookings

  async bookSlot(
    ref: AddressRef,
    start: string,
    body: S.BookSlotRequest,
    o?: CallOptions,
  ): Promise<S.Booking> {
    checkDateTimes('bookSlot', { start });
    return this.call({
      operation: 'bookSlot',
      method: 'POST',
      path: `${addressPath(ref)}/slots/${enc(start)}/book`,
      body: checkBody('bookSlot', S.BookSlotRequest, body),
      schema: S.Booking,
      options: o,
    });
  }

  async getBookings(ref: AddressRef, start: string, end: string, o?: CallOptions): Promise<S.Booking[]> {
    checkDateTimes('getBookings', { start, end });
    // Keyed by id: a booking that shifts between pages while we read them is kept once.
    const out = new Map<string, S.Booking>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const r = await this.call({
        operation: 'getBookings',
        method: 'GET',
        path: `${addressPath(ref)}/bookings`,
        query: { start, end, with: BOOKINGS_WITH, page, limit: BOOKINGS_PAGE_SIZE },
        schema: S.Bookings,
        options: o,
      });
      for (const b of r._items) out.set(b.id, b);
      const pages = r.pages ?? null;
      // No page count means the server answered unpaginated: that was everything.
      if (pages === null || page >= pages || r._items.length === 0) break;
      // A server that ignores `page` would repeat page 1 forever.
      if (r.page != null && r.page !== page) break;
    }
    return [...out.values()];
  }

  async getBooking(ref: AddressRef, bookingId: string, o?: CallOptions): Promise<S.Booking> {
    return this.call({
      operation: 'getBooking',
      method: 'GET',
      path: `${addressPath(ref)}/bookings/${enc(bookingId)}`,
      query: { with: 'booking.moving' },
      schema: S.Booking,
      options: o,
    });
  }

  async cancelBooking(ref: AddressRef, bookingId: string, reason?: string, o?: CallOptions): Promise<void> {
    return this.call({
      operation: 'cancelBooking',
      method: 'DELETE',
      path: `${addressPath(ref)}/bookings/${enc(bookingId)}`,
      body: reason === undefined ? undefined : checkBody('cancelBooking', S.CancelBookingRequest, { reason }),
      schema: null,
      options: o,
    });
  }

  async moveBooking(
    ref: AddressRef,
    bookingId: string,
    body: S.MoveBookingRequest,
    o?: CallOptions,
  ): Promise<S.Booking> {
    return this.call({
      operation: 'moveBooking',
      method: 'POST',
      path: `${addressPath(ref)}/bookings/${enc(bookingId)}/move`,
      body: checkBody('moveBooking', S.MoveBookingRequest, body),
      schema: S.Booking,
      options: o,
    });
  }

  async confirmBooking(
    ref: AddressRef,
    bookingId: string,
    by: 'user' | 'admin',
    o?: CallOptions,
  ): Promise<void> {
    return this.call({
      operation: 'confirmBooking',
      method: 'PUT',
      path: `${addressPath(ref)}/bookings/${enc(bookingId)}/confirm`,
      body: checkBody('confirmBooking', S.ConfirmBookingRequest, { confirmed_by: by }),
      schema: null,
      options: o,
    });
  }

  async markPresence(ref: AddressRef, bookingId: string, present: boolean, o?: CallOptions): Promise<void> {
    return this.call({
      operation: present ? 'markPatientPresence' : 'markPatientAbsence',
      method: present ? 'POST' : 'DELETE',
      path: `${addressPath(ref)}/bookings/${enc(bookingId)}/presence/patient`,
      schema: null,
      options: o,
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Breaks

  async getCalendarBreaks(
    ref: AddressRef,
    since: string,
    till: string,
    o?: CallOptions,
  ): Promise<S.CalendarBreak[]> {
    checkDateTimes('getCalendarBreaks', { since, till });
    const r = await this.call({
      operation: 'getCalendarBreaks',
      method: 'GET',
      path: `${addressPath(ref)}/breaks`,
      query: { since, till },
      schema: S.CalendarBreaks,
      options: o,
    });
    return r._items;
  }

  async addCalendarBreak(
    ref: AddressRef,
    body: S.AddCalendarBreakRequest,
    o?: CallOptions,
  ): Promise<S.CalendarBreak> {
    return this.call({
      operation: 'addCalendarBreak',
      method: 'POST',
      path: `${addressPath(ref)}/breaks`,
      body: checkBody('addCalendarBreak', S.AddCalendarBreakRequest, body),
      schema: S.CalendarBreak,
      options: o,
    });
  }

  async moveCalendarBreak(
    ref: AddressRef,
    breakId: string,
    since: string,
    till: string,
    o?: CallOptions,
  ): Promise<void> {
    return this.call({
      operation: 'moveCalendarBreak',
      method: 'PATCH',
      path: `${addressPath(ref)}/breaks/${enc(breakId)}`,
      body: checkBody('moveCalendarBreak', S.MoveCalendarBreakRequest, { since, till }),
      schema: null,
      options: o,
    });
  }

  async deleteCalendarBreak(ref: AddressRef, breakId: string, o?: CallOptions): Promise<void> {
    return this.call({
      operation: 'deleteCalendarBreak',
      method: 'DELETE',
      path: `${addressPath(ref)}/breaks/${enc(breakId)}`,
      schema: null,
      options: o,
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Notifications (pull)

  async pullNotification(o?: CallOptions): Promise<S.Notification | null> {
    return this.call<S.Notification | null>({
      operation: 'pullNotification',
      method: 'GET',
      path: '/notifications',
      schema: S.Notification,
      recover: (res) => (res.status === 404 ? { value: null } : undefined),
      options: o,
    });
  }

  async pullNotifications(limit: number, o?: CallOptions): Promise<S.NotificationsMultiple> {
    const n = Number.isFinite(limit) ? Math.min(100, Math.max(1, Math.floor(limit))) : 1;
    return this.call({
      operation: 'pullNotifications',
      method: 'GET',
      path: '/notifications/multiple',
      query: { limit: n },
      schema: S.NotificationsMultiple,
      recover: (res) => (res.status === 404 ? { value: { notifications: [], remaining: 0 } } : undefined),
      options: o,
    });
  }

  async releaseNotifications(o?: CallOptions): Promise<void> {
    return this.call({
      operation: 'releaseNotifications',
      method: 'POST',
      path: '/notifications/release',
      schema: null,
      ownRateLimit: true,
      options: o,
    });
  }
}

// -------------------------------------------------------------------------------------------------------------

function connectionMessage(e: unknown, step: 'sign-in' | 'facilities'): string {
  if (!(e instanceof DocplannerError)) return 'The connection test failed unexpectedly.';
  switch (e.kind) {
    case 'auth':
      return 'Docplanner did not accept the client ID/secret. Check them in the settings (sandbox and production use different keys).';
    case 'network':
      return 'Could not reach Docplanner. Check that this computer is online and that the marketplace is right.';
    case 'forbidden':
      return 'Docplanner accepted the credentials but does not allow this integration to read facilities.';
    case 'rate-limited':
      return 'Docplanner asked us to slow down; try the connection test again in a minute.';
    case 'server':
      return 'Docplanner had a problem answering; try again in a few minutes.';
    case 'malformed-response':
      return step === 'sign-in'
        ? 'The address answered, but not like Docplanner does. Check the marketplace or base URL.'
        : 'Docplanner answered with data this app does not understand.';
    default:
      return `The connection test failed: ${e.message}`;
  }
}
