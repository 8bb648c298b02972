// A labelled form control with its hint and its error (from SaveResult or local validation) tied to it.
import { useId, type ReactElement } from 'react';
import { cloneElement } from 'react';

interface FieldProps {
  label: string;
  hint?: string;
  error?: string;
  testId: string;
  children: ReactElement<Record<string, unknown>>;
}

export function Field({ label, hint, error, testId, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
        'data-testid': testId,
      })}
      {hint && (
        <p id={hintId} className="muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
