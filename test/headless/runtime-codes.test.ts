// What the settings screen shows comes with message codes: saving (result and each field error, by path), the
// connection test (its cause by Docplanner error kind), and whether a language was ever chosen (the UI follows
// the OS/browser language until then).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsUpdate } from '../../shared/bridge';
import { saveConfigFile } from '../../electron/headless/config';
import { createRuntime, type HeadlessRuntime } from '../../electron/headless/runtime';
import { defaultSettings } from '../../electron/headless/settings-view';
import { DEFAULT_CLIENT, startSimulator, type RunningSimulator } from '../simulator';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const dirs: string[] = [];
const runtimes: HeadlessRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function runtime(config?: Record<string, unknown>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'runtime-codes-'));
  dirs.push(dataDir);
  const configPath = join(dataDir, 'sync.json');
  if (config) saveConfigFile(configPath, config as never);
  const secretStore = { load: async () => null, save: async () => undefined, description: 'a test store' };
  const r = await createRuntime({ configPath, dataDir, secretStore });
  runtimes.push(r);
  await r.start();
  return { r, dataDir };
}

const update = (over: Partial<SettingsUpdate> = {}): SettingsUpdate => ({
  ...defaultSettings(false),
  docplanner: { locale: 'pl', baseUrl: sim.baseUrl, clientId: DEFAULT_CLIENT.clientId, hasSecret: false },
  ...over,
});

describe('settings answers carry codes', () => {
  it('saving with problems: the result and every field error are coded, path by path', async () => {
    const { r, dataDir } = await runtime();
    const result = await r.bridge.saveSettings(
      update({ practice: { dbPath: join(dataDir, 'nowhere.db'), adapter: 'reference', mappingFile: null } }),
    );
    expect(result).toMatchObject({ ok: false, code: 'settings.need-attention' });
    expect(result.errorCodes).toEqual({
      'practice.dbPath': { code: 'field.no-file', params: {} },
      clientSecret: { code: 'field.secret-required', params: {} },
    });
    expect(Object.keys(result.errors).sort()).toEqual(['clientSecret', 'practice.dbPath']);
  });

  it('saving values the settings file refuses: coded as not valid, field by field', async () => {
    const { r } = await runtime();
    const result = await r.bridge.saveSettings(update({ timeZone: 'Mars/Olympus' }));
    expect(result).toMatchObject({ ok: false, code: 'settings.invalid' });
    expect(result.errorCodes?.['timeZone']).toEqual({ code: 'field.invalid', params: {} });
  });

  it('saving good settings: coded as saved', async () => {
    const { r, dataDir } = await runtime();
    const dbPath = join(dataDir, 'pms.db');
    writeFileSync(dbPath, '');
    const result = await r.bridge.saveSettings({
      ...update({ practice: { dbPath, adapter: 'reference', mappingFile: null } }),
      clientSecret: DEFAULT_CLIENT.clientSecret,
    });
    expect(result).toMatchObject({ ok: true, code: 'settings.saved' });
  });

  it('the connection test names its outcome and cause by code', async () => {
    const { r } = await runtime();
    expect(
      await r.bridge.testConnection(update({ docplanner: { ...update().docplanner, clientId: '' } })),
    ).toEqual({
      ok: false,
      message: 'Enter the client ID and secret first.',
      code: 'connection.need-credentials',
      params: {},
    });
    expect(await r.bridge.testConnection({ ...update(), clientSecret: 'not-the-secret' })).toMatchObject({
      ok: false,
      code: 'connection.failed',
      params: { error: 'auth' },
    });
    expect(
      await r.bridge.testConnection({ ...update(), clientSecret: DEFAULT_CLIENT.clientSecret }),
    ).toMatchObject({
      ok: true,
      code: expect.stringMatching(/^connection\.(ok|no-facilities)$/),
    });
    const offline = { ...update().docplanner, baseUrl: 'http://127.0.0.1:9/api/v3/integration' };
    expect(
      await r.bridge.testConnection({ ...update({ docplanner: offline }), clientSecret: 'x' }),
    ).toMatchObject({ ok: false, code: 'connection.failed', params: { error: 'network' } });
  });

  it('a language is not chosen on a first run, nor in a settings file without one; it is once saved', async () => {
    expect(await (await runtime()).r.bridge.getSettings(undefined)).toMatchObject({
      language: 'en',
      languageChosen: false,
    });
    const base = {
      docplanner: { locale: 'pl', clientId: 'clinic' },
      practice: { kind: 'reference', dbPath: '/nowhere/pms.db' },
    };
    expect(await (await runtime(base)).r.bridge.getSettings(undefined)).toMatchObject({
      languageChosen: false,
    });
    expect(await (await runtime({ ...base, language: 'pl' })).r.bridge.getSettings(undefined)).toMatchObject({
      language: 'pl',
      languageChosen: true,
    });
  });
});
