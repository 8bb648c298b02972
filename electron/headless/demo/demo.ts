// The embedded demo: a Docplanner simulator on loopback, a generated sample clinic (reference PMS schema), the
// sync engine between them (startDemoBackend: also what the desktop app's first run starts, see desk-runtime.ts)
// and, for `npm run demo`, the UI served by the headless host (startDemo). No Docplanner credentials needed.
// The mapping is made the way a clinic would: by accepting the name-based suggestions, then activating each address.
// The runtime is marked as a demo, so its status says mode 'demo' and the UI shows the DEMO banner.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { openPracticeAdapter } from '../../engine/practice/open';
import { generateSampleClinic } from '../../engine/practice/sample/generate';
import { DEFAULT_CLIENT, startSimulator, type RunningSimulator } from '../../../test/simulator/index';
import type { ActionResult } from '../../../shared/bridge';
import type { SyncConfigInput } from '../config';
import { saveConfigFile } from '../config';
import { startHeadlessHost, type HeadlessHost } from '../host';
import { createRuntime, type HeadlessRuntime } from '../runtime';
import { fileSecretStore } from '../secret-file-store';
import { mirrorSeedFromPractice } from './mirror-seed';

/** The simulated clinic and Docplanner, and the real engine between them (no UI host). */
export interface DemoBackendOptions {
  /** Folder for the sample clinic, the simulator's config and the state DB (a temp folder by default). */
  dataDir?: string;
  doctors?: number;
  horizonDays?: number;
  seed?: number;
  timeZone?: string;
  /** Simulated Docplanner write limit (the real default is 40/min). */
  writesPerMinute?: number;
  /**
   * Also start a second reception PC ("RECEPTION-2", own state DB) on this port: the demo desk holds the sync
   * lease beside the practice DB and RECEPTION-2 shows viewer mode. null/undefined: a single PC, no lease.
   */
  viewerPort?: number | null;
  log?: (line: string) => void;
  /** What "Leave the demo" does in the UI (the desktop app); without it the UI is told to stop it in the terminal. */
  onLeave?: () => Promise<ActionResult>;
}

export interface DemoBackend {
  simulator: RunningSimulator;
  runtime: HeadlessRuntime;
  config: SyncConfigInput;
  pmsPath: string;
  dataDir: string;
  /** Stops the engine, then the simulator. */
  close(): Promise<void>;
}

export interface DemoOptions extends DemoBackendOptions {
  /** Host port (0 = random). */
  port?: number;
  token?: string;
  rendererDir: string | null;
}

export interface RunningDemo {
  url: string;
  /** The second PC's UI (viewer mode), when started. */
  viewerUrl: string | null;
  host: HeadlessHost;
  simulator: RunningSimulator;
  runtime: HeadlessRuntime;
  pmsPath: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startDemoBackend(o: DemoBackendOptions): Promise<DemoBackend> {
  const log = o.log ?? ((line: string) => console.error(line));
  const timeZone = o.timeZone ?? 'Europe/Warsaw';
  const horizonDays = o.horizonDays ?? 28;
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'clinic-sync-demo-'));
  const withViewer = o.viewerPort !== undefined && o.viewerPort !== null;
  mkdirSync(dataDir, { recursive: true });
  const pmsPath = join(dataDir, 'sample-clinic.db');
  const today = DateTime.now().setZone(timeZone).toISODate()!;
  log(`demo: generating a sample clinic in ${pmsPath}`);
  const clinic = generateSampleClinic(pmsPath, {
    doctors: o.doctors ?? 3,
    locations: 2,
    days: horizonDays,
    seed: o.seed ?? 7,
    startDate: today,
    timeZone,
  });

  const writesPerMinute = o.writesPerMinute ?? 600;
  const simulator = await startSimulator({
    timeZone,
    rateLimits: { writesPerMinute, getsPerHour: 100_000, headers: true },
  });
  const configPath = join(dataDir, 'sync.json');
  const config: SyncConfigInput = {
    docplanner: { locale: 'pl', baseUrl: simulator.baseUrl, clientId: DEFAULT_CLIENT.clientId },
    practice: { kind: 'reference', dbPath: pmsPath },
    timeZone,
    horizonDays,
    intervals: { detectSeconds: 1, pullSeconds: 3, reconcileMinutes: 30 },
    rateLimits: { writesPerMinute, readsPerHour: 100_000 },
    lease: { enabled: withViewer, ttlSeconds: 5 },
  };
  let runtime: HeadlessRuntime | null = null;
  try {
    const practice = openPracticeAdapter({ kind: 'reference', dbPath: pmsPath, timeZone });
    try {
      simulator.control.seed(
        mirrorSeedFromPractice(practice, { from: clinic.from, to: clinic.to }, 'Przychodnia Demo'),
      );
    } finally {
      practice.close();
    }
    log(`demo: Docplanner simulator at ${simulator.baseUrl}`);

    saveConfigFile(configPath, config);
    const secretStore = fileSecretStore(join(dataDir, 'client-secret'), {});
    await secretStore.save(DEFAULT_CLIENT.clientSecret);

    runtime = await createRuntime({
      configPath,
      dataDir,
      secretStore,
      machineName: 'DEMO-DESK',
      demo: { stop: o.onLeave },
    });
    await runtime.start();
    if (withViewer) {
      log('demo: waiting for the sync lease beside the practice database…');
      await waitForLeadership(runtime);
    }
    const view = await runtime.bridge.getMapping(undefined);
    const saved = await runtime.bridge.saveMapping(view.suggestions);
    if (!saved.ok) log(`demo: the suggested mapping was not accepted: ${saved.message}`);
    for (const a of view.suggestions.addresses) {
      const key = `${a.local.doctorId}@${a.local.locationId}`;
      const r = await runtime.bridge.startActivation({ addressKey: key });
      log(`demo: activating ${key}: ${r.message}`);
    }
  } catch (e) {
    await runtime?.stop().catch(() => undefined);
    await simulator.close();
    throw e;
  }
  const running = runtime;
  return {
    simulator,
    runtime: running,
    config,
    pmsPath,
    dataDir,
    async close() {
      await running.stop();
      await simulator.close();
    },
  };
}

