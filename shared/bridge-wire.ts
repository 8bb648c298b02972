// Wire protocol of the headless host (loopback HTTP + WebSocket), carrying the bridge API of bridge.ts.
//
// - The host listens on 127.0.0.1 (random port) and prints `http://127.0.0.1:PORT/?token=TOKEN`.
// - GET /            the built renderer (static files); the token travels in the page URL.
// - WS  /bridge?token=TOKEN   calls and events, messages below.
// - POST /api/<method>  JSON body = input, header `Authorization: Bearer TOKEN` → 200 output | 4xx/5xx BridgeError.
// - GET /api/status     the status snapshot as JSON (same token rule), for scripts and monitoring.
// Every message is validated with these schemas on both ends, then the input/output with bridgeMethods.
import { z } from 'zod';
import { BridgeErrorSchema, BridgeEventSchema, bridgeMethods, type BridgeMethod } from './bridge';

const methodNames = Object.keys(bridgeMethods) as [BridgeMethod, ...BridgeMethod[]];

export const WireRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.enum(methodNames),
  input: z.unknown().optional(),
});
export type WireRequest = z.infer<typeof WireRequestSchema>;

export const WireServerMessageSchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), output: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: BridgeErrorSchema }),
  z.object({ event: BridgeEventSchema }),
]);
export type WireServerMessage = z.infer<typeof WireServerMessageSchema>;

export const BRIDGE_WS_PATH = '/bridge';
export const BRIDGE_HTTP_PREFIX = '/api/';
