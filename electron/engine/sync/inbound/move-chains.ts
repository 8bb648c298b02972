// A booking-moved may name a booking the sync has never seen (NOTES §5.3: push order is not guaranteed, and after
// 72 h off the earlier notifications of a chain are gone): its old id is an intermediate step of a chain whose
// first booking the sync has linked to an appointment. Applied as it is, the move would bring the booking in as a
// second appointment. Before such a notification is applied, Docplanner is asked where the moved booking came from
// (getBooking → moving.origin_booking_id); when the origin belongs to a linked appointment, that link takes the
// unknown old id, so the move moves that appointment. One read per such notification, at most once.
import type { DocplannerApi } from '../../docplanner/api';
import { isDocplannerError } from '../../docplanner/errors';
import { parseNotification } from '../../docplanner/schemas';
import { mappedAddress } from './address';
import type { InboundDeps } from './deps';

export class MoveChains {
  /** Pending inbox rows already looked at (pruned to the rows still pending on each fill). */
  private readonly checked = new Set<number>();

  constructor(
    private readonly deps: InboundDeps,
    private readonly api: DocplannerApi,
  ) {}

  /** Links the unknown old ids of pending move notifications to the appointment their chain started from. */
  async fill(): Promise<void> {
    const links = this.deps.repos.bookings;
    const moves = this.deps.inbox
      .pending()
      .filter((e) => e.name === 'booking-moved')
      .map((entry) => {
        const parsed = parseNotification(entry.notification);
        return parsed.kind === 'typed' && parsed.notification.name === 'booking-moved'
          ? { entry, n: parsed.notification }
          : null;
      })
      .filter((m) => m !== null);
    /** New ids of pending moves: a step of the chain that is waiting to be applied, not missing. */
    const pendingNewIds = new Set(moves.map((m) => m.n.data.new_visit_booking.id));
    // Rows applied since are never looked at again: keep only the marks of rows still pending.
    const stillPending = new Set(moves.map((m) => m.entry.id));
    for (const id of this.checked) if (!stillPending.has(id)) this.checked.delete(id);
    for (const { entry, n } of moves) {
      if (this.checked.has(entry.id)) continue;
      this.checked.add(entry.id);
      const oldId = n.data.old_visit_booking.id;
      const newId = n.data.new_visit_booking.id;
      if (pendingNewIds.has(oldId)) continue;
      if (links.getByDpId(oldId) || links.getByDpId(newId) || links.isAlias(oldId) || links.isAlias(newId))
        continue; // part of a chain the sync knows: the handler deals with it
      const addr = mappedAddress(this.deps, n.data.address.id);
      if (!addr) continue;
      let origin: string | null | undefined;
      try {
        origin = (await this.api.getBooking(addr.ref, newId, { priority: 1 })).moving?.origin_booking_id;
      } catch (e) {
        if (isDocplannerError(e) && e.kind === 'not-found') continue;
        this.checked.delete(entry.id); // offline: ask again before the next apply
        throw e;
      }
      if (!origin || origin === oldId || origin === newId) continue;
      const link = links.getByDpId(origin);
      // The chain reached oldId: the link takes that id (its times stay those the PMS agreed with), so the move
      // applies to it like any other and the ids before it stay aliases of the newest.
      if (link && link.state === 'booked')
        links.recordMove(link.localId, link.dpBookingId, oldId, link.start, link.end, this.deps.clock.now());
    }
  }
}
