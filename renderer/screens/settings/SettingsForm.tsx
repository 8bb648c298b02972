// The settings form: Docplanner market and credentials (secret write-only, "Test connection"), practice DB
// and adapter, time zone, intervals, start on login, language. Checked locally with the shared schema, then
// saved; the engine's field errors appear next to their fields, in the UI language by their codes.
import { useCallback, useState, type FormEvent } from 'react';
import { LANGUAGES, SettingsUpdateSchema, type Settings, type SettingsUpdate } from '../../../shared/bridge';
import { NoticeLine } from '../../components/NoticeLine';
import { catalogs, catalogFor, useT } from '../../i18n';
import { useEngineText } from '../../i18n/engine-text';
import { useErrorText } from '../../i18n/error-text';
import { useFieldErrors } from '../../i18n/field-errors';
import { useApp } from '../../store/store';
import { Field } from './Field';
import { marketLabel, MARKETS, type Market } from './markets';
import { TimeZoneSelect } from './TimeZoneSelect';

interface Draft {
  settings: Settings;
  baseUrl: string;
  secret: string;
}

/** The update to send: empty base URL = derived from the market; empty secret = keep the stored one. */
function toUpdate(draft: Draft): SettingsUpdate {
  return {
    ...draft.settings,
    docplanner: { ...draft.settings.docplanner, baseUrl: draft.baseUrl.trim() || null },
    practice: {
      ...draft.settings.practice,
      mappingFile: draft.settings.practice.adapter === 'mapping' ? draft.settings.practice.mappingFile : null,
    },
    clientSecret: draft.secret || undefined,
  };
}

/** An emptied number field holds NaN; show it as empty (and let validation flag it). */
const numberValue = (n: number): number | string => (Number.isNaN(n) ? '' : n);

