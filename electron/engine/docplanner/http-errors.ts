// Maps a non-2xx Docplanner answer to exactly one DocplannerError (errors.ts), and parses the bits of an answer
// the rest of the client needs: the lenient `errors` field (array OR object of arrays, NOTES.md §1.3), the
// server's message, the rate-limit reset time. Messages are plain words for a receptionist; they carry the
// server's short `message` (never request data, never credentials) and no HTML.
import { ApiErrorBody } from './schemas';
import { DocplannerError, type DocplannerErrorKind } from './errors';
import type { HttpResponse } from './transport';

const SLOT_UNAVAILABLE = [/requested target slot.*not found/i, /slot.*does not support service/i];
const SERVICE_MISSING = /service does not exist/i;
const MAX_SERVER_MESSAGE = 160;

/** The JSON error body, if the answer has one. */
export function parseErrorBody(res: HttpResponse): ApiErrorBody | undefined {
  if (looksLikeHtml(res)) return undefined;
  try {
    const parsed = ApiErrorBody.safeParse(JSON.parse(res.text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The server's `message`, trimmed to a short single line with e-mail addresses and phone numbers masked. */
export function serverMessage(res: HttpResponse): string {
  const msg = parseErrorBody(res)?.message ?? '';
  const line = maskPersonalData(msg.replace(/\s+/g, ' ').trim());
  return line.length > MAX_SERVER_MESSAGE ? `${line.slice(0, MAX_SERVER_MESSAGE)}…` : line;
}

/** Masks what looks like an e-mail address or a phone number (ids and date-times stay readable). */
export function maskPersonalData(text: string): string {
  return text
    .replace(/[^\s@()<>"',;]+@[^\s@()<>"',;]+/g, '***')
    .replace(/\+\d[\d ()-]{6,}\d/g, '***')
    .replace(/\b\d{3}[ -]\d{3}[ -]\d{3}\b/g, '***');
}

/** `errors` as field path → messages. An array of strings (the contract's shape) is filed under '_'. */
export function parseFieldErrors(body: ApiErrorBody | undefined): Record<string, string[]> {
  const errors = body?.errors;
  if (!errors) return {};
  if (Array.isArray(errors)) return errors.length ? { _: [...errors] } : {};
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    out[field] = Array.isArray(messages) ? [...messages] : [messages];
  }
  return out;
}

/**
 * When a rate-limited request may be sent again (epoch ms): `X-RateLimit-Reset` (ISO 8601 instant, or epoch
 * seconds/ms, or seconds from now), else `Retry-After` (seconds or an HTTP date). undefined when neither says.
 */
export function parseRetryAt(headers: Record<string, string>, now: number): number | undefined {
  return parseResetHeader(headers['x-ratelimit-reset'], now) ?? parseRetryAfter(headers['retry-after'], now);
}

export function parseResetHeader(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n > 1e12) return Math.round(n); // epoch ms
    if (n > 1e9) return Math.round(n * 1000); // epoch seconds
    return now + Math.round(n * 1000); // seconds from now
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return now + Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

export function looksLikeHtml(res: HttpResponse): boolean {
  const type = res.headers['content-type'] ?? '';
  return /html/i.test(type) || /^\s*</.test(res.text);
}

const PLAIN: Record<DocplannerErrorKind, string> = {
  auth: 'Docplanner did not accept the client ID/secret',
  forbidden: 'Docplanner does not allow this integration to do that here',
  'not-found': 'Docplanner could not find it (it may have been deleted)',
  'slot-unavailable': 'That time is no longer free on Docplanner',
  'service-missing': 'A mapped Docplanner service no longer exists',
  validation: 'Docplanner rejected the data sent',
  conflict: 'Docplanner says this was already done or conflicts with its current state',
  'business-rule': 'Docplanner does not allow this for this address',
  'rate-limited': 'Docplanner asked us to slow down',
  server: 'Docplanner had a problem answering',
  network: 'Could not reach Docplanner',
  'malformed-response': 'Docplanner sent an answer this app does not understand',
};

/** One DocplannerError for a non-2xx answer. */
export function errorFromResponse(operation: string, res: HttpResponse, now: number): DocplannerError {
  const body = parseErrorBody(res);
  const fieldErrors = parseFieldErrors(body);
  const message = serverMessage(res);
  const allTexts = [message, ...Object.values(fieldErrors).flat()];
  const kind = classify(res.status, allTexts);
  const detail = message ? `: ${message}` : '';
  return new DocplannerError({
    kind,
    operation,
    status: res.status,
    message: `${PLAIN[kind]} (${operation}, HTTP ${res.status}${detail})`,
    fieldErrors: Object.keys(fieldErrors).length ? fieldErrors : undefined,
    retryAt: kind === 'rate-limited' ? parseRetryAt(res.headers, now) : undefined,
  });
}

function classify(status: number, texts: string[]): DocplannerErrorKind {
  if (status === 404 || status === 400) {
    if (texts.some((t) => SLOT_UNAVAILABLE.some((re) => re.test(t)))) return 'slot-unavailable';
    if (texts.some((t) => SERVICE_MISSING.test(t))) return 'service-missing';
  }
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'business-rule';
  if (status === 429) return 'rate-limited';
  if (status >= 500 || status < 400) return 'server';
  // 400 and any other 4xx (405, 413, …): the request itself was not acceptable.
  return 'validation';
}

/** A 2xx whose body does not match the contract. */
export function malformedResponse(operation: string, status: number, why: string): DocplannerError {
  return new DocplannerError({
    kind: 'malformed-response',
    operation,
    status,
    message: `${PLAIN['malformed-response']} (${operation}, HTTP ${status}: ${why})`,
  });
}

export function plainMessage(kind: DocplannerErrorKind): string {
  return PLAIN[kind];
}
