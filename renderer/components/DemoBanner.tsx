// The built-in demo (simulated Docplanner, generated patients) is marked on every screen, so nobody takes it for
// a live clinic, with a way to leave it. Shown whenever the status says mode 'demo'.
import { useT } from '../i18n';
import { useApp } from '../store/store';
import { NoticeLine } from './NoticeLine';

export function DemoBanner() {
  const t = useT();
  const mode = useApp((s) => s.status.data?.mode);
  const busy = useApp((s) => s.demoBusy);
  const notice = useApp((s) => s.demoNotice);
  const leaveDemo = useApp((s) => s.leaveDemo);
  if (mode !== 'demo') return null;
  return (
    <div className="demo-banner" role="note" aria-label={t('demo.banner')} data-testid="demo-banner">
      <strong className="demo-mark">{t('demo.banner')}</strong>
      <span>{t('demo.explain')}</span>
      <button
        type="button"
        onClick={() => void leaveDemo()}
        disabled={busy !== null}
        data-testid="demo-leave"
      >
        {busy === 'leaving' ? t('demo.leaving') : t('demo.leave')}
      </button>
      {notice && <NoticeLine notice={notice} testId="demo-notice" />}
    </div>
  );
}
