// What the sidecar file holds, as zod schemas: every row and JSON value read back from the file is validated
// here, because another PC (maybe running another version) may have written it.
import { z } from 'zod';
import {
  ActivityEntrySchema,
  ConflictSchema,
  MappingSchema,
  StatusSnapshotSchema,
} from '../../../shared/bridge';

/** Identifies the file as ours; a sidecar with another format is treated as damaged. */
export const SIDECAR_FORMAT = 'clinic-sync-desk/lease';
export const SIDECAR_SCHEMA_VERSION = 1;

/** Holder id a new sidecar starts with: nobody may lead until it has been waited out like any lease. */
export const UNCLAIMED_HOLDER_ID = '(new lock file)';

export const LeaseRowSchema = z
  .object({
    holder_id: z.string().min(1).nullable(),
    holder_name: z.string().nullable(),
    generation: z.number().int().nonnegative(),
    seq: z.number().int().nonnegative(),
    written_at: z.number().int(),
  })
  .transform((r) => ({
    holderId: r.holder_id,
    holderName: r.holder_name,
    /** Fencing token: +1 each time the lease is acquired (a new term of leadership). */
    generation: r.generation,
    /** Renewal counter: +1 on every write to the lease row (acquire, renew, release). */
    seq: r.seq,
    /** The writer's wall clock (informational only: never compared across PCs). */
    writtenAt: r.written_at,
  }));
export type LeaseRow = z.infer<typeof LeaseRowSchema>;

export const LeaseRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sync-now'), addressKey: z.string().min(1).optional() }),
  z.object({ kind: z.literal('full-resync') }),
  z.object({
    kind: z.literal('resolve-conflict'),
    id: z.string().min(1),
    action: z.string().min(1),
    by: z.string().min(1),
  }),
]);
export type LeaseRequest = z.infer<typeof LeaseRequestSchema>;

export const RequestOutcomeSchema = z.object({ ok: z.boolean(), message: z.string() });
export type RequestOutcome = z.infer<typeof RequestOutcomeSchema>;

export const RequestStateSchema = z.enum(['pending', 'claimed', 'done']);
export type RequestState = z.infer<typeof RequestStateSchema>;

const jsonText = <T extends z.ZodType>(schema: T) =>
  z.string().transform((s, ctx): z.infer<T> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
    const r = schema.safeParse(parsed);
    if (!r.success) {
      for (const issue of r.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return r.data;
  });

export const QueuedRequestRowSchema = z
  .object({
    id: z.number().int().positive(),
    body: jsonText(LeaseRequestSchema),
    requester: z.string(),
    created_at: z.number().int(),
    state: RequestStateSchema,
    claimed_by: z.string().nullable(),
    claimed_generation: z.number().int().nullable(),
    attempts: z.number().int().nonnegative(),
    outcome: jsonText(RequestOutcomeSchema).nullable(),
    done_at: z.number().int().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    request: r.body,
    requester: r.requester,
    /** The requester's clock. */
    createdAt: r.created_at,
    state: r.state,
    /** Display name of the leader that claimed it last. */
    claimedBy: r.claimed_by,
    claimedGeneration: r.claimed_generation,
    /** How many leadership terms claimed it (more than 1 after a failover mid-request). */
    attempts: r.attempts,
    outcome: r.outcome,
    /** The leader's clock. */
    doneAt: r.done_at,
  }));
export type QueuedRequest = z.infer<typeof QueuedRequestRowSchema>;

/** What the leader publishes for viewers. */
export const PublishedStatusSchema = z.object({
  snapshot: StatusSnapshotSchema,
  /** Open conflicts (most recent first), so viewers can show and resolve them. */
  conflicts: z.array(ConflictSchema),
  /** Recent activity (most recent first). */
  activity: z.array(ActivityEntrySchema),
});
export type PublishedStatus = z.infer<typeof PublishedStatusSchema>;

export const StatusRowSchema = z
  .object({
    generation: z.number().int().nonnegative(),
    holder_name: z.string(),
    published_at: z.number().int(),
    body: jsonText(PublishedStatusSchema),
  })
  .transform((r) => ({
    ...r.body,
    /** Leadership term that published it. */
    generation: r.generation,
    holderName: r.holder_name,
    /** The leader's clock: show it, do not compare it with the local clock. */
    publishedAt: r.published_at,
  }));
export type StatusRecord = z.infer<typeof StatusRowSchema>;

export const MetaRowSchema = z.object({ key: z.string(), value: z.string() });

/**
 * What the leader hands over to the next leader (each PC has its own state DB): the resource mapping with each
 * address's activation state, and the id links it knows (future bookings and breaks). A new leader imports it
 * before syncing, then reconciles with Docplanner (the handover may be a few seconds older than the crash).
 */
export const HandoverBookingLinkSchema = z.object({
  localId: z.string().min(1),
  addressKey: z.string().min(1),
  dpBookingId: z.string().min(1),
  start: z.string(),
  end: z.string(),
  addressServiceId: z.string().nullable(),
  state: z.enum(['booked', 'canceled']),
  origin: z.enum(['pms', 'marketplace']),
});
export const HandoverBreakLinkSchema = z.object({
  localId: z.string().min(1),
  addressKey: z.string().min(1),
  dpBreakId: z.string().min(1),
  since: z.string(),
  till: z.string(),
  origin: z.enum(['pms', 'marketplace', 'booking-hold']),
});
export const HandoverSchema = z.object({
  /** Identifies the state DB that published it (a PC that published it itself has nothing to import). */
  stateId: z.string().min(1),
  mapping: MappingSchema,
  activation: z.array(
    z.object({ addressKey: z.string().min(1), activation: z.enum(['inactive', 'feeding', 'active']) }),
  ),
  bookings: z.array(HandoverBookingLinkSchema),
  breaks: z.array(HandoverBreakLinkSchema),
});
export type Handover = z.infer<typeof HandoverSchema>;

export const HandoverRowSchema = z
  .object({
    generation: z.number().int().nonnegative(),
    holder_name: z.string(),
    published_at: z.number().int(),
    body: jsonText(HandoverSchema),
  })
  .transform((r) => ({
    ...r.body,
    /** Leadership term that published it. */
    generation: r.generation,
    holderName: r.holder_name,
    /** The publisher's clock (shown only). */
    publishedAt: r.published_at,
  }));
export type HandoverRecord = z.infer<typeof HandoverRowSchema>;
