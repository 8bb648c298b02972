// One audit-log entry: time, direction, operation, doctor-at-location, outcome and the summary — in the UI
// language by its message code (an older entry without one shows its stored English, with the patient masked);
// "Show name" reveals this one row's patient (asks the engine), "Hide" masks it again.
import type { ActivityEntry } from '../../../shared/bridge';
import { useFormat } from '../../format/format';
import { useT } from '../../i18n';
import { useEngineText } from '../../i18n/engine-text';
import { useApp } from '../../store/store';

export const ACTIVITY_ROW_HEIGHT = 64;

const OUTCOME_TONE: Record<ActivityEntry['outcome'], string> = {
  ok: 'ok',
  failed: 'bad',
  unknown: 'warn',
  skipped: 'wait',
};
const OUTCOME_ICON: Record<ActivityEntry['outcome'], string> = {
  ok: '✓',
  failed: '✕',
  unknown: '?',
  skipped: '–',
};
const DIRECTION_ICON: Record<ActivityEntry['direction'], string> = { out: '→', in: '←', local: '•' };

interface ActivityRowProps {
  entry: ActivityEntry;
  position: number;
  total: number;
  top: number;
}

export function ActivityRow({ entry, position, total, top }: ActivityRowProps) {
  const t = useT();
  const f = useFormat();
  const engine = useEngineText();
  const summary = engine.text({ text: entry.summary, code: entry.code, params: entry.params });
  const revealed = useApp((s) => (entry.id in s.revealed ? s.revealed[entry.id] : undefined));
  const revealError = useApp((s) => s.revealErrors[entry.id]);
  const reveal = useApp((s) => s.revealActivity);
  const hide = useApp((s) => s.hideActivity);
  const addressLabel = useApp(
    (s) => s.status.data?.addresses.find((a) => a.key === entry.addressKey)?.label ?? entry.addressKey,
  );

  return (
    <div
      role="listitem"
      aria-posinset={position}
      aria-setsize={total}
      className="activity-row"
      style={{ transform: `translateY(${top}px)`, height: ACTIVITY_ROW_HEIGHT }}
      data-testid={`activity-row-${entry.id}`}
      data-outcome={entry.outcome}
    >
      <div className="activity-meta">
        <time>{f.dateTime(entry.at)}</time>
        <span>
          <span aria-hidden="true">{DIRECTION_ICON[entry.direction]} </span>
          {t(`direction.${entry.direction}`)}
        </span>
        <code>{entry.operation}</code>
        {addressLabel && <span className="muted">{addressLabel}</span>}
        <span className={`badge tone-${OUTCOME_TONE[entry.outcome]}`}>
          <span aria-hidden="true">{OUTCOME_ICON[entry.outcome]} </span>
          {t(`outcome.${entry.outcome}`)}
        </span>
      </div>
      <div className="activity-summary">
        <span title={summary}>{summary}</span>
        {revealed !== undefined && (
          <strong data-testid={`activity-patient-${entry.id}`}>
            {' '}
            {t('activity.patient', { name: revealed ?? t('activity.no-patient') })}
          </strong>
        )}
        {revealError && <span className="field-error"> {revealError}</span>}
        {entry.hasPatient &&
          (revealed === undefined ? (
            <button
              type="button"
              className="link"
              onClick={() => void reveal(entry.id)}
              data-testid={`activity-reveal-${entry.id}`}
            >
              {t('activity.reveal')}
            </button>
          ) : (
            <button
              type="button"
              className="link"
              onClick={() => hide(entry.id)}
              data-testid={`activity-hide-${entry.id}`}
            >
              {t('activity.hide')}
            </button>
          ))}
      </div>
    </div>
  );
}
