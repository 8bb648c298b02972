// How the renderer finds its bridge: in Electron the preload exposes `window.bridge`; in a browser (headless
// host) we open ws(s)://<host>/bridge?token=<token from the page URL>. Either way the calls are validated.
import type { BridgeApi } from '../../shared/bridge';
import { BRIDGE_WS_PATH } from '../../shared/bridge-wire';
import { validatedBridge } from './validated';
import { createWebSocketBridge } from './ws-client';

declare global {
  interface Window {
    /** Exposed by electron/preload through contextBridge; absent in a plain browser. */
    bridge?: BridgeApi;
  }
}

export type FoundBridge = { ok: true; bridge: BridgeApi } | { ok: false; reason: 'no-token' };

export function bridgeUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return null;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${BRIDGE_WS_PATH}?token=${encodeURIComponent(token)}`;
}

export function findBridge(win: Window = window): FoundBridge {
  if (win.bridge) return { ok: true, bridge: validatedBridge(win.bridge) };
  const url = bridgeUrl(win.location);
  if (!url) return { ok: false, reason: 'no-token' };
  return { ok: true, bridge: createWebSocketBridge({ url }) };
}
