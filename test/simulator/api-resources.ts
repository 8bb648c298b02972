// Integration API handlers for the mapping side: facilities, doctors, addresses, address services, the services
// and insurance dictionaries, address insurance providers, calendar status.
import {
  AddAddressServiceRequest,
  AddressInsuranceProviderRequest,
  UpdateAddressRequest,
  UpdateAddressServiceRequest,
} from '../../electron/engine/docplanner/schemas';
import { z } from 'zod';
import {
  type Handler,
  addressOf,
  conflictIf,
  noContent,
  ok,
  pathParam,
  type ApiContext,
} from './api-context';
import { SimError } from './errors';
import { validate } from './validate';

const facilityOf = (ctx: ApiContext) =>
  ctx.world.estate.resolveFacility(ctx.clientId, pathParam(ctx, 'facility_id'));
const doctorOf = (ctx: ApiContext) =>
  ctx.world.estate.resolveDoctor(ctx.clientId, pathParam(ctx, 'facility_id'), pathParam(ctx, 'doctor_id'));

export const resourceHandlers: Record<string, Handler> = {
  getFacilities(ctx) {
    const { estate, wire } = ctx.world;
    const visible = [...estate.facilities.values()].filter((f) => estate.canSee(ctx.clientId, f));
    return ok({ _items: visible.map((f) => wire.facility(f, new Set())) });
  },
  getFacility(ctx) {
    const f = facilityOf(ctx);
    const doctors = f.doctorIds.map((id) => ctx.world.estate.doctors.get(id)!);
    return ok(ctx.world.wire.facility(f, ctx.withs, doctors));
  },
  getDoctors(ctx) {
    const f = facilityOf(ctx);
    return ok({
      _items: f.doctorIds.map((id) => ctx.world.wire.doctor(ctx.world.estate.doctors.get(id)!, ctx.withs)),
    });
  },
  getDoctor(ctx) {
    return ok(ctx.world.wire.doctor(doctorOf(ctx), ctx.withs));
  },
  getAddresses(ctx) {
    const d = doctorOf(ctx);
    return ok({
      _items: d.addressIds.map((id) => ctx.world.wire.address(ctx.world.estate.address(id), ctx.withs)),
    });
  },
  getAddress(ctx) {
    return ok(ctx.world.wire.address(addressOf(ctx), ctx.withs));
  },
  updateAddress(ctx) {
    const address = addressOf(ctx);
    const body = validate(UpdateAddressRequest, ctx.body);
    address.insuranceSupport = body.insurance_support;
    return ok(ctx.world.wire.address(address, new Set(['address.insurance_support'])));
  },
  removeAddressIntegration(ctx) {
    addressOf(ctx);
    throw new SimError(403, 'You are not authorized to use this feature');
  },
  getServices(ctx) {
    return ok({ _items: [...ctx.world.estate.services.values()].map((s) => ({ id: s.id, name: s.name })) });
  },
  getAddressServices(ctx) {
    const address = addressOf(ctx);
    return ok({
      _items: [...address.services.values()].map((s) => ctx.world.wire.addressService(s, ctx.withs)),
    });
  },
  addAddressService(ctx) {
    const address = addressOf(ctx);
    const body = validate(AddAddressServiceRequest, ctx.body);
    if (!ctx.world.estate.services.has(body.service_id)) throw new SimError(404, 'Service does not exist');
    conflictIf(
      [...address.services.values()].some((s) => s.serviceId === body.service_id),
      'The address service you are trying to add already exists in the system',
    );
    const created = ctx.world.estate.addAddressService(address, {
      serviceId: body.service_id,
      duration: body.default_duration ?? 30,
      price: body.price ?? null,
      isPriceFrom: body.is_price_from,
      description: body.description ?? null,
      isVisible: body.is_visible,
      allowedPatients: body.allowed_patients
        ? {
            minimum_age: body.allowed_patients.minimum_age ?? null,
            maximum_age: body.allowed_patients.maximum_age ?? null,
          }
        : null,
      customName: body.custom_name ?? null,
    });
    return {
      status: 201,
      body: ctx.world.wire.addressService(created),
      headers: { Location: `${ctx.path}/${created.id}` },
    };
  },
  getAddressService(ctx) {
    const address = addressOf(ctx);
    return ok(
      ctx.world.wire.addressService(
        ctx.world.addressService(address, pathParam(ctx, 'address_service_id')),
        ctx.withs,
      ),
    );
  },
  updateAddressService(ctx) {
    const address = addressOf(ctx);
    const service = ctx.world.addressService(address, pathParam(ctx, 'address_service_id'));
    const body = validate(UpdateAddressServiceRequest, ctx.body);
    if (body.price !== undefined) service.price = body.price === null ? null : Math.trunc(body.price);
    if (body.is_price_from !== undefined) service.isPriceFrom = body.is_price_from;
    if (body.description !== undefined) service.description = body.description;
    if (body.is_visible !== undefined) service.isVisible = body.is_visible;
    if (body.default_duration !== undefined && body.default_duration !== null)
      service.duration = body.default_duration;
    if (body.allowed_patients !== undefined) {
      service.allowedPatients = body.allowed_patients
        ? {
            minimum_age: body.allowed_patients.minimum_age ?? null,
            maximum_age: body.allowed_patients.maximum_age ?? null,
          }
        : null;
    }
    if (body.custom_name !== undefined) {
      service.customName = body.custom_name;
      service.name =
        body.custom_name ?? ctx.world.estate.services.get(service.serviceId ?? '')?.name ?? service.name;
    }
    return ok(ctx.world.wire.addressService(service));
  },
  deleteAddressService(ctx) {
    ctx.world.deleteAddressService(addressOf(ctx), pathParam(ctx, 'address_service_id'));
    return noContent();
  },
  getInsuranceProviders(ctx) {
    return ok({
      _items: [...ctx.world.estate.insuranceProviders.values()].map((p) => ({
        insurance_provider_id: p.id,
        name: p.name,
      })),
    });
  },
  getInsurancePlans(ctx) {
    const provider = ctx.world.estate.insuranceProviders.get(pathParam(ctx, 'insurance_provider_id'));
    if (!provider) throw new SimError(404, 'Object not found');
    return ok({ _items: provider.plans.map((p) => ({ insurance_plan_id: p.id, name: p.name })) });
  },
  getAddressInsuranceProviders(ctx) {
    const address = addressOf(ctx);
    const { insuranceProviders } = ctx.world.estate;
    return ok({
      _items: [...address.insuranceProviders.entries()].map(([id, planIds]) => {
        const provider = insuranceProviders.get(id);
        return {
          insurance_provider_id: id,
          name: provider?.name ?? '',
          insurance_plans: {
            _items: planIds.map((planId) => ({
              insurance_plan_id: planId,
              name: provider?.plans.find((p) => p.id === planId)?.name ?? '',
            })),
          },
        };
      }),
    });
  },
  addAddressInsuranceProvider(ctx) {
    const address = addressOf(ctx);
    const body = validate(AddressInsuranceProviderRequest, ctx.body);
    if (!ctx.world.estate.insuranceProviders.has(body.insurance_provider_id)) {
      throw new SimError(404, 'Provided insurance provider ID not found in dictionary');
    }
    if (address.insuranceProviders.has(body.insurance_provider_id)) {
      throw new SimError(400, 'Insurance provider with given ID is already assigned to this address.');
    }
    address.insuranceProviders.set(
      body.insurance_provider_id,
      (body.insurance_plans ?? []).map((p) => p.insurance_plan_id),
    );
    return noContent();
  },
  updateOrCreateAddressInsuranceProvider(ctx) {
    const address = addressOf(ctx);
    const body = validate(AddressInsuranceProviderRequest, ctx.body);
    if (!ctx.world.estate.insuranceProviders.has(body.insurance_provider_id)) {
      throw new SimError(404, 'Provided insurance provider ID not found in dictionary');
    }
    address.insuranceProviders.set(
      body.insurance_provider_id,
      (body.insurance_plans ?? []).map((p) => p.insurance_plan_id),
    );
    return noContent();
  },
  deleteAddressInsuranceProvider(ctx) {
    const address = addressOf(ctx);
    const id = pathParam(ctx, 'insurance_provider_id');
    if (!address.insuranceProviders.delete(id))
      throw new SimError(400, 'Insurance provider with given ID is not assigned to this address.');
    return noContent();
  },
  getCalendar(ctx) {
    return ok({ status: addressOf(ctx).calendarStatus });
  },
  enableCalendar(ctx) {
    const address = addressOf(ctx);
    ctx.world.requireCommercial(address);
    conflictIf(address.calendarStatus === 'enabled', 'Calendar already enabled');
    address.calendarStatus = 'enabled';
    return ok({ status: 'enabled' });
  },
  disableCalendar(ctx) {
    const address = addressOf(ctx);
    conflictIf(address.calendarStatus === 'disabled', 'Calendar already disabled');
    address.calendarStatus = 'disabled';
    return ok({ status: 'disabled' });
  },
  requestOpinion(ctx) {
    doctorOf(ctx);
    validate(z.strictObject({ phone: z.string().min(1) }), ctx.body);
    return ok({});
  },
};
