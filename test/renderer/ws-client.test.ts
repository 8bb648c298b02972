// The browser bridge over the headless host's WebSocket: request ids, validated answers and events, errors as
// { code, message }, waiting for the connection, failing in-flight calls on a drop, reconnecting with backoff.
import { BRIDGE_WS_PATH } from '../../shared/bridge-wire';
import { bridgeUrl } from '../../renderer/bridge/find-bridge';
import { createWebSocketBridge, defaultBackoff, type SocketLike } from '../../renderer/bridge/ws-client';
import { makeStatus } from './support/fixtures';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Array<{ id: number; method: string; input?: unknown }> = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  reply(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const delays: number[] = [];
  const bridge = createWebSocketBridge({
    url: 'ws://127.0.0.1:5000/bridge?token=abc',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    backoffMs: (attempt) => {
      delays.push(defaultBackoff(attempt));
      return 0;
    },
  });
  return { bridge, sockets, delays, socket: () => sockets.at(-1)! };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WebSocket bridge', () => {
  it('builds the bridge URL from the page URL and its token', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:5123', search: '?token=t%2Fk' })).toBe(
      `ws://127.0.0.1:5123${BRIDGE_WS_PATH}?token=t%2Fk`,
    );
    expect(bridgeUrl({ protocol: 'https:', host: 'clinic.local', search: '?token=x' })).toBe(
      'wss://clinic.local/bridge?token=x',
    );
    expect(bridgeUrl({ protocol: 'http:', host: 'h', search: '' })).toBeNull();
  });

  it('sends requests with ids once connected and resolves validated outputs', async () => {
    const { bridge, socket } = setup();
    const status = bridge.getStatus(undefined);
    const sync = bridge.syncNow({ addressKey: 'd1@l1' });
    await flush();
    expect(socket().sent).toEqual([]);
    socket().open();
    expect(socket().sent).toEqual([
      { id: 1, method: 'getStatus' },
      { id: 2, method: 'syncNow', input: { addressKey: 'd1@l1' } },
    ]);
    socket().reply({ id: 2, ok: true, output: { ok: true, message: 'Sync started.' } });
    socket().reply({ id: 1, ok: true, output: makeStatus() });
    await expect(sync).resolves.toEqual({ ok: true, message: 'Sync started.' });
    await expect(status).resolves.toMatchObject({ state: 'in-sync' });
  });

  it('rejects with the server’s { code, message }', async () => {
    const { bridge, socket } = setup();
    socket().open();
    const call = bridge.fullResync(undefined);
    await flush();
    socket().reply({ id: 1, ok: false, error: { code: 'viewer', message: 'Only RECEPTION-2 can do this.' } });
    await expect(call).rejects.toMatchObject({ code: 'viewer', message: 'Only RECEPTION-2 can do this.' });
  });

  it('refuses an output that does not match the schema', async () => {
    const { bridge, socket } = setup();
    socket().open();
    const call = bridge.getStatus(undefined);
    await flush();
    socket().reply({ id: 1, ok: true, output: { state: 'fine' } });
    await expect(call).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('refuses an invalid input without sending it', async () => {
    const { bridge, socket } = setup();
    socket().open();
    await expect(bridge.previewActivation({ addressKey: '' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(socket().sent).toEqual([]);
  });

  it('delivers valid events and ignores malformed messages', () => {
    const { bridge, socket } = setup();
    socket().open();
    const events: unknown[] = [];
    const stop = bridge.onEvent((e) => events.push(e));
    socket().reply({ event: { type: 'conflicts-changed', open: 2 } });
    socket().reply({ event: { type: 'conflicts-changed', open: 'two' } });
    socket().onmessage?.({ data: 'not json' });
    stop();
    socket().reply({ event: { type: 'conflicts-changed', open: 3 } });
    expect(events).toEqual([{ type: 'conflicts-changed', open: 2 }]);
  });

  it('fails calls in flight when the connection drops, then reconnects with growing backoff', async () => {
    const { bridge, sockets, delays, socket } = setup();
    socket().open();
    const call = bridge.syncNow({});
    await flush();
    socket().drop();
    await expect(call).rejects.toMatchObject({ code: 'disconnected' });
    await flush();
    expect(sockets).toHaveLength(2);
    socket().drop();
    await flush();
    expect(sockets).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
    socket().open();
    const next = bridge.setPaused({ paused: true });
    await flush();
    expect(socket().sent).toEqual([{ id: 2, method: 'setPaused', input: { paused: true } }]);
    socket().reply({ id: 2, ok: true, output: { ok: true, message: 'Paused.' } });
    await expect(next).resolves.toEqual({ ok: true, message: 'Paused.' });
    // A successful connection resets the backoff.
    socket().drop();
    await flush();
    expect(delays.at(-1)).toBe(500);
    bridge.close();
  });

  it('fails waiting calls when the connection cannot be opened, and calls made while disconnected', async () => {
    const sockets: FakeSocket[] = [];
    const bridge = createWebSocketBridge({
      url: 'ws://127.0.0.1:5000/bridge?token=abc',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      backoffMs: () => 60_000, // the next attempt is far away
    });
    const waiting = bridge.getStatus(undefined);
    sockets[0]!.drop();
    await expect(waiting).rejects.toMatchObject({ code: 'disconnected' });
    await expect(bridge.getStatus(undefined)).rejects.toMatchObject({ code: 'disconnected' });
    expect(sockets[0]!.sent).toEqual([]);
    bridge.close();
  });
});
