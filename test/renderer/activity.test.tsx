// Activity screen: loading, error, empty; masked names revealed per row only on request; filters and search
// reach listActivity; paging backwards with beforeId; 10,000 rows keep only a window in the DOM; live entries.
import { act, fireEvent, screen, within } from '@testing-library/react';
import { makeActivity, patientOf } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

/** jsdom has no layout: give the scrolling list a real height so the virtualizer has a window to fill. */
function giveListHeight(height: number) {
  const isList = (el: Element) => el instanceof HTMLElement && el.dataset.testid === 'activity-list';
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return isList(this) ? height : 0;
  });
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockImplementation(function (this: Element) {
    return isList(this) ? 1000 : 0;
  });
}

beforeEach(() => giveListHeight(640));
afterEach(() => vi.restoreAllMocks());

describe('activity screen', () => {
  it('shows loading, then the entries newest first', async () => {
    const bridge = new MemoryBridge();
    bridge.hold('listActivity');
    await renderApp({ bridge, screen: 'activity' });
    expect(await screen.findByTestId('activity-loading')).toBeInTheDocument();
    bridge.release('listActivity');
    const rows = await screen.findAllByTestId(/^activity-row-/);
    expect(rows[0]).toHaveAttribute('data-testid', 'activity-row-20');
    expect(rows[0]).toHaveTextContent('Sent to Docplanner');
    expect(screen.getByTestId('activity-count')).toHaveTextContent('Showing 20 of 20');
  });

  it('explains a failed load and retries', async () => {
    const bridge = new MemoryBridge();
    bridge.fail('listActivity', { code: 'state-db', message: 'The audit log cannot be read.' });
    const { user } = await renderApp({ bridge, screen: 'activity' });
    expect(await screen.findByTestId('activity-error')).toHaveTextContent('The audit log cannot be read.');
    bridge.succeed('listActivity');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('activity-row-20')).toBeInTheDocument();
  });

  it('says when nothing matches', async () => {
    await renderApp({ state: { activity: [] }, screen: 'activity' });
    expect(await screen.findByTestId('activity-empty')).toHaveTextContent('No activity matches.');
  });

  it('keeps patient names masked until one row is revealed, and can hide it again', async () => {
    const { bridge, user } = await renderApp({ screen: 'activity' });
    const row = await screen.findByTestId('activity-row-18');
    expect(row).toHaveTextContent('Booking 18 for P*** T***');
    expect(screen.queryByText(/Patient 0018 Test/)).not.toBeInTheDocument();
    expect(bridge.inputsOf('revealActivity')).toHaveLength(0);
    // Rows without a patient offer nothing to reveal.
    expect(within(screen.getByTestId('activity-row-19')).queryByRole('button')).not.toBeInTheDocument();

    await user.click(within(row).getByTestId('activity-reveal-18'));
    expect(bridge.inputsOf('revealActivity')).toEqual([{ id: 18 }]);
    expect(await screen.findByTestId('activity-patient-18')).toHaveTextContent(patientOf(18));
    expect(screen.getByTestId('activity-row-15')).not.toHaveTextContent(patientOf(15));

    await user.click(screen.getByTestId('activity-hide-18'));
    expect(screen.queryByText(new RegExp(patientOf(18)))).not.toBeInTheDocument();
  });

  it('passes search and filters to listActivity', async () => {
    const { bridge, user } = await renderApp({ screen: 'activity' });
    await screen.findByTestId('activity-row-20');
    await user.type(screen.getByTestId('activity-search'), 'Booking{Enter}');
    expect(bridge.inputsOf('listActivity').at(-1)).toMatchObject({ search: 'Booking', limit: 200 });
    await user.selectOptions(screen.getByTestId('activity-filter-direction'), 'out');
    await user.selectOptions(screen.getByTestId('activity-filter-outcome'), 'ok');
    expect(bridge.inputsOf('listActivity').at(-1)).toEqual({
      search: 'Booking',
      direction: 'out',
      outcome: 'ok',
      limit: 200,
    });
    const rows = await screen.findAllByTestId(/^activity-row-/);
    expect(rows.map((r) => r.dataset.testid)).toEqual([
      'activity-row-18',
      'activity-row-12',
      'activity-row-6',
    ]);
  });

  it('keeps only a window of 10,000 rows in the DOM and follows scrolling', async () => {
    const entries = makeActivity(10_000);
    const bridge = new MemoryBridge({ activity: entries });
    bridge.api.listActivity = async () => ({ entries, total: entries.length });
    await renderApp({ bridge, screen: 'activity' });
    await screen.findByTestId('activity-row-10000');
    expect(screen.getByTestId('activity-count')).toHaveTextContent('Showing 10,000 of 10,000');
    const rendered = screen.getAllByRole('listitem');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);

    const list = screen.getByTestId('activity-list');
    list.scrollTop = 5_000 * 64;
    fireEvent.scroll(list);
    expect(await screen.findByTestId('activity-row-5000')).toBeInTheDocument();
    expect(screen.queryByTestId('activity-row-10000')).not.toBeInTheDocument();
    expect(screen.getAllByRole('listitem').length).toBeLessThan(40);
  });

  it('pages backwards with beforeId', async () => {
    const bridge = new MemoryBridge({ activity: makeActivity(450) });
    const { user } = await renderApp({ bridge, screen: 'activity' });
    await screen.findByTestId('activity-row-450');
    expect(screen.getByTestId('activity-count')).toHaveTextContent('Showing 200 of 450');
    await user.click(screen.getByTestId('activity-load-older'));
    expect(bridge.inputsOf('listActivity').at(-1)).toMatchObject({ beforeId: 251, limit: 200 });
    expect(await screen.findByTestId('activity-count')).toHaveTextContent('Showing 400 of 450');
  });

  it('fetches the next older page when scrolled to the end, and stops asking after a failure', async () => {
    const bridge = new MemoryBridge({ activity: makeActivity(450) });
    await renderApp({ bridge, screen: 'activity' });
    await screen.findByTestId('activity-row-450');
    bridge.fail('listActivity', { code: 'state-db', message: 'The audit log cannot be read.' });
    const list = screen.getByTestId('activity-list');
    list.scrollTop = 200 * 64;
    fireEvent.scroll(list);
    expect(await screen.findByTestId('activity-error')).toHaveTextContent('The audit log cannot be read.');
    fireEvent.scroll(list);
    const older = bridge.inputsOf('listActivity').filter((q) => q.beforeId !== undefined);
    expect(older).toEqual([{ beforeId: 251, limit: 200 }]);

    bridge.succeed('listActivity');
    fireEvent.click(screen.getByTestId('activity-load-older'));
    expect(await screen.findByTestId('activity-count')).toHaveTextContent('Showing 400 of 450');
    expect(screen.queryByTestId('activity-error')).not.toBeInTheDocument();
  });

  it('adds live entries from events at the top', async () => {
    const { bridge } = await renderApp({ screen: 'activity' });
    await screen.findByTestId('activity-row-20');
    act(() =>
      bridge.emit({
        type: 'activity',
        entry: {
          id: 21,
          at: Date.now(),
          direction: 'in',
          operation: 'slot-booked',
          addressKey: 'd1@l1',
          outcome: 'ok',
          summary: 'Online booking for A*** B***',
          hasPatient: true,
        },
      }),
    );
    expect(screen.getAllByTestId(/^activity-row-/)[0]).toHaveAttribute('data-testid', 'activity-row-21');
    expect(screen.getByTestId('activity-count')).toHaveTextContent('Showing 21 of 21');
  });

  it('renders in Polish', async () => {
    const bridge = new MemoryBridge();
    bridge.state.settings = { ...bridge.state.settings, language: 'pl' };
    await renderApp({ bridge, screen: 'activity' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Aktywność' })).toBeInTheDocument();
    expect(await screen.findByTestId('activity-reveal-18')).toHaveTextContent('Pokaż nazwisko pacjenta');
  });
});
