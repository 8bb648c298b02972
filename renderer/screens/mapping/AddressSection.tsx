// Doctors at locations ↔ Docplanner addresses.
import { addressKeyId } from '../../../shared/canonical';
import { useT } from '../../i18n';
import { useApp } from '../../store/store';
import { errorAt, matchesSearch, remoteAddressOptions, type MappingSectionProps } from './choices';
import { MappingRow, MappingTable } from './MappingRow';
import { useMappingErrors } from './use-mapping-errors';

export function AddressSection({ view, draft, search }: MappingSectionProps) {
  const t = useT();
  const errors = useMappingErrors();
  const linkAddress = useApp((s) => s.linkAddress);
  const options = remoteAddressOptions(view);
  const choices = options.map((o) => ({ value: o.addressId, label: o.label }));
  const rows = view.local.addresses.filter((local) => {
    const link = draft.addresses.find((a) => addressKeyId(a.local) === addressKeyId(local));
    const linked = options.find((o) => o.addressId === link?.addressId);
    return matchesSearch(search, local.label, linked?.label);
  });

  return (
    <section aria-labelledby="mapping-addresses">
      <h2 id="mapping-addresses">{t('mapping.addresses')}</h2>
      {view.local.addresses.length === 0 ? (
        <p className="empty">{t('mapping.no-addresses')}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{t('mapping.no-match')}</p>
      ) : (
        <MappingTable caption={t('mapping.addresses')}>
          {rows.map((local) => {
            const key = addressKeyId(local);
            const index = draft.addresses.findIndex((a) => addressKeyId(a.local) === key);
            const suggestion = view.suggestions.addresses.find((s) => addressKeyId(s.local) === key);
            return (
              <MappingRow
                key={key}
                testId={`mapping-row-address-${key}`}
                localName={local.label}
                choices={choices}
                value={index === -1 ? null : draft.addresses[index]!.addressId}
                onChange={(addressId) => {
                  const option = options.find((o) => o.addressId === addressId);
                  linkAddress(
                    local,
                    option
                      ? {
                          facilityId: option.facilityId,
                          doctorId: option.doctorId,
                          addressId: option.addressId,
                        }
                      : null,
                  );
                }}
                suggestion={
                  suggestion
                    ? {
                        value: suggestion.addressId,
                        label:
                          options.find((o) => o.addressId === suggestion.addressId)?.label ??
                          suggestion.addressId,
                      }
                    : null
                }
                error={index === -1 ? undefined : errorAt(errors, `addresses.${index}`)}
              />
            );
          })}
        </MappingTable>
      )}
    </section>
  );
}
