// Translation lookup. Every file renderer/i18n/<lang>.ts that default-exports a Catalog is picked up here, so
// adding a Docplanner market's language means adding one file (and its code to LANGUAGES in shared/bridge.ts).
import { useCallback } from 'react';
import { useApp } from '../store/store';
import type { Catalog, MessageKey, MessageValue } from './catalog';
import en from './en';

const modules = import.meta.glob<{ default: Catalog }>(
  ['./*.ts', '!./index.ts', '!./catalog.ts', '!./error-text.ts', '!./engine-text.ts', '!./field-errors.ts'],
  {
    eager: true,
  },
);

export const catalogs: Record<string, Catalog> = Object.fromEntries(
  Object.values(modules).map((m) => [m.default.language, m.default]),
);

export function catalogFor(language: string): Catalog {
  return catalogs[language] ?? en;
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Looks a key up in a catalog (falling back to English) and fills in {placeholders}. */
export function translate(catalog: Catalog, key: MessageKey, params: Params = {}): string {
  const value: MessageValue = catalog.messages[key] ?? en.messages[key];
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else {
    const form = new Intl.PluralRules(catalog.locale).select(Number(params.count ?? 0));
    text = (form === 'one' || form === 'few' || form === 'many' ? value[form] : undefined) ?? value.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The translate function for the current UI language. */
export function useT(): Translate {
  const language = useApp((s) => s.language);
  return useCallback((key, params) => translate(catalogFor(language), key, params), [language]);
}

export type { MessageKey } from './catalog';
