// The bridge's IPC handlers: sender check, payload validation, pass-through to the engine, event forwarding.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeChannel, bridgeMethods, BRIDGE_EVENT_CHANNEL } from '../../shared/bridge';
import { createMemoryBridge, sampleStatus, type MemoryBridge } from '../headless/support/memory-bridge';

vi.mock('electron', () => import('./support/fake-electron'));

const { ipcMain, FakeWebContents } = await import('./support/fake-electron');
const { registerBridgeIpc, forwardBridgeEvents } = await import('../../electron/main/ipc');

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
let bridge: MemoryBridge;
let unregister: () => void;

const fromFrame = (url: string | null) => ({ senderFrame: url === null ? null : { url } });
const call = (channel: string, event: unknown, payload: unknown) =>
  ipcMain.handlers.get(channel)!(event, payload);

beforeEach(() => {
  unregister?.();
  bridge = createMemoryBridge();
  log.warn.mockClear();
  unregister = registerBridgeIpc({ bridge, log });
});

describe('bridge IPC', () => {
  it('registers one handler per bridge method, and removes them', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(bridgeMethods)
        .map((m) => bridgeChannel(m as keyof typeof bridgeMethods))
        .sort(),
    );
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    unregister = registerBridgeIpc({ bridge, log });
  });

  it('passes a valid call from the app page through to the engine', async () => {
    const reply = await call(bridgeChannel('setPaused'), fromFrame('app://renderer/index.html'), {
      paused: true,
    });
    expect(reply).toEqual({ ok: true, output: { ok: true, message: 'Paused.' } });
    expect(bridge.calls).toEqual([{ method: 'setPaused', input: { paused: true } }]);
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a file page', 'file:///tmp/index.html'],
    ['a look-alike app origin', 'app://evil/index.html'],
    ['the headless host', 'http://127.0.0.1:5000/'],
    ['a destroyed frame', null],
  ])('rejects a call from %s without calling the engine', async (_name, url) => {
    const reply = await call(bridgeChannel('fullResync'), fromFrame(url), undefined);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(bridge.calls).toEqual([]);
    expect(log.warn).toHaveBeenCalled();
  });

  it('rejects a malformed payload with invalid-input, without calling the engine', async () => {
    const reply = (await call(bridgeChannel('resolveConflict'), fromFrame('app://renderer/'), {
      id: 42,
      action: 'keep',
    })) as { ok: boolean; error: { code: string; message: string } };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('invalid-input');
    expect(reply.error.message).toMatch(/id.*by|by.*id/s);
    expect(bridge.calls).toEqual([]);
  });

  it('answers engine failures with { code, message } only', async () => {
    bridge.override('syncNow', async () => {
      throw Object.assign(new Error('Offline.'), { code: 'offline', stack: 'secret stack' });
    });
    const reply = await call(bridgeChannel('syncNow'), fromFrame('app://renderer/'), {});
    expect(reply).toEqual({ ok: false, error: { code: 'offline', message: 'Offline.' } });
  });

  it('tells the shell after a successful call (to apply settings)', async () => {
    unregister();
    const afterCall = vi.fn();
    unregister = registerBridgeIpc({ bridge, log, afterCall });
    await call(bridgeChannel('saveSettings'), fromFrame('app://renderer/'), { nope: true });
    expect(afterCall).not.toHaveBeenCalled();
    await call(bridgeChannel('getStatus'), fromFrame('app://renderer/'), undefined);
    expect(afterCall).toHaveBeenCalledWith('getStatus', expect.objectContaining({ state: 'in-sync' }));
  });
});

describe('bridge events to the window', () => {
  it('sends valid events on the event channel and drops invalid ones', () => {
    const contents = new FakeWebContents();
    forwardBridgeEvents(bridge, () => contents as never, log);
    bridge.emit({ type: 'conflicts-changed', open: 'x' } as never);
    const status = sampleStatus({ openConflicts: 2 });
    bridge.emit({ type: 'status', status });
    expect(contents.sent).toEqual([{ channel: BRIDGE_EVENT_CHANNEL, payload: { type: 'status', status } }]);
  });

  it('does nothing when the window is gone', () => {
    const contents = new FakeWebContents();
    contents.destroyed = true;
    forwardBridgeEvents(bridge, () => contents as never, log);
    bridge.emit({ type: 'conflicts-changed', open: 1 });
    expect(contents.sent).toEqual([]);
  });
});
