// A conflict's summary in the UI language (by its code), with the last failed attempt (and its cause) while open.
import type { Conflict } from '../../../shared/bridge';
import { useEngineText } from '../../i18n/engine-text';

/** A conflict's summary in the UI language, with the last failed attempt when it is still open. */
export function useConflictSummary(conflict: Conflict): string {
  const engine = useEngineText();
  const summary = engine.text({
    text: conflict.summary,
    code: conflict.summaryCode,
    params: conflict.summaryParams,
  });
  // The English summary (no code, or shown as the fallback) already ends with the failed attempt: the store adds it.
  if (!conflict.lastFailedAction || summary === conflict.summary) return summary;
  // With its cause when the engine recorded one; a code this window cannot show falls back to the plain line.
  const plain = {
    text: '',
    code: 'conflict.last-attempt-failed',
    params: { action: conflict.lastFailedAction },
  };
  const failed =
    (conflict.lastFailedCode &&
      engine.text({ text: '', code: conflict.lastFailedCode, params: conflict.lastFailedParams })) ||
    engine.text(plain);
  return failed ? `${summary} ${failed}` : summary;
}
