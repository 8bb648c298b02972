// Clinic-wide actions: sync everything now, pause/resume, and full resync (after a confirmation).
import { useState } from 'react';
import type { StatusSnapshot } from '../../../shared/bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useT } from '../../i18n';
import { useApp } from '../../store/store';

export function StatusActions({ snapshot }: { snapshot: StatusSnapshot }) {
  const t = useT();
  const syncNow = useApp((s) => s.syncNow);
  const setPaused = useApp((s) => s.setPaused);
  const fullResync = useApp((s) => s.fullResync);
  const [confirming, setConfirming] = useState(false);

  return (
    <div className="toolbar" role="group" aria-label={t('status.actions')}>
      <button type="button" className="primary" onClick={() => void syncNow()} data-testid="sync-all">
        {t('status.sync-all')}
      </button>
      {snapshot.lease.role !== 'viewer' && (
        // Only the PC that syncs can pause; a viewer's sync-now and full resync are sent to that PC instead.
        <button type="button" onClick={() => void setPaused(!snapshot.paused)} data-testid="pause-toggle">
          {snapshot.paused ? t('status.resume') : t('status.pause')}
        </button>
      )}
      <button type="button" onClick={() => setConfirming(true)} data-testid="full-resync">
        {t('status.full-resync')}
      </button>
      {confirming && (
        <ConfirmDialog
          title={t('status.full-resync-title')}
          confirmLabel={t('status.full-resync-confirm')}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            await fullResync();
            setConfirming(false);
          }}
          testId="full-resync-dialog"
          confirmTestId="full-resync-confirm"
        >
          <p>{t('status.full-resync-explain')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
