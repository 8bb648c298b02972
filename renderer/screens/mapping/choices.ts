// Turns a MappingView into the choices the mapping screen offers and the lookups it needs (pure functions).
import type { Mapping, MappingView } from '../../../shared/bridge';
import { addressKeyId } from '../../../shared/canonical';

/** What every section of the mapping screen is given: the view, the edited draft and the search text. */
export interface MappingSectionProps {
  view: MappingView;
  draft: Mapping;
  search: string;
}

export interface RemoteAddressOption {
  facilityId: string;
  doctorId: string;
  addressId: string;
  label: string;
}

/** Every Docplanner address as "Doctor — Address (Facility)". */
export function remoteAddressOptions(view: MappingView): RemoteAddressOption[] {
  return view.remote.facilities.flatMap((facility) =>
    facility.doctors.flatMap((doctor) =>
      doctor.addresses.map((address) => ({
        facilityId: facility.id,
        doctorId: doctor.id,
        addressId: address.id,
        label: `${doctor.name} — ${address.name} (${facility.name})`,
      })),
    ),
  );
}

/** The first error whose path is `prefix` or lies below it ("services.2" matches "services.2.addressServiceId"). */
export function errorAt(errors: Record<string, string>, prefix: string): string | undefined {
  const key = Object.keys(errors).find((k) => k === prefix || k.startsWith(`${prefix}.`));
  return key === undefined ? undefined : errors[key];
}

/** Errors that belong to no row (shown in a list above the sections). */
export function generalErrors(errors: Record<string, string>): Array<[string, string]> {
  return Object.entries(errors).filter(([path]) => !/^(addresses|services|insurances)\.\d+(\.|$)/.test(path));
}

export function matchesSearch(search: string, ...texts: Array<string | undefined | null>): boolean {
  const needle = search.trim().toLowerCase();
  return needle === '' || texts.some((text) => text?.toLowerCase().includes(needle));
}

/** How many suggested links are not in the draft yet. */
export function pendingSuggestions(draft: Mapping, suggestions: Mapping): number {
  const addresses = suggestions.addresses.filter(
    (s) => !draft.addresses.some((a) => addressKeyId(a.local) === addressKeyId(s.local)),
  ).length;
  const services = suggestions.services.filter(
    (s) =>
      !draft.services.some((x) => x.addressKey === s.addressKey && x.localServiceId === s.localServiceId),
  ).length;
  const insurances = suggestions.insurances.filter(
    (s) => !draft.insurances.some((x) => x.localInsuranceId === s.localInsuranceId),
  ).length;
  return addresses + services + insurances;
}
