// The HTTP front of the simulator: one request pipeline for the integration API (auth → rate limit → duplicate
// guard → latency → pre-apply fault → validate + apply → post-apply fault → answer), the token endpoint, and the
// /__sim/ control routes. Every request is written to the call log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import type { Clock } from '../../electron/engine/util/clock';
import { type ApiContext, type Handler, type Reply, parseWiths } from './api-context';
import { calendarHandlers } from './api-calendar';
import { resourceHandlers } from './api-resources';
import type { TokenStore } from './auth';
import { type CallLog, type CallLogEntry, redactPatient } from './call-log';
import { CONTROL_ACTIONS, type SimulatorControl } from './control';
import { SimError } from './errors';
import type { Faults } from './faults';
import type { RateLimiter } from './rate-limit';
import { isWriteMethod, matchRoute } from './routes';
import { ReplaceSlotsGuard } from './slots-guard';
import type { World } from './world';

export const API_BASE = '/api/v3/integration';
export const TOKEN_PATH = '/oauth/v2/token';
const SUCCESS_TYPE = 'application/vnd.docplanner+json; charset=UTF-8';
const ERROR_TYPE = 'application/vnd.error+docplanner+json';

const HANDLERS: Record<string, Handler> = { ...resourceHandlers, ...calendarHandlers };

export interface PipelineDeps {
  world: World;
  clock: Clock;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: Faults;
  log: CallLog;
  control: SimulatorControl;
  /** Aborted on close(): pending latency waits end and their sockets are destroyed. */
  closing: AbortSignal;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

function errorReply(e: unknown): Reply {
  if (e instanceof SimError) {
    return { status: e.status, body: { errors: e.fieldErrors ?? [], message: e.message } };
  }
  return { status: 500, body: { message: 'Internal server error' } };
}

export class Pipeline {
  private readonly guard: ReplaceSlotsGuard;

  constructor(private readonly deps: PipelineDeps) {
    this.guard = new ReplaceSlotsGuard(() => deps.clock.now());
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__sim/')) return this.control(method, url.pathname.slice(7), raw, res);
    if (url.pathname === TOKEN_PATH) return this.token(method, req, raw, res);
    if (url.pathname === API_BASE || url.pathname.startsWith(`${API_BASE}/`)) {
      return this.api(method, url, req, raw, res);
    }
    this.send(res, { status: 404, body: { message: 'No route found' } }, {});
  }

  private send(
    res: ServerResponse,
    reply: Reply,
    extraHeaders: Record<string, string>,
    entry?: CallLogEntry,
  ): void {
    if (entry) entry.status = reply.status;
    const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    headers['Content-Type'] = reply.status < 400 ? SUCCESS_TYPE : ERROR_TYPE;
    res.writeHead(reply.status, headers);
    res.end(JSON.stringify(reply.body));
  }

  private token(method: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const { tokens, clock, log } = this.deps;
    const entry: CallLogEntry = {
      at: clock.now(),
      clientId: null,
      method,
      path: req.url ?? '',
      operation: 'token',
      status: 0,
      write: false,
    };
    log.add(entry);
    const json = (status: number, body: unknown) => {
      entry.status = status;
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'POST required' });
    const form = new URLSearchParams(raw);
    const clientId = tokens.checkBasic(req.headers.authorization);
    if (!clientId)
      return json(401, { error: 'invalid_client', error_description: 'The client credentials are invalid' });
    entry.clientId = clientId;
    if (form.get('grant_type') !== 'client_credentials') {
      return json(400, {
        error: 'unsupported_grant_type',
        error_description: 'Only client_credentials is supported',
      });
    }
    const issued = tokens.issue(clientId, clock.now());
    json(200, { ...issued, token_type: 'bearer', scope: null });
  }

