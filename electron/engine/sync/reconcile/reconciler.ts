// Reconciliation (coverage validation): per activated address, read getSlots + getBookings + getCalendarBreaks
// for the horizon (3 reads) and compare with what the PMS implies. The breaks are read only when needed: when the
// free slots and bookings online agree with the PMS on their own, the hourly run stops at 2 reads (the breaks are
// still read at least daily, on any difference, and always on a full resync or after 72 h off):
// - a day whose free slots differ from the grid we publish (minus what is booked or blocked on Docplanner) has
//   its pushed hash cleared, so the next drain sends that day's PUT again (only that day);
// - a linked booking missing online is booked again; one canceled online by the patient, and an online booking
//   nobody told us about, go to the inbound half as synthetic notifications (notifications live only 72 h);
// - an online booking canceled by the patient/doctor that no link knows (canceled while no PC led, the handover
//   lacking its link) is matched to its unlinked marketplace appointment (same start, same patient) and goes to
//   the inbound half as a synthetic booking-canceled;
// - a linked break missing online is added again; our own stray bookings/breaks (from lost answers) are linked
//   when they match the PMS, removed otherwise; a break the doctor made goes to the inbound half.
// Repairs go through the outbox (fewest writes: a PUT only for days that differ), except removing strays.
// Multi-PC: each direct write (stray removal) is fenced on the lease (`isLeader`), checked immediately before it.
import type { BlockedTime, CanonicalDay, DayKey, LocalBooking } from '../../../../shared/canonical';
import type { MessageCode } from '../../../../shared/message-codes';
import type { AddressRef, DocplannerApi } from '../../docplanner/api';
import { isDocplannerError } from '../../docplanner/errors';
import type { Booking, CalendarBreak, Notification, ReplaceSlotsRequest } from '../../docplanner/schemas';
import type { ClinicTime } from '../../practice/time';
import { holdId, isHoldId } from '../../store/links';
import type { Repos } from '../../store/repos';
import type { InboundPort } from '../engine';
import type { Detector } from '../outbound/detector';
import { openConflictsForBooking } from '../conflicts/lookup';
import { isNotLeading, leaseCheckOf, NotLeadingError } from '../inbound/fence';
import { samePatientContact, toPatient } from '../inbound/incoming';
import type { KeyPlanner } from '../outbound/key-planner';
import { plainError } from '../outbound/sender';
import { isActive } from '../plan/booking';
import { isOurBreak } from '../plan/break';
import { desiredSlots } from '../plan/slots';
import { sameInstant } from '../plan/writes';
import { expectedFreeStarts, sameSet, type Interval } from './expected-slots';

export interface ReconcilerDeps {
  api: DocplannerApi;
  repos: Repos;
  planner: KeyPlanner;
  detector: Detector;
  time: ClinicTime;
  now: () => number;
  inbound?: InboundPort;
  /** Multi-PC lease: false → no direct write (the run stops with an error). Default: the inbound half's check. */
  isLeader?: () => boolean;
}

export interface ReconcileFindings {
  differences: number;
  /** Writes sent directly (stray removals); the rest are queued. */
  writes: number;
  errors: string[];
}

const LAST_MINUTE = 23 * 60 + 59;

export type BreaksCheck = 'always' | 'when-needed';
/** Meta key prefix: when the breaks of an address were last read by a reconciliation. */
const BREAKS_CHECKED_PREFIX = 'reconcile.breaks-checked-at:';
/** The breaks of an address are read at least this often, even when everything else agrees. */
export const BREAKS_CHECK_MAX_AGE_MS = 24 * 3_600_000;

/** Free slot starts online per clinic day (only starts after now, as expectedFreeStarts compares). */
function freeStartsByDay(slots: readonly { start: string }[], time: ClinicTime, now: number) {
  const byDay = new Map<string, Set<number>>();
  for (const s of slots) {
    const t = Date.parse(s.start);
    // WHY: expectedFreeStarts ignores starts at or before now; a slot starting exactly now (which getSlots may
    // still list) would otherwise make today differ on every run and re-send its PUT each time.
    if (t <= now) continue;
    const day = time.dateOf(t);
    const set = byDay.get(day) ?? new Set<number>();
    set.add(t);
    byDay.set(day, set);
  }
  return byDay;
}

