// `npm run sync -- --config <file> [--once] [--ui] [--data-dir <dir>] [--max-wait <seconds>]`
//
// Continuous mode: runs the sync until Ctrl-C (catch-up first), optionally with the UI served on loopback (--ui).
// --once: one full cycle (catch-up, drain, reconcile); prints the final status as ONE JSON line on stdout and exits
// 0 when Docplanner and the practice DB agree, 1 with the reasons otherwise, 2 on a configuration problem,
// 3 when another reception PC holds the sync lease.
//
// Headless setup helpers (with --once): --accept-suggested-mapping maps whatever is unmapped by the name
// suggestions (a review-free start for a test clinic), --activate starts the activation feed of every mapped
// address that is not active yet.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LeaseKeeper } from '../engine/lease';
import { systemClock } from '../engine/util/clock';
import { ConfigError, loadConfigFile, type SyncConfig } from './config';
import { assembleEngine } from './engine-assembly';
import { startHeadlessHost } from './host';
import { createRuntime } from './runtime';
import { fileSecretStore } from './secret-file-store';
import { budgetFor, engineConfigOf } from './session';
import type { Locale } from '../engine/docplanner/locales';

const USAGE =
  'Usage: npm run sync -- --config <file> [--once [--accept-suggested-mapping] [--activate]] [--ui]\n' +
  '                      [--data-dir <dir>] [--max-wait <seconds>]';

interface OnceFlags {
  maxWaitMs: number;
  acceptSuggested: boolean;
  activate: boolean;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        config: { type: 'string' },
        once: { type: 'boolean', default: false },
        ui: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        'max-wait': { type: 'string', default: '600' },
        'accept-suggested-mapping': { type: 'boolean', default: false },
        activate: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.config) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  const configPath = resolve(args.config);
  let config: SyncConfig;
  try {
    config = loadConfigFile(configPath);
  } catch (e) {
    console.error(
      e instanceof ConfigError ? e.message : `Cannot load ${configPath}: ${(e as Error).message}`,
    );
    return 2;
  }
  const dataDir = resolve(
    args['data-dir'] ??
      (config.stateDbPath ? dirname(config.stateDbPath) : join(dirname(configPath), '.clinic-sync')),
  );
  const secretStore = fileSecretStore(config.docplanner.clientSecretFile ?? join(dataDir, 'client-secret'));
  return args.once
    ? runOnce(config, dataDir, secretStore, {
        maxWaitMs: Number(args['max-wait']) * 1000,
        acceptSuggested: args['accept-suggested-mapping'],
        activate: args.activate,
      })
    : runContinuously(configPath, dataDir, secretStore, args.ui);
}

