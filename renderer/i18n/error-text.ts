// Errors in the UI language: errors the renderer itself raises (connection lost, unreadable answer…) have
// catalog entries "error.<code>"; the engine's and the runtime's codes (ERROR_CODES in shared/message-codes.ts)
// have "msg.error.<code>"; anything else shows the engine's own plain-words message.
import { useCallback } from 'react';
import type { BridgeError } from '../../shared/bridge';
import { useApp } from '../store/store';
import type { Catalog, MessageKey } from './catalog';
import { errorInfoText } from './engine-text';
import { catalogFor, translate } from './index';

export function errorText(catalog: Catalog, error: Pick<BridgeError, 'code' | 'message'>): string {
  const key = `error.${error.code}`;
  return key in catalog.messages ? translate(catalog, key as MessageKey) : errorInfoText(catalog, error);
}

export function useErrorText(): (error: Pick<BridgeError, 'code' | 'message'>) => string {
  const language = useApp((s) => s.language);
  return useCallback((error) => errorText(catalogFor(language), error), [language]);
}
