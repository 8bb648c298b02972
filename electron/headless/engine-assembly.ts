// Wires one complete engine: state DB + repos, Docplanner client with its shared rate budget, practice adapter,
// the inbound half (inbox, puller, applier, conflicts) and the SyncEngine, all on one clock. The Electron app,
// the headless CLI, the demo and the benchmarks all assemble the engine through this one function.
import { DocplannerClient } from '../engine/docplanner/client';
import type { Locale } from '../engine/docplanner/locales';
import { RateBudget } from '../engine/docplanner/rate-budget';
import type { PracticeAdapter } from '../engine/practice/adapter';
import { openPracticeAdapter, type PracticeConfig } from '../engine/practice/open';
import { openStateDb, type StateDb } from '../engine/store/db';
import { createRepos } from '../engine/store/repos';
import { SyncEngine, type SyncEngineConfig } from '../engine/sync/engine';
import { createInbound, type Inbound } from '../engine/sync/inbound';
import type { Clock } from '../engine/util/clock';
import type { LeaseInfo } from '../../shared/bridge';

export interface EngineAssemblyOptions {
  docplanner: { baseUrl: string | null; locale: Locale; clientId: string; clientSecret: string };
  practice: PracticeConfig;
  statePath: string;
  clock: Clock;
  config: SyncEngineConfig;
  /** Multi-PC lease: when false the engine never writes to Docplanner or the PMS. */
  isLeader?: () => boolean;
  lease?: () => LeaseInfo;
  /** Budget override (benchmarks measure other limits); default 40 writes/min, 8000 GET/h. */
  budget?: RateBudget;
  random?: () => number;
}

export interface AssembledEngine {
  engine: SyncEngine;
  inbound: Inbound;
  api: DocplannerClient;
  budget: RateBudget;
  practice: PracticeAdapter;
  db: StateDb;
  /** Stops the loops (finishing the in-flight write) and closes both databases. */
  close(): Promise<void>;
}

export function assembleEngine(o: EngineAssemblyOptions): AssembledEngine {
  const practice = openPracticeAdapter(o.practice, { now: () => o.clock.now() });
  let db: StateDb;
  try {
    db = openStateDb(o.statePath);
  } catch (e) {
    practice.close();
    throw e;
  }
  const repos = createRepos(db);
  const budget = o.budget ?? new RateBudget({ clock: o.clock, random: o.random });
  const api = new DocplannerClient({
    baseUrl: o.docplanner.baseUrl ?? undefined,
    locale: o.docplanner.locale,
    clientId: o.docplanner.clientId,
    clientSecret: o.docplanner.clientSecret,
    clock: o.clock,
    random: o.random,
    budget,
  });
  let engine: SyncEngine | null = null;
  const inbound = createInbound({
    repos,
    practice,
    api,
    clock: o.clock,
    policy: { remoteBreaks: o.config.breakPolicy },
    pullIntervalMs: o.config.pullIntervalMs,
    // Write-back into the PMS is fenced on the lease too: a PC that lost it mid-run writes nothing.
    isLeader: o.isLeader,
    onMappingChanged: (addressKey) => void engine?.syncNow(addressKey),
  });
  engine = new SyncEngine({
    api,
    budget,
    practice,
    db,
    clock: o.clock,
    config: o.config,
    inbound,
    conflicts: inbound.conflicts,
    repos,
    isLeader: o.isLeader,
    lease: o.lease,
  });
  const built = engine;
  let closed = false;
  return {
    engine: built,
    inbound,
    api,
    budget,
    practice,
    db,
    async close() {
      if (closed) return;
      closed = true;
      await built.stop();
      inbound.stop();
      practice.close();
      db.close();
    },
  };
}
