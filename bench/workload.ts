// Realistic, deterministic edit streams (seeded): what receptionists do in the PMS (book, cancel, reschedule,
// delete, change a day's hours, block time, bursts of edits to one day) and what patients do on the marketplace
// (book, cancel, move). A stream is planned ONCE from the clinic as it was, then applied to each world (product's
// and naive's) at the same virtual times, so both face the identical workload. Marketplace events pick their slot
// from what that world's Docplanner offers at that moment (a patient books what is on offer), so a slot the PMS has
// filled but Docplanner still offers ends up double-booked: counted as such.
import type { PracticeAdapter } from '../electron/engine/practice/adapter';
import { addDays, ClinicTime } from '../electron/engine/practice/time';
import { isActive } from '../electron/engine/sync/plan/booking';
import { SimError } from '../test/simulator/errors';
import { TZ, type World } from './harness';

const time = new ClinicTime(TZ);
const MIN = 60_000;

/** Mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An appointment that existed before the stream, or one the stream created (by the edit's label). */
export type ApptRef = { id: string } | { created: string };

export type Edit =
  | { kind: 'book'; label: string; start: number; minutes: number; serviceId: string }
  | { kind: 'cancel'; target: ApptRef }
  | { kind: 'delete'; target: ApptRef }
  | { kind: 'reschedule'; target: ApptRef; start: number }
  | { kind: 'day-off'; date: string }
  | { kind: 'hours'; date: string; hours: [string, string][] }
  | { kind: 'block'; start: number; end: number }
  | { kind: 'market-book'; date: string }
  | { kind: 'market-cancel' }
  | { kind: 'market-move'; date: string };

export interface TimedEdit {
  /** Virtual epoch ms at which it is committed. */
  at: number;
  addressKey: string;
  /** The local day it changes (for a reschedule: the new day). */
  date: string;
  /** Within today and tomorrow: lane 0 for the product. */
  urgent: boolean;
  edit: Edit;
  /** Part of a burst of edits to one day. */
  burst?: boolean;
}

export const isMarketplace = (e: Edit): boolean => e.kind.startsWith('market-');

interface Slot {
  id: ApptRef;
  start: number;
  end: number;
}
interface DayModel {
  periods: { start: number; end: number; services: { serviceId: string; minutes: number }[] }[];
  appts: Slot[];
}

/** Plans edits against a model of the clinic (read once from the PMS, then updated by the plan itself). */
export class Planner {
  private readonly days = new Map<string, DayModel>();
  private seq = 0;
  readonly edits: TimedEdit[] = [];

  constructor(
    private readonly practice: PracticeAdapter,
    private readonly addressKeys: readonly string[],
    readonly random: () => number,
  ) {}

  private day(addressKey: string, date: string): DayModel {
    const key = `${addressKey}/${date}`;
    let d = this.days.get(key);
    if (!d) {
      const [doctorId, locationId] = addressKey.split('@') as [string, string];
      const [c] = this.practice.readDays({ doctorId, locationId }, { from: date, to: date });
      d = {
        periods: (c?.periods ?? []).map((p) => ({
          start: Date.parse(p.start),
          end: Date.parse(p.end),
          services: p.services.map((s) => ({ serviceId: s.serviceId, minutes: s.durationMinutes })),
        })),
        appts: (c?.bookings ?? [])
          .filter(isActive)
          .map((b) => ({ id: { id: b.id }, start: Date.parse(b.start), end: Date.parse(b.end) })),
      };
      this.days.set(key, d);
    }
    return d;
  }

  pickAddress(): string {
    return this.addressKeys[Math.floor(this.random() * this.addressKeys.length)]!;
  }

  /** A date `minAhead`..`maxAhead` days after `today`, nearer days more likely. */
  pickDate(today: string, minAhead: number, maxAhead: number): string {
    const span = maxAhead - minAhead + 1;
    return addDays(today, minAhead + Math.floor(Math.pow(this.random(), 2) * span));
  }

  /** A free start on the grid of one of the day's services, after `notBefore`; null when the day is full. */
  private freeStart(
    d: DayModel,
    notBefore: number,
  ): { start: number; minutes: number; serviceId: string } | null {
    const options: { start: number; minutes: number; serviceId: string }[] = [];
    for (const p of d.periods) {
      for (const s of p.services) {
        for (let t = p.start; t + s.minutes * MIN <= p.end; t += s.minutes * MIN) {
          if (t < notBefore) continue;
          const e = t + s.minutes * MIN;
          if (d.appts.some((a) => a.start < e && t < a.end)) continue;
          options.push({ start: t, minutes: s.minutes, serviceId: s.serviceId });
        }
      }
    }
    return options.length ? options[Math.floor(this.random() * options.length)]! : null;
  }

