// Translates between the config file (config.ts) and the Settings the UI edits (shared/bridge.ts).
// The client secret never crosses: the UI only learns whether one is stored.
import type { Settings, SettingsUpdate } from '../../shared/bridge';
import type { SyncConfig, SyncConfigInput } from './config';

/** Settings shown before anything was configured. */
export function defaultSettings(hasSecret: boolean): Settings {
  return {
    docplanner: { locale: 'pl', baseUrl: null, clientId: '', hasSecret },
    practice: { dbPath: '', adapter: 'reference', mappingFile: null },
    timeZone: 'Europe/Warsaw',
    horizonDays: 84,
    intervals: { pullSeconds: 15, reconcileMinutes: 60 },
    startOnLogin: false,
    language: 'en',
    languageChosen: false,
  };
}

export function settingsOf(config: SyncConfig, hasSecret: boolean): Settings {
  return {
    docplanner: {
      locale: config.docplanner.locale,
      baseUrl: config.docplanner.baseUrl,
      clientId: config.docplanner.clientId,
      hasSecret,
    },
    practice: {
      dbPath: config.practice.dbPath,
      adapter: config.practice.kind,
      mappingFile: config.practice.kind === 'mapping' ? config.practice.mappingFile : null,
    },
    timeZone: config.timeZone,
    horizonDays: config.horizonDays,
    intervals: {
      pullSeconds: config.intervals.pullSeconds,
      reconcileMinutes: config.intervals.reconcileMinutes,
    },
    startOnLogin: config.startOnLogin,
    // A settings file without a language: nobody chose one yet (the UI picks the OS/browser language).
    language: config.language ?? 'en',
    languageChosen: config.language !== undefined,
  };
}

/** The config file content after applying the UI's settings; keeps what the UI does not edit. */
export function configWithSettings(previous: SyncConfig | null, s: SettingsUpdate): SyncConfigInput {
  const practice =
    s.practice.adapter === 'mapping'
      ? { kind: 'mapping' as const, dbPath: s.practice.dbPath, mappingFile: s.practice.mappingFile ?? '' }
      : { kind: 'reference' as const, dbPath: s.practice.dbPath };
  return {
    ...(previous ?? {}),
    docplanner: {
      locale: s.docplanner.locale,
      baseUrl: s.docplanner.baseUrl,
      clientId: s.docplanner.clientId,
      clientSecretFile: previous?.docplanner.clientSecretFile ?? null,
    },
    practice,
    timeZone: s.timeZone,
    horizonDays: s.horizonDays,
    intervals: {
      detectSeconds: previous?.intervals.detectSeconds ?? 1,
      pullSeconds: s.intervals.pullSeconds,
      reconcileMinutes: s.intervals.reconcileMinutes,
    },
    startOnLogin: s.startOnLogin,
    language: s.language,
  };
}