  private async api(
    method: string,
    url: URL,
    req: IncomingMessage,
    raw: string,
    res: ServerResponse,
  ): Promise<void> {
    const { clock, tokens, limiter, faults, log, world } = this.deps;
    const sub = url.pathname.slice(API_BASE.length) || '/';
    const match = matchRoute(method, sub);
    const operation = match?.route.operation ?? 'unknown';
    const write = isWriteMethod(method);
    const parsed = parseJson(raw);
    const entry: CallLogEntry = {
      at: clock.now(),
      clientId: null,
      method,
      path: `${url.pathname}${url.search}`,
      operation,
      status: 0,
      write,
    };
    if (write && parsed.ok && parsed.value !== undefined) entry.body = redactPatient(parsed.value);
    log.add(entry);

    const clientId = tokens.checkBearer(req.headers.authorization, clock.now());
    if (!clientId) {
      return this.send(
        res,
        { status: 401, body: { message: 'Authentication credentials could not be found.' } },
        {},
        entry,
      );
    }
    entry.clientId = clientId;

    const storm = faults.stormUntil(clock.now());
    if (storm !== null) {
      return this.send(
        res,
        { status: 429, body: { message: 'Too Many Requests' } },
        { 'X-RateLimit-Reset': world.time.format(storm), 'X-RateLimit-Remaining': '0' },
        entry,
      );
    }

    const rate = limiter.take(clientId, write, clock.now());
    if (!rate.allowed)
      return this.send(res, { status: 429, body: { message: 'Too Many Requests' } }, rate.headers, entry);
    if (!match)
      return this.send(res, { status: 404, body: { message: 'No route found' } }, rate.headers, entry);

    const guardKey =
      operation === 'replaceSlots' && parsed.ok
        ? `${match.params.address_id}|${JSON.stringify(parsed.value)}`
        : null;
    if (guardKey && this.guard.inFlight(guardKey)) {
      return this.send(
        res,
        { status: 429, body: { message: 'The same request is already being processed' } },
        rate.headers,
        entry,
      );
    }
    if (guardKey) this.guard.begin(guardKey);
    try {
      const latency = faults.latency(operation);
      if (latency > 0) {
        try {
          await clock.sleep(latency, this.deps.closing);
        } catch {
          res.destroy();
          return;
        }
      }
      const pre = faults.before(operation);
      if (pre === 'drop') return void res.destroy();
      if (pre === 'hang') return; // left open until the client gives up or the simulator closes
      if (pre === 'server-error') {
        return this.send(
          res,
          { status: 500, body: { message: 'Internal server error' } },
          rate.headers,
          entry,
        );
      }
      if (pre === 'html-error') {
        entry.status = 502;
        res.writeHead(502, { 'Content-Type': 'text/html; charset=UTF-8' });
        res.end(
          '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
        );
        return;
      }

      let reply: Reply;
      if (!parsed.ok) {
        reply = { status: 400, body: { message: 'Invalid JSON', errors: { body: ['Malformed JSON body'] } } };
      } else if (guardKey && this.guard.recentlyDone(guardKey)) {
        reply = { status: 201 }; // identical PUT within 3 minutes: ignored, answered as success
      } else {
        const ctx: ApiContext = {
          world,
          clientId,
          params: match.params,
          query: url.searchParams,
          body: parsed.value,
          withs: parseWiths(url.searchParams),
          path: sub,
        };
        try {
          reply = HANDLERS[operation]!(ctx);
        } catch (e) {
          reply = errorReply(e);
        }
        if (guardKey && reply.status === 201) this.guard.done(guardKey);
      }

      if (reply.status < 300) {
        const post = faults.after(operation);
        if (post === 'drop') return void res.destroy();
        if (post === 'fail') reply = { status: 500, body: { message: 'Internal server error' } };
      }
      this.send(res, reply, rate.headers, entry);
    } finally {
      if (guardKey) this.guard.end(guardKey);
    }
  }

  private control(method: string, action: string, raw: string, res: ServerResponse): void {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body ?? null));
    };
    const name = method === 'DELETE' && action === 'log' ? 'log/clear' : action;
    const def = CONTROL_ACTIONS[name];
    if (!def || (def.method !== method && name !== 'log/clear'))
      return json(404, { message: `No control action ${method} /__sim/${action}` });
    const parsed = parseJson(raw);
    if (!parsed.ok) return json(400, { message: 'Malformed JSON body' });
    try {
      json(200, def.run(this.deps.control, parsed.value ?? {}));
    } catch (e) {
      if (e instanceof SimError) return json(e.status, { message: e.message, errors: e.fieldErrors });
      if (e instanceof ZodError)
        return json(400, {
          message: 'Invalid arguments',
          errors: e.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
      json(500, { message: e instanceof Error ? e.message : String(e) });
    }
  }
}