  private add(at: number, addressKey: string, date: string, edit: Edit, burst = false): void {
    const today = time.dateOf(at);
    this.edits.push({ at, addressKey, date, urgent: date <= addDays(today, 1), edit, burst });
  }

  book(at: number, addressKey: string, date: string, burst = false): boolean {
    const d = this.day(addressKey, date);
    const f = this.freeStart(d, at + 30 * MIN);
    if (!f) return false;
    const label = `n${++this.seq}`;
    d.appts.push({ id: { created: label }, start: f.start, end: f.start + f.minutes * MIN });
    this.add(at, addressKey, date, { kind: 'book', label, ...f }, burst);
    return true;
  }

  private takeAppt(at: number, addressKey: string, date: string): Slot | null {
    const d = this.day(addressKey, date);
    const future = d.appts.filter((a) => a.start > at + 30 * MIN);
    if (!future.length) return null;
    const a = future[Math.floor(this.random() * future.length)]!;
    d.appts.splice(d.appts.indexOf(a), 1);
    return a;
  }

  cancel(at: number, addressKey: string, date: string, burst = false, hard = false): boolean {
    const a = this.takeAppt(at, addressKey, date);
    if (!a) return false;
    this.add(at, addressKey, date, { kind: hard ? 'delete' : 'cancel', target: a.id }, burst);
    return true;
  }

  reschedule(at: number, addressKey: string, from: string, to: string, burst = false): boolean {
    const a = this.takeAppt(at, addressKey, from);
    if (!a) return false;
    const d = this.day(addressKey, to);
    const f = this.freeStart(d, at + 30 * MIN);
    if (!f) {
      this.day(addressKey, from).appts.push(a);
      return false;
    }
    const minutes = Math.round((a.end - a.start) / MIN);
    d.appts.push({ id: a.id, start: f.start, end: f.start + minutes * MIN });
    this.add(at, addressKey, to, { kind: 'reschedule', target: a.id, start: f.start }, burst);
    return true;
  }

  /** A schedule change: a day off, shorter hours, or an hour blocked (kept clear of appointments). */
  schedule(at: number, addressKey: string, date: string): boolean {
    const d = this.day(addressKey, date);
    if (!d.periods.length) return false;
    const roll = this.random();
    if (roll < 0.3 && d.appts.length === 0) {
      d.periods = [];
      this.add(at, addressKey, date, { kind: 'day-off', date });
      return true;
    }
    const p = d.periods[0]!;
    if (roll < 0.6) {
      // Opens an hour later or closes an hour earlier when that hour is free; else extends the day by an hour.
      const start = time.format(p.start).slice(11, 16);
      const end = time.format(p.end + 60 * MIN).slice(11, 16);
      if (end <= start || p.end + 60 * MIN > time.localToMs(date, 22 * 60)) return false;
      const others = d.periods
        .slice(1)
        .map((q) => [time.format(q.start).slice(11, 16), time.format(q.end).slice(11, 16)]);
      p.end += 60 * MIN;
      this.add(at, addressKey, date, {
        kind: 'hours',
        date,
        hours: [[start, end], ...(others as [string, string][])],
      });
      return true;
    }
    // Block a free hour.
    for (let t = p.start; t + 60 * MIN <= p.end; t += 30 * MIN) {
      if (d.appts.some((a) => a.start < t + 60 * MIN && t < a.end)) continue;
      d.appts.push({ id: { created: `block${++this.seq}` }, start: t, end: t + 60 * MIN });
      this.add(at, addressKey, date, { kind: 'block', start: t, end: t + 60 * MIN });
      return true;
    }
    return false;
  }

  marketBook(at: number, addressKey: string, date: string): void {
    this.add(at, addressKey, date, { kind: 'market-book', date });
  }

  marketCancel(at: number, addressKey: string): void {
    this.add(at, addressKey, time.dateOf(at), { kind: 'market-cancel' });
  }

  marketMove(at: number, addressKey: string, date: string): void {
    this.add(at, addressKey, date, { kind: 'market-move', date });
  }

  sorted(): TimedEdit[] {
    return [...this.edits].sort((a, b) => a.at - b.at);
  }
}

/** What happened when an edit was applied to one world. */
export interface Applied {
  edit: TimedEdit;
  ok: boolean;
  /** Docplanner address id concerned. */
  addressId: string;
  /** Marketplace booking: the booking's id and start; whether the PMS had that time filled (double booking). */
  market?: { bookingId: string; start: number; pmsFilled: boolean };
}

/** Applies planned edits to one world. Keeps the ids of appointments the stream created. */
export class Applier {
  private readonly created = new Map<string, string>();
  private readonly random: () => number;
  private marketBookings: { addressId: string; id: string; start: number }[] = [];

