// UI slice: which screen is shown, the UI language and the clinic's time zone used for every date.
import type { SliceCreator } from './store';

export const SCREENS = ['status', 'conflicts', 'mapping', 'activity', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface UiSlice {
  screen: Screen;
  language: string;
  timeZone: string;
  setScreen(screen: Screen): void;
  setLanguage(language: string): void;
}

export const createUiSlice =
  (initial: { language?: string; timeZone?: string }): SliceCreator<UiSlice> =>
  (set) => ({
    screen: 'status',
    language: initial.language ?? 'en',
    timeZone: initial.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    setScreen: (screen) => set({ screen }),
    setLanguage: (language) => set({ language }),
  });
