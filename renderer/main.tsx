// Entry point: finds the bridge (Electron preload or the headless host's WebSocket), creates the store and
// renders the app. Without a bridge it says how to open the window properly instead of a blank page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { findBridge } from './bridge/find-bridge';
import { pickLanguage } from '../shared/bridge';
import { catalogFor, translate } from './i18n';
import { createAppStore, StoreContext } from './store/store';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const found = findBridge();
// The browser's/OS's languages (in Electron: the OS locale): the UI speaks the first one it has until a language
// is chosen in Settings.
const languages = navigator.languages.length > 0 ? navigator.languages : [navigator.language];

if (found.ok) {
  const store = createAppStore(found.bridge, { languages });
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App store={store} bridge={found.bridge} />
      </StoreContext.Provider>
    </StrictMode>,
  );
} else {
  root.render(
    <main className="app-main" data-testid="no-bridge">
      <p role="alert">{translate(catalogFor(pickLanguage(languages)), 'app.no-bridge')}</p>
    </main>,
  );
}
