// The headless host's WebSocket bridge, for real over 127.0.0.1: upgrade checks, calls, errors, event fan-out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../electron/headless/host';
import { WireServerMessageSchema } from '../../shared/bridge-wire';
import { openSocket, type TestSocket } from './support/client';
import { createMemoryBridge, sampleStatus, type MemoryBridge } from './support/memory-bridge';

let host: HeadlessHost;
let bridge: MemoryBridge;
const open: TestSocket[] = [];
const TOKEN = 'socket-token';

const wsUrl = (token = TOKEN) => `ws://127.0.0.1:${host.port}/bridge?token=${token}`;
async function connect(headers: Record<string, string> = {}): Promise<TestSocket> {
  const socket = await openSocket(wsUrl(), { Origin: `http://127.0.0.1:${host.port}`, ...headers });
  open.push(socket);
  return socket;
}

beforeEach(async () => {
  bridge = createMemoryBridge();
  host = await startHeadlessHost({ bridge, rendererDir: null, token: TOKEN, log: () => {} });
});
afterEach(async () => {
  for (const socket of open.splice(0)) socket.ws.terminate();
  await host.close();
});

describe('headless host: WebSocket upgrade', () => {
  it('refuses a missing or wrong token', async () => {
    await expect(openSocket(`ws://127.0.0.1:${host.port}/bridge`)).rejects.toThrow('401');
    await expect(openSocket(wsUrl('wrong'))).rejects.toThrow('401');
  });

  it('refuses another Origin and another Host even with the token', async () => {
    await expect(openSocket(wsUrl(), { Origin: 'https://evil.example' })).rejects.toThrow('403');
    await expect(openSocket(wsUrl(), { Host: 'evil.example' })).rejects.toThrow('403');
  });

  it('refuses paths other than /bridge', async () => {
    await expect(openSocket(`ws://127.0.0.1:${host.port}/other?token=${TOKEN}`)).rejects.toThrow('404');
  });

  it('accepts the page origin and a script without Origin', async () => {
    await expect(connect()).resolves.toBeDefined();
    const script = await openSocket(wsUrl());
    open.push(script);
    expect(script.ws.readyState).toBe(script.ws.OPEN);
  });
});

describe('headless host: WebSocket calls', () => {
  it('answers a call with its id and the validated output', async () => {
    const socket = await connect();
    socket.send({ id: 7, method: 'previewActivation', input: { addressKey: 'd1@l1' } });
    const reply = await socket.next((m) => m.id === 7);
    expect(WireServerMessageSchema.safeParse(reply).success).toBe(true);
    expect(reply).toMatchObject({ id: 7, ok: true, output: { addressKey: 'd1@l1', writes: 75 } });
  });

  it('keeps concurrent calls apart by id', async () => {
    const socket = await connect();
    socket.send({ id: 1, method: 'syncNow', input: { addressKey: 'a@b' } });
    socket.send({ id: 2, method: 'syncNow', input: {} });
    const [one, two] = await Promise.all([socket.next((m) => m.id === 1), socket.next((m) => m.id === 2)]);
    expect(one).toMatchObject({ ok: true, output: { message: 'Sync started for a@b.' } });
    expect(two).toMatchObject({ ok: true, output: { message: 'Sync started.' } });
  });

  it('answers invalid input with invalid-input and does not call the engine', async () => {
    const socket = await connect();
    socket.send({ id: 3, method: 'setPaused', input: { paused: 'yes' } });
    const reply = await socket.next((m) => m.id === 3);
    expect(reply).toMatchObject({ id: 3, ok: false, error: { code: 'invalid-input' } });
    expect((reply.error as { message: string }).message).toContain('paused');
    expect(bridge.calls).toEqual([]);
  });

  it('answers an unknown method with not-found', async () => {
    const socket = await connect();
    socket.send({ id: 4, method: 'dropDatabase' });
    expect(await socket.next((m) => m.id === 4)).toEqual({
      id: 4,
      ok: false,
      error: { code: 'not-found', message: 'Unknown method "dropDatabase".' },
    });
  });

  it('reports engine errors as { code, message } only', async () => {
    bridge.override('fullResync', async () => {
      throw new Error('Docplanner is unreachable.');
    });
    const socket = await connect();
    socket.send({ id: 5, method: 'fullResync' });
    expect(await socket.next((m) => m.id === 5)).toEqual({
      id: 5,
      ok: false,
      error: { code: 'internal', message: 'Docplanner is unreachable.' },
    });
  });

  it('closes the socket on a message that is not JSON', async () => {
    const socket = await connect();
    socket.send('not json');
    expect((await socket.closed).code).toBe(1007);
  });

  it('closes the socket on a request without an id', async () => {
    const socket = await connect();
    socket.send({ method: 'getStatus' });
    expect((await socket.closed).code).toBe(1008);
  });
});

describe('headless host: events', () => {
  it('fans an engine event out to every connected socket', async () => {
    const a = await connect();
    const b = await connect();
    const status = sampleStatus({ state: 'syncing', pending: 4 });
    bridge.emit({ type: 'status', status });
    for (const socket of [a, b]) {
      expect(await socket.next((m) => 'event' in m)).toEqual({ event: { type: 'status', status } });
    }
  });

  it('drops an event that does not match the schema', async () => {
    const socket = await connect();
    bridge.emit({ type: 'conflicts-changed', open: 'many' } as never);
    bridge.emit({ type: 'conflicts-changed', open: 2 });
    expect(await socket.next((m) => 'event' in m)).toEqual({ event: { type: 'conflicts-changed', open: 2 } });
  });

  it('unsubscribes from the engine when closed', async () => {
    expect(bridge.listenerCount()).toBe(1);
    await host.close();
    expect(bridge.listenerCount()).toBe(0);
    host = await startHeadlessHost({ bridge, rendererDir: null, token: TOKEN, log: () => {} });
  });
});
