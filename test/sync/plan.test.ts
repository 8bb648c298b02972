// The pure planning rules: one PUT per clinic day covering the whole local day (gaps cleared, last window 23:59,
// DST days), unmapped services reported not dropped silently, stable hashes, and the booking plan's choices.
import { describe, expect, it } from 'vitest';
import type { CanonicalDay, LocalBooking } from '../../shared/canonical';
import { ClinicTime } from '../../electron/engine/practice/time';
import { desiredSlots } from '../../electron/engine/sync/plan/slots';
import { planBooking } from '../../electron/engine/sync/plan/booking';
import { planBreak } from '../../electron/engine/sync/plan/break';
import { onSlotGrid } from '../../electron/engine/sync/plan/slot-grid';
import { laneFor } from '../../electron/engine/sync/plan/lanes';
import type { AddressPlanContext } from '../../electron/engine/sync/plan/context';
import type { BookingLink } from '../../electron/engine/store/links';
import { patientNamed } from './support/fixtures';

const time = new ClinicTime('Europe/Warsaw');
const ctx: AddressPlanContext = {
  addressKey: '1@1',
  ref: { facilityId: 'f', doctorId: 'd', addressId: 'a' },
  services: new Map([
    ['1', '301'],
    ['2', '302'],
  ]),
  insurance: new Map([['9', { providerId: '13', planId: null }]]),
  time,
};
const day = (
  date: string,
  periods: CanonicalDay['periods'] = [],
  extra: Partial<CanonicalDay> = {},
): CanonicalDay => ({
  doctorId: '1',
  locationId: '1',
  date,
  periods,
  breaks: [],
  bookings: [],
  ...extra,
});
/** A work period on 2026-11-24, `from`–`to`, offering `services` ([local id, minutes]), any insurance. */
const period = (
  from: string,
  to: string,
  ...services: [string, number][]
): CanonicalDay['periods'][number] => ({
  start: `2026-11-24T${from}:00+01:00`,
  end: `2026-11-24T${to}:00+01:00`,
  services: services.map(([serviceId, durationMinutes]) => ({ serviceId, durationMinutes })),
  insurance: 'with-and-without-insurance',
  insuranceIds: [],
});
const windows = (d: CanonicalDay) =>
  desiredSlots(d, ctx).body.slots.map(
    (s) => `${s.start}→${s.end} ${(s.address_services ?? []).map((x) => x.address_service_id).join(',')}`,
  );

describe('desired slots of a day', () => {
  it('covers the whole local day: work periods with mapped services, gaps as empty windows, last window 23:59', () => {
    const d = day('2026-11-24', [
      { ...period('09:00', '12:00', ['1', 30], ['2', 20]), insuranceIds: ['9'] },
      { ...period('14:00', '16:00', ['1', 30]), insurance: 'without-insurance-only' },
    ]);
    expect(windows(d)).toEqual([
      '2026-11-24T00:00:00+01:00→2026-11-24T09:00:00+01:00 ',
      '2026-11-24T09:00:00+01:00→2026-11-24T12:00:00+01:00 301,302',
      '2026-11-24T12:00:00+01:00→2026-11-24T14:00:00+01:00 ',
      '2026-11-24T14:00:00+01:00→2026-11-24T16:00:00+01:00 301',
      '2026-11-24T16:00:00+01:00→2026-11-24T23:59:00+01:00 ',
    ]);
    const body = desiredSlots(d, ctx).body.slots;
    expect(body[1]).toMatchObject({
      insurance_accepted: 'with-and-without-insurance',
      insurance_providers: [13],
    });
    expect(body[3]).toMatchObject({ insurance_accepted: 'without-insurance-only' });
    expect(body[3]).not.toHaveProperty('insurance_providers');
  });

  it('sends a day with nothing as one empty window, also on the 25-hour DST day', () => {
    expect(windows(day('2026-10-25'))).toEqual(['2026-10-25T00:00:00+02:00→2026-10-25T23:59:00+01:00 ']);
    expect(windows(day('2027-03-28'))).toEqual(['2027-03-28T00:00:00+01:00→2027-03-28T23:59:00+02:00 ']);
  });

  it('reports a period that offers only unmapped services and clears its time, keeping the rest of the day', () => {
    const d = day('2026-11-24', [period('09:00', '10:00', ['3', 30]), period('10:00', '11:00', ['1', 30])]);
    const want = desiredSlots(d, ctx);
    expect(want.problems.map((p) => p.code)).toEqual(['unmapped-service']);
    expect(windows(d).slice(1, 3)).toEqual([
      '2026-11-24T09:00:00+01:00→2026-11-24T10:00:00+01:00 ',
      '2026-11-24T10:00:00+01:00→2026-11-24T11:00:00+01:00 301',
    ]);
    expect(want.openWindows).toBe(1);
  });

  it('hashes equal content equally and different content differently', () => {
    const a = desiredSlots(day('2026-11-24'), ctx).hash;
    expect(desiredSlots(day('2026-11-24'), ctx).hash).toBe(a);
    expect(desiredSlots(day('2026-11-25'), ctx).hash).not.toBe(a);
  });
});

