// The shape of a language catalog. English (en.ts) is the reference: every other catalog is typed against
// its keys, so a missing or misspelt key is a type error. Plural messages give Intl.PluralRules forms.
// English must also have every engine message code and resolution action of shared/message-codes.ts.
import type { MessageCode, ResolutionAction } from '../../shared/message-codes';
import type en from './en';

export interface Plural {
  one: string;
  few?: string;
  many?: string;
  other: string;
}
export type MessageValue = string | Plural;

type English = (typeof en)['messages'];
export type MessageKey = keyof English;
export type Messages = { [K in MessageKey]: English[K] extends string ? string : Plural };

export interface Catalog {
  /** Settings.language value, e.g. "pl". */
  language: string;
  /** The language's own name, for the language picker. */
  name: string;
  /** BCP 47 locale used with Intl for dates, numbers and plurals. */
  locale: string;
  messages: Messages;
}

/** The keys the engine's codes need: `msg.<code>`, and a label and description per resolution action. */
export type EngineKey =
  `msg.${MessageCode}` | `action.${ResolutionAction}` | `action.${ResolutionAction}.description`;
type MissingEngineKeys = Exclude<EngineKey, MessageKey>;
/** A type error here names the engine keys en.ts lacks (a code added to shared/message-codes.ts untranslated). */
export const ENGINE_KEYS_COMPLETE: [MissingEngineKeys] extends [never] ? true : MissingEngineKeys = true;
