// Small shared shapes for the store: a remote value being loaded, and the result of one bridge call.
import type { ActionResult, BridgeError } from '../../shared/bridge';
import type { MessageParams } from '../../shared/message-codes';
import { toBridgeError } from '../bridge/errors';

export type Phase = 'idle' | 'loading' | 'ready' | 'error';

/** A value read over the bridge. `data` keeps the last good value while a reload runs or after it fails. */
export interface Load<T> {
  phase: Phase;
  data: T | null;
  error: BridgeError | null;
}
export const notLoaded = <T>(): Load<T> => ({ phase: 'idle', data: null, error: null });

export type Result<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** Runs one bridge call and never throws: failures become { ok: false, error: { code, message } }. */
export async function attempt<T>(call: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (thrown) {
    return { ok: false, error: toBridgeError(thrown) };
  }
}

/** Text the engine sent: English, with its message code and params when it has them (see i18n/engine-text). */
export interface CodedText {
  text: string;
  code?: string | undefined;
  params?: MessageParams | undefined;
}

/** A one-line message shown after an action: what happened, in plain words. */
export interface Notice {
  tone: 'ok' | 'error';
  text: string;
  /** The BridgeError code when the notice is a failed call (lets the UI translate renderer-side errors). */
  code?: string;
  /** The engine's message code and params of `text`, when the engine sent them. */
  message?: CodedText;
  /** Said first ("<lead>: <text>"), e.g. the conflict a resolution was for. */
  lead?: CodedText;
}

export const errorNotice = (error: BridgeError): Notice => ({
  tone: 'error',
  text: error.message,
  code: error.code,
});

/** The notice of an action's result (ok/failed, the engine's words and their code). */
export const resultNotice = (r: ActionResult): Notice => ({
  tone: r.ok ? 'ok' : 'error',
  text: r.message,
  message: { text: r.message, code: r.code, params: r.params },
});
