// Status screen: loading, error, empty and many rows; sync now / pause / full resync / activation call the
// right bridge methods; honest state when the sync service is unreachable; viewer mode; live updates; Polish.
import { act, screen, waitFor, within } from '@testing-library/react';
import { makeAddress, makeStatus, NOW } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

describe('status screen', () => {
  it('shows loading until the first status arrives', async () => {
    const bridge = new MemoryBridge();
    bridge.hold('getStatus');
    await renderApp({ bridge });
    expect(await screen.findByTestId('status-loading')).toHaveTextContent('Loading…');
    bridge.release('getStatus');
    expect(await screen.findByTestId('global-state')).toHaveTextContent('In sync');
    expect(screen.queryByTestId('status-loading')).not.toBeInTheDocument();
  });

  it('shows the global state as icon and words with the reason, and the last success in the clinic zone', async () => {
    await renderApp({
      state: {
        status: makeStatus({
          state: 'rate-limited',
          reason: 'Docplanner asked us to slow down.',
          pending: 12,
          drainSeconds: 240,
        }),
      },
    });
    const badge = await screen.findByTestId('global-state');
    expect(badge).toHaveAttribute('data-state', 'rate-limited');
    expect(badge).toHaveTextContent('Waiting for Docplanner’s rate limit');
    expect(screen.getByTestId('global-reason')).toHaveTextContent('Docplanner asked us to slow down.');
    expect(screen.getByTestId('global-pending')).toHaveTextContent('12 changes, about 4 minutes');
    expect(screen.getByTestId('global-last-success')).toHaveTextContent('1 minute ago');
    // 08:59 UTC is 09:59 in Warsaw: times are shown in the clinic zone, not the test machine's zone.
    expect(within(screen.getByTestId('global-last-success')).getByText('1 minute ago')).toHaveAttribute(
      'title',
      expect.stringContaining('09:59'),
    );
  });

  it('explains a failed first load in plain words and retries', async () => {
    const bridge = new MemoryBridge();
    bridge.fail('getStatus', { code: 'offline', message: 'The sync service is not running.' });
    const { user } = await renderApp({ bridge });
    expect(await screen.findByTestId('status-error')).toHaveTextContent('The sync service is not running.');
    bridge.succeed('getStatus');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('global-state')).toHaveTextContent('In sync');
  });

  it('never keeps saying "in sync" once the sync service stops answering', async () => {
    const { bridge, store } = await renderApp();
    expect(await screen.findByTestId('global-state')).toHaveAttribute('data-state', 'in-sync');
    bridge.fail('getStatus', {
      code: 'disconnected',
      message: 'The connection to the sync service was lost.',
    });
    await act(() => store.getState().loadStatus());
    expect(screen.getByTestId('global-state')).toHaveAttribute('data-state', 'disconnected');
    expect(screen.getByTestId('global-state')).not.toHaveTextContent('In sync');
    expect(screen.getByTestId('status-error')).toHaveTextContent(
      'The connection to the sync service was lost.',
    );
  });

  it('says when there is nothing to sync yet and leads to the mapping screen', async () => {
    const { user } = await renderApp({
      state: { status: makeStatus({ addresses: [], state: 'not-configured' }) },
    });
    expect(await screen.findByTestId('addresses-empty')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Open Mapping' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Mapping' })).toBeInTheDocument();
  });

  it('leads to Settings when Docplanner needs a sign-in', async () => {
    const status = makeStatus({
      state: 'needs-sign-in',
      reason: 'Docplanner did not accept the client secret.',
    });
    const { user } = await renderApp({ state: { status } });
    expect(await screen.findByTestId('global-state')).toHaveTextContent('Needs sign-in');
    await user.click(screen.getByTestId('global-open-settings'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
  });

  it('shows many address rows with their state, pending work, retry and errors in plain words', async () => {
    const addresses = Array.from({ length: 60 }, (_, i) => makeAddress(i));
    addresses[3] = makeAddress(3, {
      state: 'error',
      pending: 7,
      nextRetryAt: NOW + 120_000,
      lastError: { code: 'auth', message: 'Docplanner refused the sign-in.', at: NOW - 60_000 },
    });
    await renderApp({ state: { status: makeStatus({ addresses }) } });
    await screen.findByTestId('address-table');
    expect(screen.getAllByTestId(/^address-row-/)).toHaveLength(60);
    const row = screen.getByTestId('address-row-d3@l1');
    expect(row).toHaveAttribute('data-state', 'error');
    expect(row).toHaveTextContent('Error');
    expect(row).toHaveTextContent('Docplanner did not accept the sign-in details.'); // by its code "auth"
    expect(row).toHaveTextContent('Next try in 2 minutes');
    expect(row).toHaveTextContent('7');
  });

  it('shows progress with the time left', async () => {
    const addresses = [
      makeAddress(1, {
        state: 'syncing',
        progress: { kind: 'activation', done: 40, total: 184, etaSeconds: 216 },
      }),
    ];
    await renderApp({
      state: {
        status: makeStatus({
          addresses,
          progress: { kind: 'catch-up', done: 3, total: 10, etaSeconds: null },
        }),
      },
    });
    expect(await screen.findByTestId('address-progress-d1@l1')).toHaveTextContent('First feed to Docplanner');
    expect(screen.getByTestId('address-progress-d1@l1')).toHaveTextContent(
      '40 of 184 · about 4 minutes left',
    );
    expect(screen.getByTestId('global-progress')).toHaveTextContent('Catching up');
    expect(screen.getByTestId('global-progress')).toHaveTextContent('time left not known yet');
  });

  it('"Sync now" asks for one address, "Sync all now" for all, and shows the answer', async () => {
    const { bridge, user } = await renderApp();
    await user.click(await screen.findByTestId('sync-now-d2@l1'));
    expect(bridge.inputsOf('syncNow')).toEqual([{ addressKey: 'd2@l1' }]);
    expect(await screen.findByTestId('status-notice')).toHaveTextContent('Sync started for d2@l1.');
    await user.click(screen.getByTestId('sync-all'));
    expect(bridge.inputsOf('syncNow')[1]).toEqual({});
  });

  it('shows a failed action in plain words', async () => {
    const bridge = new MemoryBridge();
    bridge.fail('syncNow', { code: 'offline', message: 'No internet connection.' });
    const { user } = await renderApp({ bridge });
    await user.click(await screen.findByTestId('sync-all'));
    expect(await screen.findByTestId('status-notice')).toHaveTextContent('No internet connection.');
  });

  it('says in Polish that the connection was lost when an action cannot reach the sync service', async () => {
    const bridge = new MemoryBridge();
    bridge.state.settings = { ...bridge.state.settings, language: 'pl' };
    bridge.fail('syncNow', { code: 'disconnected', message: 'The connection to the sync service was lost.' });
    const { user } = await renderApp({ bridge });
    await waitFor(() =>
      expect(screen.getByTestId('sync-all')).toHaveTextContent('Synchronizuj wszystko teraz'),
    );
    await user.click(screen.getByTestId('sync-all'));
    expect(await screen.findByTestId('status-notice')).toHaveTextContent(
      'Utracono połączenie z usługą synchronizacji.',
    );
  });

  it('pauses and resumes', async () => {
    const { bridge, user } = await renderApp();
    await user.click(await screen.findByRole('button', { name: 'Pause syncing' }));
    expect(bridge.inputsOf('setPaused')).toEqual([{ paused: true }]);
    await user.click(await screen.findByRole('button', { name: 'Resume syncing' }));
    expect(bridge.inputsOf('setPaused')[1]).toEqual({ paused: false });
  });

  it('runs a full resync only after confirming; Escape cancels and returns focus', async () => {
    const { bridge, user } = await renderApp();
    const button = await screen.findByTestId('full-resync');
    await user.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Run a full resync?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(bridge.inputsOf('fullResync')).toHaveLength(0);

    await user.click(button);
    await user.click(screen.getByTestId('full-resync-confirm'));
    expect(bridge.inputsOf('fullResync')).toHaveLength(1);
    expect(await screen.findByTestId('status-notice')).toHaveTextContent('Full resync started.');
  });

  it('keeps keyboard focus inside a dialog', async () => {
    const { user } = await renderApp();
    await user.click(await screen.findByTestId('full-resync'));
    const dialog = screen.getByRole('dialog');
    await user.tab();
    expect(within(dialog).getByTestId('full-resync-confirm')).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });

  it('activates an address: preview, confirm, start', async () => {
    const addresses = [makeAddress(1), makeAddress(5, { activated: false, lastSuccessAt: null })];
    const { bridge, user } = await renderApp({ state: { status: makeStatus({ addresses }) } });
    await user.click(await screen.findByTestId('activate-d5@l1'));
    expect(bridge.inputsOf('previewActivation')).toEqual([{ addressKey: 'd5@l1' }]);
    const preview = await screen.findByTestId('activation-preview');
    expect(preview).toHaveTextContent('84 days, 60 with working hours');
    expect(preview).toHaveTextContent('184');
    expect(preview).toHaveTextContent('5 minutes');
    expect(bridge.inputsOf('startActivation')).toHaveLength(0);
    await user.click(screen.getByTestId('activation-confirm'));
    expect(bridge.inputsOf('startActivation')).toEqual([{ addressKey: 'd5@l1' }]);
    expect(await screen.findByTestId('activation-result')).toHaveTextContent('Activation started.');
  });

  it('does not let activation start while something blocks it', async () => {
    const addresses = [makeAddress(5, { activated: false })];
    const bridge = new MemoryBridge({ status: makeStatus({ addresses }) });
    bridge.state.preview = { ...bridge.state.preview, blockers: ['The service “Ultrasound” is not linked.'] };
    const { user } = await renderApp({ bridge });
    await user.click(await screen.findByTestId('activate-d5@l1'));
    expect(await screen.findByTestId('activation-blockers')).toHaveTextContent(
      'The service “Ultrasound” is not linked.',
    );
    expect(screen.getByTestId('activation-confirm')).toBeDisabled();
  });

  it('says which PC syncs in viewer mode and still sends requests', async () => {
    const status = makeStatus({ lease: { role: 'viewer', holder: 'RECEPTION-2', expiresAt: NOW + 30_000 } });
    const { bridge, user } = await renderApp({ state: { status } });
    expect(await screen.findByTestId('viewer-banner')).toHaveTextContent('Syncing on RECEPTION-2.');
    await user.click(screen.getByTestId('sync-all'));
    expect(bridge.inputsOf('syncNow')).toHaveLength(1);
  });

  it('follows status events from the engine', async () => {
    const { bridge } = await renderApp();
    await screen.findByTestId('global-state');
    act(() =>
      bridge.emit({
        type: 'status',
        status: makeStatus({ state: 'offline', reason: 'No internet connection.', openConflicts: 2 }),
      }),
    );
    expect(screen.getByTestId('global-state')).toHaveAttribute('data-state', 'offline');
    expect(screen.getByTestId('global-reason')).toHaveTextContent('No internet connection.');
    expect(screen.getByTestId('conflicts-badge')).toHaveTextContent('2');
  });

  it('renders in Polish when the settings say so', async () => {
    const bridge = new MemoryBridge();
    bridge.state.settings = { ...bridge.state.settings, language: 'pl' };
    await renderApp({ bridge });
    await waitFor(() => expect(screen.getByTestId('global-state')).toHaveTextContent('Zsynchronizowano'));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Stan');
    expect(screen.getByTestId('sync-all')).toHaveTextContent('Synchronizuj wszystko teraz');
    expect(document.documentElement.lang).toBe('pl');
  });
});
