// Status screen: global health, the actions (sync all, pause/resume, full resync), and one row per
// doctor-at-location with its own state, progress and actions.
import { useT } from '../../i18n';
import { LoadGate } from '../../components/LoadGate';
import { NoticeLine } from '../../components/NoticeLine';
import { useApp } from '../../store/store';
import { AddressTable } from './AddressTable';
import { GlobalHealth } from './GlobalHealth';
import { StatusActions } from './StatusActions';

export function StatusScreen() {
  const t = useT();
  const status = useApp((s) => s.status);
  const loadStatus = useApp((s) => s.loadStatus);
  const notice = useApp((s) => s.statusNotice);

  return (
    <section aria-labelledby="status-title" className="screen">
      <h1 id="status-title">{t('status.title')}</h1>
      <LoadGate load={status} retry={() => void loadStatus()} testId="status">
        {(snapshot) => (
          <>
            <GlobalHealth snapshot={snapshot} disconnected={status.error !== null} />
            <StatusActions snapshot={snapshot} />
            <NoticeLine notice={notice} testId="status-notice" />
            <AddressTable snapshot={snapshot} />
          </>
        )}
      </LoadGate>
    </section>
  );
}
