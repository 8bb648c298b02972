// Reads a practice database through a PracticeSource on a read-only connection: reference lists, schedule rows,
// and canonical days. Shared by the reference and mapping adapters.
import type {
  BlockedTime,
  BookingStatus,
  CanonicalDay,
  LocalAddress,
  LocalAddressKey,
  LocalBooking,
  LocalDoctor,
  LocalInsurance,
  LocalLocation,
  LocalService,
} from '../../../shared/canonical';
import { addressKeyId, dayKeyId } from '../../../shared/canonical';
import type { DataProblem, DateRange } from './adapter';
import { PracticeDbError } from './adapter';
import type { Timed } from './day';
import { fingerprint, sortTimed, toBlock, toBooking } from './day';
import {
  AddressInsuranceRow,
  AddressServiceRow,
  AppointmentRow,
  BlockRow,
  DayOverrideRow,
  DoctorRow,
  ExtraHoursRow,
  HolidayRow,
  InsuranceRow,
  LocationRow,
  REQUIRED_COLUMNS,
  ServiceRow,
  WeeklyHoursRow,
} from './rows';
import type {
  AddressInsuranceRowT,
  AddressServiceRowT,
  AppointmentRowT,
  BlockRowT,
  DayOverrideRowT,
  DoctorRowT,
  ExtraHoursRowT,
  HolidayRowT,
  InsuranceRowT,
  LocationRowT,
  ServiceRowT,
  WeeklyHoursRowT,
} from './rows';
import type { ScheduleRows } from './schedule';
import { ScheduleModel, byId } from './schedule';
import type { PracticeSource, SourceQuery } from './source';
import type { Db, Statement } from './sqlite';
import { CheckedQuery, translate } from './sqlite';
import type { ClinicTime } from './time';
import { addDays, datesBetween, isValidDate, utcIso } from './time';

/** Range parameters every blocks/appointments query receives. */
export function rangeParams(time: ClinicTime, from: string, to: string): Record<string, string> {
  return {
    from_date: from,
    to_date: to,
    from_utc: utcIso(time.startOfDay(from)),
    to_utc: utcIso(time.startOfDay(addDays(to, 1))),
  };
}

/**
 * Numeric-looking ids are bound as SQLite INTEGERs (BigInt), so they compare and compute like the PMS's own
 * integer columns (a JS number would be bound as REAL).
 */
export function bindId(id: string): string | bigint {
  return /^-?\d{1,18}$/.test(id) ? BigInt(id) : id;
}

export interface DayActivity {
  bookings: Map<string, Timed<LocalBooking>[]>;
  breaks: Map<string, Timed<BlockedTime>[]>;
}

export class SourceReader {
  readonly doctors: CheckedQuery<DoctorRowT>;
  readonly locations: CheckedQuery<LocationRowT>;
  readonly services: CheckedQuery<ServiceRowT>;
  readonly insurances?: CheckedQuery<InsuranceRowT>;
  readonly addressServices: CheckedQuery<AddressServiceRowT>;
  readonly addressInsurances?: CheckedQuery<AddressInsuranceRowT>;
  readonly weeklyHours: CheckedQuery<WeeklyHoursRowT>;
  readonly holidays?: CheckedQuery<HolidayRowT>;
  readonly dayOverrides?: CheckedQuery<DayOverrideRowT>;
  readonly extraHours?: CheckedQuery<ExtraHoursRowT>;
  readonly blocks: CheckedQuery<BlockRowT>;
  readonly appointments: CheckedQuery<AppointmentRowT>;
  private readonly blocksForKey: Statement;
  private readonly appointmentsForKey: Statement;
  private readonly dataVersion: Statement;
  private schedule: {
    version: number;
    stamp: unknown;
    model: ScheduleModel;
    rows: ScheduleRows;
    hash: string;
  } | null = null;
  private readonly scheduleStamp?: Statement;

