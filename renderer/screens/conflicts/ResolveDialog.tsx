// Confirms one resolution option: repeats what it will do and records who chose it.
import { useId } from 'react';
import type { Conflict, ResolutionOption } from '../../../shared/bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useT } from '../../i18n';
import { useEngineText } from '../../i18n/engine-text';
import { useApp } from '../../store/store';
import { useConflictSummary } from './conflict-summary';

interface ResolveDialogProps {
  conflict: Conflict;
  option: ResolutionOption;
  onClose: () => void;
}

export function ResolveDialog({ conflict, option, onClose }: ResolveDialogProps) {
  const t = useT();
  const engine = useEngineText();
  const summary = useConflictSummary(conflict);
  const nameId = useId();
  const operatorName = useApp((s) => s.operatorName);
  const setOperatorName = useApp((s) => s.setOperatorName);
  const resolveConflict = useApp((s) => s.resolveConflict);

  return (
    <ConfirmDialog
      title={engine.actionLabel(option.action, option.label)}
      confirmLabel={t('conflicts.apply')}
      confirmDisabled={operatorName.trim() === ''}
      onCancel={onClose}
      onConfirm={async () => {
        await resolveConflict(conflict.id, option.action);
        onClose();
      }}
      testId="conflict-dialog"
      confirmTestId="conflict-confirm"
    >
      <p>{summary}</p>
      <p>
        <strong>{t('conflicts.will')}</strong> {engine.actionDescription(option.action, option.description)}
      </p>
      <label htmlFor={nameId}>{t('conflicts.your-name')}</label>
      <input
        id={nameId}
        value={operatorName}
        onChange={(e) => setOperatorName(e.target.value)}
        autoComplete="name"
        data-testid="conflict-operator"
      />
    </ConfirmDialog>
  );
}
