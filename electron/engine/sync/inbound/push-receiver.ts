// Optional push endpoint for a clinic that runs the engine headless on a reachable server. Docplanner POSTs each
// notification as JSON; it is validated (zod), checked for the agreed API-key header, stored in the same inbox as
// pulled ones (the dedupe key makes push + pull of one event a single row) and answered 2xx ONLY after it is
// durably stored. Pull stays the default; both may run together.
//
// Assumptions (NOTES.md §5.3 leaves them open):
// - Monitoring ping: Docplanner checks the endpoint every few minutes. We answer 200 to GET/HEAD on the endpoint
//   path (no key needed, nothing revealed) and to an authorised POST whose body is empty or `{}`; nothing stored.
// - Real-time requests (slot-booking, booking-moving) arriving here are stored and answered 200, which approves
//   them: the sync never blocks a patient's booking; collisions become conflicts when the booking arrives.
// - Buried notifications (pushes we failed to answer) are re-sent by POST /notifications/release, called hourly;
//   a 403 means the API client is not on the push model, so releasing stops and the state says so.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { DocplannerApi } from '../../docplanner/api';
import { isDocplannerError } from '../../docplanner/errors';
import { Notification } from '../../docplanner/schemas';
import type { InboxRepo } from '../../store/inbox';
import type { Clock, TimerHandle } from '../../util/clock';

export const RELEASE_INTERVAL_MS = 3_600_000;
const MAX_BODY_BYTES = 1_000_000;

export const PushBody = z.union([Notification, z.array(Notification).min(1).max(100)]);

export type ReleaseState =
  | { kind: 'idle'; lastReleaseAt: number | null }
  | { kind: 'not-push-client'; reason: string }
  | { kind: 'rate-limited'; until: number }
  | { kind: 'error'; reason: string };

export interface PushReceiverOptions {
  inbox: InboxRepo;
  clock: Clock;
  /** The agreed API key Docplanner sends in `apiKeyHeader`. */
  apiKey: string;
  /** Header name (case-insensitive); default "x-api-key". */
  apiKeyHeader?: string;
  /** Endpoint path; default "/docplanner/notifications". */
  path?: string;
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** For the hourly release; omit to not release. */
  api?: DocplannerApi;
  /** Called after a notification was stored (the engine applies what is pending). */
  onStored?: () => void | Promise<void>;
}

export class PushReceiver {
  private server: Server | null = null;
  private releaseTimer: TimerHandle | null = null;
  private releaseStateValue: ReleaseState = { kind: 'idle', lastReleaseAt: null };
  private readonly path: string;
  private readonly header: string;

  constructor(private readonly o: PushReceiverOptions) {
    if (o.apiKey.length < 16) throw new Error('the push API key must be at least 16 characters');
    this.path = o.path ?? '/docplanner/notifications';
    this.header = (o.apiKeyHeader ?? 'x-api-key').toLowerCase();
  }

  get releaseState(): ReleaseState {
    return this.releaseStateValue;
  }

  /** Starts listening; resolves with the endpoint URL. Also starts the hourly release when an api is given. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => reply(res, 500, { message: 'internal error' }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? 0, this.o.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    if (this.o.api) this.scheduleRelease(0);
    const { address, port } = server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    return `http://${host}:${port}${this.path}`;
  }

  async stop(): Promise<void> {
    if (this.releaseTimer) this.o.clock.clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Asks Docplanner to re-send buried notifications (allowed once an hour). */
  async release(): Promise<ReleaseState> {
    if (!this.o.api) return this.releaseStateValue;
    try {
      await this.o.api.releaseNotifications();
      this.releaseStateValue = { kind: 'idle', lastReleaseAt: this.o.clock.now() };
    } catch (e) {
      if (isDocplannerError(e) && e.kind === 'forbidden') {
        this.releaseStateValue = {
          kind: 'not-push-client',
          reason: 'Docplanner says this API client is not on the push model; pull only.',
        };
      } else if (isDocplannerError(e) && e.kind === 'rate-limited') {
        this.releaseStateValue = {
          kind: 'rate-limited',
          until: e.retryAt ?? this.o.clock.now() + RELEASE_INTERVAL_MS,
        };
      } else {
        this.releaseStateValue = { kind: 'error', reason: e instanceof Error ? e.message : String(e) };
      }
    }
    return this.releaseStateValue;
  }

  private scheduleRelease(ms: number): void {
    this.releaseTimer = this.o.clock.setTimeout(() => {
      this.releaseTimer = null;
      void this.release().then((s) => {
        if (!this.server || s.kind === 'not-push-client') return;
        const wait =
          s.kind === 'rate-limited' ? Math.max(60_000, s.until - this.o.clock.now()) : RELEASE_INTERVAL_MS;
        this.scheduleRelease(wait);
      });
    }, ms);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== this.path) return reply(res, 404, { message: 'not found' });
    if (req.method === 'GET' || req.method === 'HEAD') return reply(res, 200, { status: 'ok' });
    if (req.method !== 'POST') return reply(res, 405, { message: 'method not allowed' });
    if (!this.authorised(req)) {
      req.resume();
      return reply(res, 401, { message: 'missing or wrong API key' });
    }
    const body = await readBody(req);
    if (body === null) return reply(res, 413, { message: 'body too large' });
    const text = body.trim();
    if (text === '' || text === '{}') return reply(res, 200, { status: 'ok' });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return reply(res, 400, { message: 'body is not JSON' });
    }
    const parsed = PushBody.safeParse(json);
    if (!parsed.success) {
      return reply(res, 400, {
        message: `not a notification: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      });
    }
    const list = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    let stored;
    try {
      stored = this.o.inbox.store(list, 'push');
    } catch {
      // Not stored: no 2xx, so Docplanner buries it and release re-sends it.
      return reply(res, 503, { message: 'could not store the notification; try again later' });
    }
    reply(res, 200, { stored: stored.stored.length, duplicates: stored.duplicates });
    if (stored.stored.length > 0) await this.o.onStored?.();
  }

  private authorised(req: IncomingMessage): boolean {
    const got = req.headers[this.header];
    const value = Array.isArray(got) ? got[0] : got;
    if (!value) return false;
    const a = Buffer.from(value);
    const b = Buffer.from(this.o.apiKey);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
