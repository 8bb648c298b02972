// The bridge over the headless host's WebSocket (shared/bridge-wire.ts), for when the UI runs in a browser.
// Requests carry ids; every server message is validated; the connection is re-opened with backoff.
// Calls made while a connection is being opened wait for it. When a connection closes (or cannot be opened),
// calls in flight or waiting fail with { code: 'disconnected' }, and so do calls made before the next attempt:
// they may or may not have run, so they are never re-sent silently, and the UI can say it is disconnected.
import { bridgeMethods, type BridgeApi, type BridgeEvent, type BridgeMethod } from '../../shared/bridge';
import { WireServerMessageSchema, type WireRequest } from '../../shared/bridge-wire';
import { BridgeCallError } from './errors';
import { validatedBridge } from './validated';

type Pending = { resolve: (output: unknown) => void; reject: (error: unknown) => void };

/** The part of the browser WebSocket this client uses (tests pass a fake). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WebSocketBridgeOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Delay before reconnect attempt n (0-based). */
  backoffMs?: (attempt: number) => number;
}

const CONNECTING = 0;
const OPEN = 1;
export const defaultBackoff = (attempt: number): number => Math.min(500 * 2 ** attempt, 10_000);

export type WebSocketBridge = BridgeApi & { close(): void };

export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const backoff = options.backoffMs ?? defaultBackoff;
  const inFlight = new Map<number, Pending>();
  const waiting: Array<{ request: WireRequest; pending: Pending }> = [];
  const disconnected = () =>
    new BridgeCallError({ code: 'disconnected', message: 'The connection to the sync service was lost.' });
  const listeners = new Set<(event: BridgeEvent) => void>();
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let socket: SocketLike;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  function connect(): void {
    socket = createSocket(options.url);
    socket.onopen = () => {
      attempt = 0;
      for (const { request, pending } of waiting.splice(0)) send(request, pending);
    };
    socket.onmessage = (message) => receive(message.data);
    socket.onerror = () => undefined; // onclose follows and handles it
    socket.onclose = () => {
      for (const pending of inFlight.values()) pending.reject(disconnected());
      inFlight.clear();
      for (const { pending } of waiting.splice(0)) pending.reject(disconnected());
      if (!closed) reconnectTimer = setTimeout(connect, backoff(attempt++));
    };
  }

  function send(request: WireRequest, pending: Pending): void {
    inFlight.set(request.id, pending);
    socket.send(JSON.stringify(request));
  }

  function receive(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      return;
    }
    const parsed = WireServerMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if ('event' in message) {
      for (const listener of listeners) listener(message.event);
      return;
    }
    const pending = inFlight.get(message.id);
    if (!pending) return;
    inFlight.delete(message.id);
    if (message.ok) pending.resolve(message.output);
    else pending.reject(new BridgeCallError(message.error));
  }

  function call(method: BridgeMethod, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (closed) {
        reject(
          new BridgeCallError({ code: 'closed', message: 'The connection to the sync service is closed.' }),
        );
        return;
      }
      const request: WireRequest = { id: nextId++, method, input };
      const pending = { resolve, reject };
      if (socket.readyState === OPEN) send(request, pending);
      else if (socket.readyState === CONNECTING) waiting.push({ request, pending });
      else reject(disconnected());
    });
  }

  connect();

  const raw: Partial<Record<BridgeMethod, (input: unknown) => Promise<unknown>>> = {};
  for (const method of Object.keys(bridgeMethods) as BridgeMethod[])
    raw[method] = (input) => call(method, input);
  const api = validatedBridge({
    ...(raw as BridgeApi),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    ...api,
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      socket.close();
    },
  };
}
