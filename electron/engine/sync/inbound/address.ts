// Finds the local calendar a notification is about, from the Docplanner address id it carries.
import type { LocalAddressKey } from '../../../../shared/canonical';
import type { AddressRef } from '../../docplanner/api';
import type { InboundDeps } from './deps';

export interface MappedAddress {
  addressKey: string;
  local: LocalAddressKey;
  ref: AddressRef;
}

export function mappedAddress(deps: InboundDeps, dpAddressId: string): MappedAddress | null {
  const link = deps.repos.mapping.getAddressByDpId(dpAddressId);
  return link ? { addressKey: link.addressKey, local: link.local, ref: link.ref } : null;
}
