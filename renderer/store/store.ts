// The one zustand store of the renderer, made of slices (status, conflicts, mapping, activity, settings, demo, ui).
// It is created with the bridge it talks to, so component tests pass an in-memory bridge.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BridgeApi } from '../../shared/bridge';
import { createActivitySlice, type ActivitySlice } from './activity-slice';
import { createConflictsSlice, type ConflictsSlice } from './conflicts-slice';
import { createDemoSlice, type DemoSlice } from './demo-slice';
import { createMappingSlice, type MappingSlice } from './mapping-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createStatusSlice, type StatusSlice } from './status-slice';
import { createUiSlice, type UiInitial, type UiSlice } from './ui-slice';

export type AppState = StatusSlice &
  ConflictsSlice &
  MappingSlice &
  ActivitySlice &
  SettingsSlice &
  DemoSlice &
  UiSlice;
export type AppStore = StoreApi<AppState>;
export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState']) => T;

export function createAppStore(bridge: BridgeApi, initial: UiInitial = {}) {
  return createStore<AppState>()((set, get) => ({
    ...createStatusSlice(bridge)(set, get),
    ...createConflictsSlice(bridge)(set, get),
    ...createMappingSlice(bridge)(set, get),
    ...createActivitySlice(bridge)(set, get),
    ...createSettingsSlice(bridge)(set, get),
    ...createDemoSlice(bridge)(set, get),
    ...createUiSlice(initial)(set, get),
  }));
}

export const StoreContext = createContext<AppStore | null>(null);

/** The app store given by <StoreContext.Provider> (for reading state inside effects). */
export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp needs a StoreContext.Provider');
  return store;
}

/** Reads from the app store given by <StoreContext.Provider>. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}
