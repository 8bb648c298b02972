// The Docplanner client secret, encrypted with Electron safeStorage (DPAPI on Windows, Keychain on macOS,
// libsecret/KWallet on Linux) and kept as a blob in the user-data folder, readable only by its owner.
// On Linux the 'basic_text' backend (a hard-coded key, i.e. plain text in effect) is refused.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../headless/runtime';

export const SECRET_FILE_NAME = 'docplanner-secret.bin';

export class SecretStoreUnavailableError extends Error {
  readonly code = 'secret-store-unavailable';
}

export const BASIC_TEXT_MESSAGE =
  'No system keyring is available (GNOME Keyring, KWallet or another Secret Service), so the Docplanner ' +
  'secret cannot be stored safely. Clinic Sync Desk will not keep it in plain text. Install and unlock a ' +
  'keyring for this user (for example the gnome-keyring package), then restart the application.';

function ensureUsable(platform: NodeJS.Platform): void {
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new SecretStoreUnavailableError(BASIC_TEXT_MESSAGE);
  }
  if (!safeStorage.isEncryptionAvailable()) {
    throw new SecretStoreUnavailableError(
      'The operating system offers no way to encrypt the Docplanner secret for this user.',
    );
  }
}

export function createSafeStorageSecretStore(
  filePath: string,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  return {
    description: 'the operating system keychain (Electron safeStorage)',
    async load() {
      let blob: Buffer;
      try {
        blob = await fs.readFile(filePath);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      ensureUsable(platform);
      return safeStorage.decryptString(blob);
    },
    async save(secret) {
      ensureUsable(platform);
      const blob = safeStorage.encryptString(secret);
      await fs.mkdir(path.dirname(filePath), { recursive: true });
      const temp = `${filePath}.${process.pid}.tmp`;
      await fs.writeFile(temp, blob, { mode: 0o600 });
      await fs.chmod(temp, 0o600);
      await fs.rename(temp, filePath);
    },
  };
}
