import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig, saveConfigFile } from '../../electron/headless/config';
import { SecretFileError, fileSecretStore } from '../../electron/headless/secret-file-store';

const dir = () => mkdtempSync(join(tmpdir(), 'config-'));
const minimal = {
  docplanner: { clientId: 'abc' },
  practice: { kind: 'reference' as const, dbPath: 'clinic.db' },
};

describe('sync config', () => {
  it('fills defaults and resolves relative paths against the config file folder', () => {
    const d = dir();
    const path = join(d, 'sync.json');
    writeFileSync(path, JSON.stringify(minimal));
    const c = loadConfigFile(path);
    expect(c.practice.dbPath).toBe(join(d, 'clinic.db'));
    expect(c.horizonDays).toBe(84);
    expect(c.timeZone).toBe('Europe/Warsaw');
    expect(c.docplanner.locale).toBe('pl');
    expect(c.intervals.pullSeconds).toBe(15);
  });

  it('names every invalid field', () => {
    const bad = {
      docplanner: { clientId: 'abc', locale: 'xx' },
      practice: { kind: 'mapping', dbPath: 'a.db' },
      timeZone: 'Mars/Olympus',
      horizonDays: 200,
    };
    try {
      parseConfig(bad, '/tmp', 'sync.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const fields = Object.keys((e as ConfigError).fieldErrors);
      expect(fields).toEqual(
        expect.arrayContaining(['docplanner.locale', 'practice.mappingFile', 'timeZone', 'horizonDays']),
      );
      expect((e as Error).message).toContain('timeZone: not an IANA time zone');
    }
  });

  it('refuses unknown keys, so a typo is not silently ignored', () => {
    expect(() => parseConfig({ ...minimal, horizonDay: 10 }, '/tmp')).toThrow(/horizonDay|Unrecognized/);
  });

  it('says clearly when the file is missing or not JSON', () => {
    const d = dir();
    expect(() => loadConfigFile(join(d, 'nope.json'))).toThrow(/Config file not found/);
    writeFileSync(join(d, 'broken.json'), '{ "docplanner": ');
    expect(() => loadConfigFile(join(d, 'broken.json'))).toThrow(/not valid JSON/);
  });

  it('saves atomically with owner-only permissions and reads back the same', () => {
    const d = dir();
    const path = join(d, 'nested', 'settings.json');
    saveConfigFile(path, minimal);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(minimal);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o077).toBe(0);
  });
});

describe('headless secret store', () => {
  it('prefers the environment variable', async () => {
    const store = fileSecretStore(join(dir(), 'secret'), { DOCPLANNER_CLIENT_SECRET: ' from-env ' });
    expect(await store.load()).toBe('from-env');
  });

  it('saves to an owner-only file and loads it back', async () => {
    const path = join(dir(), 'secret');
    const store = fileSecretStore(path, {});
    expect(await store.load()).toBeNull();
    await store.save('s3cret');
    expect(await store.load()).toBe('s3cret');
  });

  it.skipIf(process.platform === 'win32')('refuses a secret file that other users can read', async () => {
    const path = join(dir(), 'secret');
    writeFileSync(path, 'leaky');
    chmodSync(path, 0o644);
    await expect(fileSecretStore(path, {}).load()).rejects.toBeInstanceOf(SecretFileError);
    await expect(fileSecretStore(path, {}).load()).rejects.toThrow(/chmod 600/);
  });
});
