// Settings screen: loading, error; fields show the engine's values; the secret is write-only; save sends the
// right update and shows SaveResult field errors; local validation; test connection; switching to Polish.
import { screen, within } from '@testing-library/react';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

describe('settings screen', () => {
  it('shows loading, then the current settings', async () => {
    const bridge = new MemoryBridge();
    bridge.hold('getSettings');
    await renderApp({ bridge, screen: 'settings' });
    expect(await screen.findByTestId('settings-loading')).toBeInTheDocument();
    bridge.release('getSettings');
    expect(await screen.findByTestId('settings-client-id')).toHaveValue('clinic-client');
    expect(screen.getByTestId('settings-locale')).toHaveValue('pl');
    const markets = [...screen.getByTestId('settings-locale').querySelectorAll('option')].map(
      (o) => o.textContent,
    );
    expect(markets).toHaveLength(13);
    expect(markets).toContain('Poland — ZnanyLekarz');
    expect(screen.getByTestId('settings-db-path')).toHaveValue('C:\\PMS\\clinic.sqlite');
    expect(screen.getByTestId('settings-time-zone')).toHaveValue('Europe/Warsaw');
    expect(screen.getByTestId('settings-pull-seconds')).toHaveValue(30);
    expect(screen.getByTestId('settings-start-on-login')).toBeChecked();
    expect(screen.getByTestId('settings-language')).toHaveValue('en');
  });

  it('explains a failed load', async () => {
    const bridge = new MemoryBridge();
    bridge.fail('getSettings', { code: 'state-db', message: 'Settings cannot be read.' });
    await renderApp({ bridge, screen: 'settings' });
    expect(await screen.findByTestId('settings-error')).toHaveTextContent('Settings cannot be read.');
  });

  it('never shows the secret: only that one is stored', async () => {
    await renderApp({ screen: 'settings' });
    const secret = await screen.findByTestId('settings-client-secret');
    expect(secret).toHaveValue('');
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveAttribute('placeholder', 'stored');
    expect(secret).toHaveAccessibleDescription('A secret is stored. Type a new one only to replace it.');
  });

  it('saves without a secret unless a new one is typed', async () => {
    const { bridge, user } = await renderApp({ screen: 'settings' });
    const pull = await screen.findByTestId('settings-pull-seconds');
    await user.clear(pull);
    await user.paste('45');
    await user.click(screen.getByTestId('settings-save'));
    const first = bridge.inputsOf('saveSettings')[0]!;
    expect(first.intervals.pullSeconds).toBe(45);
    expect(first.clientSecret).toBeUndefined();
    expect(first.docplanner.baseUrl).toBeNull();
    expect(await screen.findByTestId('settings-message')).toHaveTextContent('Settings saved.');

    await user.click(screen.getByTestId('settings-client-secret'));
    await user.paste('s3cret');
    await user.click(screen.getByTestId('settings-save'));
    expect(bridge.inputsOf('saveSettings')[1]!.clientSecret).toBe('s3cret');
  });

  it('shows the engine’s field errors next to the fields', async () => {
    const { bridge, user } = await renderApp({ screen: 'settings' });
    await user.clear(await screen.findByTestId('settings-client-id'));
    await user.click(screen.getByTestId('settings-save'));
    expect(bridge.inputsOf('saveSettings')).toHaveLength(1);
    expect(await screen.findByTestId('settings-client-id-error')).toHaveTextContent(
      'Enter the client ID from Docplanner.',
    );
    expect(screen.getByTestId('settings-client-id')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('settings-message')).toHaveTextContent('Not saved.');
  });

  it('checks values locally before sending them', async () => {
    const { bridge, user } = await renderApp({ screen: 'settings' });
    const horizon = await screen.findByTestId('settings-horizon');
    await user.clear(horizon);
    await user.paste('200');
    await user.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-horizon-error')).toHaveTextContent('Please check this value.');
    expect(bridge.inputsOf('saveSettings')).toHaveLength(0);
  });

  it('tests the connection with what is in the form and shows the answer', async () => {
    const { bridge, user } = await renderApp({ screen: 'settings' });
    await user.click(await screen.findByTestId('settings-test-connection'));
    expect(await screen.findByTestId('settings-test-result')).toHaveTextContent(
      'Docplanner did not accept the client ID or secret.',
    );
    const id = screen.getByTestId('settings-client-id');
    await user.clear(id);
    await user.paste('good');
    await user.click(screen.getByTestId('settings-test-connection'));
    expect(bridge.inputsOf('testConnection').at(-1)!.docplanner.clientId).toBe('good');
    expect(await screen.findByTestId('settings-test-result')).toHaveTextContent('Connected to Docplanner.');
  });

  it('shows the mapping-file field only for the custom layout and the base URL under Advanced', async () => {
    const { bridge, user } = await renderApp({ screen: 'settings' });
    expect(await screen.findByTestId('settings-adapter')).toHaveValue('reference');
    expect(screen.queryByTestId('settings-mapping-file')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByTestId('settings-adapter'), 'mapping');
    await user.click(screen.getByTestId('settings-mapping-file'));
    await user.paste('C:\\PMS\\map.json');
    await user.click(screen.getByText('Advanced'));
    await user.click(screen.getByTestId('settings-base-url'));
    await user.paste('http://127.0.0.1:9999');
    await user.click(screen.getByTestId('settings-save'));
    const saved = bridge.inputsOf('saveSettings')[0]!;
    expect(saved.practice).toEqual({
      dbPath: 'C:\\PMS\\clinic.sqlite',
      adapter: 'mapping',
      mappingFile: 'C:\\PMS\\map.json',
    });
    expect(saved.docplanner.baseUrl).toBe('http://127.0.0.1:9999');
  });

  it('switches the whole window to Polish after saving the language', async () => {
    const { user } = await renderApp({ screen: 'settings' });
    await user.selectOptions(await screen.findByTestId('settings-language'), 'pl');
    await user.click(screen.getByTestId('settings-save'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ustawienia' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Ekrany' });
    expect(within(nav).getByTestId('nav-status')).toHaveTextContent('Stan');
    expect(screen.getByTestId('settings-save')).toHaveTextContent('Zapisz ustawienia');
    expect(screen.getByTestId('settings-message')).toHaveTextContent('Settings saved.');
  });
});
