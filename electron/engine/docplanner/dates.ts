// Date-time helpers for requests: splitting a long range into chunks while keeping the caller's UTC offset
// (Docplanner wants every date-time with an explicit offset, NOTES.md §1.4).
import { INSTANT_WITH_OFFSET } from '../../../shared/canonical';

const DAY_MS = 86_400_000;

/** The offset of an ISO date-time in minutes east of UTC ('Z' = 0). */
export function offsetMinutesOf(dateTime: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(dateTime);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** Formats an instant as YYYY-MM-DDThh:mm:ss±hh:mm in the given offset. */
export function formatWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

export const isDateTimeWithOffset = (v: string): boolean => INSTANT_WITH_OFFSET.test(v);

/**
 * Splits [start, end] into consecutive ranges of at most `maxDays` days; boundaries are shared (an end is the
 * next start), so callers deduplicate results found at a boundary. A range within the limit comes back as is.
 */
export function splitRange(start: string, end: string, maxDays: number): Array<[string, string]> {
  const from = Date.parse(start);
  const to = Date.parse(end);
  const step = maxDays * DAY_MS;
  if (!(to - from > step)) return [[start, end]];
  const offset = offsetMinutesOf(start);
  const out: Array<[string, string]> = [];
  for (let t = from; t < to; t += step) {
    const chunkEnd = Math.min(t + step, to);
    out.push([
      t === from ? start : formatWithOffset(t, offset),
      chunkEnd === to ? end : formatWithOffset(chunkEnd, offset),
    ]);
  }
  return out;
}
