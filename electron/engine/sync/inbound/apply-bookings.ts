// Booking notifications → the PMS: slot-booked, booking-canceled, booking-moved, booking-confirmed,
// presence-marked. Idempotent: a booking already linked (our own bookSlot, or the same notification applied
// before) is skipped; ids are followed through aliases to the newest one.
import type { LocalBooking } from '../../../../shared/canonical';
import { msg } from '../../../../shared/message-codes';
import type { BookingNotification, TypedNotification } from '../../docplanner/schemas';
import { addDays } from '../../practice/time';
import { maskName } from '../../store/audit';
import { bookingKey } from '../../store/outbox';
import type { InboxEntry } from '../../store/inbox';
import type { BookingLink } from '../../store/links';
import { openConflictsForBooking, readContext } from '../conflicts/lookup';
import {
  doubleBooking,
  movedOnBothSides,
  unmappedService,
  wallTime,
  writeBackFailed,
} from '../conflicts/drafts';
import { mappedAddress, type MappedAddress } from './address';
import type { InboundDeps } from './deps';
import { fullName, localDate, toIncoming } from './incoming';
import { applied, conflict, ignored, type ApplyOptions, type HandlerOutcome } from './outcome';
import { writeIncomingBooking } from './write-booking';

type Of<N extends TypedNotification['name']> = Extract<TypedNotification, { name: N }>;

const serviceName = (deps: InboundDeps, id: string | null): string | null =>
  id === null ? null : (deps.practice.listServices().find((s) => s.id === id)?.name ?? null);

const notMapped = (dpAddressId: string): HandlerOutcome =>
  ignored(null, `Docplanner address ${dpAddressId} is not mapped to a practice calendar; nothing written.`, {
    message: msg('activity.in.not-mapped', { address: dpAddressId }),
  });

export function applySlotBooked(deps: InboundDeps, entry: InboxEntry, n: Of<'slot-booked'>): HandlerOutcome {
  const addr = mappedAddress(deps, n.data.address.id);
  if (!addr) return notMapped(n.data.address.id);
  return bringIn(deps, entry, addr, n.data.visit_booking, null);
}

/** Writes an online booking into the PMS unless it is already there; conflicts when it cannot be. */
function bringIn(
  deps: InboundDeps,
  entry: InboxEntry,
  addr: MappedAddress,
  vb: BookingNotification,
  movedFrom: string | null,
): HandlerOutcome {
  const { repos } = deps;
  const known = repos.bookings.getByDpId(vb.id);
  if (known) {
    return ignored(
      addr.addressKey,
      `Booking ${wallTime(vb.start_at)} is already appointment ${known.localId}.`,
      { message: msg('activity.in.booking-known', { start: vb.start_at, appointment: known.localId }) },
    );
  }
  const booking = toIncoming(vb, repos.mapping);
  const who = fullName(booking.patient);
  const masked = maskName(who);
  if (vb.status === 'canceled') {
    return ignored(
      addr.addressKey,
      `Booking ${wallTime(vb.start_at)} (${masked}) was already canceled online.`,
      {
        patient: who,
        message: msg('activity.in.booking-canceled-before', { start: vb.start_at }),
      },
    );
  }
  let localServiceId: string | null = null;
  if (booking.addressServiceId) {
    localServiceId = repos.mapping.localServiceFor(addr.addressKey, booking.addressServiceId);
    if (localServiceId === null) {
      const draft = unmappedService({
        context: {
          addressKey: addr.addressKey,
          inboxId: entry.id,
          ref: addr.ref,
          local: addr.local,
          booking,
          movedFrom,
        },
      });
      return conflict(
        draft,
        `Online booking ${wallTime(booking.start)} (${masked}) uses an unmapped service.`,
        {
          patient: who,
        },
      );
    }
  }
  const result = writeIncomingBooking(deps, {
    addressKey: addr.addressKey,
    local: addr.local,
    booking,
    localServiceId,
    movedFrom,
  });
  switch (result.kind) {
    case 'written':
      return applied(
        addr.addressKey,
        result.adopted
          ? `Online booking ${wallTime(booking.start)} (${masked}) matched appointment ${result.localId}; linked.`
          : `Online booking ${wallTime(booking.start)} (${masked}) written as appointment ${result.localId}.`,
        {
          patient: who,
          message: msg(result.adopted ? 'activity.in.booking-linked' : 'activity.in.booking-written', {
            start: booking.start,
            appointment: result.localId,
          }),
        },
      );
    case 'slot-taken': {
      const draft = doubleBooking({
        context: {
          addressKey: addr.addressKey,
          inboxId: entry.id,
          ref: addr.ref,
          local: addr.local,
          booking,
          localServiceId,
          movedFrom,
          movingLocalId: null,
          clashLocalId: result.clash?.id ?? null,
        },
        existing: result.clash,
        existingServiceName: serviceName(deps, result.clash?.serviceId ?? null),
      });
      return conflict(
        draft,
        `Online booking ${wallTime(booking.start)} (${masked}) collides with the practice system.`,
        { patient: who, moot: refusedFor(deps, result.clash?.id ?? null) },
      );
    }
    case 'refused':
      return conflict(
        writeBackFailed({
          context: {
            addressKey: addr.addressKey,
            inboxId: entry.id,
            ref: addr.ref,
            dpBookingId: booking.dpBookingId,
            error: result.message,
          },
          notificationName: entry.name,
          attempts: 1,
          booking,
          canCancelOnline: true,
        }),
        `Online booking ${wallTime(booking.start)} (${masked}) refused by the practice system.`,
        { patient: who },
      );
  }
}

