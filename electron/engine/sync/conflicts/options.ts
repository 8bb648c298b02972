// The resolution options a receptionist can choose, per action: the words shown before confirming.
// Which options a conflict offers is decided by the creation helpers in drafts.ts. The label and description here
// are the English words (CLI, logs); the UI translates an option by its action (RESOLUTION_ACTIONS in
// shared/message-codes.ts, keys `action.<action>` in renderer/i18n), so every action must be in that list.
import type { ResolutionOption } from '../../../../shared/bridge';
import type { ResolutionAction as SharedAction } from '../../../../shared/message-codes';

export const ACTIONS = {
  keepBoth: {
    action: 'keep-both',
    label: 'Keep both',
    description:
      'Writes the online booking into the practice system as an overbooking; both patients keep their appointment.',
  },
  cancelOnline: {
    action: 'cancel-online',
    label: 'Cancel the online booking',
    description:
      'Cancels the booking on Docplanner; the patient is told the time is no longer available and may book again.',
  },
  moveOnline: {
    action: 'move-online',
    label: 'Move the online booking',
    description:
      'Moves the online booking to the nearest free time for the same service and writes it into the practice system; the patient is notified by Docplanner.',
  },
  bookWithoutService: {
    action: 'book-without-service',
    label: 'Book without a service',
    description: 'Writes the online booking into the practice system with no service set.',
  },
  mapAndApply: {
    action: 'map-and-apply',
    label: 'Apply after mapping',
    description:
      'After you mapped the Docplanner service to a practice service, writes the booking into the practice system with it.',
  },
  retry: {
    action: 'retry',
    label: 'Try again',
    description: 'Runs the same change again now.',
  },
  holdWithBreak: {
    action: 'hold-with-break',
    label: 'Block the time online',
    description:
      'Adds a break to the Docplanner calendar over this appointment so nobody can book that time online.',
  },
  keepLocalOnly: {
    action: 'keep-local-only',
    label: 'Keep it only in the practice system',
    description:
      'Leaves the appointment in the practice system only; Docplanner may still offer that time online.',
  },
  blockPms: {
    action: 'block-pms',
    label: 'Block the time in the practice system',
    description:
      'Writes a blocked time into the practice system matching the break added on Docplanner. Existing appointments stay.',
  },
  removeBreak: {
    action: 'remove-break',
    label: 'Remove the break online',
    description: 'Deletes the break from the Docplanner calendar so the time can be booked online again.',
  },
  remap: {
    action: 'remap',
    label: 'Done, I fixed the mapping',
    description: 'Checks that the mapping no longer uses the vanished Docplanner id and closes this item.',
  },
  recreateService: {
    action: 'recreate-service',
    label: 'Recreate the service on Docplanner',
    description:
      'Adds the service back to the Docplanner address and points the mapping at the new service id.',
  },
  takeOnlineTime: {
    action: 'take-online-time',
    label: 'Use the online time',
    description:
      'Moves the appointment in the practice system to the time the patient chose online; the online booking follows.',
  },
  keepLocalTime: {
    action: 'keep-local-time',
    label: "Keep the practice system's time",
    description:
      "Keeps the practice system's time; the online booking is moved to it and Docplanner notifies the patient.",
  },
  acknowledge: {
    action: 'acknowledge',
    label: 'Handled',
    description: 'Marks this item as handled by you; the sync makes no change.',
  },
} as const satisfies Record<string, ResolutionOption & { action: SharedAction }>;

export type ResolutionAction = (typeof ACTIONS)[keyof typeof ACTIONS]['action'];
