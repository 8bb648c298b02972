// Composition root shared by the Electron main process and the headless CLI: builds the engine, the Docplanner
// client and the practice adapter from a validated config and exposes them as one BridgeApi.
// (Being completed by the lead in this session; the signature below is the contract.)
import type { BridgeApi } from '../../shared/bridge';

export interface Runtime {
  bridge: BridgeApi;
  /** Opens the state DB, runs catch-up, then starts background sync. */
  start(): Promise<void>;
  /** Finishes the in-flight write, then stops every loop and closes the databases. */
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Path of the config file (zod-validated), or an already parsed config object. */
  config: string | Record<string, unknown>;
  /** Folder for the state DB and logs when the config does not name one (Electron: app.getPath('userData')). */
  dataDir: string;
  /** Docplanner client secret from the OS keychain (Electron safeStorage), overriding config/env. */
  clientSecret?: string;
}

export async function createRuntime(_options: RuntimeOptions): Promise<Runtime> {
  throw new Error('createRuntime: the engine runtime is not wired yet');
}
