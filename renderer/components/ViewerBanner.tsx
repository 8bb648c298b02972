// Viewer mode (another PC holds the sync lease): says clearly which PC syncs and that requests go to it.
import { useT } from '../i18n';
import { useApp } from '../store/store';

export function ViewerBanner() {
  const t = useT();
  const lease = useApp((s) => s.status.data?.lease);
  if (!lease || lease.role !== 'viewer') return null;
  return (
    <div className="viewer-banner" role="note" data-testid="viewer-banner">
      <span aria-hidden="true">⇄ </span>
      <strong>{lease.holder ? t('viewer.syncing-on', { pc: lease.holder }) : t('viewer.nobody')}</strong>{' '}
      {t('viewer.explain')}
    </div>
  );
}
