// The resolution actions: what each option does, through the engine's parts (Docplanner API, PMS write-back,
// links, mapping, outbox, inbox). Each resolves with an outcome in plain words or throws an Error whose message
// is shown to the receptionist (the conflict then stays open). PMS writes are synchronous and happen only after
// the network call they depend on has returned: no PMS lock is held across a network call.
import type { AddressRef, DocplannerApi } from '../../docplanner/api';
import { isDocplannerError } from '../../docplanner/errors';
import { bookingKey } from '../../store/outbox';
import type { StoredConflict } from '../../store/conflicts';
import { holdId } from '../../store/links';
import type { InboundApplier } from '../inbound/applier';
import { holdDescription } from '../plan/booking';
import { BREAK_REASON } from '../inbound/apply-breaks';
import type { InboundDeps } from '../inbound/deps';
import { mappedAddress } from '../inbound/address';
import { localDate, overlappingBookings } from '../inbound/incoming';
import { writeIncomingBooking, type WriteIncomingResult } from '../inbound/write-booking';
import type { ConflictContext, ContextOf, IncomingBooking } from './context';
import { doubleBooking, wallTime } from './drafts';
import { fail } from './failure';
import type { ConflictService, ResolutionRunner } from './service';

/** What the patient reads when the clinic cancels an online booking. */
export const CANCEL_REASON =
  'We are sorry, this time is no longer available. Please choose another time or call the clinic.';
/** How far around the original time move-online looks for a free slot. */
const MOVE_SEARCH_DAYS_BEFORE = 3;
const MOVE_SEARCH_DAYS_AFTER = 14;
const DAY_MS = 86_400_000;

export class ResolutionActions implements ResolutionRunner {
  constructor(
    private readonly parts: {
      api: DocplannerApi;
      inbound: InboundDeps;
      applier: InboundApplier;
      conflicts: ConflictService;
    },
  ) {}

  async run(action: string, ctx: ConflictContext, stored: StoredConflict): Promise<string> {
    switch (ctx.kind) {
      case 'double-booking':
        if (action === 'keep-both') return this.keepBoth(ctx);
        if (action === 'cancel-online') {
          const done = await this.cancelOnline(ctx.ref, ctx.booking, ctx.inboxId, ctx.movingLocalId);
          return done + this.resendClash(ctx);
        }
        if (action === 'move-online') return (await this.moveOnline(ctx)) + this.resendClash(ctx);
        break;
      case 'unmapped-service':
        if (action === 'book-without-service') return this.bookAs(ctx, null);
        if (action === 'map-and-apply') return this.mapAndApply(ctx);
        if (action === 'cancel-online') return this.cancelOnline(ctx.ref, ctx.booking, ctx.inboxId, null);
        break;
      case 'write-back-failed':
        if (action === 'retry') return this.retryNotification(ctx.inboxId, stored);
        if (action === 'take-online-time' && ctx.movedBothSides) return this.takeOnlineTime(ctx);
        if (action === 'take-online-time') return this.retryNotification(ctx.inboxId, stored, true);
        if (action === 'keep-local-time' && ctx.movedBothSides) return this.keepLocalTime(ctx);
        if (action === 'cancel-online' && ctx.ref && ctx.dpBookingId) {
          await this.cancelOnlineId(ctx.ref, ctx.dpBookingId);
          this.markInbox(ctx.inboxId, 'resolved: canceled online');
          return 'The booking was canceled on Docplanner; the patient was told the time is not available.';
        }
        break;
      case 'booking-refused':
        if (action === 'retry') return this.retryOutbound(ctx);
        if (action === 'hold-with-break') return this.holdWithBreak(ctx);
        if (action === 'keep-local-only') return 'Left in the practice system only.';
        break;
      case 'remote-break':
        if (action === 'block-pms') return this.blockPms(ctx);
        if (action === 'remove-break') return this.removeBreak(ctx);
        break;
      case 'mapping-vanished':
        if (action === 'remap') return this.checkRemapped(ctx);
        if (action === 'recreate-service') return this.recreateService(ctx);
        break;
      default:
        break;
    }
    throw fail(`"${action}" cannot be applied to this conflict`, 'resolve.why.not-applicable');
  }

