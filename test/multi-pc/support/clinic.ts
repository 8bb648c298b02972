// A clinic with several reception PCs, for real: ONE practice DB file (reference schema, edited through
// ReferencePms like a receptionist), ONE Docplanner simulator on 127.0.0.1, and per PC a full SyncSession (its own
// state DB, its own LeaseKeeper on the shared sidecar file, its own Docplanner credentials so the simulator's call
// log tells the PCs apart), all on one VirtualClock. Nothing is mocked.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeaseInfo, Mapping } from '../../../shared/bridge';
import type { KeeperState } from '../../../electron/engine/lease';
import { VirtualClock } from '../../../electron/engine/util/clock';
import { SyncConfigSchema, type SyncConfigInput } from '../../../electron/headless/config';
import { SyncSession } from '../../../electron/headless/session';
import { startSimulator, type CallLogEntry, type RunningSimulator } from '../../simulator/index';
import { drive } from '../../support/drive';
import { ReferencePms } from '../../support/reference-pms';
import { ADDRESS_KEY, T0, TZ, createClinicDb } from '../../sync/support/harness';

export { ADDRESS_KEY, T0, TZ };

export const TTL_SECONDS = 30;
/** Longest a takeover can take after a crash: ttl + margin of quiet, plus a poll, plus slack. */
export const TAKEOVER_MS = (TTL_SECONDS * 1000 * 6) / 5 + (TTL_SECONDS * 1000) / 3 + 2000;

export const IDS = {
  facilityId: '10',
  doctorId: '20',
  addressId: '30',
  consultation: '301',
  control: '302',
} as const;

export const MAPPING: Mapping = {
  addresses: [
    {
      local: { doctorId: '1', locationId: '1' },
      facilityId: IDS.facilityId,
      doctorId: IDS.doctorId,
      addressId: IDS.addressId,
    },
  ],
  services: [
    { addressKey: ADDRESS_KEY, localServiceId: '1', addressServiceId: IDS.consultation },
    { addressKey: ADDRESS_KEY, localServiceId: '2', addressServiceId: IDS.control },
  ],
  insurances: [],
};

/** One leadership term as seen by the PC that held it (virtual time). */
export interface Term {
  pc: string;
  clientId: string;
  token: number;
  from: number;
  to: number | null;
}

export interface Pc {
  name: string;
  clientId: string;
  statePath: string;
  session: SyncSession | null;
  /** Opens the session (engine + lease) and starts it. */
  start(opts?: { mapping?: Mapping | null }): Promise<SyncSession>;
  /** Clean shutdown: hand over, stop, release. */
  stop(): Promise<void>;
  /** A crash: the lease is not released (others wait for expiry) and nothing more is sent. */
  crash(): Promise<void>;
  isLeader(): boolean;
  lease(): LeaseInfo | null;
}

export interface Clinic {
  dir: string;
  clock: VirtualClock;
  sim: RunningSimulator;
  pms: ReferencePms;
  pmsPath: string;
  pcs: Pc[];
  terms: Term[];
  pc(name: string): Pc;
  /** Resolves work in virtual time: the clock moves only while no PC has a request on the wire. */
  run<T>(work: Promise<T>, opts?: { maxVirtualMs?: number; advanceWhileBusy?: boolean }): Promise<T>;
  /**
   * Lets virtual time pass with every PC's loops running. `advanceWhileBusy`: time also passes while requests are
   * on the wire (for the simulator's latency fault, which waits on the same clock).
   */
  wait(ms: number, opts?: { advanceWhileBusy?: boolean }): Promise<void>;
  /** Writes in the simulator's call log (token requests excluded). */
  writes(): CallLogEntry[];
  /** PCs that lead now. */
  leaders(): Pc[];
  /** Also waits for this session's requests in run() (runtimes open their own sessions). */
  track(session: () => SyncSession | null): void;
  close(): Promise<void>;
}

function tempRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export async function createClinic(opts: {
  pcs: string[];
  seed?: number;
  horizonDays?: number;
  /** Extra config for every PC. */
  config?: Partial<SyncConfigInput>;
}): Promise<Clinic> {
  const dir = mkdtempSync(join(tempRoot(), 'multi-pc-'));
  const clock = new VirtualClock(T0);
  const clientOf = (name: string) => `client-${name.toLowerCase()}`;
  const sim = await startSimulator({
    clock,
    seed: opts.seed ?? 1,
    timeZone: TZ,
    clients: opts.pcs.map((n) => ({ clientId: clientOf(n), clientSecret: `secret-${n}` })),
  });
  sim.control.seed({
    services: [
      { id: '101', name: 'Konsultacja' },
      { id: '102', name: 'Kontrola' },
    ],
    facilities: [
      {
        id: IDS.facilityId,
        name: 'Przychodnia',
        doctors: [
          {
            id: IDS.doctorId,
            name: 'Anna',
            surname: 'Nowak',
            addresses: [
              {
                id: IDS.addressId,
                name: 'Gabinet 1',
                calendar: 'disabled',
                services: [
                  { id: IDS.consultation, service_id: '101', duration: 30 },
                  { id: IDS.control, service_id: '102', duration: 30 },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  const pmsPath = join(dir, 'pms.db');
  createClinicDb(pmsPath);
  const pms = new ReferencePms(pmsPath, { timeZone: TZ, now: () => clock.now() });
  const terms: Term[] = [];
  const everRan = new Set<SyncSession>();

  const makePc = (name: string): Pc => {
    const clientId = clientOf(name);
    const statePath = join(dir, `state-${name}.db`);
    let unwatch: (() => void) | null = null;
    const endTerm = () => {
      const open = terms.find((t) => t.pc === name && t.to === null);
      if (open) open.to = clock.now();
    };
    const pc: Pc = {
      name,
      clientId,
      statePath,
      session: null,
      async start(o = {}) {
        if (pc.session) throw new Error(`${name} already runs`);
        const config = SyncConfigSchema.parse({
          docplanner: { baseUrl: sim.baseUrl, clientId, locale: 'pl' },
          practice: { kind: 'reference', dbPath: pmsPath },
          stateDbPath: statePath,
          timeZone: TZ,
          horizonDays: opts.horizonDays ?? 7,
          mapping: o.mapping ?? null,
          lease: { enabled: true, ttlSeconds: TTL_SECONDS },
          ...opts.config,
        });
        const session = SyncSession.open({
          config,
          clientSecret: `secret-${name}`,
          dataDir: dir,
          clock,
          machineName: name,
          installId: `install-${name}`,
          onEvent: () => {},
        });
        everRan.add(session);
        pc.session = session;
        const record = (s: KeeperState) => {
          if (s.role === 'leader') {
            endTerm();
            terms.push({ pc: name, clientId, token: s.token, from: clock.now(), to: null });
          } else endTerm();
        };
        unwatch = session.keeper!.onRoleChange((s) => record(s));
        record(session.keeper!.state);
        await clinic.run(session.start());
        return session;
      },
      async stop() {
        const s = pc.session;
        if (!s) return;
        pc.session = null;
        await clinic.run(s.stop());
        unwatch?.();
        endTerm();
      },
      async crash() {
        const s = pc.session;
        if (!s) return;
        pc.session = null;
        await clinic.run(s.stop({ release: false }));
        unwatch?.();
        endTerm();
      },
      isLeader: () => pc.session?.keeper?.isLeader() ?? false,
      lease: () => pc.session?.lease() ?? null,
    };
    return pc;
  };

  const pcs = opts.pcs.map(makePc);
  const tracked: (() => SyncSession | null)[] = [];
  const budgets = () =>
    [...everRan, ...tracked.map((f) => f()).filter((s): s is SyncSession => s !== null)].map(
      (s) => s.assembled.budget,
    );

  const run = <T>(work: Promise<T>, o: { maxVirtualMs?: number; advanceWhileBusy?: boolean } = {}) =>
    drive(clock, budgets, work, {
      stepMs: 500,
      maxVirtualMs: o.maxVirtualMs ?? 6 * 3600_000,
      stallRealMs: o.advanceWhileBusy ? 0 : Infinity,
    });

  const clinic: Clinic = {
    dir,
    clock,
    sim,
    pms,
    pmsPath,
    pcs,
    terms,
    pc: (name) => {
      const p = pcs.find((x) => x.name === name);
      if (!p) throw new Error(`no PC ${name}`);
      return p;
    },
    run,
    async wait(ms, o = {}) {
      const target = clock.now() + ms;
      await run(
        (async () => {
          while (clock.now() < target) await clock.sleep(Math.min(1000, target - clock.now()));
        })(),
        { maxVirtualMs: ms + 60_000, advanceWhileBusy: o.advanceWhileBusy },
      );
    },
    writes: () => sim.control.callLog().filter((c) => c.write && c.operation !== 'token'),
    leaders: () => pcs.filter((p) => p.isLeader()),
    track: (f) => void tracked.push(f),
    async close() {
      for (const p of pcs) await p.stop().catch(() => undefined);
      pms.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return clinic;
}

/** Waits (virtual time) until exactly one PC leads; returns it. */
export async function waitForLeader(c: Clinic, maxMs = 3 * TAKEOVER_MS): Promise<Pc> {
  const end = c.clock.now() + maxMs;
  while (c.clock.now() < end) {
    const l = c.leaders();
    if (l.length === 1) return l[0]!;
    await c.wait(1000);
  }
  throw new Error(
    `no single leader after ${maxMs} ms: ${
      c
        .leaders()
        .map((p) => p.name)
        .join(', ') || 'none'
    }`,
  );
}

/**
 * Every write in the call log was made by the PC that held the lease at that moment (its own term, by client id),
 * and terms never overlap. Returns human-readable violations (empty = fine).
 */
export function writerViolations(c: Clinic): string[] {
  const out: string[] = [];
  const terms = [...c.terms].sort((a, b) => a.from - b.from);
  for (let i = 1; i < terms.length; i++) {
    const prev = terms[i - 1]!;
    const cur = terms[i]!;
    if (prev.to === null || prev.to > cur.from) {
      out.push(`terms overlap: ${prev.pc}#${prev.token} and ${cur.pc}#${cur.token} at ${cur.from - T0}`);
    }
  }
  for (const w of c.writes()) {
    const ok = terms.some(
      (t) => t.clientId === w.clientId && t.from <= w.at && (t.to === null || w.at <= t.to),
    );
    if (!ok) out.push(`write ${w.operation} by ${w.clientId} at +${w.at - T0} ms outside its lease term`);
  }
  return out;
}

/** Bookings on Docplanner (booked, future) for the clinic's address. */
export function onlineBookings(c: Clinic) {
  const st = c.sim.control.state();
  const a = st.addresses[IDS.addressId]!;
  return a.bookings.filter((b) => b.status === 'booked');
}
