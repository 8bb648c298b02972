// Field errors of a SaveResult in the UI language: a field path whose error came with a code (errorCodes) is
// translated like any engine message; one without shows the engine's English as it came.
import { useMemo } from 'react';
import type { MessageRef } from '../../shared/bridge';
import { useEngineText, type EngineMessage } from './engine-text';

export type FieldCodes = Record<string, MessageRef>;

/** The error of `path` as an engine message (English text, with its code when there is one). */
export function fieldMessage(errors: Record<string, string>, codes: FieldCodes, path: string): EngineMessage {
  return { text: errors[path] ?? '', ...codes[path] };
}

export function fieldErrorsText(
  errors: Record<string, string>,
  codes: FieldCodes,
  text: (m: EngineMessage) => string,
): Record<string, string> {
  return Object.fromEntries(
    Object.keys(errors).map((path) => [path, text(fieldMessage(errors, codes, path))]),
  );
}

/** The field errors in the UI language, by path. */
export function useFieldErrors(errors: Record<string, string>, codes: FieldCodes): Record<string, string> {
  const engine = useEngineText();
  return useMemo(() => fieldErrorsText(errors, codes, engine.text), [errors, codes, engine.text]);
}
