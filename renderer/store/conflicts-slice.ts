// Conflicts slice: the filtered list, the open count for the navigation badge, and resolving one conflict
// (the outcome is kept per conflict so the card can show what happened).
import type { BridgeApi, Conflict, ConflictKind, ResolveOutcome } from '../../shared/bridge';
import { attempt, errorNotice, notLoaded, resultNotice, type Load, type Notice, type Result } from './load';
import type { SliceCreator } from './store';

export interface ConflictFilter {
  status: 'open' | 'resolved' | 'all';
  kind: ConflictKind | null;
  addressKey: string | null;
}

export interface ConflictsSlice {
  conflictFilter: ConflictFilter;
  conflicts: Load<Conflict[]>;
  /** Open conflicts for the badge; null until the engine told us. */
  openConflicts: number | null;
  /** The outcome of the last resolution per conflict id. */
  outcomes: Record<string, Notice>;
  /** The last resolution's outcome, shown above the list (the card itself may leave an "open" list). */
  resolutionNotice: Notice | null;
  /** Who resolves conflicts on this PC (recorded with each resolution). */
  operatorName: string;
  loadConflicts(): Promise<void>;
  setConflictFilter(change: Partial<ConflictFilter>): Promise<void>;
  resolveConflict(id: string, action: string): Promise<Result<ResolveOutcome>>;
  setOperatorName(name: string): void;
  setOpenConflicts(count: number): void;
}

const OPERATOR_KEY = 'clinic-sync-desk.operator';

/** The name last used on this PC (kept in the window's local storage; not patient data). */
function rememberedOperator(): string {
  try {
    return localStorage.getItem(OPERATOR_KEY) ?? 'Reception';
  } catch {
    return 'Reception';
  }
}

export const createConflictsSlice =
  (bridge: BridgeApi): SliceCreator<ConflictsSlice> =>
  (set, get) => ({
    conflictFilter: { status: 'open', kind: null, addressKey: null },
    conflicts: notLoaded(),
    openConflicts: null,
    outcomes: {},
    resolutionNotice: null,
    operatorName: rememberedOperator(),
    async loadConflicts() {
      const { status, kind, addressKey } = get().conflictFilter;
      set((s) => ({ conflicts: { ...s.conflicts, phase: 'loading' } }));
      const result = await attempt(() =>
        bridge.listConflicts({ status, kind: kind ?? undefined, addressKey: addressKey ?? undefined }),
      );
      set((s) => ({
        conflicts: result.ok
          ? { phase: 'ready', data: result.value, error: null }
          : { ...s.conflicts, phase: 'error', error: result.error },
      }));
    },
    async setConflictFilter(change) {
      set((s) => ({ conflictFilter: { ...s.conflictFilter, ...change } }));
      await get().loadConflicts();
    },
    async resolveConflict(id, action) {
      const by = get().operatorName.trim() || 'Reception';
      const result = await attempt(() => bridge.resolveConflict({ id, action, by }));
      const outcome = result.ok ? resultNotice(result.value) : errorNotice(result.error);
      const conflict = get().conflicts.data?.find((c) => c.id === id);
      const lead = conflict?.summary
        ? { text: conflict.summary, code: conflict.summaryCode, params: conflict.summaryParams }
        : undefined;
      set((s) => ({
        outcomes: { ...s.outcomes, [id]: outcome },
        resolutionNotice: lead ? { ...outcome, lead } : outcome,
      }));
      if (result.ok) await get().loadConflicts();
      return result;
    },
    setOperatorName(name) {
      set({ operatorName: name });
      try {
        localStorage.setItem(OPERATOR_KEY, name);
      } catch {
        // storage unavailable: the name is kept for this session only
      }
    },
    setOpenConflicts: (count) => set({ openConflicts: count }),
  });
