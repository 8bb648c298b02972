// Every request the simulator answered (or refused, dropped, left hanging), for tests and benchmarks to assert on:
// what was called, by whom, with which outcome. Patient fields in logged bodies are replaced by '***'.

export interface CallLogEntry {
  /** Sim epoch ms when the request arrived. */
  at: number;
  clientId: string | null;
  method: string;
  /** Path as received, query string included. */
  path: string;
  /** operationId from the official YAML ('replaceSlots', 'bookSlot', 'Pull Notification', …), 'token' or 'unknown'. */
  operation: string;
  /** HTTP status sent; 0 when the connection was dropped or left hanging. */
  status: number;
  write: boolean;
  body?: unknown;
}

export function redactPatient(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  if (out.patient && typeof out.patient === 'object') {
    out.patient = Object.fromEntries(Object.keys(out.patient).map((k) => [k, '***']));
  }
  return out;
}

export class CallLog {
  private items: CallLogEntry[] = [];

  add(entry: CallLogEntry): void {
    this.items.push(entry);
  }

  entries(): CallLogEntry[] {
    return this.items.slice();
  }

  clear(): void {
    this.items = [];
  }
}
