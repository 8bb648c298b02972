// Conflicts screen: loading, error, empty and many; filters reach listConflicts; both sides side by side;
// an option is applied only after confirming, with who chose it, and the outcome is shown; badge; Polish.
import { act, screen, within } from '@testing-library/react';
import { makeConflict, makeStatus } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

describe('conflicts screen', () => {
  it('shows loading, then says when nothing needs a decision', async () => {
    const bridge = new MemoryBridge();
    bridge.hold('listConflicts');
    await renderApp({ bridge, screen: 'conflicts' });
    expect(await screen.findByTestId('conflicts-loading')).toBeInTheDocument();
    bridge.release('listConflicts');
    expect(await screen.findByTestId('conflicts-empty')).toHaveTextContent('No open conflicts.');
  });

  it('explains a failed load and retries', async () => {
    const bridge = new MemoryBridge({ conflicts: [makeConflict(1)] });
    bridge.fail('listConflicts', { code: 'state-db', message: 'The app’s own database is busy.' });
    const { user } = await renderApp({ bridge, screen: 'conflicts' });
    expect(await screen.findByTestId('conflicts-error')).toHaveTextContent('The app’s own database is busy.');
    bridge.succeed('listConflicts');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('conflict-card-c1')).toBeInTheDocument();
  });

  it('shows many conflicts, each with both sides and its options', async () => {
    const conflicts = Array.from({ length: 40 }, (_, i) => makeConflict(i));
    await renderApp({ state: { conflicts }, screen: 'conflicts' });
    expect(await screen.findAllByTestId(/^conflict-card-/)).toHaveLength(40);
    const card = screen.getByTestId('conflict-card-c7');
    expect(within(card).getByRole('heading', { name: 'Double booking' })).toBeInTheDocument();
    const local = within(card).getByTestId('conflict-local-c7');
    const remote = within(card).getByTestId('conflict-remote-c7');
    expect(local).toHaveTextContent('Practice system');
    expect(local).toHaveTextContent('Patient 0007 Local');
    expect(local).toHaveTextContent('10:00');
    expect(remote).toHaveTextContent('Patient 0007 Online');
    expect(remote).toHaveTextContent('Booked online');
    expect(within(card).getByTestId('conflict-option-c7-keep-local')).toHaveAccessibleDescription(
      'Cancels the online booking and tells the patient.',
    );
  });

  it('passes the filters to listConflicts', async () => {
    const { bridge, user } = await renderApp({
      state: { conflicts: [makeConflict(1)] },
      screen: 'conflicts',
    });
    await screen.findByTestId('conflict-card-c1');
    await user.selectOptions(screen.getByTestId('conflict-filter-status'), 'all');
    await user.selectOptions(screen.getByTestId('conflict-filter-kind'), 'unmapped-service');
    await user.selectOptions(screen.getByTestId('conflict-filter-address'), 'd2@l1');
    expect(bridge.inputsOf('listConflicts').at(-1)).toEqual({
      status: 'all',
      kind: 'unmapped-service',
      addressKey: 'd2@l1',
    });
    expect(await screen.findByTestId('conflicts-empty')).toHaveTextContent(
      'No conflicts match these filters.',
    );
  });

  it('applies a resolution only after confirming, records who chose it and shows the outcome', async () => {
    const { bridge, user } = await renderApp({
      state: { conflicts: [makeConflict(1), makeConflict(2)] },
      screen: 'conflicts',
    });
    await user.click(await screen.findByTestId('conflict-option-c1-keep-remote'));
    const dialog = screen.getByRole('dialog', { name: 'Keep the online booking' });
    expect(dialog).toHaveTextContent('Moves the desk booking to the waiting list.');
    expect(bridge.inputsOf('resolveConflict')).toHaveLength(0);
    const name = within(dialog).getByTestId('conflict-operator');
    await user.clear(name);
    expect(screen.getByTestId('conflict-confirm')).toBeDisabled();
    await user.type(name, 'Ewa');
    await user.click(screen.getByTestId('conflict-confirm'));
    expect(bridge.inputsOf('resolveConflict')).toEqual([{ id: 'c1', action: 'keep-remote', by: 'Ewa' }]);
    expect(localStorage.getItem('clinic-sync-desk.operator')).toBe('Ewa');
    expect(await screen.findByTestId('conflict-notice')).toHaveTextContent(
      'Two bookings at the same time (1): Applied "keep-remote".',
    );
    // Resolved conflicts leave the "open" list.
    expect(screen.queryByTestId('conflict-card-c1')).not.toBeInTheDocument();
    expect(screen.getByTestId('conflict-card-c2')).toBeInTheDocument();
    // Under "all" the resolved card says once who resolved it and what happened.
    await user.selectOptions(screen.getByTestId('conflict-filter-status'), 'all');
    const card = await screen.findByTestId('conflict-card-c1');
    expect(within(card).getByTestId('conflict-resolution-c1')).toHaveTextContent('Resolved by Ewa');
    expect(within(card).queryByTestId('conflict-outcome-c1')).not.toBeInTheDocument();
  });

  it('shows a refused resolution in plain words', async () => {
    const bridge = new MemoryBridge({ conflicts: [makeConflict(1)] });
    bridge.fail('resolveConflict', { code: 'slot-taken', message: 'That time is no longer free.' });
    const { user } = await renderApp({ bridge, screen: 'conflicts' });
    await user.click(await screen.findByTestId('conflict-option-c1-keep-local'));
    await user.click(screen.getByTestId('conflict-confirm'));
    expect(await screen.findByTestId('conflict-outcome-c1')).toHaveTextContent(
      'That time is no longer free.',
    );
  });

  it('shows who resolved a resolved conflict and offers no options', async () => {
    const resolved = makeConflict(3, {
      status: 'resolved',
      resolution: {
        action: 'keep-local',
        by: 'Ewa',
        at: Date.UTC(2026, 10, 23, 8, 0),
        outcome: 'Online booking cancelled.',
      },
    });
    const { store } = await renderApp({ state: { conflicts: [resolved] }, screen: 'conflicts' });
    await act(() => store.getState().setConflictFilter({ status: 'resolved' }));
    const card = await screen.findByTestId('conflict-card-c3');
    expect(within(card).getByTestId('conflict-resolution-c3')).toHaveTextContent('Resolved by Ewa');
    expect(within(card).getByTestId('conflict-resolution-c3')).toHaveTextContent('Online booking cancelled.');
    expect(within(card).queryByRole('button')).not.toBeInTheDocument();
  });

  it('counts open conflicts in the navigation and reloads on conflicts-changed', async () => {
    const { bridge } = await renderApp({
      state: { status: makeStatus({ openConflicts: 3 }) },
      screen: 'conflicts',
    });
    expect(await screen.findByTestId('conflicts-badge')).toHaveTextContent('3');
    expect(screen.getByTestId('nav-conflicts')).toHaveAccessibleName(/^Conflicts\s*3 open conflicts$/);
    await screen.findByTestId('conflicts-empty');
    bridge.state.conflicts = [makeConflict(9)];
    act(() => bridge.emit({ type: 'conflicts-changed', open: 1 }));
    expect(await screen.findByTestId('conflict-card-c9')).toBeInTheDocument();
    expect(screen.getByTestId('conflicts-badge')).toHaveTextContent('1');
  });

  it('renders in Polish', async () => {
    const bridge = new MemoryBridge({ conflicts: [makeConflict(1)] });
    bridge.state.settings = { ...bridge.state.settings, language: 'pl' };
    await renderApp({ bridge, screen: 'conflicts' });
    expect(await screen.findByRole('heading', { name: 'Podwójna rezerwacja' })).toBeInTheDocument();
    expect(screen.getByTestId('conflict-local-c1')).toHaveTextContent('System gabinetu');
  });
});
