// Finds open conflicts by what they are about (a Docplanner booking), reading their typed context.
import type { BookingLinksRepo } from '../../store/links';
import type { ConflictRepo } from '../../store/conflicts';
import { ConflictContextSchema, type ConflictContext } from './context';

/** The typed context of a stored conflict, or null when it cannot be read. */
export function readContext(raw: unknown): ConflictContext | null {
  const parsed = ConflictContextSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Docplanner booking id a conflict is about, if any. */
export function bookingIdOf(ctx: ConflictContext): string | null {
  switch (ctx.kind) {
    case 'double-booking':
    case 'unmapped-service':
      return ctx.booking.dpBookingId;
    case 'write-back-failed':
      return ctx.dpBookingId;
    default:
      return null;
  }
}

/** Ids of open conflicts about this booking (ids compared after following aliases to the newest). */
export function openConflictsForBooking(
  repo: ConflictRepo,
  links: BookingLinksRepo,
  dpBookingId: string,
): string[] {
  const target = links.resolve(dpBookingId);
  const out: string[] = [];
  for (const c of repo.list({ status: 'open' })) {
    if (c.kind !== 'double-booking' && c.kind !== 'unmapped-service' && c.kind !== 'write-back-failed')
      continue;
    const stored = repo.get(c.id);
    const ctx = stored ? readContext(stored.context) : null;
    const id = ctx ? bookingIdOf(ctx) : null;
    if (id !== null && (id === dpBookingId || links.resolve(id) === target)) out.push(c.id);
  }
  return out;
}

/** Id of the open remote-break conflict about a Docplanner break, if any. */
export function openConflictForBreak(
  repo: ConflictRepo,
  dpAddressId: string,
  dpBreakId: string,
): string | null {
  return repo.findOpen(`remote-break:${dpAddressId}:${dpBreakId}`)?.conflict.id ?? null;
}
