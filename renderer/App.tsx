// The window: skip link, header with navigation (conflict badge), the DEMO and viewer-mode banners and one
// screen. Loads status and settings on start and keeps them live (events + fallback poll). On a first run
// (mode 'unconfigured') the Status screen is the first-run choice: the demo, or Settings.
import { useEffect } from 'react';
import type { BridgeApi } from '../shared/bridge';
import { DemoBanner } from './components/DemoBanner';
import { Navigation } from './components/Navigation';
import { ViewerBanner } from './components/ViewerBanner';
import { useT } from './i18n';
import { ActivityScreen } from './screens/activity/ActivityScreen';
import { ConflictsScreen } from './screens/conflicts/ConflictsScreen';
import { FirstRunScreen } from './screens/first-run/FirstRunScreen';
import { MappingScreen } from './screens/mapping/MappingScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { StatusScreen } from './screens/status/StatusScreen';
import { startLiveUpdates } from './store/live-updates';
import { useApp, type AppStore } from './store/store';

const SCREENS = {
  status: StatusScreen,
  conflicts: ConflictsScreen,
  mapping: MappingScreen,
  activity: ActivityScreen,
  settings: SettingsScreen,
};

export function App({ store, bridge, pollMs }: { store: AppStore; bridge: BridgeApi; pollMs?: number }) {
  const t = useT();
  const screen = useApp((s) => s.screen);
  const language = useApp((s) => s.language);
  const unconfigured = useApp((s) => s.status.data?.mode === 'unconfigured');
  const Screen = screen === 'status' && unconfigured ? FirstRunScreen : SCREENS[screen];

  useEffect(() => {
    void store.getState().loadStatus();
    void store.getState().loadSettings();
    return startLiveUpdates(store, bridge, pollMs);
  }, [store, bridge, pollMs]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => {
    document.title = `${t(`nav.${screen}`)} — ${t('app.name')}`;
  }, [screen, t]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <span className="app-name">{t('app.name')}</span>
        <Navigation />
      </header>
      <DemoBanner />
      <ViewerBanner />
      <main id="main" tabIndex={-1} className="app-main">
        <Screen />
      </main>
    </div>
  );
}
