// The canonical model: what every practice adapter produces and what the sync engine compares with Docplanner.
// Times are ISO 8601 instants carrying the clinic's UTC offset ("2026-11-23T08:00:00+01:00"); dates are the
// clinic's calendar dates (YYYY-MM-DD in its IANA time zone). Ids are the PMS's own ids, as strings.
import { z } from 'zod';

export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const LocalDateSchema = z.string().regex(LOCAL_DATE, 'expected a date as YYYY-MM-DD');
export const InstantSchema = z.string().regex(INSTANT_WITH_OFFSET, 'expected a date-time with an offset');

/** A doctor working at a location: the local side of one Docplanner address. */
export const LocalAddressKeySchema = z.object({ doctorId: z.string().min(1), locationId: z.string().min(1) });
export type LocalAddressKey = z.infer<typeof LocalAddressKeySchema>;

/** One (doctor, location, day): the unit of change detection and of a `PUT slots`. */
export const DayKeySchema = LocalAddressKeySchema.extend({ date: LocalDateSchema });
export type DayKey = z.infer<typeof DayKeySchema>;

export const addressKeyId = (k: LocalAddressKey): string => `${k.doctorId}@${k.locationId}`;
export const dayKeyId = (k: DayKey): string => `${k.doctorId}@${k.locationId}/${k.date}`;
export function parseDayKeyId(id: string): DayKey {
  const m = /^(.+)@(.+)\/(\d{4}-\d{2}-\d{2})$/.exec(id);
  if (!m) throw new Error(`not a day key: ${id}`);
  return { doctorId: m[1]!, locationId: m[2]!, date: m[3]! };
}

export const InsuranceAcceptanceSchema = z.enum([
  'with-and-without-insurance',
  'without-insurance-only',
  'with-insurance-only',
]);
export type InsuranceAcceptance = z.infer<typeof InsuranceAcceptanceSchema>;

/** A service offered within a work period, with the visit length used to derive the slot grid. */
export const ServiceOfferSchema = z.object({
  serviceId: z.string().min(1),
  durationMinutes: z.number().int().positive(),
});
export type ServiceOffer = z.infer<typeof ServiceOfferSchema>;

/** Bookable time. Never crosses midnight (adapters split such periods). */
export const WorkPeriodSchema = z.object({
  start: InstantSchema,
  end: InstantSchema,
  services: z.array(ServiceOfferSchema),
  insurance: InsuranceAcceptanceSchema,
  /** Local insurance ids accepted in this period (empty for without-insurance-only). */
  insuranceIds: z.array(z.string()),
});
export type WorkPeriod = z.infer<typeof WorkPeriodSchema>;

/** Ad-hoc blocked time inside a day (Docplanner calendar break). */
export const BlockedTimeSchema = z.object({
  id: z.string().min(1),
  start: InstantSchema,
  end: InstantSchema,
  /** Free text such as "training". Never patient data. */
  reason: z.string().nullable(),
});
export type BlockedTime = z.infer<typeof BlockedTimeSchema>;

export const PatientSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  birthDate: LocalDateSchema.nullable(),
  /** National identification number (PESEL, DNI, …). */
  nin: z.string().nullable(),
  gender: z.enum(['m', 'f']).nullable(),
});
export type Patient = z.infer<typeof PatientSchema>;

export const BookingStatusSchema = z.enum(['booked', 'confirmed', 'canceled', 'no-show', 'completed']);
export type BookingStatus = z.infer<typeof BookingStatusSchema>;

/** An appointment in the PMS. `id` is stable across reschedules (a reschedule changes start/end only). */
export const LocalBookingSchema = z.object({
  id: z.string().min(1),
  start: InstantSchema,
  end: InstantSchema,
  serviceId: z.string().nullable(),
  status: BookingStatusSchema,
  patient: PatientSchema,
  insuranceId: z.string().nullable(),
  comment: z.string().nullable(),
  /** Where the appointment was made: at the desk (pms) or written back from the marketplace. */
  origin: z.enum(['pms', 'marketplace']),
});
export type LocalBooking = z.infer<typeof LocalBookingSchema>;

/** Everything the PMS says about one doctor at one location on one day. */
export const CanonicalDaySchema = DayKeySchema.extend({
  periods: z.array(WorkPeriodSchema),
  breaks: z.array(BlockedTimeSchema),
  bookings: z.array(LocalBookingSchema),
});
export type CanonicalDay = z.infer<typeof CanonicalDaySchema>;

// Reference data the mapping screen shows beside Docplanner's.
export const LocalDoctorSchema = z.object({ id: z.string(), name: z.string() });
export const LocalLocationSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
});
export const LocalServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  defaultDurationMinutes: z.number().int().positive().nullable(),
});
export const LocalInsuranceSchema = z.object({ id: z.string(), name: z.string() });
export type LocalDoctor = z.infer<typeof LocalDoctorSchema>;
export type LocalLocation = z.infer<typeof LocalLocationSchema>;
export type LocalService = z.infer<typeof LocalServiceSchema>;
export type LocalInsurance = z.infer<typeof LocalInsuranceSchema>;

/** A doctor-at-location that has schedules in the PMS (a candidate for a Docplanner address). */
export const LocalAddressSchema = LocalAddressKeySchema.extend({ label: z.string() });
export type LocalAddress = z.infer<typeof LocalAddressSchema>;
