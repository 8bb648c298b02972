// One Docplanner write, as planned and as persisted in the outbox row (`request`) before it is sent. The sender
// executes it; the unknown-outcome resolver re-reads Docplanner according to its `op`.
import type {
  AddCalendarBreakRequest,
  BookSlotRequest,
  MoveBookingRequest,
  ReplaceSlotsRequest,
} from '../../docplanner/schemas';

export type PlannedWrite =
  | { op: 'replaceSlots'; date: string; body: ReplaceSlotsRequest; hash: string }
  | {
      op: 'bookSlot';
      localId: string;
      start: string;
      end: string;
      body: BookSlotRequest;
      origin: 'pms' | 'marketplace';
    }
  | {
      op: 'moveBooking';
      localId: string;
      dpBookingId: string;
      start: string;
      end: string;
      body: MoveBookingRequest;
    }
  | { op: 'cancelBooking'; localId: string; dpBookingId: string }
  | {
      op: 'addBreak';
      /** Local blocked-time id, or hold:<bookingId>. */
      localId: string;
      origin: 'pms' | 'booking-hold';
      body: AddCalendarBreakRequest & { description: string };
    }
  | { op: 'moveBreak'; localId: string; dpBreakId: string; since: string; till: string }
  | { op: 'deleteBreak'; localId: string; dpBreakId: string };

export type WriteOp = PlannedWrite['op'];

/** Same instant, whatever the offset notation. */
export const sameInstant = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b);

/** Words for the activity log (no patient data). */
export function describeWrite(w: PlannedWrite): string {
  const at = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  switch (w.op) {
    case 'replaceSlots':
      return `Published availability of ${w.date}`;
    case 'bookSlot':
      return `Booked the appointment at ${at(w.start)}`;
    case 'moveBooking':
      return `Moved the appointment to ${at(w.start)}`;
    case 'cancelBooking':
      return 'Canceled the appointment';
    case 'addBreak':
      return w.origin === 'booking-hold'
        ? `Blocked ${at(w.body.since)}–${w.body.till.slice(11, 16)} for an appointment with no free online slot`
        : `Added a break ${at(w.body.since)}–${w.body.till.slice(11, 16)}`;
    case 'moveBreak':
      return `Moved a break to ${at(w.since)}–${w.till.slice(11, 16)}`;
    case 'deleteBreak':
      return 'Removed a break';
  }
}
