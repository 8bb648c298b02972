// zod schemas for the normalized rows every source returns (rows read from a foreign schema are validated here).
// Column names are the contract a mapping file's SQL must produce; docs/practice-mapping.md lists them.
import { z } from 'zod';

const id = z.union([z.string().min(1), z.number().int()]).transform((v) => String(v));
const optId = z
  .union([z.string(), z.number().int(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));
const text = z.string();
const optText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? null : String(v)));
const optInsurance = z
  .union([z.enum(['all', 'private', 'insured']), z.null()])
  .optional()
  .transform((v) => v ?? 'all');
const posInt = z.number().int().positive();

export const DoctorRow = z.object({ id, name: text });
export const LocationRow = z.object({ id, name: text, address: optText });
export const ServiceRow = z.object({
  id,
  name: text,
  default_duration_minutes: z
    .union([posInt, z.null()])
    .optional()
    .transform((v) => v ?? null),
});
export const InsuranceRow = z.object({ id, name: text });
export const AddressServiceRow = z.object({
  doctor_id: id,
  location_id: id,
  service_id: id,
  duration_minutes: posInt,
});
export const AddressInsuranceRow = z.object({ doctor_id: id, location_id: id, insurance_id: id });
export const WeeklyHoursRow = z.object({
  doctor_id: id,
  location_id: id,
  weekday: z.number().int().min(1).max(7),
  start_time: text,
  end_time: text,
  valid_from: optText,
  valid_to: optText,
  insurance: optInsurance,
});
export const HolidayRow = z.object({ date: text, doctor_id: optId, location_id: optId });
export const DayOverrideRow = z.object({
  doctor_id: id,
  location_id: optId,
  date: text,
  start_time: optText,
  end_time: optText,
  insurance: optInsurance,
});
export const ExtraHoursRow = z.object({
  doctor_id: id,
  location_id: id,
  date: text,
  start_time: text,
  end_time: text,
  insurance: optInsurance,
});
/** Times: either `start_utc`/`end_utc` (instants) or `start_local`/`end_local` (naive clinic time). */
export const BlockRow = z.object({
  id,
  doctor_id: id,
  location_id: id,
  start_utc: optText,
  end_utc: optText,
  start_local: optText,
  end_local: optText,
  reason: optText,
});
/** Length: `end_utc`, `end_local` or `duration_minutes`. */
export const AppointmentRow = z.object({
  id,
  doctor_id: id,
  location_id: id,
  start_utc: optText,
  end_utc: optText,
  start_local: optText,
  end_local: optText,
  duration_minutes: z.union([posInt, z.null()]).optional(),
  service_id: optId,
  status: z.union([z.string(), z.number()]).transform((v) => String(v)),
  patient_first_name: optText,
  patient_last_name: optText,
  patient_phone: optText,
  patient_email: optText,
  patient_birth_date: optText,
  patient_nin: optText,
  patient_gender: optText,
  insurance_id: optId,
  comment: optText,
  origin: z
    .union([z.enum(['pms', 'marketplace']), z.null()])
    .optional()
    .transform((v) => v ?? 'pms'),
});

export type DoctorRowT = z.infer<typeof DoctorRow>;
export type LocationRowT = z.infer<typeof LocationRow>;
export type ServiceRowT = z.infer<typeof ServiceRow>;
export type InsuranceRowT = z.infer<typeof InsuranceRow>;
export type AddressServiceRowT = z.infer<typeof AddressServiceRow>;
export type AddressInsuranceRowT = z.infer<typeof AddressInsuranceRow>;
export type WeeklyHoursRowT = z.infer<typeof WeeklyHoursRow>;
export type HolidayRowT = z.infer<typeof HolidayRow>;
export type DayOverrideRowT = z.infer<typeof DayOverrideRow>;
export type ExtraHoursRowT = z.infer<typeof ExtraHoursRow>;
export type BlockRowT = z.infer<typeof BlockRow>;
export type AppointmentRowT = z.infer<typeof AppointmentRow>;

/** Columns each query must return (checked once when the adapter opens). */
export const REQUIRED_COLUMNS = {
  doctors: ['id', 'name'],
  locations: ['id', 'name'],
  services: ['id', 'name'],
  insurances: ['id', 'name'],
  addressServices: ['doctor_id', 'location_id', 'service_id', 'duration_minutes'],
  addressInsurances: ['doctor_id', 'location_id', 'insurance_id'],
  weeklyHours: ['doctor_id', 'location_id', 'weekday', 'start_time', 'end_time'],
  holidays: ['date'],
  dayOverrides: ['doctor_id', 'date', 'start_time', 'end_time'],
  extraHours: ['doctor_id', 'location_id', 'date', 'start_time', 'end_time'],
  blocks: ['id', 'doctor_id', 'location_id'],
  appointments: ['id', 'doctor_id', 'location_id', 'status'],
} as const;