/**
 * Marks the synthetic booking-canceled of an unlinked booking. WHY: the pulled copy of the same event may already
 * be in the inbox, recorded as "never in the practice system" (it came before the link existed); an identical
 * synthetic would be folded into that row by the inbox dedupe and never applied. The marker is stable, so repeated
 * runs still fold into one row.
 */
const FOUND_UNLINKED = 'reconciliation:unlinked-cancel';

export class Reconciler {
  constructor(private readonly d: ReconcilerDeps) {}

  async run(opts: {
    enqueueAllDays: boolean;
    addressKeys?: readonly string[];
    /** 'always': read the breaks of every address (full resync, back after 72 h off); default: when needed. */
    breaks?: BreaksCheck;
  }): Promise<ReconcileFindings> {
    const found: ReconcileFindings = { differences: 0, writes: 0, errors: [] };
    for (const a of this.d.repos.mapping.listAddresses()) {
      if (a.activation === 'inactive') continue;
      if (opts.addressKeys && !opts.addressKeys.includes(a.addressKey)) continue;
      try {
        await this.address(a.addressKey, opts.enqueueAllDays, opts.breaks ?? 'when-needed', found);
      } catch (e) {
        if (isNotLeading(e)) {
          found.errors.push(e.message); // the lease moved: the other addresses are the next leader's job
          break;
        }
        found.errors.push(plainError(e));
      }
    }
    return found;
  }

