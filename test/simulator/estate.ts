// The estate: facilities → doctors → addresses → address services, the services and insurance dictionaries,
// which API clients may see which facility, and the seed spec (zod) that builds it. Ids are strings, given or
// generated from one counter so a seeded run is reproducible.
import { z } from 'zod';
import type { AddressCalendar } from './calendar';
import { SimError } from './errors';

export type CommercialType = 'premium' | 'saas-only' | 'basic';
export type InsuranceSupport = 'private' | 'insurance' | 'private_and_insurance';

export interface SimAddressService {
  id: string;
  addressId: string;
  serviceId: string | null;
  name: string;
  duration: number;
  price: number | null;
  isPriceFrom: boolean;
  isDefault: boolean;
  description: string | null;
  isVisible: boolean;
  allowedPatients: { minimum_age: number | null; maximum_age: number | null } | null;
  customName: string | null;
}

export interface SimAddress {
  id: string;
  doctorId: string;
  facilityId: string;
  name: string;
  street: string;
  cityName: string;
  postCode: string;
  commercialType: CommercialType;
  calendarStatus: 'enabled' | 'disabled';
  isOnlineOnly: boolean;
  visitPayment: boolean;
  insuranceSupport: InsuranceSupport;
  services: Map<string, SimAddressService>;
  /** provider id → linked plan ids */
  insuranceProviders: Map<string, string[]>;
  calendar: AddressCalendar;
}

export interface SimDoctor {
  id: string;
  facilityId: string;
  name: string;
  surname: string;
  addressIds: string[];
}

export interface SimFacility {
  id: string;
  name: string;
  /** API clients allowed to see it; null = every client. */
  clients: string[] | null;
  doctorIds: string[];
}