  private get d(): InboundDeps {
    return this.parts.inbound;
  }

  private markInbox(inboxId: number | null, outcome: string): void {
    if (inboxId === null) return;
    const entry = this.d.inbox.get(inboxId);
    if (entry && entry.state !== 'applied') this.d.inbox.markApplied(inboxId, outcome);
  }

  // --- bookings ---------------------------------------------------------------------------------------------

  /**
   * The time is free online again: if Docplanner had refused the clashing local appointment (outbox entry
   * blocked), send it again now.
   */
  private resendClash(ctx: ContextOf<'double-booking'>): string {
    const id = ctx.clashLocalId;
    if (!id || !ctx.addressKey) return '';
    const entry = this.d.repos.outbox.getByKey(bookingKey(id));
    if (!entry || entry.state !== 'blocked') return '';
    this.d.repos.outbox.enqueue(
      { key: entry.key, kind: 'booking', addressKey: ctx.addressKey, day: entry.day, lane: 0 },
      this.d.clock.now(),
      { unblock: true },
    );
    return ` Appointment ${id} is sent to Docplanner again.`;
  }

  private keepBoth(ctx: ContextOf<'double-booking'>): string {
    const b = ctx.booking;
    if (ctx.movingLocalId) {
      const r = this.d.practice.writeBack({
        kind: 'move',
        bookingId: ctx.movingLocalId,
        key: ctx.local,
        start: b.start,
        end: b.end,
        externalId: b.dpBookingId,
        overbook: true,
      });
      if (!r.ok) throw refused(r.reason, r.message);
      const link = this.d.repos.bookings.get(ctx.movingLocalId);
      const now = this.d.clock.now();
      this.d.repos.bookings.recordMove(
        ctx.movingLocalId,
        link?.dpBookingId ?? ctx.movedFrom ?? b.dpBookingId,
        b.dpBookingId,
        b.start,
        b.end,
        now,
      );
      if (ctx.movedFrom) this.d.repos.bookings.addAlias(ctx.movedFrom, b.dpBookingId, now);
      this.markInbox(ctx.inboxId, 'resolved: kept both (overbooking)');
      return `Appointment ${ctx.movingLocalId} moved to ${wallTime(b.start)} as an overbooking.`;
    }
    const r = this.write(ctx, ctx.localServiceId, true);
    if (r.kind !== 'written') throw writeFailure(r);
    this.markInbox(ctx.inboxId, 'resolved: kept both (overbooking)');
    return `Online booking written as appointment ${r.localId} (overbooking at ${wallTime(b.start)}).`;
  }

  private bookAs(ctx: ContextOf<'unmapped-service'>, localServiceId: string | null): string {
    const r = this.write(ctx, localServiceId, false);
    if (r.kind === 'slot-taken') {
      // The time was filled in the PMS meanwhile: that is a double booking, with its own options.
      const next = this.parts.conflicts.raise(
        doubleBooking({
          context: {
            addressKey: ctx.addressKey,
            inboxId: ctx.inboxId,
            ref: ctx.ref,
            local: ctx.local,
            booking: ctx.booking,
            localServiceId,
            movedFrom: ctx.movedFrom,
            movingLocalId: null,
            clashLocalId: r.clash?.id ?? null,
          },
          existing: r.clash,
          existingServiceName: null,
        }),
      );
      return `That time is now taken in the practice system; decide in the double-booking conflict ${next.conflict.id}.`;
    }
    if (r.kind !== 'written') throw writeFailure(r);
    this.markInbox(ctx.inboxId, `resolved: written as appointment ${r.localId}`);
    return `Online booking written as appointment ${r.localId}${localServiceId ? '' : ' without a service'}.`;
  }

