// Status slice: the engine's StatusSnapshot and the actions of the status screen (sync now, full resync,
// pause/resume, activation). Keeps the last snapshot when a reload fails, and records the failure so the
// screen never claims "in sync" while the sync service cannot be reached.
import type { ActivationPreview, BridgeApi, BridgeOutput, StatusSnapshot } from '../../shared/bridge';
import type { ActionResult } from '../../shared/bridge';
import { attempt, errorNotice, notLoaded, resultNotice, type Load, type Notice, type Result } from './load';
import type { SliceCreator } from './store';

export interface StatusSlice {
  status: Load<StatusSnapshot>;
  /** Date.now() when the last snapshot or event arrived (drives the fallback poll). */
  lastHeardAt: number;
  statusNotice: Notice | null;
  loadStatus(): Promise<void>;
  applyStatus(snapshot: StatusSnapshot): void;
  syncNow(addressKey?: string): Promise<void>;
  fullResync(): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  previewActivation(addressKey: string): Promise<Result<ActivationPreview>>;
  startActivation(addressKey: string): Promise<Result<BridgeOutput<'startActivation'>>>;
  dismissStatusNotice(): void;
}

export const createStatusSlice =
  (bridge: BridgeApi): SliceCreator<StatusSlice> =>
  (set, get) => {
    async function runAction(call: () => Promise<ActionResult>): Promise<void> {
      const result = await attempt(call);
      set({ statusNotice: result.ok ? resultNotice(result.value) : errorNotice(result.error) });
      await get().loadStatus();
    }

    return {
      status: notLoaded(),
      lastHeardAt: 0,
      statusNotice: null,
      async loadStatus() {
        set((s) => ({ status: { ...s.status, phase: s.status.data ? s.status.phase : 'loading' } }));
        const result = await attempt(() => bridge.getStatus(undefined));
        if (result.ok) get().applyStatus(result.value);
        else set((s) => ({ status: { ...s.status, phase: 'error', error: result.error } }));
      },
      applyStatus(snapshot) {
        set({
          status: { phase: 'ready', data: snapshot, error: null },
          lastHeardAt: Date.now(),
          openConflicts: snapshot.openConflicts,
        });
      },
      syncNow: (addressKey) => runAction(() => bridge.syncNow(addressKey ? { addressKey } : {})),
      fullResync: () => runAction(() => bridge.fullResync(undefined)),
      setPaused: (paused) => runAction(() => bridge.setPaused({ paused })),
      previewActivation: (addressKey) => attempt(() => bridge.previewActivation({ addressKey })),
      async startActivation(addressKey) {
        const result = await attempt(() => bridge.startActivation({ addressKey }));
        await get().loadStatus();
        return result;
      },
      dismissStatusNotice: () => set({ statusNotice: null }),
    };
  };
