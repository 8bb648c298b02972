// Writes one online booking into the PMS and links it (origin 'marketplace'); shared by the slot-booked and
// booking-moved handlers and by conflict resolutions (keep-both, book-without-service, map-and-apply).
// An identical appointment already in the PMS (same time, same patient, not linked to another booking — e.g.
// written just before a crash, or our own bookSlot whose link is not stored yet) is adopted, never duplicated.
import type { LocalAddressKey, LocalBooking } from '../../../../shared/canonical';
import type { WriteBackOp } from '../../practice/adapter';
import type { IncomingBooking } from '../conflicts/context';
import type { InboundDeps } from './deps';
import { overlappingBookings, samePerson } from './incoming';

export type WriteIncomingResult =
  | { kind: 'written'; localId: string; adopted: boolean }
  | { kind: 'slot-taken'; clash: LocalBooking | null; message: string }
  | { kind: 'refused'; reason: 'not-found' | 'not-supported'; message: string };

export interface IncomingTarget {
  addressKey: string;
  local: LocalAddressKey;
  booking: IncomingBooking;
  localServiceId: string | null;
  /** Older Docplanner id this booking replaced (booking-moved we never saw the original of). */
  movedFrom: string | null;
  /** Write even if the time is taken (the receptionist chose "keep both"). */
  overbook?: boolean;
}

export function writeIncomingBooking(deps: InboundDeps, t: IncomingTarget): WriteIncomingResult {
  const { practice, repos, clock } = deps;
  const b = t.booking;
  const overlapping = overlappingBookings(practice, t.local, b.start, b.end);
  const twin = overlapping.find(
    (o) =>
      Date.parse(o.start) === Date.parse(b.start) &&
      Date.parse(o.end) === Date.parse(b.end) &&
      samePerson(o.patient, b.patient) &&
      !linkedElsewhere(deps, o.id, b.dpBookingId),
  );
  let localId: string;
  let adopted = false;
  if (twin) {
    localId = twin.id;
    adopted = true;
  } else {
    const op: WriteBackOp = {
      kind: 'create',
      key: t.local,
      start: b.start,
      end: b.end,
      serviceId: t.localServiceId,
      patient: b.patient,
      insuranceId: b.insuranceId,
      comment: b.comment,
      externalId: b.dpBookingId,
      ...(t.overbook ? { overbook: true } : {}),
    };
    const result = practice.writeBack(op);
    if (!result.ok) {
      if (result.reason === 'slot-taken') {
        return { kind: 'slot-taken', clash: overlapping[0] ?? null, message: result.message };
      }
      return { kind: 'refused', reason: result.reason, message: result.message };
    }
    localId = result.localId;
  }
  const now = clock.now();
  repos.db.transaction(() => {
    const existing = repos.bookings.get(localId);
    repos.bookings.upsert(
      {
        localId,
        addressKey: t.addressKey,
        dpBookingId: b.dpBookingId,
        start: b.start,
        end: b.end,
        addressServiceId: b.addressServiceId,
        state: 'booked',
        origin: existing?.origin ?? (adopted && twin?.origin === 'pms' ? 'pms' : 'marketplace'),
      },
      now,
    );
    if (t.movedFrom && t.movedFrom !== b.dpBookingId)
      repos.bookings.addAlias(t.movedFrom, b.dpBookingId, now);
  })();
  return { kind: 'written', localId, adopted };
}

/** True when the local appointment is linked to a different (live) Docplanner booking. */
function linkedElsewhere(deps: InboundDeps, localId: string, dpBookingId: string): boolean {
  const link = deps.repos.bookings.get(localId);
  if (!link) return false;
  return deps.repos.bookings.resolve(link.dpBookingId) !== deps.repos.bookings.resolve(dpBookingId);
}
