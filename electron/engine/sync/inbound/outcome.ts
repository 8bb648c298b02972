// What applying one notification came to. Handlers return it; the applier records it (inbox state + outcome
// text, audit row, conflict). Summaries never hold patient names: `patient` carries the name for the audit
// row's own column only. `message` is the summary's code for the UI (shared/message-codes.ts): instants and ids
// as params, never a patient.
import type { MessageRef } from '../../../../shared/message-codes';
import type { ConflictDraft } from '../conflicts/drafts';

interface Common {
  /** Receptionist-readable, no patient data. */
  summary: string;
  /** The summary's message code and params for the activity row (none: the applier's generic code). */
  message?: MessageRef;
  addressKey: string | null;
  /** Unmasked patient name for the audit row's `patient` column. */
  patient?: string | null;
  /** Open conflicts this change made moot (e.g. the patient canceled the booking they were about). */
  moot?: { conflictIds: string[]; outcome: string };
}

/** How a notification is applied: `overrideLocalEdits` when the receptionist chose the online side. */
export interface ApplyOptions {
  overrideLocalEdits?: boolean;
}

export type HandlerOutcome =
  | ({ kind: 'applied' } & Common)
  | ({ kind: 'ignored' } & Common)
  | ({ kind: 'conflict'; draft: ConflictDraft } & Common);

export const applied = (
  addressKey: string | null,
  summary: string,
  extra: Partial<Common> = {},
): HandlerOutcome => ({
  kind: 'applied',
  addressKey,
  summary,
  ...extra,
});
export const ignored = (
  addressKey: string | null,
  summary: string,
  extra: Partial<Common> = {},
): HandlerOutcome => ({
  kind: 'ignored',
  addressKey,
  summary,
  ...extra,
});
export const conflict = (
  draft: ConflictDraft,
  summary: string,
  extra: Partial<Common> = {},
): HandlerOutcome => ({
  kind: 'conflict',
  draft,
  addressKey: draft.addressKey,
  summary,
  ...extra,
});
