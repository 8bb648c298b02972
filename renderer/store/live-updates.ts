// Keeps the store current: engine events (status, conflicts-changed, activity) applied as they come, and a
// fallback getStatus poll whenever no status arrived for `pollMs` (a silent engine must not look "in sync").
import type { BridgeApi } from '../../shared/bridge';
import type { AppStore } from './store';

export function startLiveUpdates(store: AppStore, bridge: BridgeApi, pollMs = 5_000): () => void {
  const unsubscribe = bridge.onEvent((event) => {
    const state = store.getState();
    switch (event.type) {
      case 'status':
        state.applyStatus(event.status);
        break;
      case 'conflicts-changed':
        state.setOpenConflicts(event.open);
        if (state.conflicts.phase !== 'idle') void state.loadConflicts();
        break;
      case 'activity':
        state.addActivityEntry(event.entry);
        break;
    }
  });
  const timer = setInterval(() => {
    if (Date.now() - store.getState().lastHeardAt >= pollMs) void store.getState().loadStatus();
  }, pollMs);
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}
