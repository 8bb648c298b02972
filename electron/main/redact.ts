// Removes patient data and credentials from anything about to be logged: e-mail addresses, phone numbers,
// PESEL-like 11-digit numbers, bearer tokens, JWTs, `secret=…`-style pairs, and values under keys that hold
// names or contact details. A safety net: the engine should not log such data in the first place.
const SENSITIVE_KEY =
  /^(patient\w*|(first|last|full|middle|sur)_?name|name|surname|phone\w*|mobile|tel|e_?mail|pesel|nip|birth\w*|dob|address_?line\w*|comment|notes?|client_?secret|secret|password|passwd|token|access_?token|refresh_?token|authorization|api_?key|cookie)$/i;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
/** `secret=…`, `"token": "…"`, `password: …` in free text, query strings and JSON. */
const SECRET_PAIR =
  /(["']?\b(?:client_?secret|secret|password|passwd|token|access_?token|refresh_?token|api_?key|authorization)\b["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;
/** `"name": "…"` and friends inside JSON-looking text. */
const PERSONAL_JSON =
  /("(?:patient\w*|(?:first|last|full|middle|sur)_?name|name|surname|phone\w*|e_?mail|pesel|birth\w*|comment|notes?)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/** "patient: Jan Kowalski", "patientName=Jan", "pacjentka Anna Nowak": capitalised words after such a label. */
const PATIENT_LABEL =
  /\b(patient\w*|pacjent\w*)\b(\s*[:=]?\s*)(\p{Lu}[\p{Ll}'-]+(?:[\s-]+\p{Lu}[\p{Ll}'-]+){0,3})/gu;
const PESEL = /(?<![\p{N}])\p{N}{11}(?![\p{N}])/gu;
/** Digit runs with optional +country code and separators; counted afterwards (9–12 digits = a phone). */
const PHONE_CANDIDATE =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,5}(?![\w:])/g;

export function redactText(text: string): string {
  return text
    .replace(BEARER, '$1 [redacted]')
    .replace(JWT, '[token]')
    .replace(SECRET_PAIR, '$1[redacted]')
    .replace(PERSONAL_JSON, '$1"[redacted]"')
    .replace(EMAIL, '[email]')
    .replace(PATIENT_LABEL, '$1$2[name]')
    .replace(PESEL, '[pesel]')
    .replace(PHONE_CANDIDATE, (match) => {
      const digits = match.replace(/\D/g, '').length;
      return digits >= 9 && digits <= 12 ? '[phone]' : match;
    });
}

/** Redacts a value of any shape (strings, errors, arrays, plain objects), without mutating it. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[…]';
  if (value instanceof Error) {
    const copy = new Error(redactText(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactText(value.stack);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SENSITIVE_KEY.test(key) && item !== null && item !== undefined
        ? '[redacted]'
        : redactValue(item, depth + 1);
  }
  return out;
}

/** The electron-log hook: every message's data redacted before any transport writes it. */
export function redactLogMessage<T extends { data: unknown[] }>(message: T): T {
  return { ...message, data: message.data.map((item) => redactValue(item)) };
}
