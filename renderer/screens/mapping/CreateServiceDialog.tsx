// "Create on Docplanner": adds a missing address service to a Docplanner address, from Docplanner's service
// dictionary (a list when the engine provides it, otherwise the dictionary id typed in).
import { useId, useState } from 'react';
import type { MappingView } from '../../../shared/bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useT } from '../../i18n';
import { useEngineText, type EngineMessage } from '../../i18n/engine-text';
import { useErrorText } from '../../i18n/error-text';
import { fieldMessage } from '../../i18n/field-errors';
import { useApp } from '../../store/store';

export interface CreateServiceTarget {
  addressKey: string;
  addressLabel: string;
  service: { id: string; name: string };
}

interface Props {
  view: MappingView;
  target: CreateServiceTarget;
  onClose: () => void;
}

export function CreateServiceDialog({ view, target, onClose }: Props) {
  const t = useT();
  const fieldId = useId();
  const createAddressService = useApp((s) => s.createAddressService);
  const errorText = useErrorText();
  const engine = useEngineText();
  const dictionary = view.remote.dictionaryServices ?? [];
  const [serviceId, setServiceId] = useState('');
  // The engine's words (translated when shown) or a renderer error already in the UI language.
  const [error, setError] = useState<EngineMessage | null>(null);

  return (
    <ConfirmDialog
      title={t('mapping.create-title', { name: target.service.name })}
      confirmLabel={t('mapping.create-confirm')}
      confirmDisabled={serviceId.trim() === ''}
      onCancel={onClose}
      onConfirm={async () => {
        const result = await createAddressService({
          addressKey: target.addressKey,
          localServiceId: target.service.id,
          serviceId: serviceId.trim(),
        });
        if (result.ok && result.value.ok) onClose();
        else if (!result.ok) setError({ text: errorText(result.error) });
        else {
          const { errors, errorCodes } = result.value;
          const path = Object.keys(errors)[0];
          setError(
            path === undefined
              ? { text: result.value.message, code: result.value.code, params: result.value.params }
              : fieldMessage(errors, errorCodes ?? {}, path),
          );
        }
      }}
      testId="create-service-dialog"
      confirmTestId="create-service-confirm"
    >
      <p>{t('mapping.create-explain', { service: target.service.name, address: target.addressLabel })}</p>
      <label htmlFor={fieldId}>{t('mapping.create-field')}</label>
      {dictionary.length > 0 ? (
        <select
          id={fieldId}
          value={serviceId}
          onChange={(e) => setServiceId(e.target.value)}
          data-testid="create-service-choice"
        >
          <option value="">{t('mapping.choose')}</option>
          {dictionary.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={fieldId}
          value={serviceId}
          onChange={(e) => setServiceId(e.target.value)}
          data-testid="create-service-choice"
        />
      )}
      {error && (
        <p className="field-error" role="alert">
          {engine.text(error)}
        </p>
      )}
    </ConfirmDialog>
  );
}
