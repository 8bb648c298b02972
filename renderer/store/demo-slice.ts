// Demo slice: starting the built-in demo from the first-run screen and leaving it from the DEMO banner. After
// either, the status and the settings (language, clinic time zone) are read again: the window now shows
// another runtime (the demo's, or the unconfigured live one).
import type { BridgeApi } from '../../shared/bridge';
import { attempt, errorNotice, resultNotice, type Notice } from './load';
import type { SliceCreator } from './store';

export interface DemoSlice {
  /** What the demo is doing right now, if anything. */
  demoBusy: 'starting' | 'leaving' | null;
  /** The outcome of the last start or leave, when it did not work (shown beside the button). */
  demoNotice: Notice | null;
  startDemo(): Promise<void>;
  leaveDemo(): Promise<void>;
}

export const createDemoSlice =
  (bridge: BridgeApi): SliceCreator<DemoSlice> =>
  (set, get) => {
    async function run(busy: 'starting' | 'leaving', call: () => ReturnType<BridgeApi['startDemo']>) {
      if (get().demoBusy) return;
      set({ demoBusy: busy, demoNotice: null });
      const result = await attempt(call);
      const notice = result.ok ? resultNotice(result.value) : errorNotice(result.error);
      set({ demoNotice: notice.tone === 'error' ? notice : null });
      await Promise.all([get().loadStatus(), get().loadSettings()]);
      set({ demoBusy: null, screen: 'status' });
    }

    return {
      demoBusy: null,
      demoNotice: null,
      startDemo: () => run('starting', () => bridge.startDemo(undefined)),
      leaveDemo: () => run('leaving', () => bridge.stopDemo(undefined)),
    };
  };
