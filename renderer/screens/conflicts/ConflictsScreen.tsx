// Conflicts screen: filters, the outcome of the last resolution, and one card per conflict.
import { useEffect } from 'react';
import { LoadGate } from '../../components/LoadGate';
import { NoticeLine } from '../../components/NoticeLine';
import { useT } from '../../i18n';
import { useApp } from '../../store/store';
import { ConflictCard } from './ConflictCard';
import { ConflictFilters } from './ConflictFilters';

export function ConflictsScreen() {
  const t = useT();
  const conflicts = useApp((s) => s.conflicts);
  const loadConflicts = useApp((s) => s.loadConflicts);
  const notice = useApp((s) => s.resolutionNotice);
  const filterStatus = useApp((s) => s.conflictFilter.status);

  useEffect(() => {
    void loadConflicts();
  }, [loadConflicts]);

  return (
    <section aria-labelledby="conflicts-title" className="screen">
      <h1 id="conflicts-title">{t('conflicts.title')}</h1>
      <ConflictFilters />
      <NoticeLine notice={notice} testId="conflict-notice" />
      <LoadGate load={conflicts} retry={() => void loadConflicts()} testId="conflicts">
        {(list) =>
          list.length === 0 ? (
            <p className="empty" data-testid="conflicts-empty">
              {filterStatus === 'open' ? t('conflicts.none-open') : t('conflicts.none')}
            </p>
          ) : (
            <ul className="card-list" aria-label={t('conflicts.list', { count: list.length })}>
              {list.map((conflict) => (
                <li key={conflict.id}>
                  <ConflictCard conflict={conflict} />
                </li>
              ))}
            </ul>
          )
        }
      </LoadGate>
    </section>
  );
}
