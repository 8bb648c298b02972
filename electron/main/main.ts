// Entry point of the Electron main process (built to dist/electron/main/main.js): logging and crash handling
// first, the app:// scheme before `ready`, then the application lifecycle around the engine runtime — the desk
// runtime: the clinic's live sync, or on a first run without settings the built-in demo (simulator bundled in).
import { app, dialog } from 'electron';
import { createDeskRuntime } from '../headless/demo/desk-runtime';
import type { RuntimeOptions } from '../headless/runtime';
import { runApp } from './app-lifecycle';
import { installCrashHandlers } from './crash';
import { setupLogging } from './logging';
import { shellPaths } from './paths';
import { registerAppScheme } from './protocol';
import { redactText } from './redact';

const log = setupLogging();
installCrashHandlers(log);
registerAppScheme();

const createRuntime = (options: RuntimeOptions) =>
  createDeskRuntime({ ...options, log: (line) => log.info(line) });

runApp({ createRuntime, log, paths: shellPaths() }).catch((err: unknown) => {
  log.error('Clinic Sync Desk could not start:', err);
  const message = err instanceof Error ? err.message : String(err);
  if (app.isReady()) dialog.showErrorBox('Clinic Sync Desk could not start', redactText(message));
  app.exit(1);
});
