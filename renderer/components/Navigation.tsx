// The screen switcher. The current screen is marked with aria-current; Conflicts carries the open count.
import { useT } from '../i18n';
import { useApp } from '../store/store';
import { SCREENS } from '../store/ui-slice';

export function Navigation() {
  const t = useT();
  const screen = useApp((s) => s.screen);
  const setScreen = useApp((s) => s.setScreen);
  const open = useApp((s) => s.openConflicts);

  return (
    <nav aria-label={t('nav.label')}>
      <ul className="nav-list">
        {SCREENS.map((name) => (
          <li key={name}>
            <button
              type="button"
              className="nav-item"
              aria-current={screen === name ? 'page' : undefined}
              onClick={() => setScreen(name)}
              data-testid={`nav-${name}`}
            >
              {t(`nav.${name}`)}
              {name === 'conflicts' && open !== null && open > 0 && (
                <span className="count-badge" data-testid="conflicts-badge">
                  <span aria-hidden="true">{open}</span>
                  <span className="visually-hidden">{t('nav.open-conflicts', { count: open })}</span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