export function applyBookingCanceled(
  deps: InboundDeps,
  entry: InboxEntry,
  n: Of<'booking-canceled'>,
): HandlerOutcome {
  const { repos, practice, clock } = deps;
  const vb = n.data.visit_booking;
  const addressKey = mappedAddress(deps, n.data.address.id)?.addressKey ?? null;
  const who = fullName(toIncoming(vb, repos.mapping).patient);
  const label = `Booking ${wallTime(vb.start_at)} (${maskName(who)})`;
  if (repos.bookings.isAlias(vb.id)) {
    return ignored(
      addressKey,
      `${label}: an older id of a moved booking was canceled; the moved booking stays.`,
      {
        patient: who,
        message: msg('activity.in.cancel-old-id', { start: vb.start_at }),
      },
    );
  }
  const link = repos.bookings.getByDpId(vb.id);
  if (!link) {
    const moot = openConflictsForBooking(deps.conflicts, repos.bookings, vb.id);
    return ignored(
      addressKey,
      `${label} canceled online; it was never in the practice system, nothing to do.`,
      {
        patient: who,
        message: msg('activity.in.cancel-not-here', { start: vb.start_at }),
        moot: moot.length
          ? {
              conflictIds: moot,
              outcome: 'The patient canceled this booking on Docplanner; nothing left to do.',
            }
          : undefined,
      },
    );
  }
  if (link.state === 'canceled') {
    return ignored(link.addressKey, `${label} is already canceled in the practice system.`, {
      patient: who,
      message: msg('activity.in.cancel-already', { start: vb.start_at }),
    });
  }
  const by =
    vb.canceled_by === 'doctor'
      ? 'the doctor'
      : vb.canceled_by === 'integration'
        ? 'the sync'
        : 'the patient';
  const r = practice.writeBack({
    kind: 'cancel',
    bookingId: link.localId,
    reason: `Canceled on Docplanner by ${by}`,
  });
  if (!r.ok && r.reason === 'not-supported') {
    return conflict(
      writeBackFailed({
        context: {
          addressKey: link.addressKey,
          inboxId: entry.id,
          ref: null,
          dpBookingId: null,
          error: r.message,
        },
        notificationName: n.name,
        attempts: 1,
        booking: null,
        canCancelOnline: false,
      }),
      `${label} canceled online, but the practice system cannot cancel appointments automatically.`,
      { patient: who },
    );
  }
  repos.bookings.setState(link.localId, 'canceled', clock.now());
  return applied(
    link.addressKey,
    r.ok
      ? `${label} canceled online by ${by}; appointment ${link.localId} canceled.`
      : `${label} canceled online; appointment ${link.localId} no longer exists in the practice system.`,
    {
      patient: who,
      message: r.ok
        ? msg('activity.in.canceled', {
            start: vb.start_at,
            appointment: link.localId,
            by:
              vb.canceled_by === 'doctor'
                ? 'activity.in.by.doctor'
                : vb.canceled_by === 'integration'
                  ? 'activity.in.by.sync'
                  : 'activity.in.by.patient',
          })
        : msg('activity.in.canceled-gone', { start: vb.start_at, appointment: link.localId }),
    },
  );
}

