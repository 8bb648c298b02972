// Shows "loading…" or the error (with a retry button) until a screen's data is there, then the screen.
import type { ReactNode } from 'react';
import type { Load } from '../store/load';
import { useT } from '../i18n';
import { useErrorText } from '../i18n/error-text';

interface LoadGateProps<T> {
  load: Load<T>;
  retry: () => void;
  children: (data: T) => ReactNode;
  testId: string;
}

export function LoadGate<T>({ load, retry, children, testId }: LoadGateProps<T>) {
  const t = useT();
  const errorText = useErrorText();
  if (load.data !== null) {
    return (
      <>
        {load.error && (
          <ErrorBox message={errorText(load.error)} retry={retry} testId={`${testId}-error`} stale />
        )}
        {children(load.data)}
      </>
    );
  }
  if (load.phase === 'error' && load.error) {
    return <ErrorBox message={errorText(load.error)} retry={retry} testId={`${testId}-error`} />;
  }
  return (
    <p className="loading" role="status" data-testid={`${testId}-loading`}>
      {t('common.loading')}
    </p>
  );
}

function ErrorBox({
  message,
  retry,
  testId,
  stale,
}: {
  message: string;
  retry: () => void;
  testId: string;
  stale?: boolean;
}) {
  const t = useT();
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <p>
        <span aria-hidden="true">✕ </span>
        {t(stale ? 'common.load-failed-stale' : 'common.load-failed')} {message}
      </p>
      <button type="button" onClick={retry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
