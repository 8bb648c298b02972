// The Docplanner simulator: a stateful local HTTP server (127.0.0.1 only) that behaves like the Integrations API
// as ../shared/docplanner/NOTES.md describes it, plus a control API for tests, benchmarks and the demo.
// Entry point: startSimulator(). See README.md beside this file.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Clock } from '../../electron/engine/util/clock';
import { type ClientCredentials, TokenStore } from './auth';
import { CallLog } from './call-log';
import { createControl, type SimulatorControl } from './control';
import { Faults, seededRandom } from './faults';
import { RateLimiter } from './rate-limit';
import { API_BASE, Pipeline, TOKEN_PATH } from './server';
import { OffsetClock } from './time';
import { World } from './world';

export type {
  SimulatorControl,
  SimulatorState,
  AddressState,
  PatientInput,
  AddressServiceChanges,
} from './control';
export type { SeedSpec, SeedResult } from './estate';
export type { FaultSpec } from './faults';
export type { CallLogEntry } from './call-log';
export { OPERATIONS } from './routes';
export { demoSeed } from './demo-seed';

export interface SimulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default: the system clock plus an offset that control.advanceClock moves forward. */
  clock?: Clock;
  clients?: ClientCredentials[];
  tokenTtlSeconds?: number;
  rateLimits?: { writesPerMinute: number; getsPerHour: number; headers: boolean } | false;
  /** Marketplace zone used for response offsets and day boundaries. */
  timeZone?: string;
  /** replaceSlots accepts period ends up to this many weeks ahead. */
  horizonWeeks?: number;
  /** Seed of the fault and token randomness. */
  seed?: number;
}

export interface RunningSimulator {
  origin: string;
  baseUrl: string;
  tokenUrl: string;
  control: SimulatorControl;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT: ClientCredentials = { clientId: 'sim-client', clientSecret: 'sim-secret' };

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const offsetClock = opts.clock ? null : new OffsetClock();
  const clock: Clock = opts.clock ?? offsetClock!;
  const random = seededRandom((opts.seed ?? 1) ^ 0x5eed);
  const world = new World({
    clock,
    timeZone: opts.timeZone ?? 'Europe/Warsaw',
    horizonWeeks: opts.horizonWeeks ?? 12,
    random,
  });
  const faults = new Faults(opts.seed ?? 1);
  const log = new CallLog();
  const control = createControl({ world, faults, log, offsetClock });
  const closing = new AbortController();
  const limiter = new RateLimiter(
    opts.rateLimits === undefined
      ? { writesPerMinute: 40, getsPerHour: 8000, headers: true }
      : opts.rateLimits,
    (ms) => world.time.format(ms),
  );
  const tokens = new TokenStore(opts.clients ?? [DEFAULT_CLIENT], opts.tokenTtlSeconds ?? 3600, random);
  const pipeline = new Pipeline({
    world,
    clock,
    tokens,
    limiter,
    faults,
    log,
    control,
    closing: closing.signal,
  });

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    pipeline.handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/vnd.error+docplanner+json' });
        res.end(JSON.stringify({ message: 'Internal server error' }));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | null = null;

  return {
    origin,
    baseUrl: `${origin}${API_BASE}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    control,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort(new Error('simulator closed'));
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