export function applyBookingMoved(
  deps: InboundDeps,
  entry: InboxEntry,
  n: Of<'booking-moved'>,
  opts: ApplyOptions = {},
): HandlerOutcome {
  const { repos, practice, clock } = deps;
  const oldB = n.data.old_visit_booking;
  const newB = n.data.new_visit_booking;
  const addr = mappedAddress(deps, n.data.address.id);
  const booking = toIncoming(newB, repos.mapping);
  const who = fullName(booking.patient);
  const label = `Booking moved ${wallTime(oldB.start_at)} → ${wallTime(newB.start_at)} (${maskName(who)})`;
  const move = (appointment: string) => ({ from: oldB.start_at, start: newB.start_at, appointment });
  if (!addr) return movedAway(deps, n, label, who);
  const already = repos.bookings.getByDpId(newB.id);
  if (already && Date.parse(already.start) === Date.parse(newB.start_at)) {
    repos.bookings.addAlias(oldB.id, newB.id, clock.now());
    return ignored(addr.addressKey, `${label}: already applied (appointment ${already.localId}).`, {
      patient: who,
      message: msg('activity.in.move-known', move(already.localId)),
    });
  }
  const superseded = supersededMove(deps, oldB.id, newB.id);
  if (superseded) {
    // (When the sync moved it over the patient's choice, the outbound half raised the conflict as it did so.)
    return ignored(
      addr.addressKey,
      `${label}: the booking has been moved again since; appointment ${superseded.localId} follows its newest time.`,
      { patient: who, message: msg('activity.in.move-superseded', move(superseded.localId)) },
    );
  }
  const link = repos.bookings.getByDpId(oldB.id);
  if (!link) {
    // Never in the PMS (maybe waiting in a conflict): the moved booking is what counts now.
    const outcome = bringIn(deps, entry, addr, newB, oldB.id);
    const stale = openConflictsForBooking(deps.conflicts, repos.bookings, oldB.id);
    if (stale.length === 0) return outcome;
    return {
      ...outcome,
      moot: {
        conflictIds: [...stale, ...(outcome.moot?.conflictIds ?? [])],
        outcome: 'The patient moved this booking online; the moved booking was handled instead.',
      },
    };
  }
  if (link.state === 'canceled') {
    return conflict(
      writeBackFailed({
        context: {
          addressKey: addr.addressKey,
          inboxId: entry.id,
          ref: addr.ref,
          dpBookingId: newB.id,
          error: `appointment ${link.localId} was canceled in the practice system, but the patient moved it online`,
        },
        notificationName: n.name,
        attempts: 1,
        booking,
        canCancelOnline: true,
      }),
      `${label}: the appointment was already canceled in the practice system.`,
      { patient: who },
    );
  }
  if (!opts.overrideLocalEdits) {
    // The receptionist may have changed the appointment since both sides last agreed (its push still pending).
    const current = currentLocal(deps, link);
    if (!current || Date.parse(current.start) !== Date.parse(link.start) || current.status === 'canceled') {
      // WHY record the move now: Docplanner's booking IS the new id at the new time, whatever the receptionist
      // decides. The link follows it, so the outbound half moves (or cancels) the live booking to what the PMS
      // says — the PMS time is kept until someone chooses otherwise — and later notifications of the same chain
      // are recognised instead of being written into the PMS as a second appointment.
      followOnlineMove(deps, link, oldB.id, newB, addr.addressKey, booking.addressServiceId);
      return movedBothSidesConflict(deps, entry, addr, n, link.localId, current, label, who);
    }
  }
  const r = practice.writeBack({
    kind: 'move',
    bookingId: link.localId,
    key: addr.local,
    start: newB.start_at,
    end: newB.end_at,
    externalId: newB.id,
  });
  if (r.ok) {
    const now = clock.now();
    repos.db.transaction(() =>
      linkFollowsMove(deps, link, oldB.id, newB, addr.addressKey, booking.addressServiceId, now),
    )();
    return applied(addr.addressKey, `${label}; appointment ${link.localId} moved.`, {
      patient: who,
      message: msg('activity.in.moved', move(link.localId)),
    });
  }
  if (r.reason === 'slot-taken') {
    const clash = findClash(deps, addr, newB.start_at, newB.end_at, link.localId);
    return conflict(
      doubleBooking({
        context: {
          addressKey: addr.addressKey,
          inboxId: entry.id,
          ref: addr.ref,
          local: addr.local,
          booking,
          localServiceId: booking.addressServiceId
            ? repos.mapping.localServiceFor(addr.addressKey, booking.addressServiceId)
            : null,
          movedFrom: oldB.id,
          movingLocalId: link.localId,
          clashLocalId: clash?.id ?? null,
        },
        existing: clash,
        existingServiceName: serviceName(deps, clash?.serviceId ?? null),
      }),
      `${label}: the new time is taken in the practice system.`,
      { patient: who, moot: refusedFor(deps, clash?.id ?? null) },
    );
  }
  return conflict(
    writeBackFailed({
      context: {
        addressKey: addr.addressKey,
        inboxId: entry.id,
        ref: addr.ref,
        dpBookingId: newB.id,
        error: r.message,
      },
      notificationName: n.name,
      attempts: 1,
      booking,
      canCancelOnline: true,
    }),
    `${label}: the practice system could not move appointment ${link.localId}.`,
    { patient: who },
  );
}

