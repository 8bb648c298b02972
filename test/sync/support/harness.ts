// A real world for engine tests: the simulator on 127.0.0.1 on a virtual clock, the real Docplanner client and
// rate budget, a reference-schema practice DB in a temp dir (edited through ReferencePms like a receptionist
// would), a real state DB file, and the SyncEngine under test. `run(p)` resolves engine work in virtual time.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DocplannerClient } from '../../../electron/engine/docplanner/client';
import { RateBudget } from '../../../electron/engine/docplanner/rate-budget';
import { openPracticeAdapter } from '../../../electron/engine/practice/open';
import { REFERENCE_SCHEMA_SQL } from '../../../electron/engine/practice/reference/schema';
import { openStateDb, type StateDb } from '../../../electron/engine/store/db';
import { createRepos, type Repos } from '../../../electron/engine/store/repos';
import { SyncEngine, type InboundPort, type SyncEngineConfig } from '../../../electron/engine/sync/engine';
import { VirtualClock } from '../../../electron/engine/util/clock';
import { startSimulator, type RunningSimulator, type CallLogEntry } from '../../simulator/index';
import { drive } from '../../support/drive';
import { ReferencePms, type NewAppointment } from '../../support/reference-pms';
import type { PracticeAdapter } from '../../../electron/engine/practice/adapter';
import type { Mapping } from '../../../shared/bridge';

/** Monday 2026-11-23 08:00 in Warsaw. */
export const T0 = Date.UTC(2026, 10, 23, 7, 0, 0);
export const TZ = 'Europe/Warsaw';
export const ADDRESS_KEY = '1@1';
export const DEFAULT_IDS = {
  facilityId: '10',
  doctorId: '20',
  addressId: '30',
  consultation: '301',
  control: '302',
} as const;
export const DP = DEFAULT_IDS;
export const ADDRESS_PATH = `/facilities/${DP.facilityId}/doctors/${DP.doctorId}/addresses/${DP.addressId}`;

const STAMP = '2026-01-01T00:00:00.000Z';

/** One doctor at one location, Mon–Fri 09:00–12:00, services 1 (consultation, 30 min) and 2 (control, 30 min). */
export function createClinicDb(path: string): void {
  const db = new Database(path);
  db.exec('BEGIN');
  db.exec(REFERENCE_SCHEMA_SQL);
  db.prepare(
    `INSERT INTO doctors (id, first_name, last_name, updated_at) VALUES (1, 'Anna', 'Nowak', ?)`,
  ).run(STAMP);
  db.prepare(`INSERT INTO locations (id, name, updated_at) VALUES (1, 'Gabinet 1', ?)`).run(STAMP);
  db.prepare(
    `INSERT INTO services (id, name, default_duration_min, updated_at) VALUES (1, 'Konsultacja', 30, ?), (2, 'Kontrola', 30, ?), (3, 'USG', 30, ?)`,
  ).run(STAMP, STAMP, STAMP);
  const ds = db.prepare(
    `INSERT INTO doctor_services (doctor_id, location_id, service_id, duration_min, updated_at) VALUES (1, 1, ?, 30, ?)`,
  );
  ds.run(1, STAMP);
  ds.run(2, STAMP);
  const ws = db.prepare(
    `INSERT INTO weekly_schedules (doctor_id, location_id, weekday, start_time, end_time, updated_at) VALUES (1, 1, ?, '09:00', '12:00', ?)`,
  );
  for (let d = 1; d <= 5; d++) ws.run(d, STAMP);
  db.exec('COMMIT');
  db.close();
}

/** A RAM-backed temp folder when the machine has one (real SQLite files, without disk syncs), else the OS temp. */
function tempRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export interface World {
  /** Docplanner ids of this world's facility/doctor/address/services. */
  ids: Ids;
  dir: string;
  clock: VirtualClock;
  sim: RunningSimulator;
  budget: RateBudget;
  api: DocplannerClient;
  practice: PracticeAdapter;
  pms: ReferencePms;
  pmsPath: string;
  statePath: string;
  db: StateDb;
  engine: SyncEngine;
  /** Resolves engine work in virtual time (real I/O finishes before virtual time moves on). */
  run<T>(p: Promise<T>, opts?: { maxVirtualMs?: number }): Promise<T>;
  /** Lets virtual time pass with the engine's loops running. */
  wait(ms: number): Promise<void>;
  /** Writes (PUT/POST/PATCH/DELETE) in the call log since the last clearLog, as "op" strings. */
  writes(): CallLogEntry[];
  /** The API the engine uses: the real client, with an optional hook run after a call returned (crash tests). */
  hooks: { afterCall?: (operation: string) => void };
  /** Drops the engine without stopping it (a crash: its state DB handle is closed under it) and opens a new one on the same state DB file. */
  crashAndReopen(): SyncEngine;
  newEngine(): SyncEngine;
  close(): Promise<void>;
}

