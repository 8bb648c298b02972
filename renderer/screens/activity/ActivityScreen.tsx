// Activity screen: the audit log of what was sent and received, searchable and filterable, newest first.
// Patient names stay masked unless a row is revealed on request. The list is virtualized.
import { useEffect } from 'react';
import { useFormat } from '../../format/format';
import { useT } from '../../i18n';
import { useErrorText } from '../../i18n/error-text';
import { useApp } from '../../store/store';
import { ActivityFilters } from './ActivityFilters';
import { ActivityList } from './ActivityList';

export function ActivityScreen() {
  const t = useT();
  const f = useFormat();
  const activity = useApp((s) => s.activity);
  const loadActivity = useApp((s) => s.loadActivity);
  const loadOlder = useApp((s) => s.loadOlderActivity);
  const errorText = useErrorText();

  useEffect(() => {
    void loadActivity();
  }, [loadActivity]);

  const hasMore = activity.entries.length < activity.total;

  return (
    <section aria-labelledby="activity-title" className="screen activity-screen">
      <h1 id="activity-title">{t('activity.title')}</h1>
      <ActivityFilters />
      {activity.error && (
        <div className="error-box" role="alert" data-testid="activity-error">
          <span aria-hidden="true">✕ </span>
          {t('common.load-failed')} {errorText(activity.error)}{' '}
          <button type="button" onClick={() => void loadActivity()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {activity.phase === 'loading' && (
        <p className="loading" role="status" data-testid="activity-loading">
          {t('common.loading')}
        </p>
      )}
      {activity.phase === 'ready' && activity.entries.length === 0 && (
        <p className="empty" data-testid="activity-empty">
          {t('activity.empty')}
        </p>
      )}
      {activity.entries.length > 0 && (
        <>
          <p className="muted" data-testid="activity-count">
            {t('activity.showing', {
              shown: f.number(activity.entries.length),
              total: f.number(activity.total),
            })}
          </p>
          <ActivityList
            entries={activity.entries}
            // Automatic paging stops after a failure (no retry loop); the button below retries by hand.
            onNearEnd={hasMore && !activity.error ? loadOlder : undefined}
          />
          {hasMore && (
            <button
              type="button"
              onClick={() => void loadOlder()}
              disabled={activity.loadingOlder}
              data-testid="activity-load-older"
            >
              {activity.loadingOlder ? t('common.loading') : t('activity.load-older')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