/**
 * The patient (or doctor) moved a booking online while the receptionist changed the same appointment in the PMS.
 * The PMS side is what the sync keeps (the link already follows the online booking, so the outbound half moves
 * or cancels it); the conflict tells the receptionist and offers the patient's time instead. An earlier such
 * conflict about the same booking (the patient moved it twice) is closed as superseded by this one.
 */
function movedBothSidesConflict(
  deps: InboundDeps,
  entry: InboxEntry,
  addr: MappedAddress,
  n: Of<'booking-moved'>,
  localId: string,
  current: LocalBooking | null,
  label: string,
  who: string,
): HandlerOutcome {
  const oldB = n.data.old_visit_booking;
  const newB = n.data.new_visit_booking;
  const earlier = openConflictsForBooking(deps.conflicts, deps.repos.bookings, newB.id).filter(
    (id) => deps.conflicts.get(id)?.conflict.kind === 'write-back-failed' && !isAbout(deps, id, entry.id),
  );
  return conflict(
    movedOnBothSides({
      context: {
        addressKey: addr.addressKey,
        inboxId: entry.id,
        ref: addr.ref,
        dpBookingId: newB.id,
        error: `appointment ${localId} was also changed in the practice system`,
        movedBothSides: {
          localBookingId: localId,
          fromId: oldB.id,
          toId: newB.id,
          start: newB.start_at,
          end: newB.end_at,
        },
      },
      booking: toIncoming(newB, deps.repos.mapping),
      current,
      serviceName: serviceName(deps, current?.serviceId ?? null),
    }),
    `${label}: the appointment was changed in the practice system too.`,
    {
      patient: who,
      moot: earlier.length
        ? { conflictIds: earlier, outcome: 'The patient moved this booking again; see the newer conflict.' }
        : undefined,
    },
  );
}

/** Whether a stored conflict was raised by this inbox entry (a re-apply refreshes it, never closes it). */
function isAbout(deps: InboundDeps, conflictId: string, inboxId: number): boolean {
  const ctx = readContext(deps.conflicts.get(conflictId)?.context);
  return ctx !== null && 'inboxId' in ctx && ctx.inboxId === inboxId;
}

/**
 * A move notification that is history already: the engine knows a newer id of the same booking (its own
 * moveBooking, or the newest id read from Docplanner after a 409), so this step of the chain must not be applied
 * (applying it would move the appointment back, or bring the booking in as a second appointment). Both ids of the
 * notification become aliases of the newest known id. Returns the link that follows the booking, or null when
 * the notification is news.
 */
