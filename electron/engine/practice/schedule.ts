// Work periods of one (doctor, location, day) from the schedule rows: weekly hours (with validity), holidays,
// day overrides (replace or cancel the weekly hours of one date), one-off extra hours. Periods that cross
// midnight are split; overlapping periods are merged; both are reported as DataProblems.
import type { DayKey, InsuranceAcceptance, LocalAddressKey, WorkPeriod } from '../../../shared/canonical';
import { addressKeyId } from '../../../shared/canonical';
import type { DataProblem } from './adapter';
import { PracticeDbError } from './adapter';
import type {
  AddressInsuranceRowT,
  AddressServiceRowT,
  DayOverrideRowT,
  ExtraHoursRowT,
  HolidayRowT,
  WeeklyHoursRowT,
} from './rows';
import type { ClinicTime } from './time';
import { addDays, isValidDate, isoWeekday, parseClockTime } from './time';

type InsuranceMode = 'all' | 'private' | 'insured';

export interface ScheduleRows {
  weeklyHours: WeeklyHoursRowT[];
  holidays: HolidayRowT[];
  dayOverrides: DayOverrideRowT[];
  extraHours: ExtraHoursRowT[];
  addressServices: AddressServiceRowT[];
  addressInsurances: AddressInsuranceRowT[];
}

/** An interval of local minutes from the start of its day; `end` may exceed 1440 (crosses midnight). */
interface RawInterval {
  start: number;
  end: number;
  insurance: InsuranceMode;
  source: string;
}

const MODE_TO_ACCEPTANCE: Record<InsuranceMode, InsuranceAcceptance> = {
  all: 'with-and-without-insurance',
  private: 'without-insurance-only',
  insured: 'with-insurance-only',
};

export const byId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Indexed schedule rows; answers "what are the periods of this address on this date". */
export class ScheduleModel {
  private weekly = new Map<string, WeeklyHoursRowT[]>();
  private holidays: HolidayRowT[] = [];
  private overrides = new Map<string, DayOverrideRowT[]>();
  private extra = new Map<string, ExtraHoursRowT[]>();
  private services = new Map<string, { serviceId: string; durationMinutes: number }[]>();
  private insurances = new Map<string, string[]>();
  readonly addressKeys: LocalAddressKey[];

  constructor(
    rows: ScheduleRows,
    private readonly time: ClinicTime,
  ) {
    const pairs = new Map<string, LocalAddressKey>();
    for (const r of rows.weeklyHours) {
      checkDate(r.valid_from, 'weeklyHours.valid_from');
      checkDate(r.valid_to, 'weeklyHours.valid_to');
      push(this.weekly, addressKeyId({ doctorId: r.doctor_id, locationId: r.location_id }), r);
      pairs.set(addressKeyId({ doctorId: r.doctor_id, locationId: r.location_id }), {
        doctorId: r.doctor_id,
        locationId: r.location_id,
      });
    }
    for (const r of rows.holidays) checkDate(r.date, 'holidays.date');
    this.holidays = rows.holidays;
    for (const r of rows.dayOverrides) {
      checkDate(r.date, 'dayOverrides.date');
      push(this.overrides, `${r.doctor_id}/${r.date}`, r);
    }
    for (const r of rows.extraHours) {
      checkDate(r.date, 'extraHours.date');
      push(this.extra, `${addressKeyId({ doctorId: r.doctor_id, locationId: r.location_id })}/${r.date}`, r);
      pairs.set(addressKeyId({ doctorId: r.doctor_id, locationId: r.location_id }), {
        doctorId: r.doctor_id,
        locationId: r.location_id,
      });
    }
    for (const r of rows.addressServices) {
      push(this.services, addressKeyId({ doctorId: r.doctor_id, locationId: r.location_id }), {
        serviceId: r.service_id,
        durationMinutes: r.duration_minutes,
      });
    }
    for (const list of this.services.values()) list.sort((a, b) => byId(a.serviceId, b.serviceId));
    for (const r of rows.addressInsurances) {
      push(
        this.insurances,
        addressKeyId({ doctorId: r.doctor_id, locationId: r.location_id }),
        r.insurance_id,
      );
    }
    for (const list of this.insurances.values()) list.sort(byId);
    this.addressKeys = [...pairs.values()].sort(
      (a, b) => byId(a.doctorId, b.doctorId) || byId(a.locationId, b.locationId),
    );
  }

