// Small helpers for writing HTTP answers: JSON bodies, BridgeError bodies, and the headers every answer carries.
import type { ServerResponse } from 'node:http';
import type { BridgeError } from '../../../shared/bridge';
import type { FieldErrors } from './dispatch';

/** Headers on every response: no sniffing, no referrer (the page URL carries the token), no framing. */
export const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: BridgeError,
  fields?: FieldErrors,
  extraHeaders: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
  sendJson(res, status, fields ? { ...error, fields } : error);
}
