// UI slice: which screen is shown, the UI language and the clinic's time zone used for every date. Until the
// settings say otherwise, the language is the browser's/OS's when the UI has it (`systemLanguage`), else English.
import { pickLanguage, type Language } from '../../shared/bridge';
import type { SliceCreator } from './store';

export const SCREENS = ['status', 'conflicts', 'mapping', 'activity', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface UiSlice {
  screen: Screen;
  language: string;
  /** The language picked from the browser/OS locales; used while no language was chosen in Settings. */
  systemLanguage: Language;
  timeZone: string;
  setScreen(screen: Screen): void;
  setLanguage(language: string): void;
}

export interface UiInitial {
  /** A fixed language (tests); otherwise the one picked from `languages`. */
  language?: string;
  /** The browser's/OS's preferred locales, most preferred first (navigator.languages). */
  languages?: readonly string[];
  timeZone?: string;
}

export const createUiSlice =
  (initial: UiInitial): SliceCreator<UiSlice> =>
  (set) => ({
    screen: 'status',
    systemLanguage: pickLanguage(initial.languages ?? []),
    language: initial.language ?? pickLanguage(initial.languages ?? []),
    timeZone: initial.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    setScreen: (screen) => set({ screen }),
    setLanguage: (language) => set({ language }),
  });
