// The preload: exactly one object on window, built from the method table; inputs and outputs validated;
// listeners get the event alone, never the IpcRendererEvent.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_EVENT_CHANNEL, bridgeChannel, bridgeMethods, type BridgeApi } from '../../shared/bridge';
import { sampleStatus } from '../headless/support/memory-bridge';

vi.mock('electron', () => import('./support/fake-electron'));

const { contextBridge, ipcRenderer } = await import('./support/fake-electron');
await import('../../electron/preload/preload');

const exposed = contextBridge.exposeInMainWorld.mock.calls;
const bridge = exposed[0]![1] as BridgeApi;

beforeEach(() => {
  ipcRenderer.invoke.mockReset();
  ipcRenderer.removeAllListeners();
});

describe('preload', () => {
  it('exposes exactly one object, window.bridge, with the table’s methods and onEvent', () => {
    expect(exposed).toHaveLength(1);
    expect(exposed[0]![0]).toBe('bridge');
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(bridgeMethods), 'onEvent'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('invokes the method’s channel with the validated input and returns the validated output', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, output: { ok: true, message: 'Sync started.' } });
    await expect(bridge.syncNow({ addressKey: 'd1@l1' })).resolves.toEqual({
      ok: true,
      message: 'Sync started.',
    });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(bridgeChannel('syncNow'), { addressKey: 'd1@l1' });
  });

  it('applies input defaults before sending', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, output: [] });
    await bridge.listConflicts({});
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(bridgeChannel('listConflicts'), { status: 'open' });
  });

  it('refuses invalid input without sending anything', async () => {
    await expect(bridge.setPaused({ paused: 'yes' } as never)).rejects.toEqual({
      code: 'invalid-input',
      message: expect.stringContaining('paused'),
    });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('rejects with the main process’s { code, message }', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'forbidden', message: 'No.' } });
    await expect(bridge.fullResync(undefined)).rejects.toEqual({ code: 'forbidden', message: 'No.' });
  });

  it('refuses an output that does not match the schema', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, output: { state: 'bogus' } });
    await expect(bridge.getStatus(undefined)).rejects.toMatchObject({ code: 'invalid-output' });
    ipcRenderer.invoke.mockResolvedValueOnce('garbage');
    await expect(bridge.getStatus(undefined)).rejects.toMatchObject({ code: 'invalid-output' });
  });

  it('calls listeners with the validated event only, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.onEvent(listener);
    const ipcEvent = { sender: { send: vi.fn() }, senderFrame: {} };
    const status = sampleStatus();
    ipcRenderer.emit(BRIDGE_EVENT_CHANNEL, ipcEvent, { type: 'status', status });
    ipcRenderer.emit(BRIDGE_EVENT_CHANNEL, ipcEvent, { type: 'unknown' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ type: 'status', status }]);
    unsubscribe();
    expect(ipcRenderer.listenerCount(BRIDGE_EVENT_CHANNEL)).toBe(0);
    ipcRenderer.emit(BRIDGE_EVENT_CHANNEL, ipcEvent, { type: 'conflicts-changed', open: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