function supersededMove(deps: InboundDeps, oldId: string, newId: string) {
  const links = deps.repos.bookings;
  const newestOfNew = links.resolve(newId);
  const newestOfOld = links.resolve(oldId);
  const newLink = links.getByDpId(newId);
  const oldMovedElsewhere = newestOfOld !== oldId && newestOfOld !== newestOfNew;
  if (!newLink && !oldMovedElsewhere) return null;
  const link = newLink ?? links.getByDpId(oldId);
  if (!link) return null;
  const now = deps.clock.now();
  for (const id of [oldId, newId]) {
    if (id !== link.dpBookingId && !links.isAlias(id)) links.addAlias(id, link.dpBookingId, now);
  }
  return link;
}

/**
 * The link takes the booking's new online id and times (the older ids become aliases); a move to another mapped
 * calendar (another address of the doctor) takes the link along. Call inside a transaction.
 */
function linkFollowsMove(
  deps: InboundDeps,
  link: BookingLink,
  oldId: string,
  to: BookingNotification,
  addressKey: string,
  addressServiceId: string | null,
  now: number,
): void {
  const { bookings } = deps.repos;
  bookings.recordMove(link.localId, link.dpBookingId, to.id, to.start_at, to.end_at, now);
  bookings.addAlias(oldId, to.id, now);
  if (link.addressKey !== addressKey) {
    bookings.upsert({ ...bookings.get(link.localId)!, addressKey, addressServiceId }, now);
  }
}

/** The link follows the online move and the appointment is planned again (the outbound half pushes the PMS side). */
function followOnlineMove(
  deps: InboundDeps,
  link: BookingLink,
  oldId: string,
  to: BookingNotification,
  addressKey: string,
  addressServiceId: string | null,
): void {
  const { repos, clock } = deps;
  const now = clock.now();
  repos.db.transaction(() => {
    linkFollowsMove(deps, link, oldId, to, addressKey, addressServiceId, now);
    repos.outbox.enqueue(
      {
        key: bookingKey(link.localId),
        kind: 'booking',
        addressKey,
        day: localDate(to.start_at, deps.practice.timeZone),
        lane: 0,
      },
      now,
      { unblock: true },
    );
  })();
}

/**
 * The booking moved to a Docplanner address this clinic does not sync (another doctor or facility): the visit no
 * longer happens in this calendar, so the linked local appointment is canceled with that reason.
 */
function movedAway(deps: InboundDeps, n: Of<'booking-moved'>, label: string, who: string): HandlerOutcome {
  const { repos, practice, clock } = deps;
  const link = repos.bookings.getByDpId(n.data.old_visit_booking.id);
  if (!link || link.state === 'canceled') return notMapped(n.data.address.id);
  const r = practice.writeBack({
    kind: 'cancel',
    bookingId: link.localId,
    reason: 'Moved on Docplanner to a calendar this clinic does not synchronise',
  });
  if (!r.ok && r.reason === 'not-supported') throw new Error(r.message);
  const now = clock.now();
  repos.db.transaction(() => {
    repos.bookings.setState(link.localId, 'canceled', now);
    repos.bookings.addAlias(n.data.old_visit_booking.id, n.data.new_visit_booking.id, now);
  })();
  return applied(
    link.addressKey,
    `${label}: moved to a calendar that is not synchronised; appointment ${link.localId} canceled here.`,
    {
      patient: who,
      message: msg('activity.in.moved-away', {
        from: n.data.old_visit_booking.start_at,
        start: n.data.new_visit_booking.start_at,
        appointment: link.localId,
      }),
    },
  );
}