/** `npm run demo`: the demo backend plus the UI on the loopback host (and optionally a second PC in viewer mode). */
export async function startDemo(o: DemoOptions): Promise<RunningDemo> {
  const log = o.log ?? ((line: string) => console.error(line));
  const backend = await startDemoBackend({ ...o, log });
  const { runtime, simulator, config, pmsPath, dataDir } = backend;
  const host = await startHeadlessHost({
    bridge: runtime.bridge,
    rendererDir: o.rendererDir,
    port: o.port ?? 0,
    token: o.token,
  });
  const viewer =
    o.viewerPort !== undefined && o.viewerPort !== null
      ? await startViewerPc(config, join(dataDir, 'reception-2'), o.rendererDir, o.viewerPort, o.token)
      : null;
  if (viewer) log(`demo: a second reception PC (viewer mode) at ${viewer.host.url}`);
  return {
    url: host.url,
    viewerUrl: viewer?.host.url ?? null,
    host,
    simulator,
    runtime,
    pmsPath,
    dataDir,
    async close() {
      if (viewer) {
        await viewer.host.close();
        await viewer.runtime.stop();
      }
      await host.close();
      await backend.close();
    },
  };
}

/** A second reception PC on the same practice DB: its own state DB and settings; the lease makes it a viewer. */
async function startViewerPc(
  config: SyncConfigInput,
  dataDir: string,
  rendererDir: string | null,
  port: number,
  token: string | undefined,
): Promise<{ runtime: HeadlessRuntime; host: HeadlessHost }> {
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dataDir, 'sync.json');
  saveConfigFile(configPath, config);
  const secretStore = fileSecretStore(join(dataDir, 'client-secret'), {});
  await secretStore.save(DEFAULT_CLIENT.clientSecret);
  const runtime = await createRuntime({
    configPath,
    dataDir,
    secretStore,
    machineName: 'RECEPTION-2',
    demo: {},
  });
  await runtime.start();
  const host = await startHeadlessHost({ bridge: runtime.bridge, rendererDir, port, token });
  return { runtime, host };
}

async function waitForLeadership(runtime: HeadlessRuntime, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (runtime.lease().role !== 'leader') {
    if (Date.now() > until) throw new Error('the demo desk did not get the sync lease within a minute');
    await new Promise((r) => setTimeout(r, 200));
  }
  await runtime.session()?.settled();
}

/** Writes what an outside test needs to drive the demo (URLs, paths) as JSON. */
export function writeDemoState(path: string, demo: RunningDemo): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify(
      {
        url: demo.url,
        viewerUrl: demo.viewerUrl,
        token: demo.host.token,
        simulatorOrigin: demo.simulator.origin,
        simulatorBaseUrl: demo.simulator.baseUrl,
        pmsPath: demo.pmsPath,
        dataDir: demo.dataDir,
      },
      null,
      2,
    ),
  );
}
