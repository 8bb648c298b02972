// Errors that cross the bridge are { code, message } (shared/bridge.ts). This file turns whatever a transport
// throws into that shape, so every screen can show plain words and tests can check a stable code.
import { BridgeErrorSchema, type BridgeError } from '../../shared/bridge';

/** A rejected bridge call: an Error (for stack traces) that also carries the bridge's { code, message }. */
export class BridgeCallError extends Error implements BridgeError {
  readonly code: string;
  constructor(error: BridgeError) {
    super(error.message);
    this.name = 'BridgeCallError';
    this.code = error.code;
  }
}

/** Any thrown value → { code, message }. Unknown shapes become a generic, honest message. */
export function toBridgeError(thrown: unknown): BridgeError {
  const parsed = BridgeErrorSchema.safeParse(thrown);
  if (parsed.success) return { code: parsed.data.code, message: parsed.data.message };
  if (thrown instanceof Error) return { code: 'unexpected', message: thrown.message };
  return { code: 'unexpected', message: String(thrown) };
}
