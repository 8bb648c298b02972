// Where the headless engine finds the Docplanner client secret: the DOCPLANNER_CLIENT_SECRET environment
// variable first, then a file readable only by its owner. A file that others can read is refused, not used.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStore } from './runtime';

export const SECRET_ENV_VAR = 'DOCPLANNER_CLIENT_SECRET';

export class SecretFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretFileError';
  }
}

export function fileSecretStore(path: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  return {
    description: `the ${SECRET_ENV_VAR} environment variable or the owner-only file ${path}`,
    async load() {
      const fromEnv = env[SECRET_ENV_VAR]?.trim();
      if (fromEnv) return fromEnv;
      if (!existsSync(path)) return null;
      if (process.platform !== 'win32') {
        const mode = statSync(path).mode & 0o777;
        if (mode & 0o077) {
          throw new SecretFileError(
            `The secret file ${path} can be read by other users (mode ${mode.toString(8)}). ` +
              `Run: chmod 600 ${path}`,
          );
        }
      }
      const secret = readFileSync(path, 'utf8').trim();
      return secret || null;
    },
    async save(secret: string) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, secret + '\n', { mode: 0o600 });
      if (process.platform !== 'win32') chmodSync(path, 0o600);
    },
  };
}
