// The resource mapping as stored: local doctor@location ↔ Docplanner facility/doctor/address (with the address's
// activation state), local service ↔ address service per address, local insurance ↔ insurance provider/plan.
// The mapping service (sync/mapping/) validates before saving; this repo only stores and looks up.
import type { Mapping } from '../../../shared/bridge';
import { addressKeyId, type LocalAddressKey } from '../../../shared/canonical';
import type { AddressRef } from '../docplanner/api';
import type { StateDb } from './db';

export type Activation = 'inactive' | 'feeding' | 'active';

export interface AddressLinkRow {
  /** "doctorId@locationId". */
  addressKey: string;
  local: LocalAddressKey;
  ref: AddressRef;
  activation: Activation;
  activatedAt: number | null;
}

interface AddressRowDb {
  address_key: string;
  doctor_id: string;
  location_id: string;
  facility_id: string;
  dp_doctor_id: string;
  dp_address_id: string;
  activation: Activation;
  activated_at: number | null;
}

const toRow = (r: AddressRowDb): AddressLinkRow => ({
  addressKey: r.address_key,
  local: { doctorId: r.doctor_id, locationId: r.location_id },
  ref: { facilityId: r.facility_id, doctorId: r.dp_doctor_id, addressId: r.dp_address_id },
  activation: r.activation,
  activatedAt: r.activated_at,
});

export class MappingRepo {
  constructor(private readonly db: StateDb) {}

  /** The whole mapping in the bridge's shape. */
  getMapping(): Mapping {
    return {
      addresses: this.listAddresses().map((a) => ({
        local: a.local,
        facilityId: a.ref.facilityId,
        doctorId: a.ref.doctorId,
        addressId: a.ref.addressId,
      })),
      services: (
        this.db
          .prepare(
            'SELECT address_key, local_service_id, address_service_id FROM service_links ORDER BY address_key, local_service_id',
          )
          .all() as { address_key: string; local_service_id: string; address_service_id: string }[]
      ).map((r) => ({
        addressKey: r.address_key,
        localServiceId: r.local_service_id,
        addressServiceId: r.address_service_id,
      })),
      insurances: (
        this.db
          .prepare(
            'SELECT local_insurance_id, insurance_provider_id, insurance_plan_id FROM insurance_links ORDER BY local_insurance_id',
          )
          .all() as {
          local_insurance_id: string;
          insurance_provider_id: string;
          insurance_plan_id: string | null;
        }[]
      ).map((r) => ({
        localInsuranceId: r.local_insurance_id,
        insuranceProviderId: r.insurance_provider_id,
        insurancePlanId: r.insurance_plan_id,
      })),
    };
  }

