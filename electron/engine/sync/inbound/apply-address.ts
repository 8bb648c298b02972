// Address and address-service notifications: keep the service mapping true to Docplanner. A deleted address
// service that practice services are mapped to loses those links (Docplanner would refuse slots naming it) and
// raises 'mapping-vanished'; an unassigned mapped address raises it too. The rest is recorded.
import { msg } from '../../../../shared/message-codes';
import type { TypedNotification } from '../../docplanner/schemas';
import type { InboxEntry } from '../../store/inbox';
import { mappingVanished } from '../conflicts/drafts';
import { mappedAddress } from './address';
import type { InboundDeps } from './deps';
import { applied, conflict, ignored, type HandlerOutcome } from './outcome';

type ServiceNotification = Extract<
  TypedNotification,
  { name: 'address-service-created' | 'address-service-changed' | 'address-service-deleted' }
>;
type AddressNotification = Extract<
  TypedNotification,
  { name: 'address-assigned' | 'address-unassigned' | 'address-commercial-type-changed' }
>;

export function applyAddressService(
  deps: InboundDeps,
  entry: InboxEntry,
  n: ServiceNotification,
): HandlerOutcome {
  const addr = mappedAddress(deps, n.data.address.id);
  const s = n.data.address_service;
  const name = s.custom_name || s.name;
  if (!addr)
    return ignored(null, `Service "${name}" changed on an unmapped Docplanner address; nothing to do.`, {
      message: msg('activity.in.service-unmapped-address', { service: name }),
    });
  const mappedLocal = [...deps.repos.mapping.serviceLinks(addr.addressKey)]
    .filter(([, addressServiceId]) => addressServiceId === s.id)
    .map(([local]) => local);
  switch (n.name) {
    case 'address-service-created':
      return applied(addr.addressKey, `Docplanner service "${name}" was added; map it to offer it online.`, {
        message: msg('activity.in.service-added', { service: name }),
      });
    case 'address-service-changed':
      if (mappedLocal.length > 0) deps.onMappingChanged?.(addr.addressKey);
      return applied(
        addr.addressKey,
        `Docplanner service "${name}" was changed${mappedLocal.length ? ' (it is mapped; availability is re-checked)' : ''}.`,
        {
          message: msg(
            mappedLocal.length ? 'activity.in.service-changed-mapped' : 'activity.in.service-changed',
            {
              service: name,
            },
          ),
        },
      );
    case 'address-service-deleted': {
      if (mappedLocal.length === 0) {
        return ignored(addr.addressKey, `Docplanner service "${name}" was deleted; it was not mapped.`, {
          message: msg('activity.in.service-deleted-unmapped', { service: name }),
        });
      }
      deps.repos.mapping.removeServiceLinksTo(addr.addressKey, s.id);
      deps.onMappingChanged?.(addr.addressKey);
      const names = deps.practice
        .listServices()
        .filter((l) => mappedLocal.includes(l.id))
        .map((l) => l.name);
      return conflict(
        mappingVanished({
          context: {
            addressKey: addr.addressKey,
            inboxId: entry.id,
            ref: addr.ref,
            what: 'address-service',
            addressServiceId: s.id,
            localServiceIds: mappedLocal,
            service: {
              serviceId: s.service_id ?? null,
              name,
              duration: s.duration ?? null,
              price: s.price ?? null,
              isPriceFrom: s.is_price_from ?? null,
              isVisible: s.is_visible ?? null,
            },
          },
          localServiceNames: names,
        }),
        `Docplanner service "${name}" was deleted while mapped.`,
      );
    }
  }
}

export function applyAddress(deps: InboundDeps, entry: InboxEntry, n: AddressNotification): HandlerOutcome {
  const dpId = n.data.address.id;
  const addr = mappedAddress(deps, dpId);
  switch (n.name) {
    case 'address-assigned':
      return applied(addr?.addressKey ?? null, `Docplanner address ${dpId} was assigned to the doctor.`, {
        message: msg('activity.in.address-assigned', { address: dpId }),
      });
    case 'address-commercial-type-changed': {
      const type = (n.data.address as Record<string, unknown>).commercial_type;
      const note =
        addr && typeof type === 'string' && type !== 'premium' ? ' Its calendar cannot be synchronised.' : '';
      return applied(
        addr?.addressKey ?? null,
        `Docplanner address ${dpId} is now ${typeof type === 'string' ? type : 'of another commercial type'}.${note}`,
        {
          message:
            typeof type === 'string'
              ? msg(note ? 'activity.in.address-type-unsyncable' : 'activity.in.address-type', {
                  address: dpId,
                  type,
                })
              : msg('activity.in.address-type-other', { address: dpId }),
        },
      );
    }
    case 'address-unassigned':
      if (!addr)
        return ignored(null, `Docplanner address ${dpId} was unassigned; it was not mapped.`, {
          message: msg('activity.in.address-unassigned-unmapped', { address: dpId }),
        });
      return conflict(
        mappingVanished({
          context: {
            addressKey: addr.addressKey,
            inboxId: entry.id,
            ref: addr.ref,
            what: 'address',
            addressServiceId: null,
            localServiceIds: [],
            service: null,
          },
          localServiceNames: [],
        }),
        `Mapped Docplanner address ${dpId} was unassigned from the doctor.`,
      );
  }
}
