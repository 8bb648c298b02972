// First run and the demo: with nothing configured the Status screen offers the demo or Settings; the demo is
// marked DEMO on every screen with a way to leave it; a live clinic never sees either; Polish.
import { screen, waitFor, within } from '@testing-library/react';
import { makeSettings, makeStatus } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

const unconfigured = () =>
  makeStatus({
    mode: 'unconfigured',
    state: 'not-configured',
    reason: 'Open Settings to connect Docplanner and the practice database.',
    reasonCode: 'status.open-settings',
    addresses: [],
  });

describe('first run and the demo', () => {
  it('offers the demo or the clinic’s own setup when nothing is configured', async () => {
    const { user } = await renderApp({ bridge: new MemoryBridge({ status: unconfigured() }) });
    const firstRun = await screen.findByTestId('first-run');
    expect(within(firstRun).getByTestId('first-run-demo')).toHaveTextContent(
      'Try the demo (simulated Docplanner, generated patients)',
    );
    expect(within(firstRun).getByTestId('first-run-setup')).toHaveTextContent(
      'Set up with my clinic’s Docplanner account',
    );
    expect(screen.queryByTestId('demo-banner')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('first-run-setup'));
    expect(screen.getByTestId('nav-settings')).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByTestId('settings-client-id')).toBeInTheDocument();
    expect(screen.queryByTestId('first-run')).not.toBeInTheDocument();
  });

  it('starts the demo, then marks every screen DEMO until the receptionist leaves it', async () => {
    const bridge = new MemoryBridge({ status: unconfigured() });
    const { user } = await renderApp({ bridge });
    bridge.hold('startDemo');
    await user.click(await screen.findByTestId('first-run-demo'));
    expect(screen.getByTestId('first-run-demo')).toHaveTextContent('Starting the demo…');
    expect(screen.getByTestId('first-run-demo')).toBeDisabled();
    bridge.release('startDemo');
    const banner = await screen.findByTestId('demo-banner');
    expect(bridge.inputsOf('startDemo')).toEqual([undefined]);
    expect(banner).toHaveTextContent('DEMO');
    expect(banner).toHaveTextContent('Simulated Docplanner and generated patients — not a real clinic.');
    expect(screen.queryByTestId('first-run')).not.toBeInTheDocument();
    expect(await screen.findByTestId('global-state')).toBeInTheDocument();
    for (const name of ['conflicts', 'mapping', 'activity', 'settings'] as const) {
      await user.click(screen.getByTestId(`nav-${name}`));
      expect(screen.getByTestId('demo-banner')).toBeVisible();
    }

    await user.click(within(screen.getByTestId('demo-banner')).getByTestId('demo-leave'));
    await waitFor(() => expect(screen.queryByTestId('demo-banner')).not.toBeInTheDocument());
    expect(bridge.inputsOf('stopDemo')).toEqual([undefined]);
    expect(await screen.findByTestId('first-run')).toBeInTheDocument();
  });

  it('says so when the demo cannot start, and keeps the choice', async () => {
    const bridge = new MemoryBridge({ status: unconfigured() });
    bridge.api.startDemo = async () => ({
      ok: false,
      message: 'The demo could not start.',
      code: 'demo.failed',
    });
    const { user } = await renderApp({ bridge });
    await user.click(await screen.findByTestId('first-run-demo'));
    expect(await screen.findByTestId('first-run-notice')).toHaveTextContent('The demo could not start.');
    expect(screen.getByTestId('first-run-demo')).toBeEnabled();
    expect(screen.queryByTestId('demo-banner')).not.toBeInTheDocument();
  });

  it('a live clinic sees neither the first-run choice nor the banner', async () => {
    const bridge = new MemoryBridge({ status: makeStatus({ mode: 'live' }) });
    await renderApp({ bridge });
    expect(await screen.findByTestId('global-state')).toBeInTheDocument();
    expect(screen.queryByTestId('first-run')).not.toBeInTheDocument();
    expect(screen.queryByTestId('demo-banner')).not.toBeInTheDocument();
  });

  it('in Polish', async () => {
    const bridge = new MemoryBridge({ status: unconfigured(), settings: makeSettings({ language: 'pl' }) });
    const { user } = await renderApp({ bridge });
    await waitFor(() =>
      expect(screen.getByTestId('first-run-demo')).toHaveTextContent(
        'Wypróbuj wersję demonstracyjną (symulowany Docplanner, wygenerowani pacjenci)',
      ),
    );
    expect(screen.getByTestId('first-run-setup')).toHaveTextContent(
      'Skonfiguruj z kontem Docplanner mojej przychodni',
    );
    await user.click(screen.getByTestId('first-run-demo'));
    const banner = await screen.findByTestId('demo-banner');
    expect(banner).toHaveTextContent('to nie jest prawdziwa przychodnia');
    expect(within(banner).getByTestId('demo-leave')).toHaveTextContent('Zakończ wersję demonstracyjną');
  });
});
