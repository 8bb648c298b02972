// DocplannerClient: every operation of DocplannerApi over HTTP. Each call waits for its turn in the shared
// RateBudget, carries a cached OAuth2 token (refreshed once on a 401), validates what it sends and what comes
// back with the zod schemas, and fails with exactly one DocplannerError. GETs retry transient failures with
// backoff and jitter; writes are never retried after a server/network error (the outcome is unknown: the
// engine re-reads first), only after a 429 (which the server did not apply) or a 401 before the refresh.
import type { z } from 'zod';
import type { Clock } from '../util/clock';
import { systemClock } from '../util/clock';
import { PRIORITY } from './api';
import type { AddressRef, CallOptions, DocplannerApi } from './api';
import { splitRange, isDateTimeWithOffset } from './dates';
import { DocplannerError, type DocplannerErrorKind } from './errors';
import { errorFromResponse, looksLikeHtml, malformedResponse, serverMessage } from './http-errors';
import { resolveEndpoints, type Endpoints, type Locale } from './locales';
import { RateBudget, requestClassOf } from './rate-budget';
import * as S from './schemas';
import { TokenProvider } from './token';
import { cancelled, HttpTransport, type HttpMethod, type HttpResponse } from './transport';

/** One HTTP attempt, for the engine's audit log. `path` holds ids and dates only, never patient data. */
export interface ApiCallRecord {
  operation: string;
  method: HttpMethod;
  path: string;
  write: boolean;
  /** HTTP status, or null when no answer came (network failure, timeout, no token). */
  status: number | null;
  outcome: 'ok' | DocplannerErrorKind;
  startedAt: number;
  durationMs: number;
}

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

type Query = Record<string, string | number | undefined>;

interface CallSpec<T> {
  operation: string;
  method: HttpMethod;
  /** Encoded path below the base URL, starting with '/'. */
  path: string;
  query?: Query;
  body?: unknown;
  /** Response schema; null when no body is expected. */
  schema: z.ZodType<T> | null;
  /** Turns a specific non-2xx answer into a value (e.g. 404 "No slots found" → []). */
  recover?: (res: HttpResponse) => { value: T } | undefined;
  /** The endpoint has its own limit (release: 1/hour): its 429 does not block the whole write class. */
  ownRateLimit?: boolean;
  options: CallOptions | undefined;
}

const SLOTS_MAX_DAYS = 180;
const BOOKINGS_PAGE_SIZE = 100;
const MAX_PAGES = 1000;
const ADDRESS_WITH = 'address.online_only,address.commercial_type,address.insurance_support';
const BOOKINGS_WITH = 'booking.patient,booking.address_service,booking.presence';

const enc = encodeURIComponent;
const addressPath = (r: AddressRef) =>
  `/facilities/${enc(r.facilityId)}/doctors/${enc(r.doctorId)}/addresses/${enc(r.addressId)}`;

export class DocplannerClient implements DocplannerApi {
  readonly endpoints: Endpoints;
  readonly budget: RateBudget;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly transport: HttpTransport;
  private readonly tokens: TokenProvider;
  private readonly onCall: ((record: ApiCallRecord) => void) | undefined;
  private readonly maxReadAttempts: number;
  private readonly maxRateLimitRetries: number;