export interface SimInsuranceProvider {
  id: string;
  name: string;
  plans: { id: string; name: string }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Seed spec

const OptId = z.union([z.string(), z.number()]).transform(String).optional();

export const SeedAddressServiceSpec = z.object({
  id: OptId,
  /** Dictionary service id; added to the dictionary when unknown. */
  service_id: OptId,
  name: z.string().optional(),
  duration: z.number().int().positive().default(30),
  price: z.number().nullable().default(null),
  is_visible: z.boolean().default(true),
});
export const SeedAddressSpec = z.object({
  id: OptId,
  name: z.string().default('Main office'),
  street: z.string().default('ul. Testowa 1'),
  city_name: z.string().default('Warszawa'),
  post_code: z.string().default('00-001'),
  commercial_type: z.enum(['premium', 'saas-only', 'basic']).default('premium'),
  calendar: z.enum(['enabled', 'disabled']).default('enabled'),
  is_online_only: z.boolean().default(false),
  visit_payment: z.boolean().default(false),
  insurance_support: z.enum(['private', 'insurance', 'private_and_insurance']).default('private'),
  services: z.array(SeedAddressServiceSpec).default([]),
  insurance_providers: z
    .array(
      z.object({
        id: z.union([z.string(), z.number()]).transform(String),
        plans: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});
export const SeedDoctorSpec = z.object({
  id: OptId,
  name: z.string(),
  surname: z.string().default(''),
  addresses: z.array(SeedAddressSpec).default([]),
});
export const SeedFacilitySpec = z.object({
  id: OptId,
  name: z.string(),
  clients: z.array(z.string()).nullable().default(null),
  doctors: z.array(SeedDoctorSpec).default([]),
});
export const SeedSpec = z.object({
  services: z.array(z.object({ id: OptId, name: z.string() })).default([]),
  insurance_providers: z
    .array(
      z.object({
        id: OptId,
        name: z.string(),
        plans: z.array(z.object({ id: OptId, name: z.string() })).default([]),
      }),
    )
    .default([]),
  facilities: z.array(SeedFacilitySpec).default([]),
});
export type SeedSpec = z.input<typeof SeedSpec>;

/** The ids created by a seed, in the spec's shape. */
export interface SeedResult {
  services: { id: string; name: string }[];
  insuranceProviders: { id: string; name: string; plans: { id: string; name: string }[] }[];
  facilities: {
    id: string;
    name: string;
    doctors: {
      id: string;
      name: string;
      addresses: {
        id: string;
        name: string;
        services: { id: string; serviceId: string | null; name: string }[];
      }[];
    }[];
  }[];
}

// ---------------------------------------------------------------------------------------------------------------

export class Estate {
  readonly facilities = new Map<string, SimFacility>();
  readonly doctors = new Map<string, SimDoctor>();
  readonly addresses = new Map<string, SimAddress>();
  readonly services = new Map<string, { id: string; name: string }>();
  readonly insuranceProviders = new Map<string, SimInsuranceProvider>();
  private counter = 1000;

  constructor(private readonly makeCalendar: () => AddressCalendar) {}

  nextId(): string {
    return String(++this.counter);
  }

  private takeId(given: string | undefined, taken: Map<string, unknown>): string {
    if (given === undefined) {
      let id = this.nextId();
      while (taken.has(id)) id = this.nextId();
      return id;
    }
    if (taken.has(given)) throw new SimError(409, `id ${given} already exists`);
    return given;
  }

  seed(input: SeedSpec): SeedResult {
    const spec = SeedSpec.parse(input);
    const result: SeedResult = { services: [], insuranceProviders: [], facilities: [] };
    for (const s of spec.services) {
      const id = this.takeId(s.id, this.services);
      this.services.set(id, { id, name: s.name });
      result.services.push({ id, name: s.name });
    }
    for (const p of spec.insurance_providers) {
      const id = this.takeId(p.id, this.insuranceProviders);
      const plans = p.plans.map((plan) => ({ id: plan.id ?? this.nextId(), name: plan.name }));
      this.insuranceProviders.set(id, { id, name: p.name, plans });
      result.insuranceProviders.push({ id, name: p.name, plans });
    }
    for (const f of spec.facilities) {
      const facility: SimFacility = {
        id: this.takeId(f.id, this.facilities),
        name: f.name,
        clients: f.clients,
        doctorIds: [],
      };
      this.facilities.set(facility.id, facility);
      const facilityResult: SeedResult['facilities'][number] = { id: facility.id, name: f.name, doctors: [] };
      for (const d of f.doctors) {
        const doctor: SimDoctor = {
          id: this.takeId(d.id, this.doctors),
          facilityId: facility.id,
          name: d.name,
          surname: d.surname,
          addressIds: [],
        };
        this.doctors.set(doctor.id, doctor);
        facility.doctorIds.push(doctor.id);
        const doctorResult: SeedResult['facilities'][number]['doctors'][number] = {
          id: doctor.id,
          name: d.name,
          addresses: [],
        };
        for (const a of d.addresses) {
          const address: SimAddress = {
            id: this.takeId(a.id, this.addresses),
            doctorId: doctor.id,
            facilityId: facility.id,
            name: a.name,
            street: a.street,
            cityName: a.city_name,
            postCode: a.post_code,
            commercialType: a.commercial_type,
            calendarStatus: a.commercial_type === 'premium' ? a.calendar : 'disabled',
            isOnlineOnly: a.is_online_only,
            visitPayment: a.visit_payment,
            insuranceSupport: a.insurance_support,
            services: new Map(),
            insuranceProviders: new Map(a.insurance_providers.map((p) => [p.id, p.plans])),
            calendar: this.makeCalendar(),
          };
          this.addresses.set(address.id, address);
          doctor.addressIds.push(address.id);
          const services = a.services.map((s) => {
            const created = this.addAddressService(address, {
              id: s.id,
              serviceId: s.service_id ?? null,
              name: s.name,
              duration: s.duration,
              price: s.price,
              isVisible: s.is_visible,
            });
            return { id: created.id, serviceId: created.serviceId, name: created.name };
          });
          doctorResult.addresses.push({ id: address.id, name: address.name, services });
        }
        facilityResult.doctors.push(doctorResult);
      }
      result.facilities.push(facilityResult);
    }
    return result;
  }

  /** Creates an address service; a dictionary id unknown so far is added to the dictionary under `name`. */
  addAddressService(
    address: SimAddress,
    init: {
      id?: string;
      serviceId: string | null;
      name?: string;
      duration?: number | null;
      price?: number | null;
      isPriceFrom?: boolean;
      description?: string | null;
      isVisible?: boolean;
      allowedPatients?: SimAddressService['allowedPatients'];
      customName?: string | null;
    },
  ): SimAddressService {
    let name = init.customName ?? init.name;
    if (init.serviceId !== null) {
      const known = this.services.get(init.serviceId);
      if (!known)
        this.services.set(init.serviceId, {
          id: init.serviceId,
          name: init.name ?? `Service ${init.serviceId}`,
        });
      name = init.customName ?? init.name ?? this.services.get(init.serviceId)?.name;
    }
    const allServiceIds = new Map<string, unknown>();
    for (const a of this.addresses.values()) for (const id of a.services.keys()) allServiceIds.set(id, a);
    const service: SimAddressService = {
      id: this.takeId(init.id, allServiceIds),
      addressId: address.id,
      serviceId: init.serviceId,
      name: name ?? 'Service',
      duration: init.duration ?? 30,
      price: init.price === null || init.price === undefined ? null : Math.trunc(init.price),
      isPriceFrom: init.isPriceFrom ?? false,
      isDefault: address.services.size === 0,
      description: init.description ?? null,
      isVisible: init.isVisible ?? true,
      allowedPatients: init.allowedPatients ?? null,
      customName: init.customName ?? null,
    };
    address.services.set(service.id, service);
    return service;
  }

  canSee(clientId: string, facility: SimFacility): boolean {
    return facility.clients === null || facility.clients.includes(clientId);
  }

  /** Resolves F/D/A path ids for a client: 404 unknown, 403 outside the estate or under the wrong parent. */
  resolveFacility(clientId: string, facilityId: string): SimFacility {
    const facility = this.facilities.get(facilityId);
    if (!facility) throw new SimError(404, 'Object not found');
    if (!this.canSee(clientId, facility))
      throw new SimError(403, 'You are not authorized to see this facility');
    return facility;
  }

  resolveDoctor(clientId: string, facilityId: string, doctorId: string): SimDoctor {
    const facility = this.resolveFacility(clientId, facilityId);
    const doctor = this.doctors.get(doctorId);
    if (!doctor) throw new SimError(404, 'Object not found');
    if (doctor.facilityId !== facility.id) throw new SimError(403, 'Doctor is not related with facility');
    return doctor;
  }

  resolveAddress(clientId: string, facilityId: string, doctorId: string, addressId: string): SimAddress {
    const doctor = this.resolveDoctor(clientId, facilityId, doctorId);
    const address = this.addresses.get(addressId);
    if (!address) throw new SimError(404, 'Object not found');
    if (address.doctorId !== doctor.id)
      throw new SimError(403, 'This address does not belong to this doctor');
    return address;
  }

  address(addressId: string): SimAddress {
    const address = this.addresses.get(addressId);
    if (!address) throw new SimError(404, `Address ${addressId} does not exist`);
    return address;
  }
}
