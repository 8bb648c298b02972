// First-run language: while nobody chose a language (Settings.languageChosen false: a first run, a settings file
// without one), the UI speaks the browser's/OS's language when it has it, else English; once chosen, the choice
// wins. Saving the settings records the language the receptionist saw in the form.
import { screen, waitFor, within } from '@testing-library/react';
import { pickLanguage } from '../../shared/bridge';
import { makeSettings, makeStatus } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

const firstRun = () =>
  new MemoryBridge({
    status: makeStatus({
      mode: 'unconfigured',
      state: 'not-configured',
      reason: 'Open Settings to connect Docplanner and the practice database.',
      reasonCode: 'status.open-settings',
      addresses: [],
    }),
    settings: makeSettings({
      language: 'en',
      languageChosen: false,
      docplanner: {
        locale: 'pl',
        baseUrl: null,
        clientId: '',
        hasSecret: false,
      },
    }),
  });

describe('first-run language', () => {
  it('picks the first preferred locale the UI has, else English', () => {
    expect(pickLanguage(['pl-PL', 'en-US'])).toBe('pl');
    expect(pickLanguage(['de-DE', 'PL'])).toBe('pl');
    expect(pickLanguage(['en_GB', 'pl'])).toBe('en');
    expect(pickLanguage(['de-DE', 'fr-FR'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('a Polish browser on a first run: the first-run screen and Settings in Polish, saved as Polish', async () => {
    const bridge = firstRun();
    const { user } = await renderApp({ bridge, languages: ['pl-PL', 'en-US'] });
    const screenFirstRun = await screen.findByTestId('first-run');
    await waitFor(() => expect(screenFirstRun).toHaveTextContent('Witamy w Clinic Sync Desk'));
    expect(document.documentElement.lang).toBe('pl');
    expect(within(screenFirstRun).getByTestId('first-run-demo')).not.toHaveTextContent('Try the demo');
    await user.click(screen.getByTestId('first-run-setup'));
    expect(await screen.findByTestId('settings-language')).toHaveValue('pl');
    await user.click(screen.getByTestId('settings-client-id'));
    await user.paste('clinic');
    await user.click(screen.getByTestId('settings-save'));
    expect(bridge.inputsOf('saveSettings').at(-1)).toMatchObject({ language: 'pl' });
  });

  it('a browser in a language the UI does not have: English', async () => {
    await renderApp({ bridge: firstRun(), languages: ['de-DE', 'fr-FR'] });
    expect(await screen.findByTestId('first-run')).toHaveTextContent('Welcome to Clinic Sync Desk');
  });

  it('a language chosen in Settings wins over the browser’s', async () => {
    const bridge = new MemoryBridge({ settings: makeSettings({ language: 'en', languageChosen: true }) });
    await renderApp({ bridge, languages: ['pl-PL'] });
    await waitFor(() => expect(bridge.inputsOf('getSettings').length).toBeGreaterThan(0));
    await waitFor(() => expect(screen.getByTestId('nav-status')).toHaveTextContent('Status'));
    expect(document.documentElement.lang).toBe('en');
  });
});