  constructor(
    private readonly w: World,
    seed: number,
  ) {
    this.random = rng(seed);
  }

  private resolve(ref: ApptRef): string | null {
    return 'id' in ref ? ref.id : (this.created.get(ref.created) ?? null);
  }

  apply(e: TimedEdit): Applied {
    const { pms } = this.w;
    const [doctorId, locationId] = e.addressKey.split('@') as [string, string];
    const addressId = this.w.dpAddress.get(e.addressKey) ?? '';
    const x = e.edit;
    const done = (ok: boolean, market?: Applied['market']): Applied => ({ edit: e, ok, addressId, market });
    switch (x.kind) {
      case 'book': {
        const id = pms.addAppointment({
          doctorId,
          locationId,
          start: time.format(x.start),
          minutes: x.minutes,
          serviceId: x.serviceId,
          patient: { firstName: 'Bench', lastName: `Patient ${x.label}`, phone: '+48500100200' },
        });
        this.created.set(x.label, id);
        return done(true);
      }
      case 'cancel':
      case 'delete': {
        const id = this.resolve(x.target);
        if (!id) return done(false);
        if (x.kind === 'cancel') pms.cancelAppointment(id, 'benchmark');
        else pms.deleteAppointment(id);
        return done(true);
      }
      case 'reschedule': {
        const id = this.resolve(x.target);
        if (!id) return done(false);
        pms.rescheduleAppointment(id, { start: time.format(x.start) });
        return done(true);
      }
      case 'day-off':
        pms.addScheduleException(doctorId, x.date, { off: true, locationId });
        return done(true);
      case 'hours':
        pms.addScheduleException(doctorId, x.date, { hours: x.hours, locationId });
        return done(true);
      case 'block':
        pms.addBlock(doctorId, locationId, time.format(x.start), time.format(x.end), 'Benchmark block');
        return done(true);
      case 'market-book':
      case 'market-move':
        return this.marketBookOrMove(e, addressId, x.kind === 'market-move');
      case 'market-cancel': {
        const mine = this.marketBookings.filter(
          (b) => b.addressId === addressId && b.start > this.w.clock.now(),
        );
        const b = mine.length ? mine[Math.floor(this.random() * mine.length)]! : null;
        if (!b) return done(false);
        try {
          this.w.sim.control.patientCancel(addressId, b.id);
          this.marketBookings.splice(this.marketBookings.indexOf(b), 1);
          return done(true);
        } catch (err) {
          if (err instanceof SimError) return done(false);
          throw err;
        }
      }
    }
  }

  private marketBookOrMove(e: TimedEdit, addressId: string, move: boolean): Applied {
    const state = this.w.sim.control.state().addresses[addressId];
    const fail: Applied = { edit: e, ok: false, addressId };
    if (!state) return fail;
    const now = this.w.clock.now();
    const free = state.freeSlots.filter(
      (s) => time.dateOf(Date.parse(s.start)) === e.date && Date.parse(s.start) > now + 30 * MIN,
    );
    if (!free.length) return fail;
    const slot = free[Math.floor(this.random() * free.length)]!;
    const service = state.addressServices.find((s) => slot.addressServiceIds.includes(String(s.id)));
    if (!service) return fail;
    const start = Date.parse(slot.start);
    const end = start + (service.duration ?? 30) * MIN;
    const [doctorId, locationId] = e.addressKey.split('@') as [string, string];
    const filled = this.w.pms
      .listAppointments({ doctorId, locationId, date: e.date })
      .some(
        (a) =>
          (a.status === 'booked' || a.status === 'confirmed') &&
          this.w.pms.instant(a.start) < end &&
          start < this.w.pms.instant(a.end),
      );
    try {
      let booking;
      if (move) {
        const mine = this.marketBookings.filter((b) => b.addressId === addressId && b.start > now);
        const b = mine.length ? mine[Math.floor(this.random() * mine.length)]! : null;
        if (!b) return fail;
        booking = this.w.sim.control.patientMove(addressId, b.id, slot.start, String(service.id));
        this.marketBookings.splice(this.marketBookings.indexOf(b), 1);
      } else {
        booking = this.w.sim.control.patientBook(addressId, slot.start, String(service.id), {
          name: 'Online',
          surname: 'Patient',
          phone: '+48500300400',
        });
      }
      this.marketBookings.push({ addressId, id: String(booking.id), start });
      return {
        edit: e,
        ok: true,
        addressId,
        market: { bookingId: String(booking.id), start, pmsFilled: filled },
      };
    } catch (err) {
      if (err instanceof SimError) return fail;
      throw err;
    }
  }
}
