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

export class MarketTime {
  constructor(readonly zone: string) {}

  /** `2026-11-23T08:00:00+01:00` */
  format(ms: number): string {
    const seconds = Math.floor(ms / 1000) * 1000;
    return DateTime.fromMillis(seconds, { zone: this.zone }).toISO({ suppressMilliseconds: true }) ?? '';
  }

  /** Local calendar day `YYYY-MM-DD` of an instant. */
  dayOf(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.zone }).toISODate() ?? '';
  }

  /** [start, end) epoch ms of a local calendar day (23 or 25 h long on DST days). */
  dayBounds(day: string): { start: number; end: number } {
    const start = DateTime.fromISO(day, { zone: this.zone }).startOf('day');
    return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
  }

  /** Every local day touched by [from, to]. */
  daysBetween(from: number, to: number): string[] {
    const days: string[] = [];
    let cursor = DateTime.fromMillis(from, { zone: this.zone }).startOf('day');
    const last = this.dayOf(to);
    for (;;) {
      const day = cursor.toISODate() ?? '';
      days.push(day);
      if (day >= last) return days;
      cursor = cursor.plus({ days: 1 });
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
