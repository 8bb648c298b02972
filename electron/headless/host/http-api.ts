// The HTTP side of the bridge: `POST /api/<method>` (JSON body = input) and `GET /api/status`, both behind
// `Authorization: Bearer <token>`. Answers 200 with the output or a BridgeError with a fitting status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BridgeApi } from '../../../shared/bridge';
import { BRIDGE_HTTP_PREFIX } from '../../../shared/bridge-wire';
import { dispatch } from './dispatch';
import { bearerToken, tokenMatches } from './guard';
import { sendError, sendJson } from './respond';

/** Largest request body accepted (bytes). */
export const MAX_BODY_BYTES = 1024 * 1024;

class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, 'The request body is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}

export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  bridge: BridgeApi,
  token: string,
): Promise<void> {
  if (!tokenMatches(bearerToken(req), token)) {
    sendError(res, 401, { code: 'unauthorized', message: 'A valid token is required.' }, undefined, {
      'WWW-Authenticate': 'Bearer',
    });
    return;
  }
  const name = pathname.slice(BRIDGE_HTTP_PREFIX.length);

  if (name === 'status') {
    if (req.method !== 'GET') {
      sendError(res, 405, { code: 'method-not-allowed', message: 'Use GET.' }, undefined, { Allow: 'GET' });
      return;
    }
    const result = await dispatch(bridge, 'getStatus', undefined);
    if (result.ok) sendJson(res, 200, result.output);
    else sendError(res, result.status, result.error);
    return;
  }

  if (req.method !== 'POST') {
    sendError(res, 405, { code: 'method-not-allowed', message: 'Use POST.' }, undefined, { Allow: 'POST' });
    return;
  }
  let input: unknown;
  try {
    input = await readJsonBody(req);
  } catch (err) {
    if (err instanceof BodyError) {
      sendError(res, err.status, { code: 'invalid-request', message: err.message });
      return;
    }
    throw err;
  }
  const result = await dispatch(bridge, name, input);
  if (result.ok) sendJson(res, 200, result.output);
  else sendError(res, result.status, result.error, result.fields);
}
