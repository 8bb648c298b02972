// Renders the whole app around a MemoryBridge (one store, the real App), on a chosen screen and language.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/App';
import { createAppStore, StoreContext } from '../../../renderer/store/store';
import type { Screen } from '../../../renderer/store/ui-slice';
import { MemoryBridge, type MemoryState } from './memory-bridge';

export interface RenderOptions {
  screen?: Screen;
  state?: Partial<MemoryState>;
  bridge?: MemoryBridge;
  /** The browser's preferred locales (navigator.languages); none by default. */
  languages?: readonly string[];
}

export async function renderApp(options: RenderOptions = {}) {
  const bridge = options.bridge ?? new MemoryBridge(options.state);
  const store = createAppStore(bridge.api, { timeZone: 'Europe/Warsaw', languages: options.languages });
  if (options.screen) store.setState({ screen: options.screen });
  const user = userEvent.setup();
  const view = render(
    <StoreContext.Provider value={store}>
      <App store={store} bridge={bridge.api} pollMs={3_600_000} />
    </StoreContext.Provider>,
  );
  return { bridge, store, user, view };
}

/** Waits until the status and settings started by <App> have been asked for (even when held or failing). */
export async function settled(bridge: MemoryBridge) {
  await waitFor(() => expect(bridge.inputsOf('getSettings').length).toBeGreaterThan(0));
}

export { screen };
