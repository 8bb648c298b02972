// Calls one bridge method the way every transport must: input validated with its zod schema, output validated
// before it leaves, errors reduced to a BridgeError `{ code, message }` (never a stack trace).
// Used by the headless host (HTTP + WebSocket) and by the Electron IPC handlers.
import type { z } from 'zod';
import { bridgeMethods, type BridgeApi, type BridgeError, type BridgeMethod } from '../../../shared/bridge';

/** Field path → message, for invalid input. */
export type FieldErrors = Record<string, string>;

export type DispatchFailure = {
  ok: false;
  /** HTTP status that fits the failure (the WebSocket and IPC transports ignore it). */
  status: 400 | 404 | 500;
  error: BridgeError;
  fields?: FieldErrors;
};
export type DispatchResult = { ok: true; output: unknown } | DispatchFailure;

const methodNames = new Set<string>(Object.keys(bridgeMethods));

export function isBridgeMethod(name: string): name is BridgeMethod {
  return methodNames.has(name);
}

/** Turns zod issues into `{ "path.to.field": "message" }`; the root is called "input". */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Any thrown value as a BridgeError: keeps a string `code` the engine set, drops everything else. */
export function toBridgeError(err: unknown): BridgeError {
  const code =
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
      ? (err as { code: string }).code
      : 'internal';
  const message =
    err instanceof Error
      ? err.message
      : typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string'
        ? (err as { message: string }).message
        : 'Unexpected error.';
  return { code, message };
}

export async function dispatch(bridge: BridgeApi, method: string, input: unknown): Promise<DispatchResult> {
  if (!isBridgeMethod(method)) {
    return { ok: false, status: 404, error: { code: 'not-found', message: `Unknown method "${method}".` } };
  }
  const schemas = bridgeMethods[method] as { input: z.ZodType; output: z.ZodType };
  const parsedInput = schemas.input.safeParse(input);
  if (!parsedInput.success) {
    const fields = fieldErrors(parsedInput.error);
    const detail = Object.entries(fields)
      .map(([field, message]) => `${field}: ${message}`)
      .join('; ');
    return {
      ok: false,
      status: 400,
      error: { code: 'invalid-input', message: `Invalid input for ${method}: ${detail}` },
      fields,
    };
  }
  let raw: unknown;
  try {
    const call = bridge[method] as (input: unknown) => Promise<unknown>;
    raw = await call.call(bridge, parsedInput.data);
  } catch (err) {
    return { ok: false, status: 500, error: toBridgeError(err) };
  }
  const parsedOutput = schemas.output.safeParse(raw);
  if (!parsedOutput.success) {
    return {
      ok: false,
      status: 500,
      error: { code: 'invalid-output', message: `The engine returned an invalid result for ${method}.` },
    };
  }
  return { ok: true, output: parsedOutput.data };
}
