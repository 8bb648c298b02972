// The preload script (sandboxed, bundled to one CommonJS file): exposes exactly one object, `window.bridge`,
// the typed bridge API of shared/bridge.ts over IPC. Nothing else reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcBridge } from './bridge-client';

contextBridge.exposeInMainWorld('bridge', createIpcBridge(ipcRenderer));
