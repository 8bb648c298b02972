// Sends one planned write to Docplanner and records what it changed in the state DB (links, aliases, pushed
// hashes). `applyEffects` is shared with the unknown-outcome resolver, which re-reads Docplanner and applies the
// same effects when it finds the write was applied after all.
import type { AddressRef, DocplannerApi, Priority } from '../../docplanner/api';
import type { Booking, CalendarBreak } from '../../docplanner/schemas';
import type { Repos } from '../../store/repos';
import type { PlannedWrite } from '../plan/writes';

export type WriteResult =
  | { op: 'bookSlot' | 'moveBooking'; booking: Pick<Booking, 'id' | 'start_at' | 'end_at'> }
  | { op: 'addBreak'; brk: Pick<CalendarBreak, 'id' | 'since' | 'till'> }
  | { op: 'replaceSlots' | 'cancelBooking' | 'moveBreak' | 'deleteBreak' };

export async function sendWrite(
  api: DocplannerApi,
  ref: AddressRef,
  w: PlannedWrite,
  priority: Priority,
): Promise<WriteResult> {
  const o = { priority };
  switch (w.op) {
    case 'replaceSlots':
      await api.replaceSlots(ref, w.body, o);
      return { op: w.op };
    case 'bookSlot':
      return { op: w.op, booking: await api.bookSlot(ref, w.start, w.body, o) };
    case 'moveBooking':
      return { op: w.op, booking: await api.moveBooking(ref, w.dpBookingId, w.body, o) };
    case 'cancelBooking':
      await api.cancelBooking(ref, w.dpBookingId, 'Canceled in the practice system', o);
      return { op: w.op };
    case 'addBreak':
      return { op: w.op, brk: await api.addCalendarBreak(ref, w.body, o) };
    case 'moveBreak':
      await api.moveCalendarBreak(ref, w.dpBreakId, w.since, w.till, o);
      return { op: w.op };
    case 'deleteBreak':
      await api.deleteCalendarBreak(ref, w.dpBreakId, o);
      return { op: w.op };
  }
}

/** Records a confirmed write in the state DB (one transaction). */
export function applyEffects(
  repos: Repos,
  addressKey: string,
  w: PlannedWrite,
  r: WriteResult,
  now: number,
): void {
  repos.db.transaction(() => {
    switch (w.op) {
      case 'replaceSlots':
        repos.pushedDays.set(addressKey, w.date, w.hash, now);
        return;
      case 'bookSlot':
        if (r.op !== 'bookSlot') return;
        repos.bookings.upsert(
          {
            localId: w.localId,
            addressKey,
            dpBookingId: r.booking.id,
            start: w.start,
            end: w.end,
            addressServiceId: w.body.address_service_id,
            state: 'booked',
            origin: w.origin,
          },
          now,
        );
        return;
      case 'moveBooking': {
        if (r.op !== 'moveBooking') return;
        const old = repos.bookings.get(w.localId);
        repos.bookings.addAlias(w.dpBookingId, r.booking.id, now);
        repos.bookings.upsert(
          {
            localId: w.localId,
            addressKey,
            dpBookingId: r.booking.id,
            start: w.start,
            end: w.end,
            addressServiceId: w.body.address_service_id,
            state: 'booked',
            origin: old?.origin ?? 'pms',
          },
          now,
        );
        return;
      }
      case 'cancelBooking':
        repos.bookings.setState(w.localId, 'canceled', now);
        return;
      case 'addBreak':
        if (r.op !== 'addBreak') return;
        repos.breaks.upsert(
          {
            localId: w.localId,
            addressKey,
            dpBreakId: r.brk.id,
            since: w.body.since,
            till: w.body.till,
            origin: w.origin,
          },
          now,
        );
        return;
      case 'moveBreak':
        repos.breaks.setTimes(w.localId, w.since, w.till, now);
        return;
      case 'deleteBreak':
        repos.breaks.delete(w.localId);
        return;
    }
  })();
}