  private mapAndApply(ctx: ContextOf<'unmapped-service'>): string {
    const asId = ctx.booking.addressServiceId;
    const local = asId && ctx.addressKey ? this.d.repos.mapping.localServiceFor(ctx.addressKey, asId) : null;
    if (!local) {
      const service = ctx.booking.serviceName ?? asId ?? '';
      throw fail(
        `the Docplanner service "${service}" is still not mapped; map it in Mapping first`,
        'resolve.why.service-not-mapped',
        { service },
      );
    }
    return this.bookAs(ctx, local);
  }

  private write(
    ctx: ContextOf<'double-booking'> | ContextOf<'unmapped-service'>,
    localServiceId: string | null,
    overbook: boolean,
  ): WriteIncomingResult {
    if (!ctx.addressKey) throw unmapped('the calendar of this booking is no longer mapped');
    return writeIncomingBooking(this.d, {
      addressKey: ctx.addressKey,
      local: ctx.local,
      booking: ctx.booking,
      localServiceId,
      movedFrom: ctx.movedFrom,
      overbook,
    });
  }

  private async cancelOnlineId(ref: AddressRef, dpBookingId: string): Promise<void> {
    const newest = this.d.repos.bookings.resolve(dpBookingId);
    try {
      await this.parts.api.cancelBooking(ref, newest, CANCEL_REASON);
    } catch (e) {
      // 400 "cannot be canceled because it is not booked": already canceled, which is what was asked.
      if (isDocplannerError(e) && e.kind === 'validation' && /not booked/i.test(e.message)) return;
      throw new Error(apiFailure(e), { cause: e });
    }
  }

  private async cancelOnline(
    ref: AddressRef,
    booking: IncomingBooking,
    inboxId: number | null,
    movingLocalId: string | null,
  ): Promise<string> {
    await this.cancelOnlineId(ref, booking.dpBookingId);
    let local = '';
    if (movingLocalId) {
      // The patient moved an appointment into a taken time; canceling the moved booking ends that visit.
      const r = this.d.practice.writeBack({
        kind: 'cancel',
        bookingId: movingLocalId,
        reason: 'Canceled: online move refused',
      });
      if (r.ok || r.reason === 'not-found')
        this.d.repos.bookings.setState(movingLocalId, 'canceled', this.d.clock.now());
      local = ` Appointment ${movingLocalId} was canceled in the practice system too.`;
    }
    this.markInbox(inboxId, 'resolved: canceled online');
    return `The online booking at ${wallTime(booking.start)} was canceled; the patient was told the time is not available.${local}`;
  }

  private async moveOnline(ctx: ContextOf<'double-booking'>): Promise<string> {
    const b = ctx.booking;
    if (!b.addressServiceId)
      throw fail('the online booking has no service, so it cannot be moved', 'resolve.why.no-service');
    const original = Date.parse(b.start);
    const now = this.d.clock.now();
    const from = Math.max(now, original - MOVE_SEARCH_DAYS_BEFORE * DAY_MS);
    const to = original + MOVE_SEARCH_DAYS_AFTER * DAY_MS;
    const offset = b.start.slice(19);
    let slots;
    try {
      slots = await this.parts.api.getSlots(ctx.ref, isoWithOffset(from, offset), isoWithOffset(to, offset));
    } catch (e) {
      throw new Error(apiFailure(e), { cause: e });
    }
    const durationMs = b.durationMinutes * 60_000;
    const candidates = slots
      .map((s) => s.start)
      .filter((s) => Date.parse(s) !== original && Date.parse(s) >= now)
      .sort((x, y) => Math.abs(Date.parse(x) - original) - Math.abs(Date.parse(y) - original))
      .filter((s) => {
        const end = new Date(Date.parse(s) + durationMs).toISOString();
        return overlappingBookings(this.d.practice, ctx.local, s, end).every(
          (o) => o.id === ctx.movingLocalId,
        );
      });
    for (const start of candidates.slice(0, 5)) {
      let moved;
      try {
        moved = await this.parts.api.moveBooking(ctx.ref, this.d.repos.bookings.resolve(b.dpBookingId), {
          address_service_id: b.addressServiceId,
          start,
          duration: b.durationMinutes,
        });
      } catch (e) {
        if (isDocplannerError(e) && e.kind === 'slot-unavailable') continue;
        throw new Error(apiFailure(e), { cause: e });
      }
      return this.afterOnlineMove(ctx, moved.id, moved.start_at, moved.end_at);
    }
    const [first, last] = [isoWithOffset(from, offset), isoWithOffset(to, offset)];
    throw fail(
      `no free time for this service was found between ${wallTime(first)} and ${wallTime(last)}`,
      'resolve.why.no-free-time',
      { from: first, to: last },
    );
  }

