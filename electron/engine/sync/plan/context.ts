// What planning needs to know about one mapped address: its Docplanner ids, the service and insurance links, and
// the clinic's time zone. Built from the state DB once per pass; plain data so the planners stay pure.
import type { AddressRef } from '../../docplanner/api';
import type { ClinicTime } from '../../practice/time';
import type { Repos } from '../../store/repos';

export interface AddressPlanContext {
  addressKey: string;
  ref: AddressRef;
  /** Local service id → address service id. */
  services: Map<string, string>;
  /** Local insurance id → Docplanner provider (and plan). */
  insurance: Map<string, { providerId: string; planId: string | null }>;
  time: ClinicTime;
}

/** The context of a mapped address, or null when the address is not mapped. */
export function addressContext(
  repos: Repos,
  addressKey: string,
  time: ClinicTime,
): AddressPlanContext | null {
  const link = repos.mapping.getAddress(addressKey);
  if (!link) return null;
  return {
    addressKey,
    ref: link.ref,
    services: repos.mapping.serviceLinks(addressKey),
    insurance: repos.mapping.insuranceLinks(),
    time,
  };
}