const booking = (over: Partial<LocalBooking> = {}): LocalBooking => ({
  id: 'b1',
  start: '2026-11-24T10:00:00+01:00',
  end: '2026-11-24T10:30:00+01:00',
  serviceId: '1',
  status: 'booked',
  patient: patientNamed('Jan', 'Kowalski', { phone: '+48500' }),
  insuranceId: null,
  comment: null,
  origin: 'pms',
  ...over,
});
const link = (over: Partial<BookingLink> = {}): BookingLink => ({
  localId: 'b1',
  addressKey: '1@1',
  dpBookingId: '900',
  start: '2026-11-24T10:00:00+01:00',
  end: '2026-11-24T10:30:00+01:00',
  addressServiceId: '301',
  state: 'booked',
  origin: 'pms',
  updatedAt: 0,
  ...over,
});
const NOW = Date.parse('2026-11-23T08:00:00+01:00');
const plan = (
  local: LocalBooking | null,
  l: BookingLink | null,
  extra: {
    slotUnavailable?: boolean;
    daySlots?: ReturnType<typeof desiredSlots>['body'];
    taken?: { owner: string; start: string; end: string }[];
  } = {},
) => planBooking({ local, localId: 'b1', link: l, hold: null, nowMs: NOW, ctx, ...extra })?.op ?? null;

