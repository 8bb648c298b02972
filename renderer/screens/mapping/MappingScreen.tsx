// Mapping screen: the clinic's doctors-at-locations, services and insurances beside Docplanner's, with
// suggestions, search, unmapped marks, "create on Docplanner" and a validated save.
import { useEffect, useState } from 'react';
import type { Mapping, MappingView } from '../../../shared/bridge';
import { LoadGate } from '../../components/LoadGate';
import { NoticeLine } from '../../components/NoticeLine';
import { useT } from '../../i18n';
import { useEngineText } from '../../i18n/engine-text';
import { useApp, useAppStore } from '../../store/store';
import { AddressSection } from './AddressSection';
import { generalErrors, pendingSuggestions } from './choices';
import { InsuranceSection } from './InsuranceSection';
import { ServiceSection } from './ServiceSection';
import { useMappingErrors } from './use-mapping-errors';

export function MappingScreen() {
  const t = useT();
  const mapping = useApp((s) => s.mapping);
  const draft = useApp((s) => s.mappingDraft);
  const loadMapping = useApp((s) => s.loadMapping);
  const store = useAppStore();

  useEffect(() => {
    // Unsaved edits survive a visit to another screen; otherwise show what is current.
    if (!store.getState().mappingDirty) void store.getState().loadMapping();
  }, [store]);

  return (
    <section aria-labelledby="mapping-title" className="screen">
      <h1 id="mapping-title">{t('mapping.title')}</h1>
      <LoadGate load={mapping} retry={() => void loadMapping()} testId="mapping">
        {(view) => (draft ? <MappingEditor view={view} draft={draft} /> : null)}
      </LoadGate>
    </section>
  );
}

function MappingEditor({ view, draft }: { view: MappingView; draft: Mapping }) {
  const t = useT();
  const engine = useEngineText();
  const [search, setSearch] = useState('');
  const errors = useMappingErrors();
  const notice = useApp((s) => s.mappingNotice);
  const saving = useApp((s) => s.mappingSaving);
  const saveMapping = useApp((s) => s.saveMapping);
  const acceptAll = useApp((s) => s.acceptAllSuggestions);
  const dirty = useApp((s) => s.mappingDirty);
  const loadMapping = useApp((s) => s.loadMapping);
  const suggestionCount = pendingSuggestions(draft, view.suggestions);
  const unrelated = generalErrors(errors);

  return (
    <>
      {view.remote.error !== null && (
        <div className="error-box" role="alert" data-testid="mapping-remote-error">
          <span aria-hidden="true">⚠ </span>
          {t('mapping.remote-error')}{' '}
          {engine.error({ code: view.remote.errorCode ?? '', message: view.remote.error })}
        </div>
      )}
      <div className="toolbar">
        <label className="search">
          {t('common.search')}
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="mapping-search"
          />
        </label>
        <button
          type="button"
          onClick={acceptAll}
          disabled={suggestionCount === 0}
          data-testid="mapping-accept-all"
        >
          {suggestionCount === 0
            ? t('mapping.no-suggestions')
            : t('mapping.accept-all', { count: suggestionCount })}
        </button>
        {dirty && (
          <>
            <span className="muted" data-testid="mapping-unsaved">
              {t('mapping.unsaved')}
            </span>
            <button type="button" onClick={() => void loadMapping()} data-testid="mapping-discard">
              {t('mapping.discard')}
            </button>
          </>
        )}
        <button
          type="button"
          className="primary"
          onClick={() => void saveMapping()}
          disabled={saving}
          data-testid="mapping-save"
        >
          {saving ? t('common.working') : t('mapping.save')}
        </button>
      </div>
      <NoticeLine notice={notice} testId="mapping-message" />
      {unrelated.length > 0 && (
        <ul className="problem" data-testid="mapping-errors">
          {unrelated.map(([path, message]) => (
            <li key={path}>{message}</li>
          ))}
        </ul>
      )}
      <AddressSection view={view} draft={draft} search={search} />
      <ServiceSection view={view} draft={draft} search={search} />
      <InsuranceSection view={view} draft={draft} search={search} />
    </>
  );
}
