// Wire schemas of the Docplanner Integrations API (v3), written from ../shared/docplanner/NOTES.md.
// Requests are strict (the simulator rejects what the real API would); responses are lenient where the real API
// is known to deviate from its contract (NOTES.md §8): unknown keys are dropped, unknown notification names kept.
import { z } from 'zod';
import { INSTANT_WITH_OFFSET, LOCAL_DATE } from '../../../shared/canonical';

/** Date-time with an explicit offset, as every request must carry and every response returns. */
export const DateTime = z
  .string()
  .regex(INSTANT_WITH_OFFSET, 'expected an ISO 8601 date-time with an offset');
export const DateOnly = z.string().regex(LOCAL_DATE, 'expected YYYY-MM-DD');
/** All ids are strings on the wire since 1.0.1; accept numbers defensively and normalise. */
export const Id = z.union([z.string(), z.number()]).transform((v) => String(v));

const items = <T extends z.ZodTypeAny>(item: T) => z.object({ _items: z.array(item) });

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** `errors` is an array of strings by contract, an object of field → messages in practice (NOTES.md §1.3). */
export const ApiErrorBody = z.object({
  message: z.string().optional(),
  errors: z
    .union([z.array(z.string()), z.record(z.string(), z.union([z.array(z.string()), z.string()]))])
    .optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

// ---------------------------------------------------------------------------------------------------------------
// Auth

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
  scope: z.string().nullable().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

// ---------------------------------------------------------------------------------------------------------------
// Resources

export const CommercialType = z.enum(['premium', 'saas-only', 'basic']);
export const InsuranceSupport = z.enum(['private', 'insurance', 'private_and_insurance']);

export const Address = z.object({
  id: Id,
  name: z.string().nullable().optional(),
  city_name: z.string().nullable().optional(),
  post_code: z.string().nullable().optional(),
  street: z.string().nullable().optional(),
  is_online_only: z.boolean().optional(),
  visit_payment: z.boolean().optional(),
  booking_extra_fields: z
    .object({
      gender: z.boolean().optional(),
      nin: z.boolean().optional(),
      birth_date: z.boolean().optional(),
    })
    .optional(),
  commercial_type: CommercialType.optional(),
  insurance_support: InsuranceSupport.optional(),
});
export type Address = z.infer<typeof Address>;
export const Addresses = items(Address);

export const Doctor = z.object({
  id: Id,
  name: z.string(),
  surname: z.string().optional(),
  addresses: Addresses.optional(),
});
export type Doctor = z.infer<typeof Doctor>;
export const Doctors = items(Doctor);

export const Facility = z.object({ id: Id, name: z.string(), doctors: Doctors.optional() });
export type Facility = z.infer<typeof Facility>;
export const Facilities = items(Facility);

export const Service = z.object({ id: Id, name: z.string() });
export type Service = z.infer<typeof Service>;
export const Services = items(Service);

export const AllowedPatients = z.object({
  minimum_age: z.number().int().nullable().optional(),
  maximum_age: z.number().int().nullable().optional(),
});

export const AddressService = z.object({
  id: Id,
  name: z.string(),
  price: z.number().nullable().optional(),
  is_price_from: z.boolean().optional(),
  is_default: z.boolean().optional(),
  service_id: Id.nullable().optional(),
  description: z.string().nullable().optional(),
  duration: z.number().int().optional(),
  is_visible: z.boolean().optional(),
  allowed_patients: AllowedPatients.nullable().optional(),
  custom_name: z.string().nullable().optional(),
  is_public_insurance_flow: z.boolean().optional(),
});
export type AddressService = z.infer<typeof AddressService>;
export const AddressServices = items(AddressService);

export const AddAddressServiceRequest = z.strictObject({
  service_id: z.string().min(1),
  is_price_from: z.boolean().optional(),
  price: z.number().nonnegative().nullable().optional(),
  description: z.string().nullable().optional(),
  is_visible: z.boolean().optional(),
  default_duration: z.number().int().positive().nullable().optional(),
  allowed_patients: AllowedPatients.nullable().optional(),
  custom_name: z.string().min(1).nullable().optional(),
});
export type AddAddressServiceRequest = z.infer<typeof AddAddressServiceRequest>;
export const UpdateAddressServiceRequest = AddAddressServiceRequest.omit({ service_id: true });
export type UpdateAddressServiceRequest = z.infer<typeof UpdateAddressServiceRequest>;

export const InsuranceProvider = z.object({ insurance_provider_id: Id, name: z.string() });
export type InsuranceProvider = z.infer<typeof InsuranceProvider>;
export const InsuranceProviders = items(InsuranceProvider);
export const InsurancePlan = z.object({ insurance_plan_id: Id, name: z.string() });
export const InsurancePlans = items(InsurancePlan);
export const AddressInsuranceProvider = z.object({
  insurance_provider_id: Id,
  name: z.string().optional(),
  insurance_plans: InsurancePlans.optional(),
});
export type AddressInsuranceProvider = z.infer<typeof AddressInsuranceProvider>;
export const AddressInsuranceProviders = items(AddressInsuranceProvider);
export const AddressInsuranceProviderRequest = z.strictObject({
  insurance_provider_id: z.string().min(1),
  insurance_plans: z.array(z.strictObject({ insurance_plan_id: z.string().min(1) })).optional(),
});
export type AddressInsuranceProviderRequest = z.infer<typeof AddressInsuranceProviderRequest>;
export const UpdateAddressRequest = z.strictObject({ insurance_support: InsuranceSupport });

export const Calendar = z.object({ status: z.enum(['enabled', 'disabled']) });
export type Calendar = z.infer<typeof Calendar>;

// ---------------------------------------------------------------------------------------------------------------
// Slots

export const InsuranceAccepted = z.enum([
  'with-and-without-insurance',
  'without-insurance-only',
  'with-insurance-only',
]);

export const WorkPeriodRequest = z.strictObject({
  start: DateTime,
  end: DateTime,
  /** null or [] removes every slot in the window. */
  address_services: z
    .array(z.strictObject({ address_service_id: z.string().min(1), duration: z.number().int().positive() }))
    .nullable()
    .optional(),
  insurance_accepted: InsuranceAccepted.nullable().optional(),
  /** Integers here, strings everywhere else (NOTES.md §8.8). */
  insurance_providers: z.array(z.number().int()).nullable().optional(),
});
export type WorkPeriodRequest = z.infer<typeof WorkPeriodRequest>;
export const ReplaceSlotsRequest = z.strictObject({ slots: z.array(WorkPeriodRequest) });
export type ReplaceSlotsRequest = z.infer<typeof ReplaceSlotsRequest>;

export const Slot = z.object({
  start: DateTime,
  address_services: z
    .union([items(AddressService), z.array(AddressService)])
    .nullable()
    .optional(),
});
export type Slot = z.infer<typeof Slot>;
export const Slots = items(Slot);

// ---------------------------------------------------------------------------------------------------------------
// Bookings

export const PatientRequest = z.strictObject({
  name: z.string().min(1),
  surname: z.string().optional(),
  email: z.string().nullable().optional(),
  phone: z.string().min(1),
  birth_date: DateOnly.nullable().optional(),
  nin: z.string().nullable().optional(),
  gender: z.enum(['m', 'f']).nullable().optional(),
  marketing_consent: z.boolean().nullable().optional(),
  data_privacy_consent: z.boolean().nullable().optional(),
});
export type PatientRequest = z.infer<typeof PatientRequest>;

export const BookSlotRequest = z.strictObject({
  address_service_id: z.string().min(1),
  duration: z.number().int().positive(),
  patient: PatientRequest,
  is_returning: z.boolean().optional(),
  label: z.string().nullable().optional(),
  comment: z.string().nullable().optional(),
  insurance_provider_id: z.string().nullable().optional(),
  insurance_plan_id: z.string().nullable().optional(),
  is_recurring: z.boolean().optional(),
});
export type BookSlotRequest = z.infer<typeof BookSlotRequest>;

export const CancelBookingRequest = z.strictObject({ reason: z.string().optional() });
export type CancelBookingRequest = z.infer<typeof CancelBookingRequest>;

export const MoveBookingRequest = z.strictObject({
  address_service_id: z.string().min(1),
  /** Optional by schema, required by changelog 1.0.4: always sent. */
  start: DateTime,
  duration: z.number().int().positive().optional(),
  address_id: z.string().optional(),
});
export type MoveBookingRequest = z.infer<typeof MoveBookingRequest>;

export const ConfirmBookingRequest = z.strictObject({ confirmed_by: z.enum(['user', 'admin']) });
export type ConfirmBookingRequest = z.infer<typeof ConfirmBookingRequest>;

const nullableString = z.string().nullable().optional();

export const BookingPatient = z.object({
  name: nullableString,
  surname: nullableString,
  email: nullableString,
  phone: z.union([z.string(), z.number()]).transform(String).nullable().optional(),
  birth_date: nullableString,
  nin: z.union([z.string(), z.number()]).transform(String).nullable().optional(),
  gender: z.enum(['m', 'f']).nullable().optional(),
  is_returning: z.boolean().nullable().optional(),
  insurance_number: nullableString,
});
export type BookingPatient = z.infer<typeof BookingPatient>;

export const BookingInsurance = z.object({
  id: Id,
  name: z.string().optional(),
  plan: nullableString,
  plan_id: Id.nullable().optional(),
});

export const BookingMoving = z.object({ origin_booking_id: Id, newest_booking_id: Id });

export const Booking = z.object({
  id: Id,
  /** booked | canceled by examples; kept open. */
  status: z.string(),
  start_at: DateTime,
  end_at: DateTime,
  duration: z.number().int().optional(),
  booked_by: z.string().optional(),
  canceled_by: z.string().nullable().optional(),
  booked_at: DateTime.nullable().optional(),
  canceled_at: DateTime.nullable().optional(),
  moving: BookingMoving.nullable().optional(),
  patient: BookingPatient.nullable().optional(),
  address_service: AddressService.nullable().optional(),
  comment: nullableString,
  presence: z.enum(['present', 'absent']).nullable().optional(),
  confirmed: z.boolean().optional(),
  insurance: BookingInsurance.nullable().optional(),
  visit_payment: z.boolean().nullable().optional(),
  visit_payment_status: nullableString,
});
export type Booking = z.infer<typeof Booking>;

export const Bookings = z.object({
  _items: z.array(Booking),
  page: z.number().int().nullable().optional(),
  limit: z.number().int().nullable().optional(),
  pages: z.number().int().nullable().optional(),
  total: z.number().int().nullable().optional(),
});
export type Bookings = z.infer<typeof Bookings>;

// ---------------------------------------------------------------------------------------------------------------
// Calendar breaks

export const CalendarBreak = z.object({
  id: Id,
  since: DateTime,
  till: DateTime,
  description: z.string().nullable().optional(),
});
export type CalendarBreak = z.infer<typeof CalendarBreak>;
export const CalendarBreaks = items(CalendarBreak);

export const AddCalendarBreakRequest = z.strictObject({
  since: DateTime,
  till: DateTime,
  description: z.string().optional(),
  apply_on_coupled_addresses: z.boolean().optional(),
});
export type AddCalendarBreakRequest = z.infer<typeof AddCalendarBreakRequest>;
export const MoveCalendarBreakRequest = z.strictObject({ since: DateTime, till: DateTime });
export type MoveCalendarBreakRequest = z.infer<typeof MoveCalendarBreakRequest>;

// ---------------------------------------------------------------------------------------------------------------
// Notifications

export const KNOWN_NOTIFICATION_NAMES = [
  'slot-booking',
  'slot-booked',
  'booking-canceled',
  'booking-moved',
  'booking-moving',
  'booking-confirmed',
  'booking-payment-status-changed',
  'break-created',
  'break-moved',
  'break-removed',
  'presence-marked',
  'address-service-created',
  'address-service-deleted',
  'address-service-changed',
  'address-commercial-type-changed',
  'address-assigned',
  'address-unassigned',
] as const;
export type KnownNotificationName = (typeof KNOWN_NOTIFICATION_NAMES)[number];

const NotificationRef = z.object({ id: Id }).loose();

export const BookingNotification = z.object({
  id: Id,
  status: z.string(),
  start_at: DateTime,
  end_at: DateTime,
  duration: z.number().int().optional(),
  booked_by: z.string().optional(),
  canceled_by: z.string().nullable().optional(),
  booked_at: DateTime.nullable().optional(),
  canceled_at: DateTime.nullable().optional(),
  address_service: z
    .object({ id: Id, name: z.string().optional(), price: z.number().nullable().optional() })
    .nullable()
    .optional(),
  patient: BookingPatient.nullable().optional(),
  comment: nullableString,
  insurance: BookingInsurance.nullable().optional(),
});
export type BookingNotification = z.infer<typeof BookingNotification>;

/**
 * The envelope. `name` stays an open string so unknown names are kept, shown and never dropped;
 * `data` is parsed per name by `parseNotificationData`.
 */
export const Notification = z.object({
  name: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  created_at: DateTime,
});
export type Notification = z.infer<typeof Notification>;

export const NotificationsMultiple = z.object({
  notifications: z.array(Notification),
  remaining: z.number().int().nonnegative(),
});
export type NotificationsMultiple = z.infer<typeof NotificationsMultiple>;

const Context = {
  facility: NotificationRef.optional(),
  doctor: NotificationRef.optional(),
  address: NotificationRef,
};

/** Typed `data` of every notification the engine acts on; anything else is kept raw as `unknown`. */
export const NotificationData = {
  'slot-booked': z.object({ ...Context, visit_booking: BookingNotification }),
  'booking-canceled': z.object({ ...Context, visit_booking: BookingNotification }),
  'booking-confirmed': z.object({ ...Context, visit_booking: BookingNotification }),
  'booking-moved': z.object({
    ...Context,
    old_visit_booking: BookingNotification,
    new_visit_booking: BookingNotification,
  }),
  'presence-marked': z.object({
    ...Context,
    visit_booking: BookingNotification,
    presence: z.string().transform((p) => p.toLowerCase() as 'present' | 'absent' | string),
  }),
  'break-created': z.object({ ...Context, break: CalendarBreak.omit({ description: true }) }),
  'break-moved': z.object({ ...Context, break: CalendarBreak.omit({ description: true }) }),
  'break-removed': z.object({ ...Context, break: CalendarBreak.omit({ description: true }) }),
  'address-service-created': z.object({ ...Context, address_service: AddressService }),
  'address-service-changed': z.object({ ...Context, address_service: AddressService }),
  'address-service-deleted': z.object({ ...Context, address_service: AddressService }),
  'address-commercial-type-changed': z.object({ ...Context }),
  'address-assigned': z.object({ ...Context }),
  'address-unassigned': z.object({ ...Context }),
} as const;
export type TypedNotificationName = keyof typeof NotificationData;
export type TypedNotification = {
  [K in TypedNotificationName]: { name: K; data: z.infer<(typeof NotificationData)[K]>; created_at: string };
}[TypedNotificationName];

export type ParsedNotification =
  { kind: 'typed'; notification: TypedNotification } | { kind: 'unknown'; name: string; reason: string };

/** Parse a stored raw notification into its typed form, or say why it cannot be acted on. */
export function parseNotification(raw: Notification): ParsedNotification {
  const schema = (NotificationData as Record<string, z.ZodTypeAny>)[raw.name];
  if (!schema)
    return { kind: 'unknown', name: raw.name, reason: `notification type "${raw.name}" is not handled` };
  const parsed = schema.safeParse(raw.data);
  if (!parsed.success) {
    return {
      kind: 'unknown',
      name: raw.name,
      reason: `malformed ${raw.name}: ${parsed.error.issues[0]?.message}`,
    };
  }
  return {
    kind: 'typed',
    notification: { name: raw.name, data: parsed.data, created_at: raw.created_at } as TypedNotification,
  };
}
