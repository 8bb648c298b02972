// The desktop app's runtime: the clinic's own (live) runtime, plus the built-in demo that a first run may start.
// While nothing is configured (live mode 'unconfigured') the UI offers the demo; startDemo generates a sample
// clinic and starts the Docplanner simulator in `<dataDir>/demo` and runs the real engine against them
// (demo.ts startDemoBackend). While the demo runs every bridge call goes to it and its status says mode 'demo';
// stopDemo (or quitting) stops it and deletes that folder, and the window is back on the live runtime.
// A configured PC never starts the demo: its live sync is not interrupted for it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionResult, BridgeApi, BridgeEvent, BridgeMethod } from '../../../shared/bridge';
import { actionResult, createRuntime, type Runtime, type RuntimeOptions } from '../runtime';
import { startDemoBackend, type DemoBackend, type DemoBackendOptions } from './demo';

export const DEMO_FOLDER = 'demo';

export interface DeskRuntimeOptions extends Omit<RuntimeOptions, 'demo'> {
  log?: (line: string) => void;
  /** Overrides for tests (size of the sample clinic, write budget …). */
  demoClinic?: Omit<DemoBackendOptions, 'dataDir' | 'log' | 'onLeave'>;
  /** Injected in tests. */
  createLiveRuntime?: (options: RuntimeOptions) => Promise<Runtime>;
  startBackend?: (options: DemoBackendOptions) => Promise<DemoBackend>;
}

export interface DeskRuntime extends Runtime {
  /** The running demo, if any (tests). */
  demo(): DemoBackend | null;
}

export async function createDeskRuntime(options: DeskRuntimeOptions): Promise<DeskRuntime> {
  const { log = () => undefined, demoClinic, createLiveRuntime, startBackend, ...liveOptions } = options;
  const live = await (createLiveRuntime ?? createRuntime)(liveOptions);
  const demoDir = join(options.dataDir, DEMO_FOLDER);
  const listeners = new Set<(e: BridgeEvent) => void>();
  const emit = (e: BridgeEvent) => listeners.forEach((l) => l(e));
  let demo: DemoBackend | null = null;
  /** Starting or stopping the demo, one at a time. */
  let switching: Promise<ActionResult> | null = null;

  const active = (): BridgeApi => demo?.runtime.bridge ?? live.bridge;
  const emitStatus = async () => {
    const status = await active()
      .getStatus(undefined)
      .catch(() => null);
    if (status) emit({ type: 'status', status });
  };
  live.bridge.onEvent((e) => {
    if (!demo) emit(e);
  });

  function serially(f: () => Promise<ActionResult>): Promise<ActionResult> {
    if (switching) return switching;
    switching = f().finally(() => {
      switching = null;
    });
    return switching;
  }

  async function startDemo(): Promise<ActionResult> {
    if (demo) return actionResult(true, 'The demo is running.', 'demo.running');
    const status = await live.bridge.getStatus(undefined);
    if (status.mode !== 'unconfigured') {
      return actionResult(
        false,
        'The demo starts only on a PC that is not set up yet; this one syncs a clinic.',
        'demo.not-available',
      );
    }
    removeDemoFolder();
    log('demo: starting the built-in demo');
    let backend: DemoBackend;
    try {
      backend = await (startBackend ?? startDemoBackend)({
        ...demoClinic,
        dataDir: demoDir,
        log,
        onLeave: stopDemo,
      });
    } catch (e) {
      log(`demo: could not start: ${(e as Error).message}`);
      removeDemoFolder();
      return actionResult(false, 'The demo could not start.', 'demo.failed');
    }
    demo = backend;
    backend.runtime.bridge.onEvent((e) => {
      if (demo === backend) emit(e);
    });
    await emitStatus();
    return actionResult(
      true,
      'The demo is running: a simulated Docplanner and a generated clinic on this PC.',
      'demo.started',
    );
  }

  async function stopDemo(): Promise<ActionResult> {
    const running = demo;
    if (!running) return actionResult(false, 'The demo is not running.', 'demo.not-running');
    demo = null;
    await running.close().catch((e: unknown) => log(`demo: stopping failed: ${(e as Error).message}`));
    removeDemoFolder();
    log('demo: stopped');
    await emitStatus();
    return actionResult(true, 'You left the demo; its simulated data was removed.', 'demo.stopped');
  }

  function removeDemoFolder(): void {
    try {
      rmSync(demoDir, { recursive: true, force: true });
    } catch (e) {
      log(`demo: could not remove ${demoDir}: ${(e as Error).message}`);
    }
  }

  const forward = <M extends Exclude<BridgeMethod, 'startDemo' | 'stopDemo'>>(method: M) =>
    ((input: never) => (active()[method] as (i: never) => Promise<unknown>)(input)) as BridgeApi[M];

  const bridge: BridgeApi = {
    getStatus: forward('getStatus'),
    syncNow: forward('syncNow'),
    fullResync: forward('fullResync'),
    setPaused: forward('setPaused'),
    listConflicts: forward('listConflicts'),
    resolveConflict: forward('resolveConflict'),
    getMapping: forward('getMapping'),
    saveMapping: forward('saveMapping'),
    createAddressService: forward('createAddressService'),
    previewActivation: forward('previewActivation'),
    startActivation: forward('startActivation'),
    listActivity: forward('listActivity'),
    revealActivity: forward('revealActivity'),
    getSettings: forward('getSettings'),
    saveSettings: forward('saveSettings'),
    testConnection: forward('testConnection'),
    startDemo: () => serially(startDemo),
    stopDemo: () => serially(stopDemo),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    bridge,
    start: () => live.start(),
    async stop() {
      await switching?.catch(() => undefined);
      if (demo) await stopDemo();
      await live.stop();
    },
    lease: () => demo?.runtime.lease() ?? live.lease(),
    demo: () => demo,
  };
}
