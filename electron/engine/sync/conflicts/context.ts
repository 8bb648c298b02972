// What each kind of conflict keeps besides what the UI shows: the ids and facts its resolution actions need.
// Stored as JSON in conflicts.context and validated with zod when read back (an unreadable context makes the
// conflict only acknowledgeable, never silently resolved).
import { z } from 'zod';
import { PatientSchema } from '../../../../shared/canonical';

const Ref = z.object({ facilityId: z.string(), doctorId: z.string(), addressId: z.string() });
const Key = z.object({ doctorId: z.string(), locationId: z.string() });

/** The online booking as the PMS would receive it (a WriteBackOp 'create' without the local service decided). */
export const IncomingBookingSchema = z.object({
  dpBookingId: z.string(),
  start: z.string(),
  end: z.string(),
  durationMinutes: z.number().int().positive(),
  addressServiceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  patient: PatientSchema,
  insuranceId: z.string().nullable(),
  comment: z.string().nullable(),
});
export type IncomingBooking = z.infer<typeof IncomingBookingSchema>;

const common = { addressKey: z.string().nullable(), inboxId: z.number().int().nullable() };

export const ConflictContextSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('double-booking'),
    ...common,
    ref: Ref,
    local: Key,
    booking: IncomingBookingSchema,
    /** Local service the booking maps to. */
    localServiceId: z.string().nullable(),
    /** The booking id this one replaced when it came from a move (alias old → new). */
    movedFrom: z.string().nullable(),
    /** For a move into a taken time: the local appointment that should move. */
    movingLocalId: z.string().nullable(),
    /** The local appointment already holding that time (its own push to Docplanner may have been refused). */
    clashLocalId: z.string().nullable().default(null),
  }),
  z.object({
    kind: z.literal('unmapped-service'),
    ...common,
    ref: Ref,
    local: Key,
    booking: IncomingBookingSchema,
    movedFrom: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('mapping-vanished'),
    ...common,
    ref: Ref.nullable(),
    what: z.enum(['address-service', 'address']),
    addressServiceId: z.string().nullable(),
    localServiceIds: z.array(z.string()),
    /** The vanished service as Docplanner last described it (to recreate it). */
    service: z
      .object({
        serviceId: z.string().nullable(),
        name: z.string(),
        duration: z.number().int().nullable(),
        price: z.number().nullable(),
        isPriceFrom: z.boolean().nullable(),
        isVisible: z.boolean().nullable(),
      })
      .nullable(),
  }),
  z.object({
    kind: z.literal('booking-refused'),
    ...common,
    ref: Ref,
    localBookingId: z.string(),
    start: z.string(),
    end: z.string(),
    reason: z.string(),
  }),
  z.object({
    kind: z.literal('remote-break'),
    ...common,
    ref: Ref,
    local: Key,
    dpBreakId: z.string(),
    since: z.string(),
    till: z.string(),
    /** Local appointment ids the break covers. */
    overlapping: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('write-back-failed'),
    ...common,
    ref: Ref.nullable(),
    /** Newest Docplanner booking id concerned, when the notification was about a booking. */
    dpBookingId: z.string().nullable(),
    error: z.string(),
    /** Set when the booking was moved online while the appointment was also changed in the PMS. */
    movedBothSides: z
      .object({
        localBookingId: z.string(),
        fromId: z.string(),
        toId: z.string(),
        start: z.string(),
        end: z.string(),
      })
      .nullable()
      .default(null),
  }),
  z.object({ kind: z.literal('unhandled-notification'), ...common, name: z.string(), reason: z.string() }),
  z.object({ kind: z.literal('practice-data'), ...common, detail: z.string() }),
]);
export type ConflictContext = z.infer<typeof ConflictContextSchema>;
export type ContextOf<K extends ConflictContext['kind']> = Extract<ConflictContext, { kind: K }>;

/** A resolution attempt that failed; the conflict stays open and shows the latest one. */
export const FailedAttemptSchema = z.object({
  action: z.string(),
  by: z.string(),
  at: z.number(),
  error: z.string(),
});
export type FailedAttempt = z.infer<typeof FailedAttemptSchema>;
