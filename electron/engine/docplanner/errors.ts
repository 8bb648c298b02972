// Typed errors of the Docplanner client: one class, a discriminated `kind` the engine switches on.
// Messages never carry patient data or credentials.

export type DocplannerErrorKind =
  /** Credentials rejected (401 after one token refresh) or the token endpoint refused them. */
  | 'auth'
  /** 403: outside the client's estate, calendar editing not allowed, feature not enabled. */
  | 'forbidden'
  /** 404 with an unrecognised message ("Object not found", "Calendar does not exist", …). */
  | 'not-found'
  /** bookSlot: 404 "Requested target slot … not found" / "Slot … does not support service": the slot is not free. */
  | 'slot-unavailable'
  /** 404/400 "Service does not exist" / "Address service does not exist": a mapped id vanished. */
  | 'service-missing'
  /** 400 with field messages. */
  | 'validation'
  /** 409: conflicts with the current state (already moved/canceled/confirmed, duplicate break …). */
  | 'conflict'
  /** 422: business rule (address not commercial, invalid date range, payment account …). */
  | 'business-rule'
  /** 429 (quota or replaceSlots duplicate in flight); `retryAt` says when. */
  | 'rate-limited'
  /** 5xx, timeout, connection reset, HTML error page: the outcome of a write is unknown. */
  | 'server'
  | 'network'
  /** A 2xx whose body does not match the contract. */
  | 'malformed-response';

export interface DocplannerErrorInit {
  kind: DocplannerErrorKind;
  message: string;
  operation: string;
  status?: number;
  /** Field path → messages, for validation errors. */
  fieldErrors?: Record<string, string[]>;
  /** Epoch ms when a rate-limited request may be sent again. */
  retryAt?: number;
  /** false when the request certainly never reached Docplanner (no token, connection refused, DNS failure). */
  requestSent?: boolean;
  cause?: unknown;
}

export class DocplannerError extends Error {
  readonly kind: DocplannerErrorKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly fieldErrors: Record<string, string[]>;
  readonly retryAt: number | undefined;
  /** false when the request certainly never reached Docplanner: nothing can have been applied. */
  readonly requestSent: boolean;

  constructor(init: DocplannerErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'DocplannerError';
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAt = init.retryAt;
    this.requestSent = init.requestSent ?? true;
  }

  /** True when a write may have been applied by the server although we got no answer: re-read before retrying. */
  get outcomeUnknown(): boolean {
    return (this.kind === 'server' || this.kind === 'network') && this.requestSent;
  }

  /** True when the same request may succeed later without any change on our side. */
  get transient(): boolean {
    return this.kind === 'server' || this.kind === 'network' || this.kind === 'rate-limited';
  }
}

export const isDocplannerError = (e: unknown): e is DocplannerError => e instanceof DocplannerError;
