// Local insurances ↔ Docplanner insurance providers.
import { useT } from '../../i18n';
import { useApp } from '../../store/store';
import { errorAt, matchesSearch, type MappingSectionProps } from './choices';
import { MappingRow, MappingTable } from './MappingRow';
import { useMappingErrors } from './use-mapping-errors';

export function InsuranceSection({ view, draft, search }: MappingSectionProps) {
  const t = useT();
  const errors = useMappingErrors();
  const linkInsurance = useApp((s) => s.linkInsurance);
  const choices = view.remote.insuranceProviders.map((p) => ({ value: p.id, label: p.name }));
  const nameOf = (id: string | undefined) => choices.find((c) => c.value === id)?.label;
  const rows = view.local.insurances.filter((local) =>
    matchesSearch(
      search,
      local.name,
      nameOf(draft.insurances.find((x) => x.localInsuranceId === local.id)?.insuranceProviderId),
    ),
  );

  return (
    <section aria-labelledby="mapping-insurances">
      <h2 id="mapping-insurances">{t('mapping.insurances')}</h2>
      {view.local.insurances.length === 0 ? (
        <p className="empty">{t('mapping.no-insurances')}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{t('mapping.no-match')}</p>
      ) : (
        <MappingTable caption={t('mapping.insurances')}>
          {rows.map((local) => {
            const index = draft.insurances.findIndex((x) => x.localInsuranceId === local.id);
            const suggestion = view.suggestions.insurances.find((s) => s.localInsuranceId === local.id);
            return (
              <MappingRow
                key={local.id}
                testId={`mapping-row-insurance-${local.id}`}
                localName={local.name}
                choices={choices}
                value={index === -1 ? null : draft.insurances[index]!.insuranceProviderId}
                onChange={(providerId) => linkInsurance(local.id, providerId)}
                suggestion={
                  suggestion
                    ? {
                        value: suggestion.insuranceProviderId,
                        label: nameOf(suggestion.insuranceProviderId) ?? suggestion.insuranceProviderId,
                      }
                    : null
                }
                error={index === -1 ? undefined : errorAt(errors, `insurances.${index}`)}
              />
            );
          })}
        </MappingTable>
      )}
    </section>
  );
}
