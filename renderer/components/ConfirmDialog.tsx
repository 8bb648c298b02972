// "Are you sure?" for actions with consequences. Cancel comes first and gets the focus, so Enter on a
// dialog opened by mistake does nothing harmful.
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  onCancel: () => void;
  confirmDisabled?: boolean;
  testId?: string;
  confirmTestId?: string;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const t = useT();
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={props.title} onClose={props.onCancel} testId={props.testId}>
      <div className="dialog-body">{props.children}</div>
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void confirm()}
          disabled={busy || props.confirmDisabled}
          data-testid={props.confirmTestId}
        >
          {busy ? t('common.working') : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
