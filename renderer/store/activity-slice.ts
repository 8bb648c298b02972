// Activity slice: pages of the audit log (newest first, older pages fetched with beforeId), the filters, live
// entries from events, and the patient names the receptionist chose to reveal (per row, never in bulk).
import type { ActivityEntry, ActivityQuery, BridgeApi } from '../../shared/bridge';
import { attempt, type Phase } from './load';
import type { BridgeError } from '../../shared/bridge';
import type { SliceCreator } from './store';

export const ACTIVITY_PAGE_SIZE = 200;

export interface ActivityFilter {
  search: string;
  direction: ActivityEntry['direction'] | null;
  outcome: ActivityEntry['outcome'] | null;
}

export interface ActivityState {
  phase: Phase;
  entries: ActivityEntry[];
  total: number;
  error: BridgeError | null;
  loadingOlder: boolean;
}

export interface ActivitySlice {
  activityFilter: ActivityFilter;
  activity: ActivityState;
  /** Entry id → unmasked patient (null: the entry has none). Only rows revealed on request. */
  revealed: Record<number, string | null>;
  revealErrors: Record<number, string>;
  loadActivity(): Promise<void>;
  loadOlderActivity(): Promise<void>;
  setActivityFilter(change: Partial<ActivityFilter>): Promise<void>;
  revealActivity(id: number): Promise<void>;
  hideActivity(id: number): void;
  addActivityEntry(entry: ActivityEntry): void;
}

function toQuery(filter: ActivityFilter, beforeId?: number): ActivityQuery {
  return {
    search: filter.search.trim() || undefined,
    direction: filter.direction ?? undefined,
    outcome: filter.outcome ?? undefined,
    beforeId,
    limit: ACTIVITY_PAGE_SIZE,
  };
}

/** Whether a live entry belongs in the list under the current filter. */
export function matchesFilter(entry: ActivityEntry, filter: ActivityFilter): boolean {
  if (filter.direction && entry.direction !== filter.direction) return false;
  if (filter.outcome && entry.outcome !== filter.outcome) return false;
  const needle = filter.search.trim().toLowerCase();
  if (!needle) return true;
  return [entry.summary, entry.operation, entry.addressKey ?? ''].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

export const createActivitySlice =
  (bridge: BridgeApi): SliceCreator<ActivitySlice> =>
  (set, get) => {
    let generation = 0; // a newer filter wins over answers to an older one

    return {
      activityFilter: { search: '', direction: null, outcome: null },
      activity: { phase: 'idle', entries: [], total: 0, error: null, loadingOlder: false },
      revealed: {},
      revealErrors: {},
      async loadActivity() {
        const mine = ++generation;
        set((s) => ({ activity: { ...s.activity, phase: 'loading', error: null } }));
        const result = await attempt(() => bridge.listActivity(toQuery(get().activityFilter)));
        if (mine !== generation) return;
        set((s) => ({
          activity: result.ok
            ? {
                phase: 'ready',
                entries: result.value.entries,
                total: result.value.total,
                error: null,
                loadingOlder: false,
              }
            : { ...s.activity, phase: 'error', error: result.error },
        }));
      },
      async loadOlderActivity() {
        const { activity, activityFilter } = get();
        const last = activity.entries.at(-1);
        if (!last || activity.loadingOlder || activity.entries.length >= activity.total) return;
        const mine = generation;
        set((s) => ({ activity: { ...s.activity, loadingOlder: true } }));
        const result = await attempt(() => bridge.listActivity(toQuery(activityFilter, last.id)));
        if (mine !== generation) return;
        set((s) => ({
          activity: result.ok
            ? {
                ...s.activity,
                entries: [...s.activity.entries, ...result.value.entries],
                // An empty page means there is nothing older, whatever the total said.
                total: result.value.entries.length === 0 ? s.activity.entries.length : s.activity.total,
                loadingOlder: false,
                error: null,
              }
            : { ...s.activity, loadingOlder: false, error: result.error },
        }));
      },
      async setActivityFilter(change) {
        set((s) => ({ activityFilter: { ...s.activityFilter, ...change } }));
        await get().loadActivity();
      },
      async revealActivity(id) {
        const result = await attempt(() => bridge.revealActivity({ id }));
        if (result.ok) {
          set((s) => ({ revealed: { ...s.revealed, [id]: result.value.patient } }));
        } else {
          set((s) => ({ revealErrors: { ...s.revealErrors, [id]: result.error.message } }));
        }
      },
      hideActivity(id) {
        set((s) => {
          const revealed = { ...s.revealed };
          delete revealed[id];
          return { revealed };
        });
      },
      addActivityEntry(entry) {
        const { activity, activityFilter } = get();
        if (activity.phase !== 'ready' || !matchesFilter(entry, activityFilter)) return;
        if (activity.entries.some((e) => e.id === entry.id)) return;
        set({ activity: { ...activity, entries: [entry, ...activity.entries], total: activity.total + 1 } });
      },
    };
  };
