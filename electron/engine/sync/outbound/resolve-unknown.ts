// Resolves a write whose outcome is unknown (5xx, dropped connection, timeout, or found in flight after a crash)
// by RE-READING Docplanner before anything is sent again — the API has no idempotency keys, so a blind retry of
// bookSlot could book the patient twice:
//   bookSlot      → getBookings over the visit: an integration booking at that start for that patient → link it
//   moveBooking   → getBooking(old, with moving) → follow to the newest id
//   cancelBooking → getBooking: canceled (or gone) → done
//   addBreak      → getCalendarBreaks over the range: same times and description, not linked → link it
//   moveBreak     → getCalendarBreaks over the new range: the break has the new times → done
//   replaceSlots  → the pushed hash of the day is forgotten; the day is planned and sent again (safe)
//   deleteBreak   → sending the same request again is safe
// Returns 'applied' (effects recorded) or 'not-applied' (the key is planned and sent again). Network errors of
// the re-read propagate: the entry stays unknown.
import type { AddressRef, DocplannerApi } from '../../docplanner/api';
import { isDocplannerError } from '../../docplanner/errors';
import type { Booking } from '../../docplanner/schemas';
import type { Repos } from '../../store/repos';
import { sameInstant, type PlannedWrite } from '../plan/writes';
import { applyEffects } from './execute';
import { findExistingBreak } from './existing-break';

export type Resolution = 'applied' | 'not-applied';

const norm = (s: string | null | undefined): string => (s ?? '').trim().toLowerCase();
const digits = (s: string | null | undefined): string => (s ?? '').replace(/\D/g, '');

/** What the re-read found that a human should know about. */
export interface ResolveHooks {
  /**
   * Our moveBooking met a booking someone else (the patient, the doctor) had moved meanwhile: the link now
   * follows `newest`, and the next write moves it to the PMS time over their choice.
   */
  movedElsewhere?(m: { localId: string; fromId: string; newest: Booking }): void;
}

export async function resolveUnknown(
  api: DocplannerApi,
  repos: Repos,
  addressKey: string,
  ref: AddressRef,
  w: PlannedWrite,
  now: number,
  hooks: ResolveHooks = {},
): Promise<Resolution> {
  const o = { priority: 0 as const };
  switch (w.op) {
    case 'replaceSlots':
      // WHY: Docplanner may now hold this payload, not the one recorded as pushed. If the PMS went back to the
      // recorded one meanwhile (A → B unknown → A), comparing with the old hash would plan nothing and leave B
      // online; forgetting the hash makes the day be sent again whatever it is now.
      repos.pushedDays.clear(addressKey, w.date);
      return 'not-applied';
    case 'deleteBreak':
      return 'not-applied';
    case 'bookSlot': {
      const found = (await api.getBookings(ref, w.start, w.start, o)).find((b) => {
        if (b.status !== 'booked' || !sameInstant(b.start_at, w.start)) return false;
        if (b.booked_by && b.booked_by !== 'integration') return false;
        const owner = repos.bookings.getByDpId(b.id);
        if (owner && owner.localId !== w.localId) return false;
        const p = b.patient;
        if (!p) return true;
        return norm(p.name) === norm(w.body.patient.name) && digits(p.phone) === digits(w.body.patient.phone);
      });
      if (!found) return 'not-applied';
      applyEffects(repos, addressKey, w, { op: 'bookSlot', booking: found }, now);
      return 'applied';
    }
    case 'moveBooking': {
      const old = await getOrNull(api, ref, w.dpBookingId);
      if (!old) {
        repos.bookings.setState(w.localId, 'canceled', now); // gone on Docplanner: planned afresh (book again)
        return 'applied';
      }
      const newest = old.moving?.newest_booking_id;
      if (newest && newest !== old.id) {
        const b = await api.getBooking(ref, newest, o);
        const link = repos.bookings.get(w.localId);
        repos.db.transaction(() => {
          repos.bookings.addAlias(old.id, b.id, now);
          repos.bookings.upsert(
            {
              localId: w.localId,
              addressKey,
              dpBookingId: b.id,
              start: b.start_at,
              end: b.end_at,
              addressServiceId: b.address_service?.id ?? w.body.address_service_id,
              state: b.status === 'booked' ? 'booked' : 'canceled',
              origin: link?.origin ?? 'pms',
            },
            now,
          );
        })();
        // Not where we were moving it: someone else moved it (our own lost move would be at our time).
        if (b.status === 'booked' && !sameInstant(b.start_at, w.start))
          hooks.movedElsewhere?.({ localId: w.localId, fromId: old.id, newest: b });
        return 'applied';
      }
      if (old.status !== 'booked') {
        repos.bookings.setState(w.localId, 'canceled', now);
        return 'applied';
      }
      return 'not-applied';
    }
    case 'cancelBooking': {
      const b = await getOrNull(api, ref, w.dpBookingId);
      if (b && b.status === 'booked') return 'not-applied';
      repos.bookings.setState(w.localId, 'canceled', now);
      return 'applied';
    }
    case 'addBreak': {
      const found = await findExistingBreak(api, repos, addressKey, ref, w);
      if (found.kind !== 'found') return 'not-applied';
      applyEffects(repos, addressKey, w, { op: 'addBreak', brk: found.brk }, now);
      return 'applied';
    }
    case 'moveBreak': {
      const found = (await api.getCalendarBreaks(ref, w.since, w.till, o)).find((b) => b.id === w.dpBreakId);
      if (found && sameInstant(found.since, w.since) && sameInstant(found.till, w.till)) {
        applyEffects(repos, addressKey, w, { op: 'moveBreak' }, now);
        return 'applied';
      }
      return 'not-applied';
    }
  }
}

async function getOrNull(api: DocplannerApi, ref: AddressRef, id: string) {
  try {
    return await api.getBooking(ref, id, { priority: 0 });
  } catch (e) {
    if (isDocplannerError(e) && e.kind === 'not-found') return null;
    throw e;
  }
}
