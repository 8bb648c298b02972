// The request pipeline every Docplanner operation goes through: wait for a turn in the shared RateBudget, attach
// a cached OAuth2 token (one refresh on a 401), send, map the answer to a value or exactly one DocplannerError,
// and record each HTTP attempt for the audit log. GETs (and writes that certainly never left) retry transient
// failures with exponential backoff and jitter; a write that may have reached the server is never re-sent.
import type { z } from 'zod';
import type { Clock } from '../util/clock';
import { PRIORITY, type CallOptions } from './api';
import { isDateTimeWithOffset } from './dates';
import { DocplannerError, type DocplannerErrorKind } from './errors';
import { errorFromResponse, looksLikeHtml, malformedResponse } from './http-errors';
import { requestClassOf, type RateBudget } from './rate-budget';
import type { TokenProvider } from './token';
import { cancelled, type HttpMethod, type HttpResponse, type HttpTransport } from './transport';

const enc = encodeURIComponent;

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

export type Query = Record<string, string | number | undefined>;

/** One operation's request: what to send, what comes back, which answers are tolerated. */
export interface CallSpec<T> {
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

export interface PipelineOptions {
  baseUrl: string;
  budget: RateBudget;
  tokens: TokenProvider;
  transport: HttpTransport;
  clock: Clock;
  random: () => number;
  onCall: ((record: ApiCallRecord) => void) | undefined;
  maxReadAttempts: number;
  maxRateLimitRetries: number;
}

export class RequestPipeline {
  private readonly budget: RateBudget;
  private readonly tokens: TokenProvider;
  private readonly transport: HttpTransport;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly onCall: ((record: ApiCallRecord) => void) | undefined;
  private readonly maxReadAttempts: number;
  private readonly maxRateLimitRetries: number;

  constructor(private readonly o: PipelineOptions) {
    this.budget = o.budget;
    this.tokens = o.tokens;
    this.transport = o.transport;
    this.clock = o.clock;
    this.random = o.random;
    this.onCall = o.onCall;
    this.maxReadAttempts = o.maxReadAttempts;
    this.maxRateLimitRetries = o.maxRateLimitRetries;
  }

  async call<T>(spec: CallSpec<T>): Promise<T> {
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
        url: this.o.baseUrl + spec.path + queryString(spec.query),
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
export function checkBody<T>(operation: string, schema: z.ZodType<T>, body: unknown): T {
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

export function checkDateTimes(operation: string, values: Record<string, string>): void {
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
