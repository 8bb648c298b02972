// Search (applied on Enter or the Search button) and the direction / outcome filters of the activity log.
import { useState, type FormEvent } from 'react';
import type { ActivityEntry } from '../../../shared/bridge';
import { useT } from '../../i18n';
import { useApp } from '../../store/store';

const DIRECTIONS: ActivityEntry['direction'][] = ['out', 'in', 'local'];
const OUTCOMES: ActivityEntry['outcome'][] = ['ok', 'failed', 'unknown', 'skipped'];

export function ActivityFilters() {
  const t = useT();
  const filter = useApp((s) => s.activityFilter);
  const setFilter = useApp((s) => s.setActivityFilter);
  const [search, setSearch] = useState(filter.search);

  function submit(event: FormEvent) {
    event.preventDefault();
    void setFilter({ search });
  }

  return (
    <form className="filters" role="search" onSubmit={submit}>
      <label className="search">
        {t('common.search')}
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="activity-search"
        />
      </label>
      <button type="submit" data-testid="activity-search-submit">
        {t('common.search')}
      </button>
      <label>
        {t('activity.direction')}
        <select
          value={filter.direction ?? ''}
          onChange={(e) =>
            void setFilter({ direction: (e.target.value || null) as ActivityEntry['direction'] | null })
          }
          data-testid="activity-filter-direction"
        >
          <option value="">{t('common.all')}</option>
          {DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {t(`direction.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('activity.outcome')}
        <select
          value={filter.outcome ?? ''}
          onChange={(e) =>
            void setFilter({ outcome: (e.target.value || null) as ActivityEntry['outcome'] | null })
          }
          data-testid="activity-filter-outcome"
        >
          <option value="">{t('common.all')}</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