export interface WorldOptions {
  config?: Partial<SyncEngineConfig>;
  /** Builds the inbound half on the engine's repos (the same instances the engine uses). */
  inbound?: (w: World, repos: Repos) => InboundPort | undefined;
  seed?: number;
  /** Map and activate the address before the test (default true: mapped, activated, feed drained). */
  activate?: boolean;
  services?: { id: string; service_id: string; duration: number }[];
  /** Run on a simulator, clock and client shared by many scenarios (each gets its own Docplanner ids). */
  shared?: Shared;
  /** Multi-PC lease: whether this PC may write (default: always). */
  isLeader?: () => boolean;
}

/** A simulator, virtual clock, budget and client reused across scenarios (the property test). */
export interface Shared {
  clock: VirtualClock;
  sim: RunningSimulator;
  budget: RateBudget;
  api: DocplannerClient;
  next: number;
}

export async function createShared(seed = 1): Promise<Shared> {
  const clock = new VirtualClock(T0);
  const sim = await startSimulator({ clock, seed, timeZone: TZ });
  seedDictionary(sim);
  const budget = new RateBudget({ clock, random: () => 0.5 });
  const api = new DocplannerClient({
    baseUrl: sim.baseUrl,
    clientId: 'sim-client',
    clientSecret: 'sim-secret',
    clock,
    random: () => 0.5,
    budget,
  });
  return { clock, sim, budget, api, next: 1 };
}

function seedDictionary(sim: RunningSimulator): void {
  sim.control.seed({
    services: [
      { id: '101', name: 'Konsultacja' },
      { id: '102', name: 'Kontrola' },
      { id: '103', name: 'USG' },
    ],
  });
}

export type Ids = {
  facilityId: string;
  doctorId: string;
  addressId: string;
  consultation: string;
  control: string;
};

