// Reads both catalogs the mapping screen shows: the local one from the practice adapter, and Docplanner's
// (facilities → doctors → addresses, each address's services, the insurance dictionary). A failed remote read
// gives an empty catalog with the error in plain words and its code, never an exception.
import type { LocalCatalog, RemoteCatalog } from '../../../../shared/bridge';
import type { DocplannerApi } from '../../docplanner/api';
import type { PracticeAdapter } from '../../practice/adapter';
import { errorCodeOf } from '../error-code';
import { plainError } from '../outbound/sender';

export function readLocalCatalog(practice: PracticeAdapter): LocalCatalog {
  return {
    doctors: practice.listDoctors().map((d) => ({ id: d.id, name: d.name })),
    locations: practice.listLocations().map((l) => ({ id: l.id, name: l.name })),
    services: practice
      .listServices()
      .map((s) => ({ id: s.id, name: s.name, defaultDurationMinutes: s.defaultDurationMinutes })),
    insurances: practice.listInsurances().map((i) => ({ id: i.id, name: i.name })),
    addresses: practice
      .listAddresses()
      .map((a) => ({ doctorId: a.doctorId, locationId: a.locationId, label: a.label })),
  };
}

export async function readRemoteCatalog(api: DocplannerApi, now: number): Promise<RemoteCatalog> {
  const o = { priority: 2 as const };
  try {
    const facilities: RemoteCatalog['facilities'] = [];
    const addressServices: RemoteCatalog['addressServices'] = {};
    for (const f of await api.getFacilities(o)) {
      const doctors: RemoteCatalog['facilities'][number]['doctors'] = [];
      for (const d of await api.getDoctors(f.id, o)) {
        const addresses = await api.getAddresses(f.id, d.id, o);
        doctors.push({
          id: d.id,
          name: [d.name, d.surname].filter(Boolean).join(' '),
          addresses: addresses.map((a) => ({
            id: a.id,
            name: a.name || [a.street, a.city_name].filter(Boolean).join(', ') || a.id,
            commercial: a.commercial_type === undefined || a.commercial_type === 'premium',
          })),
        });
        for (const a of addresses) {
          const list = await api.getAddressServices({ facilityId: f.id, doctorId: d.id, addressId: a.id }, o);
          addressServices[a.id] = list.map((s) => ({
            id: s.id,
            name: s.custom_name || s.name,
            durationMinutes: s.duration ?? null,
          }));
        }
      }
      facilities.push({ id: f.id, name: f.name, doctors });
    }
    const insuranceProviders = (await api.getInsuranceProviders(o)).map((p) => ({
      id: p.insurance_provider_id,
      name: p.name,
    }));
    return { facilities, addressServices, insuranceProviders, readAt: now, error: null, errorCode: null };
  } catch (e) {
    return {
      facilities: [],
      addressServices: {},
      insuranceProviders: [],
      readAt: null,
      error: plainError(e),
      errorCode: errorCodeOf(e) ?? 'internal',
    };
  }
}
