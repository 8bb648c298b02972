// The clinic-wide health panel: state (icon + words + colour) and why, last success, what is waiting,
// conflicts, last reconciliation, long-running progress and the last error in plain words.
import type { StatusSnapshot } from '../../../shared/bridge';
import { ProgressBar } from '../../components/ProgressBar';
import { StateBadge } from '../../components/StateBadge';
import { useFormat } from '../../format/format';
import { useT } from '../../i18n';
import { useEngineText } from '../../i18n/engine-text';
import { useApp } from '../../store/store';

interface GlobalHealthProps {
  snapshot: StatusSnapshot;
  /** The last status request failed: the snapshot is old and must not be presented as current. */
  disconnected: boolean;
}

export function GlobalHealth({ snapshot, disconnected }: GlobalHealthProps) {
  const t = useT();
  const f = useFormat();
  const engine = useEngineText();
  const setScreen = useApp((s) => s.setScreen);
  const reconciliation = snapshot.lastReconciliation;

  return (
    <section className="health" aria-labelledby="health-title">
      <h2 id="health-title" className="visually-hidden">
        {t('status.health')}
      </h2>
      <div className="health-head">
        <StateBadge state={disconnected ? 'disconnected' : snapshot.state} large testId="global-state" />
        <p className="health-reason" data-testid="global-reason">
          {disconnected
            ? t('status.disconnected-reason')
            : engine.text({
                text: snapshot.reason,
                code: snapshot.reasonCode,
                params: snapshot.reasonParams,
              })}
        </p>
        {!disconnected && (snapshot.state === 'needs-sign-in' || snapshot.state === 'not-configured') && (
          <button type="button" onClick={() => setScreen('settings')} data-testid="global-open-settings">
            {t('status.open-settings')}
          </button>
        )}
      </div>
      <dl className="facts">
        <div>
          <dt>{t('status.last-success')}</dt>
          <dd data-testid="global-last-success">
            {snapshot.lastSuccessAt === null ? (
              t('status.never')
            ) : (
              <time title={f.dateTime(snapshot.lastSuccessAt)}>
                {f.relative(snapshot.lastSuccessAt, snapshot.at)}
              </time>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('status.pending')}</dt>
          <dd data-testid="global-pending">
            {snapshot.pending === 0
              ? t('status.nothing-pending')
              : t('status.pending-with-eta', {
                  count: snapshot.pending,
                  time: f.duration(snapshot.drainSeconds),
                })}
          </dd>
        </div>
        <div>
          <dt>{t('status.conflicts')}</dt>
          <dd>
            {snapshot.openConflicts === 0 ? (
              t('status.no-conflicts')
            ) : (
              <button type="button" className="link" onClick={() => setScreen('conflicts')}>
                {t('status.open-conflicts', { count: snapshot.openConflicts })}
              </button>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('status.reconciliation')}</dt>
          <dd data-testid="global-reconciliation">
            {reconciliation === null
              ? t('status.not-yet')
              : `${reconciliation.ok ? '✓' : '✕'} ${f.relative(reconciliation.at, snapshot.at)}: ${engine.text(
                  {
                    text: reconciliation.summary,
                    code: reconciliation.summaryCode,
                    params: reconciliation.summaryParams,
                  },
                )}`}
          </dd>
        </div>
      </dl>
      {snapshot.progress && <ProgressBar progress={snapshot.progress} testId="global-progress" />}
      {snapshot.lastError && (
        <p className="problem" data-testid="global-error">
          <span aria-hidden="true">✕ </span>
          {t('status.last-error', { time: f.relative(snapshot.lastError.at, snapshot.at) })}{' '}
          {engine.error(snapshot.lastError)}
        </p>
      )}
    </section>
  );
}
