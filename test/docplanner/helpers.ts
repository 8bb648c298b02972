// Test helpers for the Docplanner client: a small real HTTP server on 127.0.0.1 (token endpoint built in,
// API answers scripted per test) and `drive`, which lets real I/O finish before moving virtual time on.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { VirtualClock } from '../../electron/engine/util/clock';
import type { RateBudget } from '../../electron/engine/docplanner/rate-budget';
import { drive as driveShared, type DriveOptions } from '../support/drive';

export interface SeenRequest {
  method: string;
  /** Raw request target, e.g. /api/v3/integration/facilities?with=… (still percent-encoded). */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Virtual time when the request arrived. */
  at: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Object → JSON; string → sent as is. */
  body?: unknown;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Cut the connection without an answer. */
  destroy?: boolean;
}

export type ApiHandler = (req: SeenRequest) => Reply | Promise<Reply>;

export interface FakeApiOptions {
  clock: VirtualClock;
  api: ApiHandler;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  /** Overrides the token endpoint's answer. */
  token?: (req: SeenRequest) => Reply | undefined;
}

export interface FakeApi {
  origin: string;
  baseUrl: string;
  /** API requests (token requests are in `tokenRequests`). */
  requests: SeenRequest[];
  tokenRequests: SeenRequest[];
  /** Tokens issued so far, in order; `valid` ones are accepted. */
  issued: string[];
  valid: Set<string>;
  close(): Promise<void>;
}

export const API_PREFIX = '/api/v3/integration';

export async function startFakeApi(opts: FakeApiOptions): Promise<FakeApi> {
  const clientId = opts.clientId ?? 'test-client';
  const clientSecret = opts.clientSecret ?? 'test-secret';
  const requests: SeenRequest[] = [];
  const tokenRequests: SeenRequest[] = [];
  const issued: string[] = [];
  const valid = new Set<string>();
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.url ?? '/';
      const parsed = new URL(target, 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        url: target,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: opts.clock.now(),
      };
      void respond(seen, res).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function respond(seen: SeenRequest, res: http.ServerResponse): Promise<void> {
    let reply: Reply;
    if (seen.path === '/oauth/v2/token') {
      tokenRequests.push(seen);
      reply = opts.token?.(seen) ?? issueToken(seen);
    } else {
      requests.push(seen);
      const auth = seen.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      reply = valid.has(token)
        ? await opts.api(seen)
        : { status: 401, body: { message: 'Authentication credentials could not be found.' } };
    }
    send(res, reply);
  }

  function issueToken(seen: SeenRequest): Reply {
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    const form = new URLSearchParams(seen.body);
    if (seen.headers.authorization !== expected) return { status: 401, body: { error: 'invalid_client' } };
    if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'integration') {
      return { status: 400, body: { error: 'invalid_request' } };
    }
    const token = `tok-${issued.length + 1}`;
    issued.push(token);
    valid.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        expires_in: opts.tokenTtlSeconds ?? 3600,
        token_type: 'bearer',
        scope: null,
      },
    };
  }

  function send(res: http.ServerResponse, reply: Reply): void {
    if (reply.hang) return;
    if (reply.destroy) {
      res.socket?.destroy();
      return;
    }
    const isText = typeof reply.body === 'string';
    const text = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...reply.headers };
    if (text && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = isText ? 'text/plain' : 'application/vnd.docplanner+json; charset=UTF-8';
    }
    res.writeHead(reply.status ?? 200, headers);
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}${API_PREFIX}`,
    requests,
    tokenRequests,
    issued,
    valid,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** JSON reply helper. */
export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});

/**
 * drive() (test/support/drive.ts) as the client tests need it: their servers hang or answer late on the same
 * virtual clock, so a request still on the wire after 250 ms of real time lets the clock move one step.
 */
export function drive<T>(
  clock: VirtualClock,
  budget: RateBudget,
  work: Promise<T>,
  opts: DriveOptions = {},
): Promise<T> {
  return driveShared(clock, budget, work, { stallRealMs: 250, ...opts });
}

/** Captures the rejection of `p` (fails the test if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

/** Waits (in real time, bounded) until `condition` holds, e.g. until a request reached the server. */
export async function until(condition: () => boolean, realTimeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + realTimeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('until: condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