  /** The booking moved on Docplanner; mirror it in the PMS (or, if the PMS now refuses, raise a new conflict). */
  private afterOnlineMove(
    ctx: ContextOf<'double-booking'>,
    newId: string,
    start: string,
    end: string,
  ): string {
    const b = ctx.booking;
    const now = this.d.clock.now();
    this.d.repos.bookings.addAlias(b.dpBookingId, newId, now);
    const moved: IncomingBooking = { ...b, dpBookingId: newId, start, end };
    if (ctx.movingLocalId) {
      const r = this.d.practice.writeBack({
        kind: 'move',
        bookingId: ctx.movingLocalId,
        key: ctx.local,
        start,
        end,
        externalId: newId,
      });
      if (r.ok) {
        const link = this.d.repos.bookings.get(ctx.movingLocalId);
        this.d.repos.bookings.recordMove(
          ctx.movingLocalId,
          link?.dpBookingId ?? b.dpBookingId,
          newId,
          start,
          end,
          now,
        );
        this.markInbox(ctx.inboxId, `resolved: moved online to ${wallTime(start)}`);
        return `The online booking was moved to ${wallTime(start)}; appointment ${ctx.movingLocalId} moved too.`;
      }
    } else if (ctx.addressKey) {
      const r = writeIncomingBooking(this.d, {
        addressKey: ctx.addressKey,
        local: ctx.local,
        booking: moved,
        localServiceId: ctx.localServiceId,
        movedFrom: b.dpBookingId,
      });
      if (r.kind === 'written') {
        this.markInbox(ctx.inboxId, `resolved: moved online to ${wallTime(start)}`);
        return `The online booking was moved to ${wallTime(start)} and written as appointment ${r.localId}; Docplanner tells the patient.`;
      }
    }
    // The time was taken in the PMS in the meantime: a new decision is needed for the moved booking.
    const again = this.parts.conflicts.raise(
      doubleBooking({
        context: { ...ctx, booking: moved, movedFrom: b.dpBookingId },
        existing: null,
        existingServiceName: null,
      }),
    );
    return `The online booking was moved to ${wallTime(start)}, but that time was just taken in the practice system (see conflict ${again.conflict.id}).`;
  }

  // --- notifications ----------------------------------------------------------------------------------------

  private retryNotification(
    inboxId: number | null,
    stored: StoredConflict,
    overrideLocalEdits = false,
  ): string {
    if (inboxId === null) throw fail('there is nothing stored to retry', 'resolve.why.nothing-to-retry');
    const r = this.parts.applier.applyOne(inboxId, { overrideLocalEdits });
    if (r.state === 'failed' || r.state === 'retrying') throw new Error(r.summary, { cause: r.cause });
    if (r.state === 'conflict' && r.conflictId === stored.conflict.id)
      throw fail(r.summary, 'resolve.why.still-needs-decision');
    if (r.state === 'conflict')
      return `Applied again; it now needs another decision (conflict ${r.conflictId}).`;
    return `Applied: ${r.summary}`;
  }