  private async address(
    addressKey: string,
    all: boolean,
    breaksCheck: BreaksCheck,
    found: ReconcileFindings,
  ): Promise<void> {
    const { api, repos, planner, time } = this.d;
    this.fence('check Docplanner for this calendar');
    const ctx = planner.context(addressKey)!;
    const { ref } = ctx;
    const { from, to } = planner.horizon();
    const fromMs = time.startOfDay(from);
    const toMs = time.localToMs(to, LAST_MINUTE);
    const now = this.d.now();
    const o = { priority: 2 as const };
    const slots = await api.getSlots(ref, time.format(Math.max(fromMs, now)), time.format(toMs), o);
    const bookings = await api.getBookings(ref, time.format(fromMs), time.format(toMs), o);
    const days = planner.readRange(addressKey, from, to);
    const dirty = new Set<string>(all ? days.map((d) => d.date) : []);
    const synthetic: Notification[] = [];
    const differencesBefore = found.differences;
    const localBookings = new Map(days.flatMap((d) => d.bookings.map((b) => [b.id, b] as const)));
    const localBreaks = new Map(days.flatMap((d) => d.breaks.map((b) => [b.id, b] as const)));
    const dateOf = (iso: string) => time.dateOf(Date.parse(iso));

    // Bookings ---------------------------------------------------------------------------------------------
    const byId = new Map(bookings.map((b) => [b.id, b]));
    /** Online bookings handed over as the new end of a move (not to be brought in as new ones too). */
    const movedIn = new Set<string>();
    for (const link of repos.bookings.listByAddress(addressKey, { fromMs, toMs })) {
      if (link.state !== 'booked' || Date.parse(link.start) <= now) continue;
      const online = byId.get(link.dpBookingId);
      if (online && online.status === 'booked') continue;
      found.differences++;
      if (online && online.canceled_by && online.canceled_by !== 'integration') {
        const moved = await this.movedTo(ref, online, byId);
        if (moved) {
          movedIn.add(moved.id);
          synthetic.push(this.movedNotification(ctx.ref, online, moved));
        } else {
          synthetic.push(this.bookingNotification('booking-canceled', ctx.ref, online));
        }
        continue;
      }
      repos.bookings.setState(link.localId, 'canceled', now); // not online (any more): book it again
      dirty.add(dateOf(link.start));
    }
    for (const b of bookings) {
      if (Date.parse(b.start_at) <= now) continue;
      if (b.status !== 'booked') {
        if (this.linkCanceledOnline(addressKey, b, bookings, localBookings, now)) {
          found.differences++;
          synthetic.push(this.bookingNotification('booking-canceled', ctx.ref, b, FOUND_UNLINKED));
        }
        continue;
      }
      if (repos.bookings.getByDpId(b.id) || repos.bookings.isAlias(b.id) || movedIn.has(b.id)) continue;
      // Already waiting for the receptionist in an open conflict (a double booking, an unmapped service …):
      // known, not a difference to report again every hour.
      if (b.booked_by !== 'integration' && this.awaitingDecision(b.id)) continue;
      found.differences++;
      if (b.booked_by === 'integration') {
        const match = [...localBookings.values()].find(
          (l) => isActive(l) && !repos.bookings.get(l.id) && sameInstant(l.start, b.start_at),
        );
        if (match) {
          this.link(addressKey, match, b, now);
          dirty.add(dateOf(b.start_at));
        } else {
          this.fence('cancel an online booking');
          await api.cancelBooking(ref, b.id, 'Not in the practice system', { priority: 0 });
          found.writes++;
          this.audit(
            addressKey,
            'cancelBooking',
            'Canceled an online booking the practice system does not have',
            'activity.reconcile.canceled-online',
          );
        }
      } else {
        synthetic.push(this.bookingNotification('slot-booked', ctx.ref, b));
      }
    }

    // Breaks -----------------------------------------------------------------------------------------------
    const actualByDay = freeStartsByDay(slots, time, now);
    // The grid published per day and the time bookings take online: computed once, used by both checks.
    const published = new Map(days.map((d) => [d.date, desiredSlots(d, ctx).body] as const));
    const bookedOnline: Interval[] = bookings
      .filter((b) => b.status === 'booked')
      .map((b) => ({ start: Date.parse(b.start_at), end: Date.parse(b.end_at) }));
    const checkedKey = `${BREAKS_CHECKED_PREFIX}${addressKey}`;
    const lastChecked = repos.meta.getNumber(checkedKey);
    if (
      breaksCheck === 'when-needed' &&
      found.differences === differencesBefore &&
      lastChecked !== null &&
      now - lastChecked < BREAKS_CHECK_MAX_AGE_MS &&
      this.availabilityAgreesWithoutBreaks(addressKey, days, published, bookedOnline, actualByDay, now)
    ) {
      // WHY no getCalendarBreaks: every free slot online is exactly what the PMS implies and every booking
      // agrees, so the breaks online block exactly the time they should as far as any patient can see; a
      // difference they could still hide (a break over time that is busy anyway) changes nothing bookable and is
      // found by the daily full check. Saves a third of the reads of the hourly run.
      this.finish(addressKey, all ? days.map((d) => d.date) : [], synthetic);
      return;
    }
    const breaks = await api.getCalendarBreaks(ref, time.format(fromMs), time.format(toMs), o);
    repos.meta.setNumber(checkedKey, now);
    const breakIds = new Set(breaks.map((b) => b.id));
    for (const link of repos.breaks.listByAddress(addressKey, { fromMs, toMs })) {
      if (breakIds.has(link.dpBreakId) || Date.parse(link.till) <= now) continue;
      found.differences++;
      if (link.origin === 'marketplace') {
        synthetic.push(
          this.breakNotification('break-removed', ctx.ref, link.dpBreakId, link.since, link.till),
        );
        continue;
      }
      repos.breaks.delete(link.localId);
      dirty.add(dateOf(link.since));
    }
    for (const b of breaks) {
      if (repos.breaks.getByDpId(addressKey, b.id) || Date.parse(b.till) <= now) continue;
      found.differences++;
      if (!isOurBreak(b.description)) {
        synthetic.push(this.breakNotification('break-created', ctx.ref, b.id, b.since, b.till));
        continue;
      }
      const owner = this.ownerOf(b, localBookings, localBreaks);
      if (owner) {
        repos.breaks.upsert(
          {
            localId: owner,
            addressKey,
            dpBreakId: b.id,
            since: b.since,
            till: b.till,
            origin: isHoldId(owner) ? 'booking-hold' : 'pms',
          },
          now,
        );
        dirty.add(dateOf(b.since));
      } else {
        this.fence('remove a calendar break');
        await api.deleteCalendarBreak(ref, b.id, { priority: 0 });
        found.writes++;
        this.audit(
          addressKey,
          'deleteCalendarBreak',
          'Removed a break the practice system does not have',
          'activity.reconcile.removed-break',
        );
      }
    }

    // Availability -----------------------------------------------------------------------------------------
    const busy: Interval[] = [
      ...bookedOnline,
      ...breaks.map((b) => ({ start: Date.parse(b.since), end: Date.parse(b.till) })),
    ];
    for (const day of days) {
      const expected = expectedFreeStarts(published.get(day.date)!, busy, now);
      const actual = actualByDay.get(day.date) ?? new Set<number>();
      if (!sameSet(expected, actual)) {
        found.differences++;
        repos.pushedDays.clear(addressKey, day.date);
        dirty.add(day.date);
      }
    }

    this.finish(addressKey, [...dirty], synthetic);
  }

