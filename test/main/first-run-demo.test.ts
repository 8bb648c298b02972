// The desktop app's first run (electron mocked, the real desk runtime behind the real IPC handlers): with no
// Docplanner settings the status says 'unconfigured'; startDemo starts the bundled simulator and a generated
// clinic in the user-data folder and runs the real engine against them (mode 'demo'); stopDemo removes it all;
// a configured PC refuses the demo; the new methods get the same sender and payload checks as every other.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeChannel, type BridgeMethod, type StatusSnapshot } from '../../shared/bridge';
import type { IpcEnvelope } from '../../electron/preload/ipc-envelope';
import type { RuntimeOptions } from '../../electron/headless/runtime';
import { APP_PATHS, spyLog } from './support/app-options';

vi.mock('electron', () => import('./support/fake-electron'));

const { app, BrowserWindow, ipcMain } = await import('./support/fake-electron');
const { runApp } = await import('../../electron/main/app-lifecycle');
const { createDeskRuntime, DEMO_FOLDER } = await import('../../electron/headless/demo/desk-runtime');
const { saveConfigFile } = await import('../../electron/headless/config');

const log = spyLog();
const paths = APP_PATHS;
const APP_PAGE = { senderFrame: { url: 'app://renderer/index.html' } };

let userData: string;
let desk: Awaited<ReturnType<typeof createDeskRuntime>> | null;

const call = async (method: BridgeMethod, payload?: unknown, event: unknown = APP_PAGE) =>
  (await ipcMain.handlers.get(bridgeChannel(method))!(event, payload)) as IpcEnvelope;

const status = async (): Promise<StatusSnapshot> => {
  const reply = await call('getStatus');
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.output as StatusSnapshot;
};

async function startApp() {
  const shell = await runApp({
    createRuntime: async (o: RuntimeOptions) => {
      desk = await createDeskRuntime({ ...o, demoClinic: { doctors: 1, horizonDays: 3 } });
      return desk;
    },
    log,
    paths,
    argv: [],
  });
  return shell!;
}

beforeEach(() => {
  app.removeAllListeners();
  app.requestSingleInstanceLock.mockReturnValue(true);
  BrowserWindow.instances.length = 0;
  ipcMain.handlers.clear();
  userData = mkdtempSync(path.join(tmpdir(), 'first-run-'));
  app.getPath.mockReturnValue(userData);
  vi.stubEnv('XDG_CONFIG_HOME', userData);
  desk = null;
});

afterEach(async () => {
  await desk?.stop();
  vi.unstubAllEnvs();
  rmSync(userData, { recursive: true, force: true });
});

describe('first run without credentials', () => {
  it('reports unconfigured and opens the window for the first-run choice', async () => {
    await startApp();
    const s = await status();
    expect(s).toMatchObject({
      mode: 'unconfigured',
      state: 'not-configured',
      reasonCode: 'status.open-settings',
    });
    expect(BrowserWindow.instances[0]!.visible).toBe(true); // shown even before ready-to-show: it needs a choice
  });

  it('startDemo brings the real engine up against the bundled simulator and a generated clinic', async () => {
    await startApp();
    const events: StatusSnapshot[] = [];
    desk!.bridge.onEvent((e) => {
      if (e.type === 'status') events.push(e.status);
    });
    const started = await call('startDemo');
    expect(started).toEqual({
      ok: true,
      output: expect.objectContaining({ ok: true, code: 'demo.started' }),
    });
    const backend = desk!.demo()!;
    expect(backend.dataDir).toBe(path.join(userData, DEMO_FOLDER));
    expect(existsSync(backend.pmsPath)).toBe(true);

    // The engine maps and activates the sample clinic and sends its calendars to the simulator.
    await vi.waitFor(
      async () => {
        const s = await status();
        expect(s.mode).toBe('demo');
        expect(s.addresses.length).toBeGreaterThan(0);
        expect(s.addresses.every((a) => a.activated)).toBe(true);
        expect(s.state).toBe('in-sync');
      },
      { timeout: 25_000, interval: 250 },
    );
    // Every status the window is sent says DEMO, so the banner never drops while the engine works.
    expect(events.length).toBeGreaterThan(1);
    expect(events.map((e) => e.mode)).toEqual(events.map(() => 'demo'));
    const writes = backend.simulator.control.callLog().filter((c) => c.operation === 'replaceSlots');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((w) => w.status >= 200 && w.status < 300)).toBe(true);
    const mapping = await call('getMapping');
    expect(
      mapping.ok && (mapping.output as { mapping: { addresses: unknown[] } }).mapping.addresses.length,
    ).toBe(2);

    // Leaving the demo stops it, deletes its folder and goes back to the first-run choice.
    const stopped = await call('stopDemo');
    expect(stopped).toEqual({
      ok: true,
      output: expect.objectContaining({ ok: true, code: 'demo.stopped' }),
    });
    expect(desk!.demo()).toBeNull();
    expect(existsSync(path.join(userData, DEMO_FOLDER))).toBe(false);
    expect(await status()).toMatchObject({ mode: 'unconfigured' });
  }, 40_000);

  it('a configured PC refuses the demo and stays live', async () => {
    saveConfigFile(path.join(userData, 'config.json'), {
      docplanner: { locale: 'pl', clientId: 'clinic-client' },
      practice: { kind: 'reference', dbPath: path.join(userData, 'missing.db') },
      timeZone: 'Europe/Warsaw',
    });
    await startApp();
    expect((await status()).mode).toBe('live');
    const reply = await call('startDemo');
    expect(reply).toEqual({
      ok: true,
      output: expect.objectContaining({ ok: false, code: 'demo.not-available' }),
    });
    expect(desk!.demo()).toBeNull();
    expect(existsSync(path.join(userData, DEMO_FOLDER))).toBe(false);
  });

  it('checks the sender and the payload of startDemo and stopDemo like every other method', async () => {
    await startApp();
    for (const method of ['startDemo', 'stopDemo'] as const) {
      const foreign = await call(method, undefined, { senderFrame: { url: 'https://evil.example/' } });
      expect(foreign).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      const malformed = await call(method, { dataDir: '/etc' });
      expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(desk!.demo()).toBeNull();
    expect(existsSync(path.join(userData, DEMO_FOLDER))).toBe(false);
  });
});
