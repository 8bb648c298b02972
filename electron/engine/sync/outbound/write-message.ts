// The message code of a write for the activity log, so the UI says it in its language: the same facts as
// describeWrite (plan/writes.ts) gives in English — instants as ISO for the UI to format, no patient data.
import { msg, type MessageCode, type MessageRef } from '../../../../shared/message-codes';
import type { PlannedWrite } from '../plan/writes';

export function writeMessage(w: PlannedWrite): MessageRef {
  switch (w.op) {
    case 'replaceSlots':
      return msg('activity.out.slots', { date: w.date });
    case 'bookSlot':
      return msg('activity.out.book', { start: w.start });
    case 'moveBooking':
      return msg('activity.out.move-booking', { start: w.start });
    case 'cancelBooking':
      return msg('activity.out.cancel-booking');
    case 'addBreak':
      return msg(w.origin === 'booking-hold' ? 'activity.out.hold' : 'activity.out.add-break', {
        start: w.body.since,
        end: w.body.till,
      });
    case 'moveBreak':
      return msg('activity.out.move-break', { start: w.since, end: w.till });
    case 'deleteBreak':
      return msg('activity.out.delete-break');
  }
}

/** What became of a write ("<write>: <error>", "confirmed after re-reading: <write>"), the write nested inside. */
export function aboutWrite(
  code: MessageCode,
  w: PlannedWrite,
  extra: Record<string, string | number> = {},
): MessageRef {
  const write = writeMessage(w);
  return msg(code, { ...write.params, write: write.code, ...extra });
}
