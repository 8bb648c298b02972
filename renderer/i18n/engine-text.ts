// Engine messages in the UI language. The engine sends a code from shared/message-codes.ts with typed params
// beside its English text; the catalog's `msg.<code>` gives the words, params are formatted here by their kind
// (instants in the clinic's time zone and the UI locale, calendar dates in the UI locale, nested status/error/
// message codes, actions as their option label). A missing or unknown code — or a nested one — shows the
// engine's English text unchanged.
import { useCallback } from 'react';
import {
  MESSAGES,
  isErrorCode,
  isMessageCode,
  isResolutionAction,
  type MessageParams,
  type ParamKind,
} from '../../shared/message-codes';
import {
  formatDate,
  formatInstant,
  formatTime,
  useFormatContext,
  type FormatContext,
} from '../format/format';
import type { Catalog, MessageKey } from './catalog';
import { catalogFor, translate } from './index';
import { useApp } from '../store/store';

/** Something the engine said: English text, and its code and params when it has them. */
export interface EngineMessage {
  text: string;
  code?: string | undefined;
  params?: MessageParams | undefined;
}

class Untranslatable extends Error {}

/** The words of `code` with `params`, or throws Untranslatable. */
function words(
  catalog: Catalog,
  ctx: FormatContext,
  code: string,
  params: MessageParams,
  depth: number,
): string {
  if (depth > 3 || !isMessageCode(code)) throw new Untranslatable();
  const kinds: Record<string, ParamKind> = MESSAGES[code];
  const filled: Record<string, string | number> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const value = params[name];
    if (value === undefined) throw new Untranslatable();
    filled[name] = param(catalog, ctx, kind, value, params, depth);
  }
  return translate(catalog, `msg.${code}` as MessageKey, filled);
}

function param(
  catalog: Catalog,
  ctx: FormatContext,
  kind: ParamKind,
  value: string | number,
  all: MessageParams,
  depth: number,
): string | number {
  switch (kind) {
    case 'count':
    case 'number':
      if (typeof value !== 'number') throw new Untranslatable();
      return value;
    case 'text':
      return String(value);
    case 'instant':
      return formatInstant(String(value), ctx);
    case 'time':
      return formatTime(String(value), ctx);
    case 'date':
      return formatDate(String(value), ctx);
    case 'status':
    case 'message':
      return words(catalog, ctx, String(value), all, depth + 1);
    case 'note':
      return value === '' ? '' : ` ${words(catalog, ctx, String(value), all, depth + 1)}`;
    case 'error':
      // Inside a sentence: the sentence's own punctuation follows, so the error's final full stop goes.
      if (!isErrorCode(String(value))) throw new Untranslatable();
      return translate(catalog, `msg.error.${value}` as MessageKey).replace(/[.\s]+$/, '');
    case 'action':
      if (!isResolutionAction(String(value))) throw new Untranslatable();
      return actionLabel(catalog, String(value));
  }
}

/** An engine message in the catalog's language; its English text when the code is missing or unknown. */
export function engineText(catalog: Catalog, ctx: FormatContext, m: EngineMessage): string {
  if (!m.code) return m.text;
  try {
    return words(catalog, ctx, m.code, m.params ?? {}, 0);
  } catch (e) {
    if (e instanceof Untranslatable) return m.text;
    throw e;
  }
}

/** An ErrorInfo (code + English message) in the catalog's language. */
export function errorInfoText(catalog: Catalog, error: { code: string; message: string }): string {
  return isErrorCode(error.code)
    ? translate(catalog, `msg.error.${error.code}` as MessageKey)
    : error.message;
}

/** A resolution option's label, translated by its action; the action itself for an unknown one. */
export function actionLabel(catalog: Catalog, action: string, fallback = action): string {
  return isResolutionAction(action) ? translate(catalog, `action.${action}` as MessageKey) : fallback;
}

/** What a resolution option will do, translated by its action. */
export function actionDescription(catalog: Catalog, action: string, fallback: string): string {
  return isResolutionAction(action)
    ? translate(catalog, `action.${action}.description` as MessageKey)
    : fallback;
}

/** The engine-text functions bound to the UI language and the clinic's time zone. */
export function useEngineText() {
  const language = useApp((s) => s.language);
  const ctx = useFormatContext();
  const catalog = catalogFor(language);
  return {
    text: useCallback((m: EngineMessage) => engineText(catalog, ctx, m), [catalog, ctx]),
    error: useCallback((e: { code: string; message: string }) => errorInfoText(catalog, e), [catalog]),
    actionLabel: useCallback(
      (action: string, fallback?: string) => actionLabel(catalog, action, fallback),
      [catalog],
    ),
    actionDescription: useCallback(
      (action: string, fallback: string) => actionDescription(catalog, action, fallback),
      [catalog],
    ),
  };
}
