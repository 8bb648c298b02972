// Filters of the conflict list: open / resolved / all, kind, and doctor-at-location.
import { ConflictKindSchema, type AddressStatus, type ConflictKind } from '../../../shared/bridge';
import { useT } from '../../i18n';
import { useApp } from '../../store/store';
import type { ConflictFilter } from '../../store/conflicts-slice';

const NO_ADDRESSES: AddressStatus[] = [];

export function ConflictFilters() {
  const t = useT();
  const filter = useApp((s) => s.conflictFilter);
  const setFilter = useApp((s) => s.setConflictFilter);
  const addresses = useApp((s) => s.status.data?.addresses ?? NO_ADDRESSES);

  return (
    <div className="filters" role="group" aria-label={t('common.filters')}>
      <label>
        {t('conflicts.filter.status')}
        <select
          value={filter.status}
          onChange={(e) => void setFilter({ status: e.target.value as ConflictFilter['status'] })}
          data-testid="conflict-filter-status"
        >
          <option value="open">{t('conflicts.status.open')}</option>
          <option value="resolved">{t('conflicts.status.resolved')}</option>
          <option value="all">{t('conflicts.status.all')}</option>
        </select>
      </label>
      <label>
        {t('conflicts.filter.kind')}
        <select
          value={filter.kind ?? ''}
          onChange={(e) => void setFilter({ kind: (e.target.value || null) as ConflictKind | null })}
          data-testid="conflict-filter-kind"
        >
          <option value="">{t('common.all')}</option>
          {ConflictKindSchema.options.map((kind) => (
            <option key={kind} value={kind}>
              {t(`conflict-kind.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('conflicts.filter.address')}
        <select
          value={filter.addressKey ?? ''}
          onChange={(e) => void setFilter({ addressKey: e.target.value || null })}
          data-testid="conflict-filter-address"
        >
          <option value="">{t('common.all')}</option>
          {addresses.map((a) => (
            <option key={a.key} value={a.key}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
