// The one-line outcome of an action ("Sync started", "Could not save: …"), announced to screen readers.
import { useErrorText } from '../i18n/error-text';
import type { Notice } from '../store/load';

export function NoticeLine({ notice, testId }: { notice: Notice | null; testId?: string }) {
  const errorText = useErrorText();
  return (
    <p
      className={`notice${notice ? ` tone-${notice.tone === 'ok' ? 'ok' : 'bad'}` : ''}`}
      role="status"
      data-testid={testId}
    >
      {notice && (
        <>
          <span aria-hidden="true">{notice.tone === 'ok' ? '✓ ' : '✕ '}</span>
          {notice.code ? errorText({ code: notice.code, message: notice.text }) : notice.text}
        </>
      )}
    </p>
  );
}
