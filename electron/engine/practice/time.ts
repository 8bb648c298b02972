// Clinic time: converts between the clinic's wall-clock (naive local date + time in its IANA zone) and instants.
// Offsets are cached per 15-minute bucket so reading thousands of bookings does not call Intl for each one.
// DST: a wall-clock time inside a spring-forward gap moves forward by the gap; an ambiguous fall-back time takes
// its first occurrence (the earlier instant), like most calendar software.
import { IANAZone } from 'luxon';
import { PracticeDbError } from './adapter';

const MINUTE = 60_000;
const DAY = 86_400_000;
const BUCKET = 15 * MINUTE;

export class ClinicTime {
  private readonly zone: IANAZone;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    if (!IANAZone.isValidZone(timeZone)) {
      throw new PracticeDbError('bad-mapping', `timeZone "${timeZone}" is not an IANA time zone name`);
    }
    this.zone = IANAZone.create(timeZone);
  }

  /** UTC offset in minutes at an instant. */
  offsetAt(ms: number): number {
    const bucket = Math.floor(ms / BUCKET);
    let off = this.offsets.get(bucket);
    if (off === undefined) {
      off = this.zone.offset(bucket * BUCKET);
      if (this.offsets.size > 200_000) this.offsets.clear();
      this.offsets.set(bucket, off);
    }
    return off;
  }

  /** Instant of a wall-clock time; `minutes` past local midnight of `date` (may be 1440 = next midnight). */
  localToMs(date: string, minutes: number): number {
    const naive = dateToUtcMs(date) + minutes * MINUTE;
    const o1 = this.offsetAt(naive);
    const t1 = naive - o1 * MINUTE;
    const o2 = this.offsetAt(t1);
    if (o1 === o2) {
      // Ambiguous (fall-back)? Prefer the earlier instant if it maps to the same wall-clock time.
      const earlier = naive - this.offsetAt(t1 - 3 * 3600_000) * MINUTE;
      if (earlier < t1 && this.msToLocalMinutes(earlier) === this.msToLocalMinutes(t1)) return earlier;
      return t1;
    }
    const t2 = naive - o2 * MINUTE;
    if (this.offsetAt(t2) === o2) return t2;
    // In a gap: move forward by the gap (use the offset before the transition).
    return naive - Math.min(o1, o2) * MINUTE;
  }

  /** Local wall-clock (date-independent) minutes since epoch for an instant. */
  private msToLocalMinutes(ms: number): number {
    return Math.round((ms + this.offsetAt(ms) * MINUTE) / MINUTE);
  }

  /** Instant of local midnight starting `date`. */
  startOfDay(date: string): number {
    return this.localToMs(date, 0);
  }

  /** Clinic-local date of an instant. */
  dateOf(ms: number): string {
    return new Date(ms + this.offsetAt(ms) * MINUTE).toISOString().slice(0, 10);
  }

  /** ISO 8601 with the clinic's offset, seconds precision: 2026-11-23T08:00:00+01:00. */
  format(ms: number): string {
    const off = this.offsetAt(ms);
    const local = new Date(ms + off * MINUTE).toISOString().slice(0, 19);
    const sign = off < 0 ? '-' : '+';
    const abs = Math.abs(off);
    return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  }

  /** Naive local "YYYY-MM-DD HH:MM" of an instant. */
  formatLocal(ms: number): string {
    return new Date(ms + this.offsetAt(ms) * MINUTE).toISOString().slice(0, 16).replace('T', ' ');
  }

  /** Parses a naive local "YYYY-MM-DD HH:MM[:SS]" (or with T) in the clinic zone. */
  parseLocal(text: string): number | null {
    const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
    if (!m || !isValidDate(m[1]!)) return null;
    const h = Number(m[2]);
    const min = Number(m[3]);
    const s = Number(m[4] ?? 0);
    if (h > 24 || min > 59 || s > 59 || (h === 24 && (min > 0 || s > 0))) return null;
    return this.localToMs(m[1]!, h * 60 + min) + s * 1000;
  }
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Epoch ms of a date at 00:00 UTC. */
export function dateToUtcMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return new Date(dateToUtcMs(date)).toISOString().slice(0, 10) === date;
}

export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * DAY).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(dateToUtcMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Inclusive list of dates. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** "HH:MM[:SS]" or "HHMM" → minutes since midnight (24:00 allowed); null if it does not parse. */
export function parseClockTime(text: string): number | null {
  const m = /^(\d{1,2}):?(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/** Parses an instant: ISO 8601 with Z or an offset; null if it does not parse. */
export function parseInstant(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim()))
    return null;
  const ms = Date.parse(text.trim().replace(' ', 'T'));
  return Number.isNaN(ms) ? null : ms;
}

/** UTC ISO text used for storage and comparisons: 2026-11-23T07:00:00.000Z. */
export function utcIso(ms: number): string {
  return new Date(ms).toISOString();
}
