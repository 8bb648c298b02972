// One conflict: what happened, both sides side by side (practice system | Docplanner), and the resolution
// options, each with its description; choosing one asks for confirmation. Shows the outcome afterwards.
// The engine's words (summary, details, options, outcome) are shown in the UI language by their codes.
import { useState } from 'react';
import type { Conflict, ConflictSide, ResolutionOption } from '../../../shared/bridge';
import { NoticeLine } from '../../components/NoticeLine';
import { useFormat } from '../../format/format';
import { useT } from '../../i18n';
import { useEngineText } from '../../i18n/engine-text';
import { useApp } from '../../store/store';
import { useConflictSummary } from './conflict-summary';
import { ResolveDialog } from './ResolveDialog';

export function ConflictCard({ conflict }: { conflict: Conflict }) {
  const t = useT();
  const f = useFormat();
  const engine = useEngineText();
  const summary = useConflictSummary(conflict);
  const outcome = useApp((s) => s.outcomes[conflict.id]);
  const addressLabel = useApp(
    (s) => s.status.data?.addresses.find((a) => a.key === conflict.addressKey)?.label ?? conflict.addressKey,
  );
  const [choosing, setChoosing] = useState<ResolutionOption | null>(null);
  const headingId = `conflict-${conflict.id}-title`;

  return (
    <article className="card" aria-labelledby={headingId} data-testid={`conflict-card-${conflict.id}`}>
      <div className="card-head">
        <h2 id={headingId}>{t(`conflict-kind.${conflict.kind}`)}</h2>
        <span className="muted">
          {addressLabel && `${addressLabel} · `}
          <time>{f.dateTime(conflict.createdAt)}</time>
        </span>
      </div>
      <p data-testid={`conflict-summary-${conflict.id}`}>{summary}</p>
      {(conflict.local || conflict.remote) && (
        <div className="sides">
          <SideView
            side={conflict.local}
            title={t('conflicts.side.pms')}
            testId={`conflict-local-${conflict.id}`}
          />
          <SideView
            side={conflict.remote}
            title={t('conflicts.side.docplanner')}
            testId={`conflict-remote-${conflict.id}`}
          />
        </div>
      )}
      {conflict.status === 'resolved' && conflict.resolution ? (
        <p className="resolved" data-testid={`conflict-resolution-${conflict.id}`}>
          <span aria-hidden="true">✓ </span>
          {t('conflicts.resolved-by', {
            by: conflict.resolution.by,
            time: f.dateTime(conflict.resolution.at),
          })}{' '}
          {engine.text({
            text: conflict.resolution.outcome,
            code: conflict.resolution.outcomeCode,
            params: conflict.resolution.outcomeParams,
          })}
        </p>
      ) : (
        <ul className="options" aria-label={t('conflicts.options')}>
          {conflict.options.map((option) => (
            <li key={option.action}>
              <button
                type="button"
                onClick={() => setChoosing(option)}
                aria-describedby={`${headingId}-${option.action}`}
                data-testid={`conflict-option-${conflict.id}-${option.action}`}
              >
                {engine.actionLabel(option.action, option.label)}
              </button>
              <span id={`${headingId}-${option.action}`} className="muted">
                {engine.actionDescription(option.action, option.description)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {outcome && conflict.status === 'open' && (
        <NoticeLine notice={outcome} testId={`conflict-outcome-${conflict.id}`} />
      )}
      {choosing && <ResolveDialog conflict={conflict} option={choosing} onClose={() => setChoosing(null)} />}
    </article>
  );
}

/** One side of a conflict, titled by its source (the practice system or Docplanner). */
function SideView({
  side,
  title: positionTitle,
  testId,
}: {
  side: ConflictSide | null;
  title: string;
  testId: string;
}) {
  const t = useT();
  const f = useFormat();
  const engine = useEngineText();
  const title = side
    ? t(side.source === 'pms' ? 'conflicts.side.pms' : 'conflicts.side.docplanner')
    : positionTitle;
  const time = !side?.start ? null : side.end ? f.instantRange(side.start, side.end) : f.instant(side.start);
  return (
    <section className="side" aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      {side === null ? (
        <p className="muted">{t('conflicts.side.nothing')}</p>
      ) : (
        <dl>
          <dt>{t('conflicts.field.time')}</dt>
          <dd>{time ?? '—'}</dd>
          <dt>{t('conflicts.field.patient')}</dt>
          <dd>{side.patient ?? '—'}</dd>
          <dt>{t('conflicts.field.service')}</dt>
          <dd>{side.service ?? '—'}</dd>
          {side.detail && (
            <>
              <dt>{t('conflicts.field.detail')}</dt>
              <dd>{engine.text({ text: side.detail, code: side.detailCode, params: side.detailParams })}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
