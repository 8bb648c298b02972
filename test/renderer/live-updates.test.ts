// Live updates without React: engine events land in the store, and getStatus is polled only when no status
// has arrived for a poll period (virtual time: the assertions are about calls, not durations).
import { startLiveUpdates } from '../../renderer/store/live-updates';
import { createAppStore } from '../../renderer/store/store';
import { makeStatus } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';

beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 9) }));
afterEach(() => vi.useRealTimers());

describe('live updates', () => {
  it('polls getStatus when the engine is silent, and not while events keep coming', async () => {
    const bridge = new MemoryBridge();
    const store = createAppStore(bridge.api);
    const stop = startLiveUpdates(store, bridge.api, 5_000);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(bridge.inputsOf('getStatus')).toHaveLength(1);
    expect(store.getState().status.data?.state).toBe('in-sync');

    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(2_500);
      bridge.emit({ type: 'status', status: makeStatus({ state: 'syncing' }) });
      await vi.advanceTimersByTimeAsync(2_500);
    }
    expect(bridge.inputsOf('getStatus')).toHaveLength(1);
    expect(store.getState().status.data?.state).toBe('syncing');

    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(bridge.inputsOf('getStatus')).toHaveLength(1);
  });

  it('applies conflict counts and ignores activity until the list was loaded', async () => {
    const bridge = new MemoryBridge();
    const store = createAppStore(bridge.api);
    const stop = startLiveUpdates(store, bridge.api, 5_000);
    bridge.emit({ type: 'conflicts-changed', open: 4 });
    expect(store.getState().openConflicts).toBe(4);
    expect(bridge.inputsOf('listConflicts')).toHaveLength(0);
    const entry = {
      id: 99,
      at: 0,
      direction: 'in',
      operation: 'slot-booked',
      addressKey: null,
      outcome: 'ok',
      summary: 'x',
      hasPatient: false,
    } as const;
    bridge.emit({ type: 'activity', entry });
    expect(store.getState().activity.entries).toEqual([]);
    stop();
  });
});
