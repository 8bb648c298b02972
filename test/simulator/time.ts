// Time helpers of the simulator: parse request date-times (offset required), format response date-times in the
// marketplace zone (as the real API answers with the local offset), and key calendar days in that zone.
import { DateTime } from 'luxon';
import type { Clock, TimerHandle } from '../../electron/engine/util/clock';
import { sleepOn, systemClock } from '../../electron/engine/util/clock';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Epoch ms of an ISO date-time with an explicit offset (already validated by the request schemas). */
export function parseInstant(iso: string): number {
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}

/** Zone offsets are whole multiples of 15 minutes, so everything below is cached per 15-minute bucket. */
const BUCKET = 15 * MINUTE;

export class MarketTime {
  private readonly offsets = new Map<number, number>();
  private readonly days = new Map<number, string>();
  private readonly bounds = new Map<string, { start: number; end: number }>();

  constructor(readonly zone: string) {}

  /** The zone's UTC offset in minutes at an instant. */
  private offsetAt(ms: number): number {
    const bucket = Math.floor(ms / BUCKET);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      if (this.offsets.size > 500_000) this.offsets.clear();
      offset = DateTime.fromMillis(bucket * BUCKET, { zone: this.zone }).offset;
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /** `2026-11-23T08:00:00+01:00` (whole seconds, as the real API answers). */
  format(ms: number): string {
    const seconds = Math.floor(ms / 1000) * 1000;
    const offset = this.offsetAt(seconds);
    const local = new Date(seconds + offset * MINUTE).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }

  /** Local calendar day `YYYY-MM-DD` of an instant. */
  dayOf(ms: number): string {
    const bucket = Math.floor(ms / BUCKET);
    let day = this.days.get(bucket);
    if (day === undefined) {
      if (this.days.size > 500_000) this.days.clear();
      day = new Date(bucket * BUCKET + this.offsetAt(bucket * BUCKET) * MINUTE).toISOString().slice(0, 10);
      this.days.set(bucket, day);
    }
    return day;
  }

  /** [start, end) epoch ms of a local calendar day (23 or 25 h long on DST days). */
  dayBounds(day: string): { start: number; end: number } {
    let b = this.bounds.get(day);
    if (!b) {
      const start = DateTime.fromISO(day, { zone: this.zone }).startOf('day');
      b = { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
      if (this.bounds.size > 100_000) this.bounds.clear();
      this.bounds.set(day, b);
    }
    return b;
  }

  /** Every local day touched by [from, to]. */
  daysBetween(from: number, to: number): string[] {
    const days: string[] = [];
    const last = this.dayOf(to);
    let day = this.dayOf(from);
    for (;;) {
      days.push(day);
      if (day >= last) return days;
      day = this.dayOf(this.dayBounds(day).end);
    }
  }

  /** The real API's wording in horizon errors: `15.05.2021, 11:45`. */
  formatHuman(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.zone }).toFormat('dd.MM.yyyy, HH:mm');
  }
}

/** The CLI's default clock: the system clock plus an offset that `advanceClock` moves forward. */
export class OffsetClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    return systemClock.setTimeout(fn, ms);
  }
  clearTimeout(handle: TimerHandle): void {
    systemClock.clearTimeout(handle);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
}
