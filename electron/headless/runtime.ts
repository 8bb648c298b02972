// Composition root shared by the Electron main process and the headless CLI: builds the engine, the Docplanner
// client and the practice adapter from a validated config and exposes them as one BridgeApi.
// (Being completed by the lead in this session; the signatures below are the contract.)
import type { BridgeApi, LeaseInfo } from '../../shared/bridge';

/** Where the Docplanner client secret lives: Electron safeStorage, or (headless) env var / owner-only file. */
export interface SecretStore {
  load(): Promise<string | null>;
  save(secret: string): Promise<void>;
  /** Human description for errors, e.g. "the OS keychain". */
  readonly description: string;
}

export interface Runtime {
  bridge: BridgeApi;
  /** Opens the state DB, runs catch-up, then starts background sync. */
  start(): Promise<void>;
  /** Finishes the in-flight write, then stops every loop and closes the databases. */
  stop(): Promise<void>;
  /** Lease role of this PC (standalone when no lease is configured). */
  lease(): LeaseInfo;
}

export interface RuntimeOptions {
  /** Path of the settings/config file (JSON, zod-validated). Created with defaults when missing. */
  configPath: string;
  /** Folder for the state DB and logs when the config does not name one (Electron: app.getPath('userData')). */
  dataDir: string;
  secretStore: SecretStore;
  /** This PC's display name for the multi-PC lease (os.hostname() by default). */
  machineName?: string;
}

export async function createRuntime(_options: RuntimeOptions): Promise<Runtime> {
  throw new Error('createRuntime: the engine runtime is not wired yet');
}