  constructor(opts: DocplannerClientOptions) {
    this.endpoints = resolveEndpoints(opts);
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.transport = new HttpTransport({ clock: this.clock, timeoutMs: opts.timeoutMs });
    this.budget = opts.budget ?? new RateBudget({ clock: this.clock, random: this.random });
    this.tokens = new TokenProvider({
      tokenUrl: this.endpoints.tokenUrl,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      clock: this.clock,
      transport: this.transport,
    });
    this.onCall = opts.onCall;
    this.maxReadAttempts = opts.maxReadAttempts ?? 4;
    this.maxRateLimitRetries = opts.maxRateLimitRetries ?? 5;
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
    const out: S.Booking[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const r = await this.call({
        operation: 'getBookings',
        method: 'GET',
        path: `${addressPath(ref)}/bookings`,
        query: { start, end, with: BOOKINGS_WITH, page, limit: BOOKINGS_PAGE_SIZE },
        schema: S.Bookings,
        options: o,
      });
      out.push(...r._items);
      const pages = r.pages ?? null;
      // No page count means the server answered unpaginated: that was everything.
      if (pages === null || page >= pages || r._items.length === 0) break;
    }
    return out;
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
    const n = Math.min(100, Math.max(1, Math.floor(limit)));
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

  // ---------------------------------------------------------------------------------------------------------
  // The request pipeline

  private async call<T>(spec: CallSpec<T>): Promise<T> {
    const write = requestClassOf(spec.method) === 'write';
    const signal = spec.options?.signal;
    let authRetried = false;
    let rateLimitRetries = 0;
    let failures = 0;
    for (;;) {
      const outcome = await this.attempt(spec);
      if (outcome.ok) return outcome.value;
      const err = outcome.error;
      if (signal?.aborted) throw err;

      if (err.kind === 'auth' && err.status === 401 && err.requestSent && !authRetried) {
        authRetried = true; // the token was invalidated: one more try with a fresh one
        continue;
      }
      if (err.kind === 'rate-limited' && !spec.ownRateLimit && rateLimitRetries < this.maxRateLimitRetries) {
        rateLimitRetries++; // not applied by the server; the budget holds the class until the reset
        continue;
      }
      // A GET may always be repeated; a write only when it certainly never reached the server.
      const repeatable = !write || !err.requestSent;
      if (
        (err.kind === 'server' || err.kind === 'network') &&
        repeatable &&
        ++failures < this.maxReadAttempts
      ) {
        try {
          await this.clock.sleep(this.backoffMs(failures), signal);
        } catch {
          throw cancelled(spec.operation, signal?.reason, false);
        }
        continue;
      }
      throw err;
    }
  }

  /** Full jitter over an exponential base: 0.5 s, 1 s, 2 s … capped at 30 s. */
  private backoffMs(failures: number): number {
    const base = Math.min(30_000, 500 * 2 ** (failures - 1));
    return Math.round(base * (0.5 + 0.5 * this.random()));
  }

  private async attempt<T>(
    spec: CallSpec<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: DocplannerError }> {
    const cls = requestClassOf(spec.method);
    const signal = spec.options?.signal;
    try {
      await this.budget.acquire(cls, spec.options?.priority ?? PRIORITY.normal, signal);
    } catch (e) {
      return { ok: false, error: cancelled(spec.operation, e, false) };
    }

    const startedAt = this.clock.now();
    let res: HttpResponse | null = null;
    let result: { ok: true; value: T } | { ok: false; error: DocplannerError };
    try {
      const token = await this.tokens.get(signal).catch((e: unknown) => {
        throw notSent(spec.operation, asDocplannerError(spec.operation, e, signal));
      });
      res = await this.transport.send({
        operation: spec.operation,
        method: spec.method,
        url: this.endpoints.baseUrl + spec.path + queryString(spec.query),
        headers: { Authorization: `Bearer ${token}` },
        json: spec.body,
        signal,
      });
      if (res.status === 401) this.tokens.invalidate(token);
      result = this.interpret(spec, res);
    } catch (e) {
      result = { ok: false, error: asDocplannerError(spec.operation, e, signal) };
    } finally {
      // An endpoint with its own limit (release, 1/hour) must not hold back the other writes.
      const ownLimitHit = res !== null && spec.ownRateLimit === true && res.status === 429;
      this.budget.settle(cls, ownLimitHit ? { status: 200, headers: {} } : res);
    }

    this.record(spec, startedAt, res?.status ?? null, result.ok ? 'ok' : result.error.kind);
    return result;
  }

  private interpret<T>(
    spec: CallSpec<T>,
    res: HttpResponse,
  ): { ok: true; value: T } | { ok: false; error: DocplannerError } {
    if (res.status >= 200 && res.status < 300) {
      if (spec.schema === null) return { ok: true, value: undefined as T };
      return parseBody(spec.operation, spec.schema, res);
    }
    const recovered = spec.recover?.(res);
    if (recovered) return { ok: true, value: recovered.value };
    return { ok: false, error: errorFromResponse(spec.operation, res, this.clock.now()) };
  }

  private record<T>(
    spec: CallSpec<T>,
    startedAt: number,
    status: number | null,
    outcome: ApiCallRecord['outcome'],
  ) {
    if (!this.onCall) return;
    try {
      this.onCall({
        operation: spec.operation,
        method: spec.method,
        path: spec.path,
        write: requestClassOf(spec.method) === 'write',
        status,
        outcome,
        startedAt,
        durationMs: this.clock.now() - startedAt,
      });
    } catch {
      // The audit hook must never break a call.
    }
  }
}

// -------------------------------------------------------------------------------------------------------------

function parseBody<T>(
  operation: string,
  schema: z.ZodType<T>,
  res: HttpResponse,
): { ok: true; value: T } | { ok: false; error: DocplannerError } {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    const why = looksLikeHtml(res)
      ? 'an HTML page instead of data'
      : res.text.trim()
        ? 'not JSON'
        : 'an empty answer';
    return { ok: false, error: malformedResponse(operation, res.status, why) };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'body';
  return {
    ok: false,
    error: malformedResponse(operation, res.status, `${where}: ${issue?.message ?? 'invalid'}`),
  };
}

/** Validates a request body before it leaves; a bad body is a bug on our side, reported as 'validation'. */
function checkBody<T>(operation: string, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw new DocplannerError({
    kind: 'validation',
    operation,
    message: `The data prepared for Docplanner is not valid (${operation}: ${Object.keys(fieldErrors).join(', ')})`,
    fieldErrors,
  });
}

function checkDateTimes(operation: string, values: Record<string, string>): void {
  const bad = Object.entries(values).filter(([, v]) => typeof v !== 'string' || !isDateTimeWithOffset(v));
  if (bad.length === 0) return;
  throw new DocplannerError({
    kind: 'validation',
    operation,
    message: `Date-times sent to Docplanner need an explicit offset (${operation}: ${bad.map(([k]) => k).join(', ')})`,
    fieldErrors: Object.fromEntries(bad.map(([k]) => [k, ['expected an ISO 8601 date-time with an offset']])),
  });
}

/** `?a=1&b=2` with every value percent-encoded (a '+' in an offset must survive as %2B). */
function queryString(query: Query | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The same failure, for `operation`, marked as never sent (the token could not be had). */
function notSent(operation: string, e: DocplannerError): DocplannerError {
  return new DocplannerError({
    kind: e.kind,
    operation,
    status: e.status,
    message: e.message,
    fieldErrors: e.fieldErrors,
    retryAt: e.retryAt,
    requestSent: false,
  });
}

function asDocplannerError(operation: string, e: unknown, signal: AbortSignal | undefined): DocplannerError {
  if (e instanceof DocplannerError) return e;
  if (signal?.aborted) return cancelled(operation, signal.reason, false);
  return new DocplannerError({
    kind: 'network',
    operation,
    message: 'An unexpected error happened while talking to Docplanner',
  });
}

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