  constructor(
    readonly db: Db,
    readonly source: PracticeSource,
    readonly time: ClinicTime,
  ) {
    const q = source.queries;
    this.doctors = new CheckedQuery(db, q.doctors, DoctorRow, REQUIRED_COLUMNS.doctors);
    this.locations = new CheckedQuery(db, q.locations, LocationRow, REQUIRED_COLUMNS.locations);
    this.services = new CheckedQuery(db, q.services, ServiceRow, REQUIRED_COLUMNS.services);
    if (q.insurances)
      this.insurances = new CheckedQuery(db, q.insurances, InsuranceRow, REQUIRED_COLUMNS.insurances);
    this.addressServices = new CheckedQuery(
      db,
      q.addressServices,
      AddressServiceRow,
      REQUIRED_COLUMNS.addressServices,
    );
    if (q.addressInsurances) {
      this.addressInsurances = new CheckedQuery(
        db,
        q.addressInsurances,
        AddressInsuranceRow,
        REQUIRED_COLUMNS.addressInsurances,
      );
    }
    this.weeklyHours = new CheckedQuery(db, q.weeklyHours, WeeklyHoursRow, REQUIRED_COLUMNS.weeklyHours);
    if (q.holidays) this.holidays = new CheckedQuery(db, q.holidays, HolidayRow, REQUIRED_COLUMNS.holidays);
    if (q.dayOverrides) {
      this.dayOverrides = new CheckedQuery(db, q.dayOverrides, DayOverrideRow, REQUIRED_COLUMNS.dayOverrides);
    }
    if (q.extraHours)
      this.extraHours = new CheckedQuery(db, q.extraHours, ExtraHoursRow, REQUIRED_COLUMNS.extraHours);
    this.blocks = new CheckedQuery(db, q.blocks, BlockRow, REQUIRED_COLUMNS.blocks);
    this.appointments = new CheckedQuery(db, q.appointments, AppointmentRow, REQUIRED_COLUMNS.appointments);
    checkTimeColumns(db, q.blocks, false);
    checkTimeColumns(db, q.appointments, true);
    this.blocksForKey = prepareForKey(db, q.blocks);
    this.appointmentsForKey = prepareForKey(db, q.appointments);
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    const stamp = source.fastDetection?.scheduleStamp;
    if (stamp) {
      try {
        this.scheduleStamp = db.prepare(stamp.sql).pluck();
      } catch (e) {
        throw translate(e, 'preparing a query', stamp);
      }
    }
  }

  /** Changes whenever another connection (the PMS, our write-back) commits. Costs a few microseconds. */
  currentDataVersion(): number {
    return this.dataVersion.get() as number;
  }