export function SettingsForm({ settings }: { settings: Settings }) {
  const t = useT();
  const language = useApp((s) => s.language);
  const serverErrors = useFieldErrors(
    useApp((s) => s.settingsErrors),
    useApp((s) => s.settingsErrorCodes),
  );
  const notice = useApp((s) => s.settingsNotice);
  const saving = useApp((s) => s.settingsSaving);
  const connection = useApp((s) => s.connectionTest);
  const saveSettings = useApp((s) => s.saveSettings);
  const testConnection = useApp((s) => s.testConnection);
  const errorText = useErrorText();
  const engine = useEngineText();
  const [draft, setDraft] = useState<Draft>({
    settings,
    baseUrl: settings.docplanner.baseUrl ?? '',
    secret: '',
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...serverErrors, ...localErrors };
  const s = draft.settings;
  const locale = catalogFor(language).locale;

  const setTimeZone = useCallback(
    (timeZone: string) => setDraft((d) => ({ ...d, settings: { ...d.settings, timeZone } })),
    [],
  );
  const update = (change: (s: Settings) => Settings) =>
    setDraft((d) => ({ ...d, settings: change(d.settings) }));
  const docplanner = (change: Partial<Settings['docplanner']>) =>
    update((x) => ({ ...x, docplanner: { ...x.docplanner, ...change } }));
  const practice = (change: Partial<Settings['practice']>) =>
    update((x) => ({ ...x, practice: { ...x.practice, ...change } }));
  const intervals = (change: Partial<Settings['intervals']>) =>
    update((x) => ({ ...x, intervals: { ...x.intervals, ...change } }));

  /** Local check with the shared schema; returns the update when valid. */
  function checked(): SettingsUpdate | null {
    const update = toUpdate(draft);
    const result = SettingsUpdateSchema.safeParse(update);
    if (result.success) {
      setLocalErrors({});
      return result.data;
    }
    setLocalErrors(
      Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), t('settings.invalid')])),
    );
    return null;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const update = checked();
    if (update) void saveSettings(update);
  }

  function runTest() {
    const update = checked();
    if (update) void testConnection(update);
  }

  return (
    <form className="settings-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('settings.docplanner')}</legend>
        <Field label={t('settings.market')} error={errors['docplanner.locale']} testId="settings-locale">
          <select
            value={s.docplanner.locale}
            onChange={(e) => docplanner({ locale: e.target.value as Market })}
          >
            {MARKETS.map((m) => (
              <option key={m} value={m}>
                {marketLabel(m, locale)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('settings.client-id')}
          error={errors['docplanner.clientId']}
          testId="settings-client-id"
        >
          <input
            value={s.docplanner.clientId}
            onChange={(e) => docplanner({ clientId: e.target.value })}
            autoComplete="off"
          />
        </Field>
        <Field
          label={t('settings.client-secret')}
          hint={s.docplanner.hasSecret ? t('settings.secret-stored') : t('settings.secret-missing')}
          error={errors['clientSecret'] ?? errors['docplanner.hasSecret']}
          testId="settings-client-secret"
        >
          <input
            type="password"
            value={draft.secret}
            onChange={(e) => setDraft((d) => ({ ...d, secret: e.target.value }))}
            placeholder={s.docplanner.hasSecret ? t('settings.stored') : ''}
            autoComplete="new-password"
          />
        </Field>
        <details>
          <summary>{t('settings.advanced')}</summary>
          <Field
            label={t('settings.base-url')}
            hint={t('settings.base-url-hint')}
            error={errors['docplanner.baseUrl']}
            testId="settings-base-url"
          >
            <input
              type="url"
              value={draft.baseUrl}
              onChange={(e) => setDraft((d) => ({ ...d, baseUrl: e.target.value }))}
            />
          </Field>
        </details>
        <div className="toolbar">
          <button
            type="button"
            onClick={runTest}
            disabled={connection.phase === 'loading'}
            data-testid="settings-test-connection"
          >
            {connection.phase === 'loading' ? t('settings.testing') : t('settings.test-connection')}
          </button>
          <p role="status" data-testid="settings-test-result" className="notice">
            {connection.phase === 'ready' && connection.data && (
              <span className={connection.data.ok ? 'tone-ok' : 'tone-bad'}>
                <span aria-hidden="true">{connection.data.ok ? '✓ ' : '✕ '}</span>
                {engine.text({
                  text: connection.data.message,
                  code: connection.data.code,
                  params: connection.data.params,
                })}
              </span>
            )}
            {connection.phase === 'error' && connection.error && (
              <span className="tone-bad">
                <span aria-hidden="true">✕ </span>
                {errorText(connection.error)}
              </span>
            )}
          </p>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('settings.practice')}</legend>
        <Field
          label={t('settings.db-path')}
          hint={t('settings.db-path-hint')}
          error={errors['practice.dbPath']}
          testId="settings-db-path"
        >
          <input value={s.practice.dbPath} onChange={(e) => practice({ dbPath: e.target.value })} />
        </Field>
        <Field label={t('settings.adapter')} error={errors['practice.adapter']} testId="settings-adapter">
          <select
            value={s.practice.adapter}
            onChange={(e) => practice({ adapter: e.target.value as Settings['practice']['adapter'] })}
          >
            <option value="reference">{t('settings.adapter.reference')}</option>
            <option value="mapping">{t('settings.adapter.mapping')}</option>
          </select>
        </Field>
        {s.practice.adapter === 'mapping' && (
          <Field
            label={t('settings.mapping-file')}
            error={errors['practice.mappingFile']}
            testId="settings-mapping-file"
          >
            <input
              value={s.practice.mappingFile ?? ''}
              onChange={(e) => practice({ mappingFile: e.target.value || null })}
            />
          </Field>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('settings.sync')}</legend>
        <Field label={t('settings.time-zone')} error={errors['timeZone']} testId="settings-time-zone">
          <TimeZoneSelect value={s.timeZone} onChange={setTimeZone} />
        </Field>
        <Field label={t('settings.horizon')} error={errors['horizonDays']} testId="settings-horizon">
          <input
            type="number"
            min={1}
            max={84}
            value={numberValue(s.horizonDays)}
            onChange={(e) => update((x) => ({ ...x, horizonDays: e.target.valueAsNumber }))}
          />
        </Field>
        <Field
          label={t('settings.pull-seconds')}
          error={errors['intervals.pullSeconds']}
          testId="settings-pull-seconds"
        >
          <input
            type="number"
            min={1}
            max={3600}
            value={numberValue(s.intervals.pullSeconds)}
            onChange={(e) => intervals({ pullSeconds: e.target.valueAsNumber })}
          />
        </Field>
        <Field
          label={t('settings.reconcile-minutes')}
          error={errors['intervals.reconcileMinutes']}
          testId="settings-reconcile-minutes"
        >
          <input
            type="number"
            min={5}
            max={1440}
            value={numberValue(s.intervals.reconcileMinutes)}
            onChange={(e) => intervals({ reconcileMinutes: e.target.valueAsNumber })}
          />
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('settings.this-pc')}</legend>
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={s.startOnLogin}
              onChange={(e) => update((x) => ({ ...x, startOnLogin: e.target.checked }))}
              data-testid="settings-start-on-login"
            />
            {t('settings.start-on-login')}
          </label>
        </div>
        <Field label={t('settings.language')} error={errors['language']} testId="settings-language">
          <select
            value={s.language}
            onChange={(e) => update((x) => ({ ...x, language: e.target.value as Settings['language'] }))}
          >
            {Object.values(catalogs)
              .filter((c) => (LANGUAGES as readonly string[]).includes(c.language))
              .map((c) => (
                <option key={c.language} value={c.language}>
                  {c.name}
                </option>
              ))}
          </select>
        </Field>
      </fieldset>

      <div className="toolbar">
        <button type="submit" className="primary" disabled={saving} data-testid="settings-save">
          {saving ? t('common.working') : t('settings.save')}
        </button>
        <NoticeLine notice={notice} testId="settings-message" />
      </div>
    </form>
  );
}
