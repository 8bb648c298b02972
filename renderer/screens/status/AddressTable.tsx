// One row per doctor-at-location: state, last successful sync, what is pending, next retry, the last problem
// in plain words, progress, and "Sync now" (activated) or "Activate…" (not yet).
import { useState } from 'react';
import type { AddressStatus, StatusSnapshot } from '../../../shared/bridge';
import { ProgressBar } from '../../components/ProgressBar';
import { StateBadge } from '../../components/StateBadge';
import { useFormat } from '../../format/format';
import { useT } from '../../i18n';
import { useEngineText } from '../../i18n/engine-text';
import { useApp } from '../../store/store';
import { ActivationDialog } from './ActivationDialog';

export function AddressTable({ snapshot }: { snapshot: StatusSnapshot }) {
  const t = useT();
  const setScreen = useApp((s) => s.setScreen);
  const [activating, setActivating] = useState<AddressStatus | null>(null);

  if (snapshot.addresses.length === 0) {
    return (
      <div className="empty" data-testid="addresses-empty">
        <p>{t('status.no-addresses')}</p>
        <button type="button" onClick={() => setScreen('mapping')}>
          {t('status.go-to-mapping')}
        </button>
      </div>
    );
  }

  return (
    <>
      <table className="address-table" data-testid="address-table">
        <caption className="visually-hidden">{t('status.addresses')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('status.col.address')}</th>
            <th scope="col">{t('status.col.state')}</th>
            <th scope="col">{t('status.col.last-success')}</th>
            <th scope="col">{t('status.col.pending')}</th>
            <th scope="col">{t('status.col.problem')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('status.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {snapshot.addresses.map((address) => (
            <AddressRow key={address.key} address={address} now={snapshot.at} onActivate={setActivating} />
          ))}
        </tbody>
      </table>
      {activating && <ActivationDialog address={activating} onClose={() => setActivating(null)} />}
    </>
  );
}

interface AddressRowProps {
  address: AddressStatus;
  now: number;
  onActivate: (address: AddressStatus) => void;
}

function AddressRow({ address, now, onActivate }: AddressRowProps) {
  const t = useT();
  const f = useFormat();
  const engine = useEngineText();
  const syncNow = useApp((s) => s.syncNow);

  return (
    <tr data-testid={`address-row-${address.key}`} data-state={address.state}>
      <th scope="row">
        {address.label}
        {!address.activated && <span className="tag">{t('status.not-activated')}</span>}
      </th>
      <td>
        <StateBadge state={address.state} />
      </td>
      <td>
        {address.lastSuccessAt === null ? (
          t('status.never')
        ) : (
          <time title={f.dateTime(address.lastSuccessAt)}>{f.relative(address.lastSuccessAt, now)}</time>
        )}
      </td>
      <td>
        {address.pending === 0 ? '—' : f.number(address.pending)}
        {address.nextRetryAt !== null && (
          <div className="muted">
            {t('status.next-retry', { time: f.relative(address.nextRetryAt, now) })}
          </div>
        )}
      </td>
      <td>
        {address.lastError && (
          <span className="problem">
            <span aria-hidden="true">✕ </span>
            {engine.error(address.lastError)}
          </span>
        )}
        {address.openConflicts > 0 && (
          <div className="muted">{t('status.open-conflicts', { count: address.openConflicts })}</div>
        )}
        {address.progress && (
          <ProgressBar progress={address.progress} testId={`address-progress-${address.key}`} />
        )}
      </td>
      <td className="row-actions">
        {address.activated ? (
          <button
            type="button"
            onClick={() => void syncNow(address.key)}
            data-testid={`sync-now-${address.key}`}
            aria-label={t('status.sync-now-for', { name: address.label })}
          >
            {t('status.sync-now')}
          </button>
        ) : (
          <button
            type="button"
            onClick={() => onActivate(address)}
            data-testid={`activate-${address.key}`}
            aria-label={t('status.activate-for', { name: address.label })}
          >
            {t('status.activate')}
          </button>
        )}
      </td>
    </tr>
  );
}
