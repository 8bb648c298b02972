// First run (nothing configured on this PC): the choice between trying the built-in demo and setting up the
// clinic's own Docplanner account (which opens Settings). Shown in place of the Status screen while the
// status says mode 'unconfigured'; the other screens stay reachable.
import { NoticeLine } from '../../components/NoticeLine';
import { useT } from '../../i18n';
import { useApp } from '../../store/store';

export function FirstRunScreen() {
  const t = useT();
  const busy = useApp((s) => s.demoBusy);
  const notice = useApp((s) => s.demoNotice);
  const startDemo = useApp((s) => s.startDemo);
  const setScreen = useApp((s) => s.setScreen);

  return (
    <section aria-labelledby="first-run-title" className="screen first-run" data-testid="first-run">
      <h1 id="first-run-title">{t('firstrun.title')}</h1>
      <p>{t('firstrun.intro')}</p>
      <ul className="first-run-choices">
        <li>
          <button
            type="button"
            className="primary"
            onClick={() => void startDemo()}
            disabled={busy !== null}
            aria-describedby="first-run-demo-explain"
            data-testid="first-run-demo"
          >
            {busy === 'starting' ? t('firstrun.starting') : t('firstrun.demo')}
          </button>
          <p id="first-run-demo-explain" className="muted">
            {t('firstrun.demo-explain')}
          </p>
        </li>
        <li>
          <button
            type="button"
            onClick={() => setScreen('settings')}
            disabled={busy !== null}
            aria-describedby="first-run-setup-explain"
            data-testid="first-run-setup"
          >
            {t('firstrun.setup')}
          </button>
          <p id="first-run-setup-explain" className="muted">
            {t('firstrun.setup-explain')}
          </p>
        </li>
      </ul>
      <NoticeLine notice={notice} testId="first-run-notice" />
    </section>
  );
}
