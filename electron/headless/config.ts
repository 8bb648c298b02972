// The sync configuration file (JSON): what `npm run sync -- --config <file>` reads and what the Electron app keeps
// as its settings. Validated with zod; every error names the field ("practice.dbPath: …").
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { DOCPLANNER_LOCALES, LANGUAGES, MappingSchema } from '../../shared/bridge';

const IanaTimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone (e.g. Europe/Warsaw)' },
);

export const SyncConfigSchema = z.strictObject({
  docplanner: z.strictObject({
    locale: z.enum(DOCPLANNER_LOCALES).default('pl'),
    /** Explicit API base URL (sandbox, simulator); null = https://www.{locale domain}/api/v3/integration. */
    baseUrl: z.string().url().nullable().default(null),
    clientId: z.string().default(''),
    /**
     * A file holding only the client secret, readable by its owner only. The secret may also come from the
     * DOCPLANNER_CLIENT_SECRET environment variable or, in the desktop app, the OS keychain. Never inline.
     */
    clientSecretFile: z.string().nullable().default(null),
  }),
  practice: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('reference'), dbPath: z.string().min(1) }),
    z.strictObject({ kind: z.literal('mapping'), dbPath: z.string().min(1), mappingFile: z.string().min(1) }),
  ]),
  /** The app's own state DB; default <dataDir>/state.db. */
  stateDbPath: z.string().nullable().default(null),
  timeZone: IanaTimeZone.default('Europe/Warsaw'),
  /** Days ahead kept on Docplanner (Docplanner accepts about 12 weeks). */
  horizonDays: z.number().int().min(1).max(84).default(84),
  intervals: z
    .strictObject({
      detectSeconds: z.number().min(0.2).max(600).default(1),
      pullSeconds: z.number().int().min(1).max(3600).default(15),
      reconcileMinutes: z.number().int().min(5).max(1440).default(60),
    })
    .default({ detectSeconds: 1, pullSeconds: 15, reconcileMinutes: 60 }),
  /** A break added in the Docplanner calendar: block the time in the PMS, or ask a human. */
  breakPolicy: z.enum(['block-pms', 'conflict']).default('block-pms'),
  startOnLogin: z.boolean().default(false),
  /** The UI language; absent until someone chooses one (the UI then follows the OS/browser language). */
  language: z.enum(LANGUAGES).optional(),
  /** Resource mapping for headless setups (imported on start when given). */
  mapping: MappingSchema.nullable().default(null),
  /** Several reception PCs on one practice DB: only the lease holder syncs. */
  lease: z
    .strictObject({
      enabled: z.boolean().default(true),
      ttlSeconds: z.number().int().min(5).max(600).default(30),
    })
    .default({ enabled: true, ttlSeconds: 30 }),
  /**
   * The API client's write/read budget. Docplanner's defaults are 40 writes a minute and 8000 GETs an hour; they
   * raise them on request for large clinics. Never set higher than what Docplanner granted.
   */
  rateLimits: z
    .strictObject({
      writesPerMinute: z.number().int().min(1).max(10_000).default(40),
      readsPerHour: z.number().int().min(1).max(1_000_000).default(8000),
    })
    .default({ writesPerMinute: 40, readsPerHour: 8000 }),
  /** Optional push receiver for a clinic server reachable by Docplanner. */
  push: z
    .strictObject({ port: z.number().int().min(1).max(65535), host: z.string().default('0.0.0.0') })
    .nullable()
    .default(null),
});
export type SyncConfig = z.infer<typeof SyncConfigSchema>;
export type SyncConfigInput = z.input<typeof SyncConfigSchema>;

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Turns zod issues into "field.path: message" pairs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '(root)';
    if (!(path in out)) out[path] = issue.message;
  }
  return out;
}

/** Validates a parsed config object; relative paths are resolved against `baseDir`. */
export function parseConfig(raw: unknown, baseDir: string, source = 'config'): SyncConfig {
  const parsed = SyncConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error);
    const lines = Object.entries(errors).map(([k, v]) => `  ${k}: ${v}`);
    throw new ConfigError(`${source} is not valid:\n${lines.join('\n')}`, errors);
  }
  const c = parsed.data;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  return {
    ...c,
    docplanner: {
      ...c.docplanner,
      clientSecretFile: c.docplanner.clientSecretFile && abs(c.docplanner.clientSecretFile),
    },
    practice:
      c.practice.kind === 'mapping'
        ? { ...c.practice, dbPath: abs(c.practice.dbPath), mappingFile: abs(c.practice.mappingFile) }
        : { ...c.practice, dbPath: abs(c.practice.dbPath) },
    stateDbPath: c.stateDbPath && abs(c.stateDbPath),
  };
}

/** Reads and validates a config file; errors name the file and the field. */
export function loadConfigFile(path: string): SyncConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `Config file not found: ${path}`
        : `Cannot read config file ${path}: ${(e as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(raw, dirname(resolve(path)), `Config file ${path}`);
}

/** Writes a config atomically (temp file + rename) so a crash never leaves half a file. */
export function saveConfigFile(path: string, config: SyncConfigInput): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
