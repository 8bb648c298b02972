// IPC handlers for the bridge: one `ipcMain.handle` per bridgeMethods entry. Each checks that the calling frame
// is our app:// page, validates the payload (zod), calls the engine, validates the output, and answers with an
// envelope `{ ok, output } | { ok: false, error: { code, message } }`. Engine events go to the window.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  BRIDGE_EVENT_CHANNEL,
  BridgeEventSchema,
  bridgeChannel,
  bridgeMethods,
  type BridgeApi,
  type BridgeMethod,
} from '../../shared/bridge';
import type { IpcEnvelope } from '../preload/ipc-envelope';
import { dispatch } from '../headless/host/dispatch';
import type { Logger } from './logger';
import { isAppUrl } from './protocol';

export const BRIDGE_METHOD_NAMES = Object.keys(bridgeMethods) as BridgeMethod[];

export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame !== undefined && isAppUrl(frame.url);
}

export interface IpcOptions {
  bridge: BridgeApi;
  log: Logger;
  /** Called after a successful call (e.g. to apply new settings such as start-on-login). */
  afterCall?: (method: BridgeMethod, output: unknown) => void;
}

/** Registers the handlers; returns a function that removes them. */
export function registerBridgeIpc(options: IpcOptions): () => void {
  for (const method of BRIDGE_METHOD_NAMES) {
    ipcMain.handle(bridgeChannel(method), async (event, payload: unknown): Promise<IpcEnvelope> => {
      if (!isTrustedSender(event)) {
        options.log.warn(`Refused ${method} from an untrusted frame.`);
        return { ok: false, error: { code: 'forbidden', message: 'This page may not use the bridge.' } };
      }
      const result = await dispatch(options.bridge, method, payload);
      if (!result.ok) {
        if (result.status === 500)
          options.log.error(`${method} failed: ${result.error.code}`, result.error.message);
        return { ok: false, error: result.error };
      }
      options.afterCall?.(method, result.output);
      return { ok: true, output: result.output };
    });
  }
  return () => {
    for (const method of BRIDGE_METHOD_NAMES) ipcMain.removeHandler(bridgeChannel(method));
  };
}

/** Sends each valid engine event to the window's page; returns the unsubscribe function. */
export function forwardBridgeEvents(
  bridge: BridgeApi,
  target: () => WebContents | null,
  log: Logger,
): () => void {
  return bridge.onEvent((event) => {
    const checked = BridgeEventSchema.safeParse(event);
    if (!checked.success) {
      log.warn('Dropped an invalid bridge event.');
      return;
    }
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(BRIDGE_EVENT_CHANNEL, checked.data);
  });
}
