// One row of the mapping screen: the clinic's item, the Docplanner choice, an unmapped mark, an optional
// suggestion to accept, extra actions and the field error from the last save.
import { useId, type ReactNode } from 'react';
import { useT } from '../../i18n';

export interface Choice {
  value: string;
  label: string;
}

interface MappingRowProps {
  testId: string;
  localName: string;
  choices: Choice[];
  value: string | null;
  onChange: (value: string | null) => void;
  suggestion: Choice | null;
  error: string | undefined;
  extra?: ReactNode;
}

export function MappingRow(props: MappingRowProps) {
  const t = useT();
  const selectId = useId();
  const errorId = useId();
  const mapped = props.value !== null;
  const known = props.value === null || props.choices.some((c) => c.value === props.value);

  return (
    <tr data-testid={props.testId} data-mapped={mapped} className={mapped ? undefined : 'unmapped'}>
      <th scope="row">
        <label htmlFor={selectId}>{props.localName}</label>
      </th>
      <td>
        <select
          id={selectId}
          value={props.value ?? ''}
          onChange={(e) => props.onChange(e.target.value || null)}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? errorId : undefined}
          data-testid={`${props.testId}-select`}
        >
          <option value="">{t('mapping.not-mapped-option')}</option>
          {!known && props.value && (
            <option value={props.value}>{t('mapping.unknown-id', { id: props.value })}</option>
          )}
          {props.choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        {props.error && (
          <p id={errorId} className="field-error" data-testid={`${props.testId}-error`}>
            {props.error}
          </p>
        )}
      </td>
      <td>
        {mapped ? (
          <span className="mark tone-ok">
            <span aria-hidden="true">✓ </span>
            {t('mapping.mapped')}
          </span>
        ) : (
          <span className="mark tone-warn" data-testid={`${props.testId}-unmapped`}>
            <span aria-hidden="true">⚠ </span>
            {t('mapping.not-mapped')}
          </span>
        )}
        {!mapped && props.suggestion && (
          <div className="suggestion">
            {t('mapping.suggested', { name: props.suggestion.label })}{' '}
            <button
              type="button"
              onClick={() => props.onChange(props.suggestion!.value)}
              data-testid={`${props.testId}-accept`}
            >
              {t('mapping.accept')}
            </button>
          </div>
        )}
        {props.extra}
      </td>
    </tr>
  );
}

export function MappingTable({ caption, children }: { caption: string; children: ReactNode }) {
  const t = useT();
  return (
    <table className="mapping-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('mapping.col.clinic')}</th>
          <th scope="col">{t('mapping.col.docplanner')}</th>
          <th scope="col">{t('mapping.col.state')}</th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
