// The WebSocket side of the bridge (`/bridge?token=`): upgrades are checked (path, Host, Origin, token) before
// they are accepted; each request message is validated, dispatched, and answered; engine events are fanned out
// to every open socket. Every message sent is validated with WireServerMessageSchema first.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { BridgeEventSchema, type BridgeApi } from '../../../shared/bridge';
import {
  BRIDGE_WS_PATH,
  WireRequestSchema,
  WireServerMessageSchema,
  type WireServerMessage,
} from '../../../shared/bridge-wire';
import { dispatch } from './dispatch';
import { hostAllowed, originAllowed, tokenMatches } from './guard';

/** Largest message accepted from a client (bytes). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export type HostLogger = (level: 'warn' | 'error', message: string) => void;

export interface BridgeSocketServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function send(ws: WebSocket, message: WireServerMessage, log: HostLogger): void {
  const checked = WireServerMessageSchema.safeParse(message);
  if (!checked.success) {
    log('error', 'Refused to send a malformed bridge message.');
    return;
  }
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(checked.data));
}

async function onMessage(ws: WebSocket, data: RawData, bridge: BridgeApi, log: HostLogger): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString());
  } catch {
    ws.close(1007, 'Messages must be JSON.');
    return;
  }
  const request = WireRequestSchema.safeParse(parsed);
  if (!request.success) {
    const id = (parsed as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
      const method = (parsed as { method?: unknown }).method;
      const error =
        typeof method === 'string'
          ? { code: 'not-found', message: `Unknown method "${method}".` }
          : { code: 'invalid-request', message: 'A request needs "id", "method" and optional "input".' };
      send(ws, { id, ok: false, error }, log);
    } else {
      ws.close(1008, 'Invalid request.');
    }
    return;
  }
  const { id, method, input } = request.data;
  const result = await dispatch(bridge, method, input);
  send(ws, result.ok ? { id, ok: true, output: result.output } : { id, ok: false, error: result.error }, log);
}

export function createBridgeSocketServer(options: {
  bridge: BridgeApi;
  token: string;
  port: () => number;
  log: HostLogger;
}): BridgeSocketServer {
  const { bridge, token, log } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      onMessage(ws, data, bridge, log).catch(() => log('error', 'A bridge call failed unexpectedly.'));
    });
    ws.on('error', () => ws.terminate());
  });

  const unsubscribe = bridge.onEvent((event) => {
    const checked = BridgeEventSchema.safeParse(event);
    if (!checked.success) {
      log('warn', `Dropped an invalid bridge event.`);
      return;
    }
    for (const client of wss.clients) send(client, { event: checked.data }, log);
  });

  return {
    handleUpgrade(req, socket, head) {
      const port = options.port();
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== BRIDGE_WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
      if (!hostAllowed(req, port)) return refuseUpgrade(socket, 403, 'Forbidden');
      if (!originAllowed(req, port)) return refuseUpgrade(socket, 403, 'Forbidden');
      if (!tokenMatches(url.searchParams.get('token'), token)) {
        return refuseUpgrade(socket, 401, 'Unauthorized');
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
