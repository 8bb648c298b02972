// "Activate…": preview what the first feed would send (days, bookings, breaks, writes, time), show blockers
// that stop it, confirm, then start; progress then shows in the address row. Blockers, warnings and the start's
// result are the engine's words, shown in the UI language by their codes.
import { useEffect, useState } from 'react';
import type { ActivationPreview, AddressStatus, BridgeError } from '../../../shared/bridge';
import { Dialog } from '../../components/Dialog';
import { NoticeLine } from '../../components/NoticeLine';
import { useFormat } from '../../format/format';
import { useT } from '../../i18n';
import { useEngineText, type EngineMessage } from '../../i18n/engine-text';
import { errorNotice, resultNotice, type Notice } from '../../store/load';
import { useErrorText } from '../../i18n/error-text';
import { useApp } from '../../store/store';

type Step =
  | { name: 'loading' }
  | { name: 'failed'; error: BridgeError }
  | { name: 'preview'; preview: ActivationPreview }
  | { name: 'starting'; preview: ActivationPreview }
  | { name: 'started'; notice: Notice };

/** The preview's English lines with their codes when the engine sent them (an older engine sends only text). */
function withCodes(texts: string[], coded: EngineMessage[] | undefined): EngineMessage[] {
  return coded && coded.length === texts.length ? coded : texts.map((text) => ({ text }));
}

export function ActivationDialog({ address, onClose }: { address: AddressStatus; onClose: () => void }) {
  const t = useT();
  const f = useFormat();
  const previewActivation = useApp((s) => s.previewActivation);
  const startActivation = useApp((s) => s.startActivation);
  const errorText = useErrorText();
  const engine = useEngineText();
  const [step, setStep] = useState<Step>({ name: 'loading' });

  useEffect(() => {
    let current = true;
    void previewActivation(address.key).then((result) => {
      if (!current) return;
      setStep(
        result.ok ? { name: 'preview', preview: result.value } : { name: 'failed', error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [address.key, previewActivation]);

  async function start(preview: ActivationPreview) {
    setStep({ name: 'starting', preview });
    const result = await startActivation(address.key);
    setStep({
      name: 'started',
      notice: result.ok ? resultNotice(result.value) : errorNotice(result.error),
    });
  }

  const preview = step.name === 'preview' || step.name === 'starting' ? step.preview : null;

  return (
    <Dialog
      title={t('activation.title', { name: address.label })}
      onClose={onClose}
      testId="activation-dialog"
    >
      {step.name === 'loading' && <p role="status">{t('activation.loading')}</p>}
      {step.name === 'failed' && (
        <p role="alert" className="problem">
          {t('activation.preview-failed')} {errorText(step.error)}
        </p>
      )}
      {preview && (
        <div data-testid="activation-preview">
          <p>{t('activation.explain')}</p>
          <dl className="facts">
            <div>
              <dt>{t('activation.days')}</dt>
              <dd>
                {t('activation.days-value', {
                  days: preview.days,
                  withAvailability: preview.daysWithAvailability,
                })}
              </dd>
            </div>
            <div>
              <dt>{t('activation.bookings')}</dt>
              <dd>{f.number(preview.bookings)}</dd>
            </div>
            <div>
              <dt>{t('activation.breaks')}</dt>
              <dd>{f.number(preview.breaks)}</dd>
            </div>
            <div>
              <dt>{t('activation.writes')}</dt>
              <dd>{f.number(preview.writes)}</dd>
            </div>
            <div>
              <dt>{t('activation.eta')}</dt>
              <dd>{f.duration(preview.etaSeconds)}</dd>
            </div>
          </dl>
          {preview.blockers.length > 0 && (
            <div className="problem" role="alert" data-testid="activation-blockers">
              <p>{t('activation.blocked')}</p>
              <ul>
                {withCodes(preview.blockers, preview.blockerMessages).map((b, i) => (
                  <li key={i}>{engine.text(b)}</li>
                ))}
              </ul>
            </div>
          )}
          {preview.warnings.length > 0 && (
            <ul className="warnings">
              {withCodes(preview.warnings, preview.warningMessages).map((w, i) => (
                <li key={i}>
                  <span aria-hidden="true">⚠ </span>
                  {engine.text(w)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {step.name === 'started' && (
        <>
          <NoticeLine notice={step.notice} testId="activation-result" />
          {step.notice.tone === 'ok' && <p>{t('activation.progress-in-row')}</p>}
        </>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {step.name === 'started' ? t('common.close') : t('common.cancel')}
        </button>
        {preview && (
          <button
            type="button"
            className="primary"
            disabled={preview.blockers.length > 0 || step.name === 'starting'}
            onClick={() => void start(preview)}
            data-testid="activation-confirm"
          >
            {step.name === 'starting' ? t('common.working') : t('activation.start')}
          </button>
        )}
      </div>
    </Dialog>
  );
}
