// The runtime says which mode the window shows: 'unconfigured' before any settings (the desktop app then offers the
// demo), 'live' once configured, 'demo' for the built-in demo; startDemo/stopDemo answer honestly in each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusSnapshotSchema } from '../../shared/bridge';
import { saveConfigFile } from '../../electron/headless/config';
import { createRuntime, type HeadlessRuntime, type RuntimeOptions } from '../../electron/headless/runtime';

const dirs: string[] = [];
const runtimes: HeadlessRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function runtime(over: Partial<RuntimeOptions> = {}, configured = false) {
  const dataDir = mkdtempSync(join(tmpdir(), 'runtime-mode-'));
  dirs.push(dataDir);
  const configPath = join(dataDir, 'sync.json');
  if (configured) {
    saveConfigFile(configPath, {
      docplanner: { locale: 'pl', clientId: 'clinic-client' },
      practice: { kind: 'reference', dbPath: join(dataDir, 'pms.db') },
      timeZone: 'Europe/Warsaw',
    });
  }
  const secretStore = { load: async () => null, save: async () => undefined, description: 'a test store' };
  const r = await createRuntime({ configPath, dataDir, secretStore, ...over });
  runtimes.push(r);
  await r.start();
  return r;
}

describe('runtime mode', () => {
  it('is unconfigured on a first run, with a coded reason, and offers no demo of its own', async () => {
    const r = await runtime();
    const s = StatusSnapshotSchema.parse(await r.bridge.getStatus(undefined));
    expect(s).toMatchObject({
      mode: 'unconfigured',
      state: 'not-configured',
      reasonCode: 'status.open-settings',
    });
    expect(await r.bridge.startDemo(undefined)).toMatchObject({ ok: false, code: 'demo.not-available' });
    expect(await r.bridge.stopDemo(undefined)).toMatchObject({ ok: false, code: 'demo.not-running' });
  });

  it('is live once configured (here: no secret stored yet)', async () => {
    const r = await runtime({}, true);
    expect(await r.bridge.getStatus(undefined)).toMatchObject({
      mode: 'live',
      state: 'needs-sign-in',
      reasonCode: 'status.no-secret',
    });
  });

  it('is demo for the built-in demo; leaving it is the demo’s own, or done in its terminal', async () => {
    const headless = await runtime({ demo: {} });
    expect(await headless.bridge.getStatus(undefined)).toMatchObject({ mode: 'demo' });
    expect(await headless.bridge.startDemo(undefined)).toMatchObject({ ok: true, code: 'demo.running' });
    expect(await headless.bridge.stopDemo(undefined)).toMatchObject({
      ok: false,
      code: 'demo.stop-in-terminal',
    });
    const left: string[] = [];
    const desk = await runtime({
      demo: {
        stop: async () => {
          left.push('left');
          return { ok: true, message: 'Left.', code: 'demo.stopped' };
        },
      },
    });
    expect(await desk.bridge.stopDemo(undefined)).toMatchObject({ ok: true, code: 'demo.stopped' });
    expect(left).toEqual(['left']);
  });
});
