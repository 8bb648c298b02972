// Builds the renderer's BridgeApi generically from the bridgeMethods table over Electron IPC: inputs validated
// before sending, envelopes and outputs validated on return, events validated and handed to listeners alone
// (never the IpcRendererEvent). Failures reject with a plain BridgeError `{ code, message }`: contextBridge
// keeps only the message of an Error, but copies plain objects whole.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { z } from 'zod';
import {
  BRIDGE_EVENT_CHANNEL,
  BridgeEventSchema,
  bridgeChannel,
  bridgeMethods,
  type BridgeApi,
  type BridgeError,
  type BridgeEvent,
  type BridgeMethod,
} from '../../shared/bridge';
import { IpcEnvelopeSchema } from './ipc-envelope';

type IpcLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
}

function fail(code: string, message: string): Promise<never> {
  const error: BridgeError = { code, message };
  return Promise.reject(error);
}

function callFor(ipc: IpcLike, method: BridgeMethod) {
  const schemas = bridgeMethods[method] as { input: z.ZodType; output: z.ZodType };
  return async (input: unknown): Promise<unknown> => {
    const parsedInput = schemas.input.safeParse(input);
    if (!parsedInput.success) {
      return fail('invalid-input', `Invalid input for ${method}: ${describeIssues(parsedInput.error)}`);
    }
    const envelope = IpcEnvelopeSchema.safeParse(await ipc.invoke(bridgeChannel(method), parsedInput.data));
    if (!envelope.success) return fail('invalid-output', `Unexpected reply to ${method}.`);
    if (!envelope.data.ok) return fail(envelope.data.error.code, envelope.data.error.message);
    const output = schemas.output.safeParse(envelope.data.output);
    if (!output.success)
      return fail('invalid-output', `The engine returned an invalid result for ${method}.`);
    return output.data;
  };
}

export function createIpcBridge(ipc: IpcLike): BridgeApi {
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(bridgeMethods) as BridgeMethod[]) api[method] = callFor(ipc, method);
  api.onEvent = (listener: (event: BridgeEvent) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => {
      const checked = BridgeEventSchema.safeParse(payload);
      if (checked.success) listener(checked.data);
    };
    ipc.on(BRIDGE_EVENT_CHANNEL, handler);
    return () => {
      ipc.removeListener(BRIDGE_EVENT_CHANNEL, handler);
    };
  };
  return api as BridgeApi;
}
