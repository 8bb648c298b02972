// A reception PC as the app runs it: createRuntime over a settings file in its own data folder (own state DB,
// own install id, own Docplanner credentials), on the clinic's practice DB, simulator and virtual clock.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mapping } from '../../../shared/bridge';
import { createRuntime, type HeadlessRuntime } from '../../../electron/headless/runtime';
import { TAKEOVER_MS, TTL_SECONDS, TZ, type Clinic } from './clinic';

export interface RuntimePc {
  name: string;
  clientId: string;
  dataDir: string;
  runtime: HeadlessRuntime;
}

export async function runtimePc(
  c: Clinic,
  name: string,
  opts: { mapping?: Mapping | null; dbPath?: string } = {},
): Promise<RuntimePc> {
  const clientId = `client-${name.toLowerCase()}`;
  const dataDir = join(c.dir, `data-${name}`);
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dataDir, 'settings.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      docplanner: { baseUrl: c.sim.baseUrl, clientId, locale: 'pl' },
      practice: { kind: 'reference', dbPath: opts.dbPath ?? c.pmsPath },
      timeZone: TZ,
      horizonDays: 7,
      mapping: opts.mapping ?? null,
      lease: { enabled: true, ttlSeconds: TTL_SECONDS },
      breakPolicy: 'conflict',
    }),
  );
  const runtime = await createRuntime({
    configPath,
    dataDir,
    machineName: name,
    clock: c.clock,
    secretStore: {
      load: async () => `secret-${name}`,
      save: async () => {},
      description: 'the test',
    },
  });
  c.track(() => runtime.session());
  return { name, clientId, dataDir, runtime };
}

/** Lets clinic time pass until `p` holds the lease role `role` (two takeover times at the most). */
export async function untilRole(cl: Clinic, p: RuntimePc, role: 'leader' | 'viewer'): Promise<void> {
  const end = cl.clock.now() + 2 * TAKEOVER_MS;
  while (p.runtime.lease().role !== role) {
    if (cl.clock.now() > end) throw new Error(`${p.name} never became ${role}`);
    await cl.wait(1000);
  }
}

/** `name` as a reception PC with `opts`, listed in `started` (the test stops it), started, and leading. */
export async function startLeaderPc(
  cl: Clinic,
  started: RuntimePc[],
  name: string,
  opts: { mapping?: Mapping | null } = {},
): Promise<RuntimePc> {
  const pc = await runtimePc(cl, name, opts);
  started.push(pc);
  await cl.run(pc.runtime.start());
  await untilRole(cl, pc, 'leader');
  return pc;
}
