// Dates, times, durations and counts formatted with Intl in the clinic's time zone (Settings.timeZone) and
// the UI language's locale. Pure functions plus one hook that binds them to the store.
import { useMemo } from 'react';
import { catalogFor } from '../i18n';
import { useApp } from '../store/store';

export interface FormatContext {
  locale: string;
  timeZone: string;
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** "21 Nov 2026, 08:05" in the clinic's zone. */
export function formatDateTime(ms: number, ctx: FormatContext): string {
  return new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: safeZone(ctx.timeZone),
  }).format(ms);
}

/** An ISO instant with offset (conflict sides) shown in the clinic's zone. */
export function formatInstant(iso: string, ctx: FormatContext): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatDateTime(ms, ctx);
}

/** A clinic calendar date "2026-11-24" as "24 Nov 2026" (a day, not an instant: no time-zone shift). */
export function formatDate(date: string, ctx: FormatContext): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])),
  );
}

/** The time of day of an ISO instant in the clinic's zone: "10:30" (the end of a range on the same day). */
export function formatTime(iso: string, ctx: FormatContext): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(ctx.locale, { timeStyle: 'short', timeZone: safeZone(ctx.timeZone) }).format(
    ms,
  );
}

/** Two ISO instants as one range: "24 Nov 2026, 10:00 – 10:30" (the date once when it is the same day). */
export function formatInstantRange(startIso: string, endIso: string, ctx: FormatContext): string {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    return `${formatInstant(startIso, ctx)} – ${formatInstant(endIso, ctx)}`;
  }
  return new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: safeZone(ctx.timeZone),
  }).formatRange(start, end);
}

/** "5 minutes ago", "in 30 seconds" relative to `now`. */
export function formatRelative(ms: number, now: number, ctx: FormatContext): string {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(ctx.locale, { numeric: 'auto' });
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/** A duration in the largest sensible unit: "45 seconds", "12 minutes", "2 hours". */
export function formatDuration(seconds: number, ctx: FormatContext): string {
  const [value, unit] =
    seconds < 90
      ? [Math.max(1, Math.round(seconds)), 'second']
      : seconds < 5400
        ? [Math.round(seconds / 60), 'minute']
        : [Math.round(seconds / 360) / 10, 'hour'];
  return new Intl.NumberFormat(ctx.locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

export function formatNumber(value: number, ctx: FormatContext): string {
  return new Intl.NumberFormat(ctx.locale).format(value);
}

/** The language's locale and the clinic's time zone from the store. */
export function useFormatContext(): FormatContext {
  const language = useApp((s) => s.language);
  const timeZone = useApp((s) => s.timeZone);
  return useMemo(() => ({ locale: catalogFor(language).locale, timeZone }), [language, timeZone]);
}

/** The formatters bound to the current language and the clinic's time zone. */
export function useFormat() {
  const ctx = useFormatContext();
  return useMemo(() => {
    return {
      dateTime: (ms: number) => formatDateTime(ms, ctx),
      instant: (iso: string) => formatInstant(iso, ctx),
      time: (iso: string) => formatTime(iso, ctx),
      instantRange: (startIso: string, endIso: string) => formatInstantRange(startIso, endIso, ctx),
      relative: (ms: number, now: number) => formatRelative(ms, now, ctx),
      duration: (seconds: number) => formatDuration(seconds, ctx),
      number: (value: number) => formatNumber(value, ctx),
    };
  }, [ctx]);
}