export async function createWorld(opts: WorldOptions = {}): Promise<World> {
  const dir = mkdtempSync(join(tempRoot(), 'sync-'));
  const shared = opts.shared;
  const n = shared ? shared.next++ : 0;
  const DP: Ids = shared
    ? {
        facilityId: `${n}10`,
        doctorId: `${n}20`,
        addressId: `${n}30`,
        consultation: `${n}301`,
        control: `${n}302`,
      }
    : { ...DEFAULT_IDS };
  const clock = shared?.clock ?? new VirtualClock(T0);
  const sim = shared?.sim ?? (await startSimulator({ clock, seed: opts.seed ?? 1, timeZone: TZ }));
  if (!shared) seedDictionary(sim);
  sim.control.seed({
    facilities: [
      {
        id: DP.facilityId,
        name: 'Przychodnia',
        doctors: [
          {
            id: DP.doctorId,
            name: 'Anna',
            surname: 'Nowak',
            addresses: [
              {
                id: DP.addressId,
                name: 'Gabinet 1',
                calendar: 'disabled',
                services: opts.services ?? [
                  { id: DP.consultation, service_id: '101', duration: 30 },
                  { id: DP.control, service_id: '102', duration: 30 },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  const budget = shared?.budget ?? new RateBudget({ clock, random: () => 0.5 });
  const api =
    shared?.api ??
    new DocplannerClient({
      baseUrl: sim.baseUrl,
      clientId: 'sim-client',
      clientSecret: 'sim-secret',
      clock,
      random: () => 0.5,
      budget,
    });
  const pmsPath = join(dir, 'pms.db');
  createClinicDb(pmsPath);
  const practice = openPracticeAdapter(
    { kind: 'reference', dbPath: pmsPath, timeZone: TZ },
    { now: () => clock.now() },
  );
  const pms = new ReferencePms(pmsPath, { timeZone: TZ, now: () => clock.now() });
  const statePath = join(dir, 'state.db');
  let db = openStateDb(statePath);
  const config: Partial<SyncEngineConfig> = {
    horizonDays: 7,
    detectIntervalMs: 2000,
    pullIntervalMs: 15_000,
    reconcileIntervalMs: 3600_000,
    ...opts.config,
  };

  const world = {
    ids: DP,
    dir,
    clock,
    sim,
    budget,
    api,
    practice,
    pms,
    pmsPath,
    statePath,
    db,
  } as unknown as World;
  world.hooks = {};
  const engineApi = new Proxy(api, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        const result = (await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
        world.hooks.afterCall?.(String(prop));
        return result;
      };
    },
  });
  world.newEngine = () => {
    const repos = createRepos(world.db);
    const inbound = opts.inbound?.(world, repos);
    const engine = new SyncEngine({
      api: engineApi,
      budget,
      practice,
      db: world.db,
      clock,
      config,
      inbound,
      repos,
      isLeader: opts.isLeader,
    });
    world.engine = engine;
    return engine;
  };
  world.run = (p, o) => drive(clock, budget, p, o);
  world.wait = async (ms) => {
    const target = clock.now() + ms;
    await drive(
      clock,
      budget,
      (async () => {
        while (clock.now() < target) await clock.sleep(Math.min(1000, target - clock.now()));
      })(),
    );
  };
  world.writes = () => sim.control.callLog().filter((c) => c.write && c.operation !== 'token');
  world.crashAndReopen = () => {
    // The old engine is abandoned: with its DB handle closed it can record nothing more, as if the process died.
    if (world.db.open) world.db.close();
    db = openStateDb(statePath);
    world.db = db;
    return world.newEngine();
  };
  world.close = async () => {
    await world.engine?.stop().catch(() => undefined);
    world.db.close();
    practice.close();
    pms.close();
    if (!shared) await sim.close();
    rmSync(dir, { recursive: true, force: true });
  };
  world.newEngine();
  world.engine.repos.mapping.replaceMapping(
    {
      addresses: [
        {
          local: { doctorId: '1', locationId: '1' },
          facilityId: DP.facilityId,
          doctorId: DP.doctorId,
          addressId: DP.addressId,
        },
      ],
      services: [
        { addressKey: ADDRESS_KEY, localServiceId: '1', addressServiceId: DP.consultation },
        { addressKey: ADDRESS_KEY, localServiceId: '2', addressServiceId: DP.control },
      ],
      insurances: [],
    },
    clock.now(),
  );
  if (opts.activate !== false) {
    const r = await world.run(world.engine.activate(ADDRESS_KEY));
    if (!r.ok) throw new Error(`activation failed: ${r.message}`);
    await world.run(world.engine.syncNow());
    sim.control.clearLog();
  }
  return world;
}

/** "OP path-tail" strings of call-log entries, for exact call assertions. */
export const ops = (entries: CallLogEntry[]): string[] =>
  entries.map(
    (e) =>
      `${e.method} ${
        e.path
          .replace(/^\/api\/v3\/integration/, '')
          .replace(ADDRESS_PATH, 'A')
          .split('?')[0]
      }`,
  );

/** The patient of a desk appointment unless a test names another. */
export const JAN_KOWALSKI = { firstName: 'Jan', lastName: 'Kowalski', phone: '+48500100200' };

/**
 * A 30-minute appointment the receptionist enters in the PMS for doctor 1 at location 1, at `start` (clinic wall
 * time, "2026-11-24 10:00"): service 1 for Jan Kowalski unless `over` says otherwise. Returns its local id.
 */
export const deskAppointment = (
  w: { pms: ReferencePms },
  start: string,
  over: Partial<Omit<NewAppointment, 'start'>> = {},
): string =>
  w.pms.addAppointment({
    doctorId: 1,
    locationId: 1,
    serviceId: 1,
    start,
    minutes: 30,
    patient: JAN_KOWALSKI,
    ...over,
  });

/** Once Docplanner has answered `operation`, the process dies: the engine's state DB closes under it and the call throws. */
export function crashAfter(w: World, operation: string): void {
  w.hooks.afterCall = (op) => {
    if (op !== operation) return;
    w.hooks.afterCall = undefined;
    w.db.close();
    throw new Error('crash');
  };
}

/**
 * `good` (a valid mapping of this world) plus two links Docplanner refuses: a service it does not offer at the
 * address (services.2) and the mapped address again for another calendar, 1@2 (addresses.1).
 */
export const withRefusedLinks = (good: Mapping): Mapping => ({
  ...good,
  services: [...good.services, { addressKey: ADDRESS_KEY, localServiceId: '3', addressServiceId: '999' }],
  addresses: [...good.addresses, { ...good.addresses[0]!, local: { doctorId: '1', locationId: '2' } }],
});
