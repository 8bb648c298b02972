// Local services ↔ Docplanner address services, per mapped doctor-at-location, with "Create on Docplanner…"
// for a service the Docplanner address does not offer yet.
import { useState } from 'react';
import type { Mapping, MappingView } from '../../../shared/bridge';
import { addressKeyId } from '../../../shared/canonical';
import { useT } from '../../i18n';
import { useApp } from '../../store/store';
import { errorAt, matchesSearch, type MappingSectionProps } from './choices';
import { CreateServiceDialog, type CreateServiceTarget } from './CreateServiceDialog';
import { MappingRow, MappingTable } from './MappingRow';
import { useMappingErrors } from './use-mapping-errors';

export function ServiceSection({ view, draft, search }: MappingSectionProps) {
  const t = useT();
  const [creating, setCreating] = useState<CreateServiceTarget | null>(null);
  const mappedAddresses = view.local.addresses.flatMap((local) => {
    const link = draft.addresses.find((a) => addressKeyId(a.local) === addressKeyId(local));
    return link ? [{ key: addressKeyId(local), label: local.label, addressId: link.addressId }] : [];
  });

  return (
    <section aria-labelledby="mapping-services">
      <h2 id="mapping-services">{t('mapping.services')}</h2>
      {mappedAddresses.length === 0 ? (
        <p className="empty">{t('mapping.services-need-address')}</p>
      ) : view.local.services.length === 0 ? (
        <p className="empty">{t('mapping.no-services')}</p>
      ) : (
        mappedAddresses.map((address) => (
          <ServicesOfAddress
            key={address.key}
            view={view}
            draft={draft}
            search={search}
            address={address}
            onCreate={setCreating}
          />
        ))
      )}
      {creating && <CreateServiceDialog view={view} target={creating} onClose={() => setCreating(null)} />}
    </section>
  );
}

interface ServicesOfAddressProps {
  view: MappingView;
  draft: Mapping;
  search: string;
  address: { key: string; label: string; addressId: string };
  onCreate: (target: CreateServiceTarget) => void;
}

function ServicesOfAddress({ view, draft, search, address, onCreate }: ServicesOfAddressProps) {
  const t = useT();
  const errors = useMappingErrors();
  const linkService = useApp((s) => s.linkService);
  const choices = (view.remote.addressServices[address.addressId] ?? []).map((s) => ({
    value: s.id,
    label:
      s.durationMinutes === null
        ? s.name
        : `${s.name} (${t('mapping.minutes', { count: s.durationMinutes })})`,
  }));
  const nameOf = (id: string | undefined) => choices.find((c) => c.value === id)?.label;
  const linkIndex = (serviceId: string) =>
    draft.services.findIndex((x) => x.addressKey === address.key && x.localServiceId === serviceId);
  const rows = view.local.services.filter((service) =>
    matchesSearch(
      search,
      service.name,
      address.label,
      nameOf(draft.services[linkIndex(service.id)]?.addressServiceId),
    ),
  );
  if (rows.length === 0) return null;

  return (
    <div className="service-group">
      <h3>{address.label}</h3>
      <MappingTable caption={t('mapping.services-of', { name: address.label })}>
        {rows.map((service) => {
          const index = linkIndex(service.id);
          const suggestion = view.suggestions.services.find(
            (s) => s.addressKey === address.key && s.localServiceId === service.id,
          );
          const testId = `mapping-row-service-${address.key}-${service.id}`;
          return (
            <MappingRow
              key={service.id}
              testId={testId}
              localName={service.name}
              choices={choices}
              value={index === -1 ? null : draft.services[index]!.addressServiceId}
              onChange={(id) => linkService(address.key, service.id, id)}
              suggestion={
                suggestion
                  ? {
                      value: suggestion.addressServiceId,
                      label: nameOf(suggestion.addressServiceId) ?? suggestion.addressServiceId,
                    }
                  : null
              }
              error={index === -1 ? undefined : errorAt(errors, `services.${index}`)}
              extra={
                index === -1 && (
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      onCreate({ addressKey: address.key, addressLabel: address.label, service })
                    }
                    data-testid={`${testId}-create`}
                  >
                    {t('mapping.create')}
                  </button>
                )
              }
            />
          );
        })}
      </MappingTable>
    </div>
  );
}
