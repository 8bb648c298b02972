// The one-line outcome of an action ("Sync started", "Could not save: …"), announced to screen readers.
// Engine words are shown in the UI language by their code (i18n/engine-text); renderer errors by theirs.
import { useEngineText } from '../i18n/engine-text';
import { useErrorText } from '../i18n/error-text';
import type { Notice } from '../store/load';

export function NoticeLine({ notice, testId }: { notice: Notice | null; testId?: string }) {
  const errorText = useErrorText();
  const engine = useEngineText();
  const main = !notice
    ? ''
    : notice.message
      ? engine.text(notice.message)
      : notice.code
        ? errorText({ code: notice.code, message: notice.text })
        : notice.text;
  const lead = notice?.lead ? `${engine.text(notice.lead).replace(/[.\s]+$/, '')}: ` : '';
  return (
    <p
      className={`notice${notice ? ` tone-${notice.tone === 'ok' ? 'ok' : 'bad'}` : ''}`}
      role="status"
      data-testid={testId}
    >
      {notice && (
        <>
          <span aria-hidden="true">{notice.tone === 'ok' ? '✓ ' : '✕ '}</span>
          {lead}
          {main}
        </>
      )}
    </p>
  );
}