  /**
   * Replaces the whole mapping in one transaction. Addresses kept with the same Docplanner address keep their
   * activation state; an address re-pointed to another Docplanner address starts inactive again.
   */
  replaceMapping(m: Mapping, now: number): void {
    this.db.transaction(() => {
      const before = new Map(this.listAddresses().map((a) => [a.addressKey, a]));
      this.db.prepare('DELETE FROM address_links').run();
      this.db.prepare('DELETE FROM service_links').run();
      this.db.prepare('DELETE FROM insurance_links').run();
      const insA = this.db.prepare(
        `INSERT INTO address_links (address_key, doctor_id, location_id, facility_id, dp_doctor_id, dp_address_id,
           activation, activated_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const a of m.addresses) {
        const key = addressKeyId(a.local);
        const old = before.get(key);
        const same = old && old.ref.addressId === a.addressId && old.ref.facilityId === a.facilityId;
        insA.run(
          key,
          a.local.doctorId,
          a.local.locationId,
          a.facilityId,
          a.doctorId,
          a.addressId,
          same ? old.activation : 'inactive',
          same ? old.activatedAt : null,
          now,
        );
      }
      const insS = this.db.prepare(
        'INSERT INTO service_links (address_key, local_service_id, address_service_id, updated_at) VALUES (?, ?, ?, ?)',
      );
      for (const s of m.services) insS.run(s.addressKey, s.localServiceId, s.addressServiceId, now);
      const insI = this.db.prepare(
        'INSERT INTO insurance_links (local_insurance_id, insurance_provider_id, insurance_plan_id, updated_at) VALUES (?, ?, ?, ?)',
      );
      for (const i of m.insurances)
        insI.run(i.localInsuranceId, i.insuranceProviderId, i.insurancePlanId, now);
    })();
  }

  listAddresses(): AddressLinkRow[] {
    return (this.db.prepare('SELECT * FROM address_links ORDER BY address_key').all() as AddressRowDb[]).map(
      toRow,
    );
  }

  getAddress(addressKey: string): AddressLinkRow | null {
    const r = this.db.prepare('SELECT * FROM address_links WHERE address_key = ?').get(addressKey) as
      AddressRowDb | undefined;
    return r ? toRow(r) : null;
  }

  /** The local address mapped to a Docplanner address id (notifications carry only Docplanner ids). */
  getAddressByDpId(dpAddressId: string): AddressLinkRow | null {
    const r = this.db.prepare('SELECT * FROM address_links WHERE dp_address_id = ?').get(dpAddressId) as
      AddressRowDb | undefined;
    return r ? toRow(r) : null;
  }

  setActivation(addressKey: string, activation: Activation, now: number): void {
    this.db
      .prepare(
        `UPDATE address_links SET activation = ?, updated_at = ?,
           activated_at = CASE WHEN ? = 'inactive' THEN NULL ELSE COALESCE(activated_at, ?) END
         WHERE address_key = ?`,
      )
      .run(activation, now, activation, now, addressKey);
  }

  /** Local service id → address service id, for one address. */
  serviceLinks(addressKey: string): Map<string, string> {
    const rows = this.db
      .prepare('SELECT local_service_id, address_service_id FROM service_links WHERE address_key = ?')
      .all(addressKey) as { local_service_id: string; address_service_id: string }[];
    return new Map(rows.map((r) => [r.local_service_id, r.address_service_id]));
  }

  /** The local service mapped to an address service of an address, or null. */
  localServiceFor(addressKey: string, addressServiceId: string): string | null {
    const r = this.db
      .prepare('SELECT local_service_id FROM service_links WHERE address_key = ? AND address_service_id = ?')
      .get(addressKey, addressServiceId) as { local_service_id: string } | undefined;
    return r ? r.local_service_id : null;
  }

  /** Drops every link to an address service that no longer exists on Docplanner; returns how many. */
  removeServiceLinksTo(addressKey: string, addressServiceId: string): number {
    return this.db
      .prepare('DELETE FROM service_links WHERE address_key = ? AND address_service_id = ?')
      .run(addressKey, addressServiceId).changes;
  }

  setServiceLink(addressKey: string, localServiceId: string, addressServiceId: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO service_links (address_key, local_service_id, address_service_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(address_key, local_service_id) DO UPDATE SET address_service_id = excluded.address_service_id,
           updated_at = excluded.updated_at`,
      )
      .run(addressKey, localServiceId, addressServiceId, now);
  }

  /** Local insurance id → { provider, plan }. */
  insuranceLinks(): Map<string, { providerId: string; planId: string | null }> {
    const rows = this.db
      .prepare('SELECT local_insurance_id, insurance_provider_id, insurance_plan_id FROM insurance_links')
      .all() as {
      local_insurance_id: string;
      insurance_provider_id: string;
      insurance_plan_id: string | null;
    }[];
    return new Map(
      rows.map((r) => [
        r.local_insurance_id,
        { providerId: r.insurance_provider_id, planId: r.insurance_plan_id },
      ]),
    );
  }

  /** The local insurance mapped to a Docplanner insurance provider, or null. */
  localInsuranceFor(insuranceProviderId: string): string | null {
    const r = this.db
      .prepare('SELECT local_insurance_id FROM insurance_links WHERE insurance_provider_id = ? LIMIT 1')
      .get(insuranceProviderId) as { local_insurance_id: string } | undefined;
    return r ? r.local_insurance_id : null;
  }
}