  /**
   * Moved on both sides, the receptionist keeps the PMS time. Since the move notification the link follows the
   * online booking, so the outbound half is already moving it to the PMS time; this makes sure it is queued.
   * A conflict stored before links followed online moves still points at the old id: it takes the moved id first.
   */
  private keepLocalTime(ctx: ContextOf<'write-back-failed'>): string {
    const m = ctx.movedBothSides!;
    if (!ctx.addressKey) throw unmapped('the calendar of this appointment is no longer mapped');
    const now = this.d.clock.now();
    this.d.repos.db.transaction(() => {
      if (this.d.repos.bookings.get(m.localBookingId)?.dpBookingId === m.fromId)
        this.d.repos.bookings.recordMove(m.localBookingId, m.fromId, m.toId, m.start, m.end, now);
      this.requeueBooking(m.localBookingId, ctx.addressKey!, m.start);
    })();
    this.markInbox(ctx.inboxId, "resolved: kept the practice system's time");
    return "The practice system's time is kept; the online booking is moved to it (Docplanner tells the patient).";
  }

  /**
   * Moved on both sides, the receptionist takes the time the patient chose online: the appointment moves there in
   * the PMS, and the outbound half moves the online booking (wherever the sync has put it meanwhile) back to it.
   */
  private takeOnlineTime(ctx: ContextOf<'write-back-failed'>): string {
    const m = ctx.movedBothSides!;
    const addr = ctx.ref ? mappedAddress(this.d, ctx.ref.addressId) : null;
    if (!ctx.addressKey || !addr) throw unmapped('the calendar of this appointment is no longer mapped');
    const link = this.d.repos.bookings.get(m.localBookingId);
    const r = this.d.practice.writeBack({
      kind: 'move',
      bookingId: m.localBookingId,
      key: addr.local,
      start: m.start,
      end: m.end,
      externalId: link?.dpBookingId ?? m.toId,
    });
    if (!r.ok) {
      throw r.reason === 'slot-taken'
        ? fail(
            `${wallTime(m.start)} is taken in the practice system now; move the appointment by hand.`,
            'resolve.why.time-taken-move-by-hand',
            { start: m.start },
          )
        : fail(
            `The practice system could not move appointment ${m.localBookingId}: ${r.message}`,
            'resolve.why.practice-could-not-move',
            { appointment: m.localBookingId },
          );
    }
    this.requeueBooking(m.localBookingId, ctx.addressKey, m.start);
    this.markInbox(ctx.inboxId, 'resolved: took the online time');
    return `Appointment ${m.localBookingId} is moved to ${wallTime(m.start)}; the online booking follows within seconds.`;
  }

  private requeueBooking(localId: string, addressKey: string, start: string): void {
    this.d.repos.outbox.enqueue(
      {
        key: bookingKey(localId),
        kind: 'booking',
        addressKey,
        day: localDate(start, this.d.practice.timeZone),
        lane: 0,
      },
      this.d.clock.now(),
      { unblock: true },
    );
  }

  // --- local bookings Docplanner refused ----------------------------------------------------------------------

  private retryOutbound(ctx: ContextOf<'booking-refused'>): string {
    if (!ctx.addressKey) throw unmapped('the calendar of this appointment is no longer mapped');
    this.requeueBooking(ctx.localBookingId, ctx.addressKey, ctx.start);
    return 'Queued again; it is sent to Docplanner within seconds.';
  }

  private async holdWithBreak(ctx: ContextOf<'booking-refused'>): Promise<string> {
    if (!ctx.addressKey) throw unmapped('the calendar of this appointment is no longer mapped');
    const existing = this.d.repos.breaks.get(holdId(ctx.localBookingId));
    if (existing) return `The time is already blocked online (break ${existing.dpBreakId}).`;
    let breakId: string;
    try {
      breakId = (
        await this.parts.api.addCalendarBreak(ctx.ref, {
          since: ctx.start,
          till: ctx.end,
          description: holdDescription(ctx.localBookingId),
        })
      ).id;
    } catch (e) {
      if (!(isDocplannerError(e) && e.kind === 'conflict')) throw new Error(apiFailure(e), { cause: e });
      // 409: the same break exists (an earlier attempt whose answer was lost): find and link it.
      const found = (await this.parts.api.getCalendarBreaks(ctx.ref, ctx.start, ctx.end)).find(
        (b) => Date.parse(b.since) === Date.parse(ctx.start) && Date.parse(b.till) === Date.parse(ctx.end),
      );
      if (!found) throw new Error(apiFailure(e), { cause: e });
      breakId = found.id;
    }
    this.d.repos.breaks.upsert(
      {
        localId: holdId(ctx.localBookingId),
        addressKey: ctx.addressKey,
        dpBreakId: breakId,
        since: ctx.start,
        till: ctx.end,
        origin: 'booking-hold',
      },
      this.d.clock.now(),
    );
    return `The time ${wallTime(ctx.start)} is blocked on Docplanner so nobody can book it online.`;
  }