  /** Runs `fn` in one read transaction so all its queries see the same snapshot. */
  snapshot<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (e) {
      throw translate(e, 'reading the practice database');
    }
  }

  scheduleRows(): ScheduleRows {
    return {
      weeklyHours: this.weeklyHours.all(),
      holidays: this.holidays?.all() ?? [],
      dayOverrides: this.dayOverrides?.all() ?? [],
      extraHours: this.extraHours?.all() ?? [],
      addressServices: this.addressServices.all(),
      addressInsurances: this.addressInsurances?.all() ?? [],
    };
  }

  /**
   * The schedule model (and a hash of its rows), reloaded only when the database changed since it was built —
   * and, where the source has a schedule stamp, only when a schedule table changed.
   */
  scheduleModel(): { model: ScheduleModel; rows: ScheduleRows; hash: string } {
    const version = this.currentDataVersion();
    if (this.schedule && this.schedule.version === version) return this.schedule;
    const stamp = this.scheduleStamp?.get();
    if (this.schedule && stamp !== undefined && stamp === this.schedule.stamp) {
      this.schedule.version = version;
      return this.schedule;
    }
    const rows = this.scheduleRows();
    this.schedule = {
      version,
      stamp,
      rows,
      model: new ScheduleModel(rows, this.time),
      hash: fingerprint(rows),
    };
    return this.schedule;
  }

  listDoctors(): LocalDoctor[] {
    return this.doctors
      .all()
      .map((r) => ({ id: r.id, name: r.name }))
      .sort((a, b) => byId(a.id, b.id));
  }

  listLocations(): LocalLocation[] {
    return this.locations
      .all()
      .map((r) => ({ id: r.id, name: r.name, address: r.address }))
      .sort((a, b) => byId(a.id, b.id));
  }

  listServices(): LocalService[] {
    return this.services
      .all()
      .map((r) => ({ id: r.id, name: r.name, defaultDurationMinutes: r.default_duration_minutes }))
      .sort((a, b) => byId(a.id, b.id));
  }

  listInsurances(): LocalInsurance[] {
    return (this.insurances?.all() ?? [])
      .map((r) => ({ id: r.id, name: r.name }))
      .sort((a, b) => byId(a.id, b.id));
  }

  listAddresses(): LocalAddress[] {
    return this.snapshot(() => {
      const doctors = new Map(this.listDoctors().map((d) => [d.id, d.name]));
      const locations = new Map(this.listLocations().map((l) => [l.id, l.name]));
      return this.scheduleModel().model.addressKeys.map((k) => ({
        ...k,
        label: `${doctors.get(k.doctorId) ?? `doctor ${k.doctorId}`} — ${locations.get(k.locationId) ?? `location ${k.locationId}`}`,
      }));
    });
  }

  /** Bookings and breaks of one address in a date range, grouped by clinic-local date. */
  activityFor(key: LocalAddressKey, from: string, to: string): DayActivity {
    const params = {
      ...rangeParams(this.time, from, to),
      doctor_id: bindId(key.doctorId),
      location_id: bindId(key.locationId),
    };
    const bookings = new Map<string, Timed<LocalBooking>[]>();
    const breaks = new Map<string, Timed<BlockedTime>[]>();
    for (const raw of runAll(this.appointmentsForKey, params, this.source.queries.appointments)) {
      const b = toBooking(
        this.appointments.parse(raw),
        this.time,
        this.source.statusMap,
        this.source.queries.appointments.field,
      );
      if (b.date >= from && b.date <= to) pushTo(bookings, b.date, b);
    }
    for (const raw of runAll(this.blocksForKey, params, this.source.queries.blocks)) {
      const b = toBlock(this.blocks.parse(raw), this.time, this.source.queries.blocks.field);
      if (b.date >= from && b.date <= to) pushTo(breaks, b.date, b);
    }
    return { bookings, breaks };
  }

  /** Canonical days (one per date, empty days included) plus the data problems found on them. */
  readDays(
    key: LocalAddressKey,
    range: DateRange,
  ): { days: CanonicalDay[]; problems: Map<string, DataProblem[]> } {
    if (!isValidDate(range.from) || !isValidDate(range.to) || range.to < range.from) {
      throw new PracticeDbError('bad-data', `readDays: invalid date range ${range.from}..${range.to}`);
    }
    const k: LocalAddressKey = { doctorId: key.doctorId, locationId: key.locationId };
    return this.snapshot(() => {
      const { model } = this.scheduleModel();
      const activity = this.activityFor(k, range.from, range.to);
      const problems = new Map<string, DataProblem[]>();
      const days = datesBetween(range.from, range.to).map((date): CanonicalDay => {
        const p = model.periodsFor(k, date);
        problems.set(dayKeyId({ ...k, date }), p.problems);
        return {
          ...k,
          date,
          periods: p.periods,
          breaks: sortTimed(activity.breaks.get(date) ?? []),
          bookings: sortTimed(activity.bookings.get(date) ?? []),
        };
      });
      return { days, problems };
    });
  }

  /** Canonical status → the PMS's own code (for write statements). */
  statusCode(status: BookingStatus): string {
    const map = this.source.statusMap;
    if (!map) return status;
    const code = Object.entries(map).find(([, s]) => s === status)?.[0];
    return code ?? status;
  }

  addressIdOf(k: LocalAddressKey): string {
    return addressKeyId(k);
  }
}

function prepareForKey(db: Db, q: SourceQuery): Statement {
  try {
    return db.prepare(`SELECT * FROM (${q.sql}) WHERE doctor_id = :doctor_id AND location_id = :location_id`);
  } catch (e) {
    throw translate(e, 'preparing a query', q);
  }
}

function checkTimeColumns(db: Db, q: SourceQuery, allowDuration: boolean): void {
  const cols = new Set(
    db
      .prepare(q.sql)
      .columns()
      .map((c) => c.name),
  );
  const hasStart = cols.has('start_utc') || cols.has('start_local');
  const hasEnd =
    cols.has('end_utc') || cols.has('end_local') || (allowDuration && cols.has('duration_minutes'));
  if (!hasStart || !hasEnd) {
    const kind = q.line !== undefined ? 'bad-mapping' : 'schema-mismatch';
    const where = q.line !== undefined ? `mapping field ${q.field}, line ${q.line}` : q.field;
    throw new PracticeDbError(
      kind,
      `${where}: the query must return start_utc or start_local, and end_utc or end_local${allowDuration ? ' or duration_minutes' : ''}`,
    );
  }
}

function runAll(stmt: Statement, params: Record<string, unknown>, q: SourceQuery): unknown[] {
  try {
    return stmt.all(params);
  } catch (e) {
    throw translate(e, 'reading the practice database', q);
  }
}

function pushTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
