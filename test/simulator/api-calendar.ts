// Integration API handlers for an address's calendar: slots, bookings, breaks; and the notification pull.
// Changes made here are the API client's own: they never enqueue notifications.
import {
  AddCalendarBreakRequest,
  BookSlotRequest,
  CancelBookingRequest,
  ConfirmBookingRequest,
  DateOnly,
  MoveBookingRequest,
  MoveCalendarBreakRequest,
  ReplaceSlotsRequest,
} from '../../electron/engine/docplanner/schemas';
import {
  type ApiContext,
  type Handler,
  addressOf,
  noContent,
  ok,
  optionalInt,
  pathInstant,
  pathParam,
  queryInstant,
} from './api-context';
import { SimError, invalidArguments } from './errors';
import { parseInstant, DAY } from './time';
import { validate } from './validate';

const MAX_SLOT_RANGE_MS = 180 * DAY;

function bookingLocation(ctx: ApiContext, addressId: string, bookingId: string): string {
  const p = ctx.params;
  return `/facilities/${p.facility_id}/doctors/${p.doctor_id}/addresses/${addressId}/bookings/${bookingId}`;
}

export const calendarHandlers: Record<string, Handler> = {
  // --- slots ---------------------------------------------------------------------------------------------------
  getSlots(ctx) {
    const address = addressOf(ctx);
    const start = queryInstant(ctx, 'start');
    const end = queryInstant(ctx, 'end');
    if (end < start) throw invalidArguments({ end: ['End date must be after start date.'] });
    if (end - start > MAX_SLOT_RANGE_MS) throw new SimError(400, 'Date range must not exceed 180 days');
    const { wire } = ctx.world;
    const withServices = ctx.withs.has('slot.services');
    const items = address.calendar
      .freeSlots(start, end)
      .map((s) => ({ ...s, addressServiceIds: s.addressServiceIds.filter((id) => address.services.has(id)) }))
      .filter((s) => s.addressServiceIds.length > 0)
      .map((s) => {
        const slot: Record<string, unknown> = { start: ctx.world.time.format(s.start) };
        if (withServices) {
          slot.address_services = {
            _items: s.addressServiceIds.map((id) => wire.addressService(address.services.get(id)!)),
          };
        }
        return slot;
      });
    if (items.length === 0) throw new SimError(404, 'No slots found on given address');
    return ok({ _items: items });
  },
  replaceSlots(ctx) {
    const address = addressOf(ctx);
    ctx.world.replaceSlots(address, validate(ReplaceSlotsRequest, ctx.body));
    return { status: 201 };
  },
  deleteSlots(ctx) {
    const address = addressOf(ctx);
    const day = pathParam(ctx, 'date');
    if (!DateOnly.safeParse(day).success)
      throw invalidArguments({ date: ['This value is not a valid date.'] });
    ctx.world.deleteSlots(address, day);
    return noContent();
  },
  bookSlot(ctx) {
    const address = addressOf(ctx);
    const start = pathInstant(ctx, 'start');
    const body = validate(BookSlotRequest, ctx.body);
    const booking = ctx.world.book(address, start, {
      addressServiceId: body.address_service_id,
      duration: body.duration,
      patient: { ...body.patient, is_returning: body.is_returning ?? false },
      bookedBy: 'integration',
      comment: body.comment ?? null,
      insurance: body.insurance_provider_id
        ? { providerId: body.insurance_provider_id, planId: body.insurance_plan_id ?? null }
        : null,
    });
    return ok(ctx.world.wire.booking(booking, ctx.withs, ctx.world.bookings, true));
  },

  // --- bookings ------------------------------------------------------------------------------------------------
  getBookings(ctx) {
    const address = addressOf(ctx);
    const start = queryInstant(ctx, 'start');
    const end = queryInstant(ctx, 'end');
    const page = optionalInt(ctx, 'page', 1, 1_000_000);
    // The contract names no maximum for getBookings' limit (it does for notifications: 1–100).
    const limit = optionalInt(ctx, 'limit', 1, Number.MAX_SAFE_INTEGER) ?? 100;
    const all = ctx.world.time
      .daysBetween(start, Math.max(start, end))
      .flatMap((day) => address.calendar.bookingsByDay.get(day) ?? [])
      .filter((b) => b.start >= start && b.start <= end);
    const render = (list: typeof all) =>
      list.map((b) => ctx.world.wire.booking(b, ctx.withs, ctx.world.bookings));
    if (page === undefined)
      return ok({ _items: render(all), page: null, limit: null, pages: null, total: null });
    const pages = Math.max(1, Math.ceil(all.length / limit));
    return ok({
      _items: render(all.slice((page - 1) * limit, page * limit)),
      page,
      limit,
      pages,
      total: all.length,
    });
  },
  getBooking(ctx) {
    const address = addressOf(ctx);
    const booking = ctx.world.booking(address, pathParam(ctx, 'booking_id'));
    return ok(ctx.world.wire.booking(booking, ctx.withs, ctx.world.bookings, true));
  },
  cancelBooking(ctx) {
    const address = addressOf(ctx);
    if (ctx.body !== undefined) validate(CancelBookingRequest, ctx.body);
    ctx.world.cancel(address, pathParam(ctx, 'booking_id'), 'integration');
    return noContent();
  },
  moveBooking(ctx) {
    const address = addressOf(ctx);
    const body = validate(MoveBookingRequest, ctx.body);
    let target = address;
    if (body.address_id !== undefined && body.address_id !== address.id) {
      const other = ctx.world.estate.addresses.get(body.address_id);
      if (!other) throw invalidArguments({ address_id: ['Address does not exist'] });
      if (other.facilityId !== address.facilityId)
        throw new SimError(403, 'This address does not belong to this facility');
      target = other;
    }
    const { moved } = ctx.world.move(
      address,
      pathParam(ctx, 'booking_id'),
      {
        start: parseInstant(body.start),
        addressServiceId: body.address_service_id,
        duration: body.duration,
        address: target,
      },
      'integration',
    );
    return {
      status: 201,
      body: ctx.world.wire.booking(moved, ctx.withs, ctx.world.bookings, true),
      headers: { Location: bookingLocation(ctx, target.id, moved.id) },
    };
  },
  confirmBooking(ctx) {
    const address = addressOf(ctx);
    validate(ConfirmBookingRequest, ctx.body);
    ctx.world.confirm(address, pathParam(ctx, 'booking_id'));
    return noContent();
  },
  markPatientPresence(ctx) {
    ctx.world.markPresence(addressOf(ctx), pathParam(ctx, 'booking_id'), true);
    return noContent();
  },
  markPatientAbsence(ctx) {
    ctx.world.markPresence(addressOf(ctx), pathParam(ctx, 'booking_id'), false);
    return noContent();
  },

  // --- breaks --------------------------------------------------------------------------------------------------
  getCalendarBreaks(ctx) {
    const address = addressOf(ctx);
    for (const name of ['since', 'till']) {
      if (!ctx.query.get(name)) throw new SimError(400, `Param "${name}" is required!`);
    }
    const since = queryInstant(ctx, 'since');
    const till = queryInstant(ctx, 'till');
    const items = [...address.calendar.breaks.values()]
      .filter((b) => b.since < till && b.till > since)
      .sort((a, b) => a.since - b.since)
      .map((b) => ctx.world.wire.calendarBreak(b));
    return ok({ _items: items });
  },
  addCalendarBreak(ctx) {
    const address = addressOf(ctx);
    const body = validate(AddCalendarBreakRequest, ctx.body);
    const created = ctx.world.addBreak(
      address,
      parseInstant(body.since),
      parseInstant(body.till),
      body.description ?? null,
    );
    return {
      status: 201,
      body: ctx.world.wire.calendarBreak(created),
      headers: { Location: `${ctx.path}/${created.id}` },
    };
  },
  getCalendarBreak(ctx) {
    return ok(
      ctx.world.wire.calendarBreak(ctx.world.calendarBreak(addressOf(ctx), pathParam(ctx, 'break_id'))),
    );
  },
  moveCalendarBreak(ctx) {
    const address = addressOf(ctx);
    const body = validate(MoveCalendarBreakRequest, ctx.body);
    ctx.world.moveBreak(
      address,
      pathParam(ctx, 'break_id'),
      parseInstant(body.since),
      parseInstant(body.till),
    );
    return noContent();
  },
  deleteCalendarBreak(ctx) {
    ctx.world.removeBreak(addressOf(ctx), pathParam(ctx, 'break_id'));
    return noContent();
  },

  // --- notifications (pull) ------------------------------------------------------------------------------------
  'Pull Notification'(ctx) {
    const [first] = ctx.world.notifications.take(1);
    if (!first) throw new SimError(404, 'No notifications found');
    return ok({ name: first.name, data: first.data, created_at: ctx.world.time.format(first.createdAt) });
  },
  'Pull Multiple Notification'(ctx) {
    const limit = optionalInt(ctx, 'limit', 1, 100) ?? 1;
    const taken = ctx.world.notifications.take(limit);
    if (taken.length === 0) throw new SimError(404, 'No notifications found');
    return ok({
      notifications: taken.map((n) => ({
        name: n.name,
        data: n.data,
        created_at: ctx.world.time.format(n.createdAt),
      })),
      remaining: ctx.world.notifications.size,
    });
  },
  'Release Notifications'() {
    throw new SimError(403, 'You are not allowed to use this method');
  },
};