  /** Work periods of one day (sorted by start, never overlapping, never crossing midnight) and problems seen. */
  periodsFor(key: LocalAddressKey, date: string): { periods: WorkPeriod[]; problems: DataProblem[] } {
    const dayKey: DayKey = { ...key, date };
    const problems: DataProblem[] = [];
    const today = this.intervalsStartingOn(key, date);
    const yesterday = this.intervalsStartingOn(key, addDays(date, -1));
    const pieces: RawInterval[] = [];
    for (const iv of today) {
      if (iv.end > 1440) {
        problems.push({
          key: dayKey,
          kind: 'crosses-midnight',
          message: `${iv.source} ${fmt(iv.start)}–${fmt(iv.end - 1440)} crosses midnight; split at 24:00`,
        });
      }
      pieces.push({ ...iv, end: Math.min(iv.end, 1440) });
    }
    for (const iv of yesterday) {
      if (iv.end > 1440) pieces.push({ ...iv, start: 0, end: iv.end - 1440 });
    }
    const merged = mergeOverlaps(
      pieces.filter((p) => p.end > p.start),
      (a, b) =>
        problems.push({
          key: dayKey,
          kind: 'overlapping-periods',
          message: `${a.source} ${fmt(a.start)}–${fmt(a.end)} overlaps ${b.source} ${fmt(b.start)}–${fmt(b.end)}; merged`,
        }),
    );
    const aid = addressKeyId(key);
    const services = this.services.get(aid) ?? [];
    const insuranceIds = this.insurances.get(aid) ?? [];
    const periods: WorkPeriod[] = [];
    for (const p of merged) {
      const start = this.time.localToMs(date, p.start);
      const end = this.time.localToMs(date, p.end);
      if (end <= start) {
        problems.push({
          key: dayKey,
          kind: 'period-in-dst-gap',
          message: `period ${fmt(p.start)}–${fmt(p.end)} does not exist on this day (clock change); dropped`,
        });
        continue;
      }
      periods.push({
        start: this.time.format(start),
        end: this.time.format(end),
        services: services.map((s) => ({ ...s })),
        insurance: MODE_TO_ACCEPTANCE[p.insurance],
        insuranceIds: p.insurance === 'private' ? [] : [...insuranceIds],
      });
    }
    return { periods, problems };
  }

  /** Intervals that start on `date` (before midnight splitting). */
  private intervalsStartingOn(key: LocalAddressKey, date: string): RawInterval[] {
    const holiday = this.holidays.some(
      (h) =>
        h.date === date &&
        (h.doctor_id === null || h.doctor_id === key.doctorId) &&
        (h.location_id === null || h.location_id === key.locationId),
    );
    const overrides = (this.overrides.get(`${key.doctorId}/${date}`) ?? []).filter(
      (o) => o.location_id === null || o.location_id === key.locationId,
    );
    const dayOff = holiday || overrides.some((o) => o.start_time === null || o.end_time === null);
    let base: RawInterval[];
    if (dayOff) base = [];
    else if (overrides.length > 0) {
      base = overrides.map((o) => interval(o.start_time!, o.end_time!, o.insurance, `dayOverrides ${date}`));
    } else {
      const weekday = isoWeekday(date);
      base = (this.weekly.get(addressKeyId(key)) ?? [])
        .filter(
          (w) =>
            w.weekday === weekday &&
            (w.valid_from === null || w.valid_from <= date) &&
            (w.valid_to === null || date <= w.valid_to),
        )
        .map((w) => interval(w.start_time, w.end_time, w.insurance, `weeklyHours weekday ${weekday}`));
    }
    const extra = (this.extra.get(`${addressKeyId(key)}/${date}`) ?? []).map((e) =>
      interval(e.start_time, e.end_time, e.insurance, `extraHours ${date}`),
    );
    return [...base, ...extra];
  }
}

function interval(startText: string, endText: string, insurance: InsuranceMode, source: string): RawInterval {
  const start = parseClockTime(startText);
  const end = parseClockTime(endText);
  if (start === null || end === null || start === 1440) {
    throw new PracticeDbError(
      'bad-data',
      `${source}: times "${startText}"–"${endText}" do not parse (expected HH:MM, 00:00–24:00)`,
    );
  }
  // An end at or before the start means the period runs past midnight (a night shift).
  return { start, end: end <= start ? end + 1440 : end, insurance, source };
}

function mergeOverlaps(
  intervals: RawInterval[],
  onOverlap: (a: RawInterval, b: RawInterval) => void,
): RawInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: RawInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start < last.end) {
      onOverlap(last, iv);
      last.end = Math.max(last.end, iv.end);
      last.insurance = combine(last.insurance, iv.insurance);
    } else out.push({ ...iv });
  }
  return out;
}

function combine(a: InsuranceMode, b: InsuranceMode): InsuranceMode {
  return a === b ? a : 'all';
}

function checkDate(value: string | null, field: string): void {
  if (value !== null && !isValidDate(value)) {
    throw new PracticeDbError('bad-data', `${field}: "${value}" is not a date (expected YYYY-MM-DD)`);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function fmt(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}