  // --- breaks -------------------------------------------------------------------------------------------------

  private blockPms(ctx: ContextOf<'remote-break'>): string {
    if (!ctx.addressKey) throw unmapped('the calendar of this break is no longer mapped');
    const old = this.d.repos.breaks.getByDpId(ctx.addressKey, ctx.dpBreakId);
    if (
      old &&
      Date.parse(old.since) === Date.parse(ctx.since) &&
      Date.parse(old.till) === Date.parse(ctx.till)
    ) {
      return 'The time is already blocked in the practice system.';
    }
    const r = this.d.practice.writeBack({
      kind: 'block',
      key: ctx.local,
      start: ctx.since,
      end: ctx.till,
      reason: BREAK_REASON,
      externalId: ctx.dpBreakId,
    });
    if (!r.ok) throw refused(r.reason, r.message);
    this.d.repos.breaks.upsert(
      {
        localId: r.localId,
        addressKey: ctx.addressKey,
        dpBreakId: ctx.dpBreakId,
        since: ctx.since,
        till: ctx.till,
        origin: 'marketplace',
      },
      this.d.clock.now(),
    );
    if (old && old.origin === 'marketplace' && old.localId !== r.localId) {
      this.d.practice.writeBack({ kind: 'unblock', blockId: old.localId });
    }
    this.markInbox(ctx.inboxId, `resolved: blocked in the practice system (${r.localId})`);
    const n = ctx.overlapping.length;
    return `Blocked ${wallTime(ctx.since)}–${ctx.till.slice(11, 16)} in the practice system${n ? `; the ${n} appointment(s) in it stay` : ''}.`;
  }

  private async removeBreak(ctx: ContextOf<'remote-break'>): Promise<string> {
    try {
      await this.parts.api.deleteCalendarBreak(ctx.ref, ctx.dpBreakId);
    } catch (e) {
      if (!(isDocplannerError(e) && e.kind === 'not-found')) throw new Error(apiFailure(e), { cause: e });
    }
    const link = ctx.addressKey ? this.d.repos.breaks.getByDpId(ctx.addressKey, ctx.dpBreakId) : null;
    if (link && link.origin === 'marketplace') {
      const r = this.d.practice.writeBack({ kind: 'unblock', blockId: link.localId });
      if (r.ok || r.reason === 'not-found') this.d.repos.breaks.delete(link.localId);
    }
    this.markInbox(ctx.inboxId, 'resolved: break removed online');
    return `The break ${wallTime(ctx.since)}–${ctx.till.slice(11, 16)} was removed from Docplanner; the time can be booked online again.`;
  }

  // --- mapping ------------------------------------------------------------------------------------------------

