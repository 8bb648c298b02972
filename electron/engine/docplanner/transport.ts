// One HTTP exchange with Docplanner over axios: JSON or form body in, raw text out, every request bounded by a
// timeout on the injected clock (so virtual-time tests are instant) with a real axios timeout as a backstop.
// Transport-level failures (timeout, reset, refused, DNS) become one DocplannerError of kind 'network';
// HTTP statuses are returned as they are and mapped by http-errors.ts.
import axios, { type AxiosInstance } from 'axios';
import type { Clock } from '../util/clock';
import { systemClock } from '../util/clock';
import { DocplannerError } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  /** Operation name for errors (e.g. 'bookSlot'). */
  operation: string;
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  text: string;
}

export interface TransportOptions {
  clock?: Clock;
  /** Default per-request timeout (20 s). */
  timeoutMs?: number;
  /** Extra real time the axios backstop timeout allows beyond `timeoutMs`. */
  backstopMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

export class HttpTransport {
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly backstopMs: number;
  private readonly http: AxiosInstance;

  constructor(opts: TransportOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.backstopMs = opts.backstopMs ?? 10_000;
    this.http = axios.create({
      // Every status comes back as a response; http-errors.ts decides what it means.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // A redirect (plain http → https) is reported, not followed with a changed method.
      maxRedirects: 0,
      maxContentLength: 50 * 1024 * 1024,
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    if (req.signal?.aborted) throw cancelled(req.operation, req.signal.reason, false);

    const controller = new AbortController();
    let timedOut = false;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });

    const headers: Record<string, string> = {
      Accept: 'application/vnd.docplanner+json, application/json;q=0.9, */*;q=0.1',
      'User-Agent': 'ClinicSyncDesk',
      ...req.headers,
    };
    let data: string | undefined;
    if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      data = new URLSearchParams(req.form).toString();
    } else if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      data = JSON.stringify(req.json);
    }

    try {
      const res = await this.http.request<string>({
        method: req.method,
        url: req.url,
        headers,
        data,
        signal: controller.signal,
        timeout: timeoutMs + this.backstopMs,
      });
      return {
        status: res.status,
        headers: lowerCaseHeaders(res.headers),
        text: typeof res.data === 'string' ? res.data : res.data == null ? '' : String(res.data),
      };
    } catch (err) {
      if (timedOut) {
        throw new DocplannerError({
          kind: 'network',
          operation: req.operation,
          message: `Docplanner did not answer within ${Math.round(timeoutMs / 1000)} s`,
        });
      }
      if (req.signal?.aborted) throw cancelled(req.operation, req.signal.reason, true);
      throw networkError(req.operation, err);
    } finally {
      this.clock.clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** The caller cancelled the request (its AbortSignal fired). */
export function cancelled(operation: string, reason: unknown, requestSent: boolean): DocplannerError {
  return new DocplannerError({
    kind: 'network',
    operation,
    message: 'The request to Docplanner was cancelled',
    requestSent,
    cause: reason,
  });
}

/** Failures that happen before a connection exists: the request cannot have reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function networkError(operation: string, err: unknown): DocplannerError {
  const code = (err as { code?: unknown } | null)?.code;
  const reason =
    code === 'ECONNREFUSED'
      ? 'the connection was refused'
      : code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_BAD_RESPONSE'
        ? 'the connection was cut off'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'the server name could not be found (is the computer online?)'
          : code === 'ENETUNREACH' || code === 'EHOSTUNREACH'
            ? 'the network is unreachable (is the computer online?)'
            : code === 'ECONNABORTED' || code === 'ETIMEDOUT'
              ? 'the request timed out'
              : 'the network request failed';
  return new DocplannerError({
    kind: 'network',
    operation,
    message: `Could not reach Docplanner: ${reason}`,
    requestSent: !(typeof code === 'string' && NOT_SENT_CODES.has(code)),
    // Only the code: axios errors carry the request config, including the Authorization header.
    cause: typeof code === 'string' ? code : undefined,
  });
}

function lowerCaseHeaders(raw: unknown): Record<string, string> {
  const plain =
    raw && typeof (raw as { toJSON?: unknown }).toJSON === 'function'
      ? (raw as { toJSON: () => Record<string, unknown> }).toJSON()
      : ((raw ?? {}) as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(plain)) {
    if (v == null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