describe('booking plan', () => {
  it('books, moves, cancels and leaves alone as the PMS says', () => {
    expect(plan(booking(), null)).toBe('bookSlot');
    expect(plan(booking(), link())).toBeNull();
    expect(
      plan(booking({ start: '2026-11-24T11:00:00+01:00', end: '2026-11-24T11:30:00+01:00' }), link()),
    ).toBe('moveBooking');
    expect(plan(booking({ serviceId: '2' }), link())).toBe('moveBooking');
    expect(plan(booking({ status: 'canceled' }), link())).toBe('cancelBooking');
    expect(plan(booking({ status: 'no-show' }), link())).toBe('cancelBooking');
    expect(plan(null, link())).toBe('cancelBooking');
    expect(plan(booking({ status: 'completed' }), link())).toBeNull();
    expect(plan(booking({ origin: 'marketplace' }), null)).toBeNull();
    expect(
      plan(booking({ start: '2026-11-20T10:00:00+01:00', end: '2026-11-20T10:30:00+01:00' }), null),
    ).toBeNull();
  });

  it('holds the time with a break when the appointment cannot be booked online', () => {
    expect(plan(booking(), null, { slotUnavailable: true })).toBe('addBreak');
    expect(plan(booking({ serviceId: '3' }), null)).toBe('addBreak');
    expect(plan(booking({ patient: { ...booking().patient, phone: null } }), null)).toBe('addBreak');
  });

  it('holds an appointment off the grid of its day without asking bookSlot or moveBooking first', () => {
    const slots = desiredSlots(gridDay, ctx).body;
    expect(plan(booking(), null, { daySlots: slots })).toBe('bookSlot');
    const offGrid = { start: '2026-11-24T10:15:00+01:00', end: '2026-11-24T10:45:00+01:00' };
    expect(plan(booking(offGrid), null, { daySlots: slots })).toBe('addBreak');
    expect(plan(booking(offGrid), link(), { daySlots: slots })).toBe('addBreak');
    expect(plan(booking(offGrid), link())).toBe('moveBooking'); // without the day's payload: ask Docplanner
    // Held at the new time: the old booking is released.
    expect(
      planBooking({
        local: booking(offGrid),
        localId: 'b1',
        link: link(),
        hold: {
          localId: 'hold:b1',
          addressKey: '1@1',
          dpBreakId: '7',
          since: offGrid.start,
          till: offGrid.end,
          origin: 'booking-hold',
          updatedAt: 0,
        },
        daySlots: slots,
        nowMs: NOW,
        ctx,
      })?.op,
    ).toBe('cancelBooking');
  });

  it('holds over time the links say is taken by something else, and moves a hold with its appointment', () => {
    const taken = [
      { owner: 'b2', start: '2026-11-24T10:00:00+01:00', end: '2026-11-24T10:30:00+01:00' },
      { owner: 'hold:b1', start: '2026-11-24T11:00:00+01:00', end: '2026-11-24T11:30:00+01:00' },
      { owner: 'b1', start: '2026-11-24T11:30:00+01:00', end: '2026-11-24T12:00:00+01:00' },
    ];
    expect(plan(booking(), null, { taken })).toBe('addBreak'); // b2 is booked at 10:00
    const at = (hhmm: string, end: string) => ({
      start: `2026-11-24T${hhmm}:00+01:00`,
      end: `2026-11-24T${end}:00+01:00`,
    });
    expect(plan(booking(at('11:00', '11:30')), null, { taken })).toBe('bookSlot'); // its own hold
    expect(plan(booking(at('11:30', '12:00')), link(), { taken })).toBe('moveBooking'); // its own booking
    expect(
      plan(booking(), link({ start: at('09:00', '09:30').start, end: at('09:00', '09:30').end }), { taken }),
    ).toBe('addBreak');
    const hold = {
      localId: 'hold:b1',
      addressKey: '1@1',
      dpBreakId: '7',
      since: '2026-11-24T10:15:00+01:00',
      till: '2026-11-24T10:45:00+01:00',
      origin: 'booking-hold' as const,
      updatedAt: 0,
    };
    const held = (local: LocalBooking) =>
      planBooking({ local, localId: 'b1', link: null, hold, nowMs: NOW, ctx, taken: [] });
    // Moved onto time its own hold still covers: Docplanner would refuse the slot, the hold moves.
    expect(held(booking(at('10:30', '11:00')))).toMatchObject({
      op: 'moveBreak',
      dpBreakId: '7',
      since: '2026-11-24T10:30:00+01:00',
    });
    // Moved onto a free time on the grid: it becomes a real booking (the hold goes once it is booked).
    expect(held(booking(at('11:00', '11:30')))).toMatchObject({ op: 'bookSlot' });
    expect(held(booking(at('10:15', '10:45')))).toBeNull();
  });

  it('adds, moves and deletes breaks', () => {
    const b = {
      id: 'x',
      start: '2026-11-24T10:00:00+01:00',
      end: '2026-11-24T11:00:00+01:00',
      reason: 'Training',
    };
    const l = {
      localId: 'x',
      addressKey: '1@1',
      dpBreakId: '7',
      since: b.start,
      till: b.end,
      origin: 'pms' as const,
      updatedAt: 0,
    };
    expect(planBreak({ local: b, localId: 'x', link: null, nowMs: NOW })).toMatchObject({
      op: 'addBreak',
      body: { description: 'Training (practice system, block x)' },
    });
    expect(planBreak({ local: b, localId: 'x', link: l, nowMs: NOW })).toBeNull();
    expect(
      planBreak({ local: { ...b, end: '2026-11-24T12:00:00+01:00' }, localId: 'x', link: l, nowMs: NOW })?.op,
    ).toBe('moveBreak');
    expect(planBreak({ local: null, localId: 'x', link: l, nowMs: NOW })?.op).toBe('deleteBreak');
  });

  it('puts bookings first and far days last', () => {
    expect(laneFor('booking', '2026-12-30', '2026-11-23')).toBe(0);
    expect(laneFor('break', '2026-11-24', '2026-11-23')).toBe(0);
    expect(laneFor('slots', '2026-11-27', '2026-11-23')).toBe(1);
    expect(laneFor('slots', '2026-12-10', '2026-11-23')).toBe(2);
    expect(laneFor('slots', '2027-01-30', '2026-11-23')).toBe(3);
  });
});

const gridDay = day('2026-11-24', [
  period('09:00', '12:00', ['1', 30], ['2', 20]),
  period('14:10', '15:00', ['1', 30]),
]);

describe('slot grid of a day (what bookSlot can take)', () => {
  const body = desiredSlots(gridDay, ctx).body;
  const on = (start: string, minutes: number, service: string) =>
    onSlotGrid(
      body,
      `2026-11-24T${start}:00+01:00`,
      new ClinicTime('Europe/Warsaw').format(Date.parse(`2026-11-24T${start}:00+01:00`) + minutes * 60_000),
      service,
    );

  it("steps each service's grid by its duration from the window start", () => {
    expect(on('09:00', 30, '301')).toBe(true);
    expect(on('11:30', 30, '301')).toBe(true);
    expect(on('10:15', 30, '301')).toBe(false);
    expect(on('09:40', 20, '302')).toBe(true);
    expect(on('09:30', 20, '302')).toBe(false); // on 301's grid only
    expect(on('14:10', 30, '301')).toBe(true); // anchored at its own window start, not the hour
    expect(on('14:00', 30, '301')).toBe(false);
  });

  it('needs the visit inside the window and the service offered there', () => {
    expect(on('11:30', 45, '301')).toBe(false); // runs past 12:00
    expect(on('12:30', 30, '301')).toBe(false); // an empty window
    expect(on('14:10', 20, '302')).toBe(false); // 302 is not offered in the afternoon
    expect(on('14:40', 30, '301')).toBe(false); // the grid start 14:40 + 30 min does not fit before 15:00
  });
});
