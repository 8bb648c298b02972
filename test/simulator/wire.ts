// Renders the simulator's records as the real API's JSON: date-times in the marketplace zone with its offset,
// ids as strings, optional parts only when the request's `with=` asked for them.
import type { SimBooking, SimBreak } from './calendar';
import type { Estate, SimAddress, SimAddressService, SimDoctor, SimFacility } from './estate';
import type { MarketTime } from './time';

export class Wire {
  constructor(
    private readonly time: MarketTime,
    private readonly estate: Estate,
  ) {}

  facility(f: SimFacility, withs: Set<string>, clientDoctors?: SimDoctor[]): Record<string, unknown> {
    const out: Record<string, unknown> = { id: f.id, name: f.name };
    if (withs.has('facility.doctors')) {
      out.doctors = { _items: (clientDoctors ?? []).map((d) => this.doctor(d, new Set())) };
    }
    return out;
  }

  doctor(d: SimDoctor, withs: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = { id: d.id, name: d.name, surname: d.surname };
    if (withs.has('doctor.profile_url')) out.profile_url = `https://www.example.test/doctor/${d.id}`;
    if (withs.has('doctor.addresses')) {
      out.addresses = {
        _items: d.addressIds.map((id) => this.address(this.estate.address(id), withs)),
      };
    }
    return out;
  }

  address(a: SimAddress, withs: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: a.id,
      name: a.name,
      city_name: a.cityName,
      post_code: a.postCode,
      street: a.street,
    };
    if (withs.has('address.online_only')) out.is_online_only = a.isOnlineOnly;
    if (withs.has('address.visit_payment')) out.visit_payment = a.visitPayment;
    if (withs.has('address.commercial_type')) out.commercial_type = a.commercialType;
    if (withs.has('address.insurance_support')) out.insurance_support = a.insuranceSupport;
    if (withs.has('address.booking_extra_fields')) {
      out.booking_extra_fields = { gender: false, nin: false, birth_date: false };
    }
    return out;
  }

  addressService(s: SimAddressService, withs: Set<string> = new Set()): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: s.id,
      name: s.name,
      price: s.price,
      is_price_from: s.isPriceFrom,
      is_default: s.isDefault,
      service_id: s.serviceId,
      description: s.description,
      duration: s.duration,
      is_visible: s.isVisible,
      allowed_patients: s.allowedPatients,
      custom_name: s.customName,
    };
    if (withs.has('address_service.public_insurance_flow')) out.is_public_insurance_flow = false;
    return out;
  }

  /** The address service as notification payloads and bookings carry it (also after it was deleted). */
  private bookingService(b: SimBooking): SimAddressService | undefined {
    return (
      this.estate.addresses.get(b.addressId)?.services.get(b.addressServiceId) ??
      this.deletedServices.get(b.addressServiceId)
    );
  }

  /** Address services removed from the estate, kept so old bookings still render them. */
  readonly deletedServices = new Map<string, SimAddressService>();

  newestId(b: SimBooking, bookings: Map<string, SimBooking>): string {
    let current = b;
    while (current.movedToId) {
      const next = bookings.get(current.movedToId);
      if (!next) break;
      current = next;
    }
    return current.id;
  }

  booking(
    b: SimBooking,
    withs: Set<string>,
    bookings: Map<string, SimBooking>,
    full = false,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: b.id,
      status: b.status,
      start_at: this.time.format(b.start),
      end_at: this.time.format(b.end),
      duration: b.duration,
      booked_by: b.bookedBy,
      canceled_by: b.canceledBy,
      booked_at: this.time.format(b.bookedAt),
      canceled_at: b.canceledAt === null ? null : this.time.format(b.canceledAt),
      comment: b.comment,
      insurance: b.insurance
        ? {
            id: b.insurance.providerId,
            name: this.estate.insuranceProviders.get(b.insurance.providerId)?.name ?? '',
            plan: null,
            plan_id: b.insurance.planId,
          }
        : null,
      visit_payment: false,
      visit_payment_status: null,
    };
    if (full || withs.has('booking.patient')) out.patient = this.bookingPatient(b);
    if (full || withs.has('booking.address_service')) {
      const s = this.bookingService(b);
      out.address_service = s ? this.addressService(s, withs) : null;
    }
    if (full || withs.has('booking.presence')) out.presence = b.presence;
    if (withs.has('booking.confirmation')) out.confirmed = b.confirmed;
    if (withs.has('booking.moving'))
      out.moving = { origin_booking_id: b.originId, newest_booking_id: this.newestId(b, bookings) };
    return out;
  }

  private bookingPatient(b: SimBooking): Record<string, unknown> {
    const p = b.patient;
    return {
      name: p.name,
      surname: p.surname ?? '',
      email: p.email ?? null,
      phone: p.phone,
      birth_date: p.birth_date ?? null,
      nin: p.nin ?? null,
      gender: p.gender ?? null,
      is_returning: p.is_returning ?? false,
      insurance_number: null,
    };
  }

  /** BookingNotification: the booking as notifications carry it (patient always included). */
  bookingNotification(b: SimBooking): Record<string, unknown> {
    const s = this.bookingService(b);
    const p = b.patient;
    return {
      id: b.id,
      status: b.status,
      start_at: this.time.format(b.start),
      end_at: this.time.format(b.end),
      duration: b.duration,
      booked_by: b.bookedBy,
      canceled_by: b.canceledBy,
      booked_at: this.time.format(b.bookedAt),
      canceled_at: b.canceledAt === null ? null : this.time.format(b.canceledAt),
      address_service: s
        ? {
            id: s.id,
            name: s.name,
            price: s.price ?? 0,
            is_price_from: s.isPriceFrom,
            is_visible: s.isVisible,
          }
        : null,
      patient: {
        name: p.name,
        surname: p.surname ?? '',
        email: p.email ?? null,
        phone: p.phone,
        birth_date: p.birth_date ?? null,
        nin: p.nin ?? null,
        gender: p.gender ?? null,
      },
      signature: b.signature,
      comment: b.comment ?? '',
      insurance: null,
      visit_payment: false,
    };
  }

  calendarBreak(br: SimBreak): Record<string, unknown> {
    return {
      id: br.id,
      since: this.time.format(br.since),
      till: this.time.format(br.till),
      description: br.description,
    };
  }

  /** facility / doctor / address context common to every notification's `data`. */
  notificationContext(a: SimAddress): Record<string, unknown> {
    const doctor = this.estate.doctors.get(a.doctorId);
    const facility = this.estate.facilities.get(a.facilityId);
    return {
      facility: { id: a.facilityId, name: facility?.name ?? '' },
      doctor: { id: a.doctorId, name: doctor?.name ?? '', surname: doctor?.surname ?? '' },
      address: {
        id: a.id,
        name: a.name,
        street: a.street,
        post_code: a.postCode,
        city_name: a.cityName,
        commercial_type: a.commercialType,
      },
    };
  }
}