  private async checkRemapped(ctx: ContextOf<'mapping-vanished'>): Promise<string> {
    if (!ctx.addressKey) throw unmapped('this calendar is no longer mapped');
    if (ctx.what === 'address') {
      const a = this.d.repos.mapping.getAddress(ctx.addressKey);
      if (a && ctx.ref && a.ref.addressId === ctx.ref.addressId) {
        throw fail(
          'the calendar is still mapped to the unassigned Docplanner address; change or remove it in Mapping',
          'resolve.why.address-still-mapped',
        );
      }
      return 'The mapping no longer uses the unassigned address.';
    }
    const links = this.d.repos.mapping.serviceLinks(ctx.addressKey);
    const missing = ctx.localServiceIds.filter((l) => !links.has(l) || links.get(l) === ctx.addressServiceId);
    if (missing.length > 0) {
      const names = this.d.practice
        .listServices()
        .filter((s) => missing.includes(s.id))
        .map((s) => s.name);
      const services = names.join(', ') || missing.join(', ');
      throw fail(
        `still not mapped: ${services}; map them in Mapping first`,
        'resolve.why.services-not-mapped',
        {
          services,
        },
      );
    }
    if (ctx.ref) {
      let live: Set<string>;
      try {
        live = new Set((await this.parts.api.getAddressServices(ctx.ref)).map((s) => s.id));
      } catch (e) {
        throw new Error(apiFailure(e), { cause: e });
      }
      const dead = ctx.localServiceIds.filter((l) => !live.has(links.get(l)!));
      if (dead.length > 0)
        throw fail(
          'the new mapping points at a Docplanner service that does not exist',
          'resolve.why.service-does-not-exist',
        );
    }
    this.d.onMappingChanged?.(ctx.addressKey);
    return 'The mapping was fixed; availability for these services is published again.';
  }

  private async recreateService(ctx: ContextOf<'mapping-vanished'>): Promise<string> {
    const s = ctx.service;
    if (!ctx.addressKey || !ctx.ref || !s?.serviceId)
      throw fail('the deleted service cannot be recreated', 'resolve.why.cannot-recreate');
    let newId: string;
    try {
      newId = (
        await this.parts.api.addAddressService(ctx.ref, {
          service_id: s.serviceId,
          ...(s.price !== null ? { price: s.price } : {}),
          ...(s.isPriceFrom !== null ? { is_price_from: s.isPriceFrom } : {}),
          ...(s.isVisible !== null ? { is_visible: s.isVisible } : {}),
          ...(s.duration !== null ? { default_duration: s.duration } : {}),
        })
      ).id;
    } catch (e) {
      if (!(isDocplannerError(e) && e.kind === 'conflict')) throw new Error(apiFailure(e), { cause: e });
      // 409: it exists already (recreated by the doctor, or an earlier attempt): use it.
      const found = (await this.parts.api.getAddressServices(ctx.ref)).find(
        (x) => x.service_id === s.serviceId,
      );
      if (!found) throw new Error(apiFailure(e), { cause: e });
      newId = found.id;
    }
    const now = this.d.clock.now();
    for (const local of ctx.localServiceIds)
      this.d.repos.mapping.setServiceLink(ctx.addressKey, local, newId, now);
    this.d.onMappingChanged?.(ctx.addressKey);
    return `The service "${s.name}" was recreated on Docplanner and the mapping now uses it.`;
  }
}

function isoWithOffset(ms: number, offset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${m ? offset : '+00:00'}`;
}

const unmapped = (message: string) => fail(message, 'resolve.why.calendar-not-mapped');

function refused(reason: string, message: string): Error {
  if (reason === 'not-supported') {
    return fail(
      `the practice system cannot do this automatically (${message})`,
      'resolve.why.practice-cannot',
    );
  }
  return fail(`the practice system refused: ${message}`, 'resolve.why.practice-refused');
}

function writeFailure(r: Exclude<WriteIncomingResult, { kind: 'written' }>): Error {
  if (r.kind === 'slot-taken') {
    return fail(
      'that time is taken in the practice system and it does not accept overlapping appointments; choose another option',
      'resolve.why.time-taken',
    );
  }
  return refused(r.reason, r.message);
}

function apiFailure(e: unknown): string {
  if (isDocplannerError(e)) {
    if (e.kind === 'network' || e.kind === 'server')
      return `Docplanner could not be reached (${e.message}); try again`;
    if (e.kind === 'rate-limited') return 'Docplanner asks to slow down; try again in a minute';
    return `Docplanner refused: ${e.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}