/** The linked appointment as the PMS has it now on the day both sides agreed on, or null if it is not there. */
function currentLocal(
  deps: InboundDeps,
  link: { localId: string; addressKey: string; start: string },
): LocalBooking | null {
  const key = deps.repos.mapping.getAddress(link.addressKey)?.local;
  if (!key) return null;
  const date = localDate(link.start, deps.practice.timeZone);
  const onItsDay = deps.practice
    .readDays(key, { from: date, to: date })[0]
    ?.bookings.find((b) => b.id === link.localId);
  if (onItsDay) return onItsDay;
  // Moved to another day (or gone): look further, so a conflict shows where it is now rather than "deleted".
  const range = { from: addDays(date, -MOVED_SEARCH_DAYS), to: addDays(date, MOVED_SEARCH_DAYS) };
  for (const day of deps.practice.readDays(key, range)) {
    const found = day.bookings.find((b) => b.id === link.localId);
    if (found) return found;
  }
  return null;
}

/** How far from its linked day an appointment the receptionist moved is looked for. */
const MOVED_SEARCH_DAYS = 120;

function findClash(
  deps: InboundDeps,
  addr: MappedAddress,
  start: string,
  end: string,
  exceptId: string,
): LocalBooking | null {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const date = localDate(start, deps.practice.timeZone);
  const day = deps.practice.readDays(addr.local, { from: date, to: date });
  return (
    day
      .flatMap((d) => d.bookings)
      .find(
        (b) =>
          b.id !== exceptId &&
          b.status !== 'canceled' &&
          b.status !== 'no-show' &&
          Date.parse(b.start) < e &&
          s < Date.parse(b.end),
      ) ?? null
  );
}

/**
 * The local appointment's own push was refused by Docplanner because a patient took the same time online: that
 * 'booking-refused' conflict is decided by the double-booking one (its resolution re-sends the appointment when
 * the time is freed), so it is closed with that reason.
 */
function refusedFor(deps: InboundDeps, clashLocalId: string | null) {
  const open = clashLocalId ? deps.conflicts.findOpen(`booking-refused:${clashLocalId}`) : null;
  return open
    ? {
        conflictIds: [open.conflict.id],
        outcome: 'A patient booked the same time online; this is decided in the double-booking conflict.',
      }
    : undefined;
}

export function applyBookingConfirmed(
  deps: InboundDeps,
  _e: InboxEntry,
  n: Of<'booking-confirmed'>,
): HandlerOutcome {
  const vb = n.data.visit_booking;
  const link = deps.repos.bookings.getByDpId(vb.id);
  const label = `Booking ${wallTime(vb.start_at)}`;
  const start = vb.start_at;
  if (!link)
    return ignored(null, `${label} confirmed online; it is not in the practice system, nothing to do.`, {
      message: msg('activity.in.confirm-not-here', { start }),
    });
  const r = deps.practice.writeBack({ kind: 'confirm', bookingId: link.localId });
  if (r.ok)
    return applied(
      link.addressKey,
      `${label} confirmed by the patient; appointment ${link.localId} confirmed.`,
      { message: msg('activity.in.confirmed', { start, appointment: link.localId }) },
    );
  return ignored(
    link.addressKey,
    `${label} confirmed by the patient; not recorded in the practice system (${r.message}).`,
    { message: msg('activity.in.confirm-not-recorded', { start }) },
  );
}

export function applyPresenceMarked(
  deps: InboundDeps,
  _e: InboxEntry,
  n: Of<'presence-marked'>,
): HandlerOutcome {
  const vb = n.data.visit_booking;
  const presence = n.data.presence;
  const link = deps.repos.bookings.getByDpId(vb.id);
  const label = `Booking ${wallTime(vb.start_at)}`;
  const about = {
    start: vb.start_at,
    presence: presence === 'present' ? 'activity.in.presence.present' : 'activity.in.presence.absent',
  };
  if (!link)
    return ignored(null, `${label} marked ${presence} online; it is not in the practice system.`, {
      message: msg('activity.in.presence-not-here', about),
    });
  const r = deps.practice.writeBack({
    kind: 'presence',
    bookingId: link.localId,
    present: presence === 'present',
  });
  if (r.ok)
    return applied(
      link.addressKey,
      `${label}: patient marked ${presence}; appointment ${link.localId} updated.`,
      { message: msg('activity.in.presence-recorded', { ...about, appointment: link.localId }) },
    );
  return ignored(link.addressKey, `${label}: patient marked ${presence}; not recorded (${r.message}).`, {
    message: msg('activity.in.presence-not-recorded', about),
  });
}
