// Progress of long work (activation feed, catch-up, reconciliation, full resync) with the time left.
import type { Progress } from '../../shared/bridge';
import { useFormat } from '../format/format';
import { useT } from '../i18n';

export function ProgressBar({ progress, testId }: { progress: Progress; testId?: string }) {
  const t = useT();
  const f = useFormat();
  const label = t(`progress.${progress.kind}`);
  const left =
    progress.etaSeconds === null
      ? t('progress.eta-unknown')
      : t('progress.eta', { time: f.duration(progress.etaSeconds) });
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress-text">
        <span>{label}</span>
        <span>
          {t('progress.done', { done: f.number(progress.done), total: f.number(progress.total) })} · {left}
        </span>
      </div>
      <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={label} />
    </div>
  );
}
