// Desired availability of one clinic day as ONE `PUT slots` payload covering the whole local day: each work period
// becomes a window with its mapped address services, every gap becomes a window with `address_services: []`
// (so availability removed in the PMS is cleared), and the last window ends at 23:59 local (never past midnight;
// DST days have 23 or 25 hours). A day with no work is one empty window. Work that cannot be sent as it is
// (only unmapped services, overlapping periods, insurance without a mapping) is reported as a problem; its time
// is sent as empty and the rest of the day is still pushed.
import type { CanonicalDay, WorkPeriod } from '../../../../shared/canonical';
import type { ReplaceSlotsRequest, WorkPeriodRequest } from '../../docplanner/schemas';
import type { AddressPlanContext } from './context';
import { stableHash } from './hash';

export interface SlotsProblem {
  code: 'unmapped-service' | 'overlapping-periods' | 'insurance-unmapped';
  /** Plain words, no patient data. */
  message: string;
  /** Identifies the problem so raising it twice is one conflict. */
  key: string;
  start: string;
  end: string;
}

export interface DesiredSlots {
  date: string;
  body: ReplaceSlotsRequest;
  hash: string;
  /** Number of windows that offer at least one service. */
  openWindows: number;
  problems: SlotsProblem[];
}

const MINUTE = 60_000;
const LAST_MINUTE = 23 * 60 + 59;

export function desiredSlots(day: CanonicalDay, ctx: AddressPlanContext): DesiredSlots {
  const { time } = ctx;
  const dayStart = time.startOfDay(day.date);
  const dayEnd = time.localToMs(day.date, LAST_MINUTE);
  const problems: SlotsProblem[] = [];
  const windows: WorkPeriodRequest[] = [];
  const empty = (s: number, e: number): WorkPeriodRequest => ({
    start: time.format(s),
    end: time.format(e),
    address_services: [],
  });

  const periods = [...day.periods]
    .map((p) => ({ p, start: Date.parse(p.start), end: Date.parse(p.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let cursor = dayStart;
  let open = 0;
  for (const { p, start: rawStart, end: rawEnd } of periods) {
    let start = Math.max(rawStart, dayStart);
    const end = Math.min(rawEnd, dayEnd);
    if (start < cursor) {
      problems.push({
        code: 'overlapping-periods',
        message: `Two work periods overlap on ${day.date} around ${p.start.slice(11, 16)}; the overlap is published once.`,
        key: `${ctx.addressKey}/${day.date}/overlap/${p.start}`,
        start: p.start,
        end: p.end,
      });
      start = cursor;
    }
    if (end - start < MINUTE) continue;
    if (start - cursor >= MINUTE) windows.push(empty(cursor, start));
    else if (start > cursor && windows.length > 0) {
      // A gap under a minute cannot be a window: the previous window absorbs it (the period keeps its grid start).
      windows[windows.length - 1]!.end = time.format(start);
    }
    const window = periodWindow(p, start, end, ctx, problems, day.date);
    if ((window.address_services ?? []).length > 0) open++;
    windows.push(window);
    cursor = end;
  }
  if (dayEnd - cursor >= MINUTE) windows.push(empty(cursor, dayEnd));
  const body: ReplaceSlotsRequest = { slots: windows };
  return { date: day.date, body, hash: stableHash(body), openWindows: open, problems };
}

function periodWindow(
  p: WorkPeriod,
  start: number,
  end: number,
  ctx: AddressPlanContext,
  problems: SlotsProblem[],
  date: string,
): WorkPeriodRequest {
  const { time } = ctx;
  const services: { address_service_id: string; duration: number }[] = [];
  const unmapped: string[] = [];
  for (const s of p.services) {
    const id = ctx.services.get(s.serviceId);
    if (!id) unmapped.push(s.serviceId);
    else if (!services.some((x) => x.address_service_id === id)) {
      services.push({ address_service_id: id, duration: s.durationMinutes });
    }
  }
  const base = { start: time.format(start), end: time.format(end) };
  if (unmapped.length > 0 && services.length === 0) {
    problems.push({
      code: 'unmapped-service',
      message:
        `Work on ${date} ${p.start.slice(11, 16)}–${p.end.slice(11, 16)} offers only services that are not mapped ` +
        `to Docplanner (practice service ${unmapped.join(', ')}); that time is not published.`,
      key: `${ctx.addressKey}/unmapped/${[...unmapped].sort().join(',')}`,
      start: p.start,
      end: p.end,
    });
  }
  if (services.length === 0) return { ...base, address_services: [] };

  const providers: number[] = [];
  for (const id of p.insuranceIds) {
    const link = ctx.insurance.get(id);
    const n = link ? Number(link.providerId) : Number.NaN;
    if (Number.isInteger(n) && !providers.includes(n)) providers.push(n);
  }
  providers.sort((a, b) => a - b);
  if (p.insurance === 'without-insurance-only') {
    return { ...base, address_services: services, insurance_accepted: 'without-insurance-only' };
  }
  if (p.insurance === 'with-insurance-only' && providers.length === 0) {
    problems.push({
      code: 'insurance-unmapped',
      message:
        `Work on ${date} ${p.start.slice(11, 16)}–${p.end.slice(11, 16)} accepts only insured patients, but none of ` +
        `its insurances is mapped to a Docplanner insurance provider; that time is not published.`,
      key: `${ctx.addressKey}/insurance/${[...p.insuranceIds].sort().join(',')}`,
      start: p.start,
      end: p.end,
    });
    return { ...base, address_services: [] };
  }
  return {
    ...base,
    address_services: services,
    insurance_accepted: p.insurance,
    ...(providers.length > 0 ? { insurance_providers: providers } : {}),
  };
}
