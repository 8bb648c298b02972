// The safeStorage secret store: encrypted blob, owner-only file, and no plain-text backend on Linux.
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./support/fake-electron'));

const { safeStorage } = await import('./support/fake-electron');
const { createSafeStorageSecretStore, BASIC_TEXT_MESSAGE } = await import('../../electron/main/secret-store');

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'secret-store-'));
  file = path.join(dir, 'user-data', 'docplanner-secret.bin');
  safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
  safeStorage.isEncryptionAvailable.mockReturnValue(true);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('safeStorage secret store', () => {
  it('has nothing before a secret is saved', async () => {
    await expect(createSafeStorageSecretStore(file, 'linux').load()).resolves.toBeNull();
  });

  it('round-trips a secret, stored encrypted in an owner-only file', async () => {
    const store = createSafeStorageSecretStore(file, 'linux');
    await store.save('s3cr3t-value');
    await expect(store.load()).resolves.toBe('s3cr3t-value');
    expect(readFileSync(file).toString()).not.toContain('s3cr3t-value');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses the basic_text backend on Linux with a clear message, writing nothing', async () => {
    safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    const store = createSafeStorageSecretStore(file, 'linux');
    await expect(store.save('s3cr3t-value')).rejects.toThrow(BASIC_TEXT_MESSAGE);
    await expect(store.save('s3cr3t-value')).rejects.toMatchObject({ code: 'secret-store-unavailable' });
    expect(existsSync(file)).toBe(false);
    expect(BASIC_TEXT_MESSAGE).toMatch(/keyring/i);
  });

  it('refuses to read a stored secret through the basic_text backend too', async () => {
    await createSafeStorageSecretStore(file, 'linux').save('s3cr3t-value');
    safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    await expect(createSafeStorageSecretStore(file, 'linux').load()).rejects.toThrow(/keyring/);
  });

  it('does not consult the Linux backend on Windows', async () => {
    safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    const store = createSafeStorageSecretStore(file, 'win32');
    await store.save('s3cr3t-value');
    await expect(store.load()).resolves.toBe('s3cr3t-value');
  });

  it('refuses when the OS offers no encryption at all', async () => {
    safeStorage.isEncryptionAvailable.mockReturnValue(false);
    await expect(createSafeStorageSecretStore(file, 'win32').save('x')).rejects.toMatchObject({
      code: 'secret-store-unavailable',
    });
  });
});