async function runOnce(
  config: SyncConfig,
  dataDir: string,
  secrets: ReturnType<typeof fileSecretStore>,
  flags: OnceFlags,
): Promise<number> {
  const secret = await secrets.load().catch((e: Error) => {
    console.error(e.message);
    return null;
  });
  if (!secret) {
    console.error(`No Docplanner client secret: set ${secrets.description}.`);
    return 2;
  }
  if (!existsSync(config.practice.dbPath)) {
    console.error(`Practice database not found: ${config.practice.dbPath}`);
    return 2;
  }
  const keeper = config.lease.enabled
    ? LeaseKeeper.start(config.practice.dbPath, {
        installId: 'cli-once',
        displayName: `${hostname().toUpperCase()} (sync --once)`,
        clock: systemClock,
        ttlMs: config.lease.ttlSeconds * 1000,
        renewEveryMs: Math.floor((config.lease.ttlSeconds * 1000) / 3),
      })
    : null;
  if (keeper && !(await becomeLeader(keeper, (config.lease.ttlSeconds + 10) * 1000))) {
    const holder = keeper.info().holder;
    console.log(
      JSON.stringify({
        agree: false,
        reasons: [`Another PC (${holder ?? 'unknown'}) is syncing this practice database.`],
      }),
    );
    keeper.stop();
    return 3;
  }
  let assembled;
  try {
    assembled = assembleEngine({
      docplanner: {
        baseUrl: config.docplanner.baseUrl,
        locale: config.docplanner.locale as Locale,
        clientId: config.docplanner.clientId,
        clientSecret: secret,
      },
      practice:
        config.practice.kind === 'mapping'
          ? {
              kind: 'mapping',
              dbPath: config.practice.dbPath,
              mappingFile: config.practice.mappingFile,
              timeZone: config.timeZone,
            }
          : { kind: 'reference', dbPath: config.practice.dbPath, timeZone: config.timeZone },
      statePath: config.stateDbPath ?? join(dataDir, 'state.db'),
      clock: systemClock,
      config: engineConfigOf(config),
      isLeader: keeper ? () => keeper.isLeader() : undefined,
      budget: budgetFor(config, systemClock),
    });
  } catch (e) {
    console.error((e as Error).message);
    keeper?.stop({ release: true });
    return 2;
  }
  try {
    const { engine } = assembled;
    if (config.mapping) {
      const r = await engine.importMapping(config.mapping);
      if (!r.ok) return refused('The mapping in the config file was refused', r);
    }
    if (flags.acceptSuggested) {
      const view = await engine.getMappingView();
      if (view.remote.error) {
        console.error(`Docplanner could not be read: ${view.remote.error}`);
        return 1;
      }
      const r = await engine.saveMapping({
        addresses: [...view.mapping.addresses, ...view.suggestions.addresses],
        services: [...view.mapping.services, ...view.suggestions.services],
        insurances: [...view.mapping.insurances, ...view.suggestions.insurances],
      });
      if (!r.ok) return refused('The suggested mapping was refused', r);
    }
    if (flags.activate) {
      for (const a of engine.status().addresses) {
        if (a.docplannerAddressId && !a.activated) {
          const r = await engine.activate(a.key);
          console.error(`activate ${a.key}: ${r.message}`);
        }
      }
    }
    const result = await engine.runOnce({ maxWaitMs: flags.maxWaitMs });
    console.log(JSON.stringify(result));
    return result.agree ? 0 : 1;
  } finally {
    await assembled.close();
    keeper?.stop({ release: true });
  }
}

function refused(what: string, r: { message: string; errors: Record<string, string> }): number {
  console.error(`${what}: ${r.message}`);
  for (const [field, message] of Object.entries(r.errors)) console.error(`  ${field}: ${message}`);
  return 2;
}

async function becomeLeader(keeper: LeaseKeeper, waitMs: number): Promise<boolean> {
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    if (keeper.isLeader()) return true;
    if (keeper.state.role === 'error') return false;
    await new Promise((r) => setTimeout(r, 250));
  }
  return keeper.isLeader();
}

async function runContinuously(
  configPath: string,
  dataDir: string,
  secretStore: ReturnType<typeof fileSecretStore>,
  ui: boolean,
): Promise<number> {
  const runtime = await createRuntime({ configPath, dataDir, secretStore });
  await runtime.start();
  const status = await runtime.bridge.getStatus(undefined);
  console.error(`sync: ${status.state} — ${status.reason}`);
  const host = ui ? await startHeadlessHost({ bridge: runtime.bridge, rendererDir: rendererDir() }) : null;
  if (host) console.log(`UI: ${host.url}`);
  let lastLine = '';
  const unsubscribe = runtime.bridge.onEvent((e) => {
    if (e.type !== 'status') return;
    const line = `sync: ${e.status.state} — ${e.status.reason} (pending ${e.status.pending}, conflicts ${e.status.openConflicts})`;
    if (line !== lastLine) console.error((lastLine = line));
  });
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  console.error('sync: stopping (finishing the write in flight)…');
  unsubscribe();
  await host?.close();
  await runtime.stop();
  return 0;
}

function rendererDir(): string | null {
  const dir = resolve(import.meta.dirname, '../../dist/renderer');
  if (existsSync(join(dir, 'index.html'))) return dir;
  console.error('UI not built: run `npm run build` first (serving the API only).');
  return null;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`sync failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