  /** Hands synthetic notifications to the inbound half and queues the days to send again. */
  private finish(addressKey: string, dirtyDates: readonly string[], synthetic: Notification[]): void {
    if (synthetic.length > 0 && this.d.inbound?.inbox) {
      this.d.inbound.inbox.store(synthetic, 'reconciliation');
      this.d.inbound.applyPending?.();
    }
    const link = this.d.repos.mapping.getAddress(addressKey)!;
    const keys: DayKey[] = [...dirtyDates].sort().map((date) => ({ ...link.local, date }));
    this.d.detector.enqueueDays(keys, { unblock: false });
  }

  /**
   * Whether the free slots online are exactly the published grid minus what the PMS says is taken (its active
   * appointments and blocked times), the bookings online and the breaks the sync knows of — i.e. agree without
   * reading the breaks. Any doubt (a pending push, a break nobody told us about) makes it false: breaks are read.
   */
  private availabilityAgreesWithoutBreaks(
    addressKey: string,
    days: readonly CanonicalDay[],
    published: ReadonlyMap<string, ReplaceSlotsRequest>,
    bookedOnline: readonly Interval[],
    actualByDay: Map<string, Set<number>>,
    now: number,
  ): boolean {
    const busy: Interval[] = [
      ...bookedOnline,
      ...days.flatMap((d) => [
        ...d.bookings.filter(isActive).map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })),
        ...d.breaks.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })),
      ]),
      ...this.d.repos.breaks
        .listByAddress(addressKey)
        .map((b) => ({ start: Date.parse(b.since), end: Date.parse(b.till) })),
    ];
    return days.every((day) =>
      sameSet(
        expectedFreeStarts(published.get(day.date)!, busy, now),
        actualByDay.get(day.date) ?? new Set<number>(),
      ),
    );
  }

  /**
   * Fix for a cancellation made online while no PC led: the new leader's handover lacked the link, the pulled
   * notification was recorded as "never in the practice system", and the PMS kept a visit the patient will not
   * come to. Links the canceled booking to its appointment (active, unlinked, written from the marketplace, same
   * start, same patient by name and phone) so a synthetic booking-canceled cancels it through the inbound half.
   * Not when a live online booking has the same start: that one may own the appointment (canceled and rebooked).
   */
  private linkCanceledOnline(
    addressKey: string,
    b: Booking,
    online: readonly Booking[],
    local: Map<string, LocalBooking>,
    now: number,
  ): boolean {
    const { repos } = this.d;
    if (!b.canceled_by || b.canceled_by === 'integration') return false;
    if (repos.bookings.getByDpId(b.id) || repos.bookings.isAlias(b.id)) return false;
    if (online.some((o) => o.status === 'booked' && sameInstant(o.start_at, b.start_at))) return false;
    const patient = toPatient(b.patient);
    const match = [...local.values()].find(
      (l) =>
        l.origin === 'marketplace' &&
        isActive(l) &&
        !repos.bookings.get(l.id) &&
        sameInstant(l.start, b.start_at) &&
        samePatientContact(l.patient, patient),
    );
    if (!match) return false;
    this.link(addressKey, match, b, now);
    return true;
  }

  /** Links an online booking to its local appointment (found by reconciliation, not told by an answer). */
  private link(addressKey: string, local: LocalBooking, b: Booking, now: number): void {
    this.d.repos.bookings.upsert(
      {
        localId: local.id,
        addressKey,
        dpBookingId: b.id,
        start: b.start_at,
        end: b.end_at,
        addressServiceId: b.address_service?.id ?? null,
        state: 'booked',
        origin: local.origin,
      },
      now,
    );
  }

  private awaitingDecision(dpBookingId: string): boolean {
    const repo = this.d.inbound?.conflicts?.repo;
    return repo !== undefined && openConflictsForBooking(repo, this.d.repos.bookings, dpBookingId).length > 0;
  }

  /** Throws (stopping this address) unless this PC holds the lease right now. */
  private fence(what: string): void {
    const check = this.d.isLeader ?? leaseCheckOf(this.d.inbound);
    if (check && !check()) throw new NotLeadingError(what);
  }

  /** The local blocked time or appointment hold one of our stray breaks belongs to, if any. */
  private ownerOf(
    b: CalendarBreak,
    bookings: Map<string, LocalBooking>,
    blocks: Map<string, BlockedTime>,
  ): string | null {
    const { repos } = this.d;
    const named = /block ([^)]+)\)/.exec(b.description ?? '');
    if (named && blocks.has(named[1]!) && !repos.breaks.get(named[1]!)) return named[1]!;
    for (const blk of blocks.values()) {
      if (!repos.breaks.get(blk.id) && sameInstant(blk.start, b.since) && sameInstant(blk.end, b.till)) {
        return blk.id;
      }
    }
    const m = /appointment ([^)]+)\)/.exec(b.description ?? '');
    if (m) {
      const id = m[1]!;
      const local = bookings.get(id);
      if (local && isActive(local) && !repos.breaks.get(holdId(id)) && sameInstant(local.start, b.since)) {
        return holdId(id);
      }
    }
    return null;
  }

  private bookingNotification(
    name: 'slot-booked' | 'booking-canceled',
    ref: AddressRef,
    b: Booking,
    foundBy?: string,
  ): Notification {
    return {
      name,
      data: {
        ...whereOf(ref),
        visit_booking: visitOf(b),
        ...(foundBy ? { found_by: foundBy } : {}),
      },
      created_at: (name === 'booking-canceled' ? b.canceled_at : b.booked_at) ?? b.start_at,
    };
  }

  /** A booking-moved nobody told us about (the notification expired): from its canceled origin to the newest. */
  private movedNotification(ref: AddressRef, from: Booking, to: Booking): Notification {
    return {
      name: 'booking-moved',
      data: {
        ...whereOf(ref),
        old_visit_booking: visitOf(from),
        new_visit_booking: visitOf(to),
      },
      created_at: to.booked_at ?? from.canceled_at ?? to.start_at,
    };
  }

  /**
   * The booking a linked one was moved to online, when it is live: Docplanner's `moving.newest_booking_id`
   * (bookings made after 2025-04-02 carry it). One getBooking per linked booking found canceled by the patient
   * or doctor, so a move whose notification expired moves the appointment instead of canceling it and
   * bringing the new time in as a second appointment.
   */
  private async movedTo(
    ref: AddressRef,
    canceled: Booking,
    online: Map<string, Booking>,
  ): Promise<Booking | null> {
    let full: Booking;
    try {
      full = await this.d.api.getBooking(ref, canceled.id, { priority: 2 });
    } catch (e) {
      if (isDocplannerError(e) && e.kind === 'not-found') return null;
      throw e;
    }
    const newest = full.moving?.newest_booking_id;
    if (!newest || newest === canceled.id) return null;
    const target = online.get(newest) ?? (await this.d.api.getBooking(ref, newest, { priority: 2 }));
    return target.status === 'booked' ? target : null;
  }

  private breakNotification(
    name: 'break-created' | 'break-removed',
    ref: AddressRef,
    id: string,
    since: string,
    till: string,
  ): Notification {
    return {
      name,
      data: {
        ...whereOf(ref),
        break: { id, since, till },
      },
      created_at: this.d.time.format(this.d.now()),
    };
  }

  private audit(addressKey: string, operation: string, summary: string, code: MessageCode): void {
    this.d.repos.audit.append({
      at: this.d.now(),
      direction: 'out',
      operation,
      addressKey,
      outcome: 'ok',
      summary,
      code,
    });
  }
}

/** The visit_booking object of a synthetic notification (the shape pulled notifications have). */
function visitOf(b: Booking): Record<string, unknown> {
  return {
    id: b.id,
    status: b.status,
    start_at: b.start_at,
    end_at: b.end_at,
    duration: b.duration,
    booked_by: b.booked_by,
    canceled_by: b.canceled_by ?? null,
    booked_at: b.booked_at ?? null,
    canceled_at: b.canceled_at ?? null,
    address_service: b.address_service ? { id: b.address_service.id, name: b.address_service.name } : null,
    patient: b.patient ?? null,
    comment: b.comment ?? null,
    insurance: b.insurance ?? null,
  };
}

/** The facility/doctor/address part every notification carries (synthetic ones name only the ids). */
function whereOf(ref: AddressRef) {
  return { facility: { id: ref.facilityId }, doctor: { id: ref.doctorId }, address: { id: ref.addressId } };
}
