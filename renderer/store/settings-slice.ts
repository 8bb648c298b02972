// Settings slice: the engine's Settings, saving (SaveResult field errors by path, e.g. "docplanner.clientId"),
// and "Test connection". The UI language and clinic time zone follow the saved settings; while no language was
// ever chosen, the UI keeps the one picked from the browser/OS locale (ui-slice `systemLanguage`) and the form
// offers it.
import type { BridgeApi, ConnectionTest, MessageRef, Settings, SettingsUpdate } from '../../shared/bridge';
import { attempt, errorNotice, notLoaded, resultNotice, type Load, type Notice } from './load';
import type { SliceCreator } from './store';

export interface SettingsSlice {
  settings: Load<Settings>;
  settingsErrors: Record<string, string>;
  /** The codes of `settingsErrors`, by the same paths. */
  settingsErrorCodes: Record<string, MessageRef>;
  settingsNotice: Notice | null;
  settingsSaving: boolean;
  connectionTest: Load<ConnectionTest>;
  loadSettings(): Promise<void>;
  saveSettings(update: SettingsUpdate): Promise<void>;
  testConnection(update: SettingsUpdate): Promise<void>;
}

export const createSettingsSlice =
  (bridge: BridgeApi): SliceCreator<SettingsSlice> =>
  (set, get) => ({
    settings: notLoaded(),
    settingsErrors: {},
    settingsErrorCodes: {},
    settingsNotice: null,
    settingsSaving: false,
    connectionTest: notLoaded(),
    async loadSettings() {
      set((s) => ({ settings: { ...s.settings, phase: 'loading' } }));
      const result = await attempt(() => bridge.getSettings(undefined));
      if (result.ok) {
        const chosen = result.value.languageChosen !== false;
        const language = chosen ? result.value.language : get().systemLanguage;
        set({
          settings: { phase: 'ready', data: { ...result.value, language }, error: null },
          language,
          timeZone: result.value.timeZone,
        });
      } else {
        set((s) => ({ settings: { ...s.settings, phase: 'error', error: result.error } }));
      }
    },
    async saveSettings(update) {
      set({ settingsSaving: true, settingsNotice: null });
      const result = await attempt(() => bridge.saveSettings(update));
      if (!result.ok) {
        set({ settingsSaving: false, settingsNotice: errorNotice(result.error) });
        return;
      }
      set({
        settingsSaving: false,
        settingsErrors: result.value.errors,
        settingsErrorCodes: result.value.errorCodes ?? {},
        settingsNotice: resultNotice(result.value),
      });
      if (result.value.ok) {
        const notice = get().settingsNotice;
        await get().loadSettings();
        set({ settingsNotice: notice });
      }
    },
    async testConnection(update) {
      set({ connectionTest: { phase: 'loading', data: null, error: null } });
      const result = await attempt(() => bridge.testConnection(update));
      set({
        connectionTest: result.ok
          ? { phase: 'ready', data: result.value, error: null }
          : { phase: 'error', data: null, error: result.error },
      });
    },
  });
