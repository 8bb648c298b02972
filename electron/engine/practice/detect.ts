// Change detection: which (doctor, location, day) keys in the horizon may have changed since a checkpoint.
//   1. Gate: `PRAGMA data_version` unchanged since we issued this checkpoint → nothing to do (microseconds).
//   2. Schedule: the schedule tables are small; their rows are hashed, and only if that hash moved are the work
//      periods of every day recomputed and compared (fingerprint per day).
//   3. Bookings and blocked time: per-day SQL aggregates over the horizon (count + id sum on schemas with
//      timestamps, a content hash computed inside SQLite otherwise) catch inserts, hard deletes and — on
//      schemas without timestamps — edits; watermarks on updated_at catch edits in O(changes). Candidate days are
//      then fingerprinted (bookings + breaks) and compared, so the answer is exactly the days that differ.
// The checkpoint (JSON) carries everything needed, so a new process finds changes made while the app was closed.
import { z } from 'zod';
import type { DayKey, LocalAddressKey } from '../../../shared/canonical';
import { dayKeyId, parseDayKeyId } from '../../../shared/canonical';
import type { ChangeCheckpoint, ChangeSet, DateRange } from './adapter';
import { PracticeDbError } from './adapter';
import { fingerprint, sortTimed } from './day';
import type { SourceReader } from './reader';
import { bindId, rangeParams } from './reader';
import type { FastDetection } from './source';
import type { Statement } from './sqlite';
import { translate } from './sqlite';
import { addDays, datesBetween, isValidDate, parseInstant } from './time';

const CheckpointSchema = z.object({
  version: z.literal(1),
  source: z.string(),
  timeZone: z.string(),
  token: z.string(),
  from: z.string(),
  to: z.string(),
  schedule: z.string(),
  watermarks: z.array(z.string().nullable()),
  /** When this checkpoint was computed (our clock), for the watermark window. */
  polledAt: z.string(),
  /** addressKeyId → aggregate over the whole horizon (fast detection only). */
  addresses: z.record(z.string(), z.string()),
  /** dayKeyId → "periodsFp|activityFp|aggregate"; days with nothing in them are left out. */
  days: z.record(z.string(), z.string()),
});
type Checkpoint = z.infer<typeof CheckpointSchema>;

/** Watermark rows are re-read from this long before the last stamp (PMS transactions that commit late). */
const WATERMARK_SAFETY_MS = 60_000;

let instanceCounter = 0;

export class ChangeDetector {
  private readonly instance = `${process.pid.toString(36)}.${(instanceCounter++).toString(36)}.${Date.now().toString(36)}`;
  private issued = 0;
  private last: { token: string; dataVersion: number } | null = null;
  private readonly fast?: {
    changed: Statement[];
    max: Statement[];
    counts: Statement;
  };
  private readonly contentAgg?: { appointments: Statement; blocks: Statement };

  constructor(
    private readonly reader: SourceReader,
    private readonly now: () => number = Date.now,
  ) {
    const fd: FastDetection | undefined = reader.source.fastDetection;
    const db = reader.db;
    if (fd) {
      this.fast = {
        changed: fd.watermarked.map((w) => prepare(reader, w.changed.sql, w.changed.field)),
        max: fd.watermarked.map((w) => prepare(reader, w.max.sql, w.max.field).pluck()),
        counts: prepare(reader, fd.counts.sql, fd.counts.field),
      };
    } else {
      db.function('cs_row_hash', { deterministic: true, varargs: true }, (...args: unknown[]) =>
        rowHash(args),
      );
      this.contentAgg = {
        appointments: prepareContentAggregate(reader, 'appointments'),
        blocks: prepareContentAggregate(reader, 'blocks'),
      };
    }
  }

  detect(raw: ChangeCheckpoint | null, horizon: DateRange): ChangeSet {
    if (!isValidDate(horizon.from) || !isValidDate(horizon.to) || horizon.to < horizon.from) {
      throw new PracticeDbError('bad-data', `detectChanges: invalid horizon ${horizon.from}..${horizon.to}`);
    }
    // The gate, before anything else (even parsing the checkpoint): same checkpoint we issued, same horizon,
    // and no commit by anyone since.
    const dataVersion = this.reader.currentDataVersion();
    if (
      raw !== null &&
      this.last !== null &&
      raw.token === this.last.token &&
      dataVersion === this.last.dataVersion &&
      raw.from === horizon.from &&
      raw.to === horizon.to
    ) {
      return { changed: [], checkpoint: raw };
    }
    const prev = this.usable(raw);
    const result = this.reader.snapshot(() => this.compute(prev, horizon));
    this.last = { token: result.checkpoint.token, dataVersion: this.reader.currentDataVersion() };
    return { changed: result.changed, checkpoint: result.checkpoint as unknown as ChangeCheckpoint };
  }

  private usable(raw: ChangeCheckpoint | null): Checkpoint | null {
    if (raw === null) return null;
    const parsed = CheckpointSchema.safeParse(raw);
    if (!parsed.success) return null;
    const cp = parsed.data;
    if (cp.source !== this.reader.source.id || cp.timeZone !== this.reader.time.timeZone) return null;
    return cp;
  }

  private compute(
    prev: Checkpoint | null,
    horizon: DateRange,
  ): { changed: DayKey[]; checkpoint: Checkpoint } {
    const polledAt = this.now();
    const { model, rows } = this.reader.scheduleModel();
    const scheduleHash = fingerprint(rows);
    const dates = datesBetween(horizon.from, horizon.to);
    const inPrev = (date: string) => prev !== null && date >= prev.from && date <= prev.to;
    const prevEntry = (id: string) => splitEntry(prev?.days[id]);

    const keys = new Map<string, LocalAddressKey>();
    for (const k of model.addressKeys) keys.set(`${k.doctorId}@${k.locationId}`, k);
    for (const id of Object.keys(prev?.days ?? {})) {
      const k = parseDayKeyId(id);
      if (k.date >= horizon.from && k.date <= horizon.to) addKey(keys, k);
    }

    // Candidate days for booking/block changes.
    const candidates = new Set<string>();
    const watermarks: (string | null)[] = [];
    if (this.fast) {
      const params = rangeParams(this.reader.time, horizon.from, horizon.to);
      this.fast.changed.forEach((stmt, i) => {
        const wm = prev?.watermarks[i] ?? null;
        if (prev && wm !== null) {
          for (const row of stmt.all({
            ...params,
            since: watermarkSince(wm, prev.polledAt),
          }) as WatermarkRow[]) {
            const ms = parseInstant(String(row.start_utc));
            if (ms === null) continue;
            const date = this.reader.time.dateOf(ms);
            if (date >= horizon.from && date <= horizon.to) {
              candidates.add(
                dayKeyId({ doctorId: String(row.doctor_id), locationId: String(row.location_id), date }),
              );
            }
          }
        }
        watermarks.push((this.fast!.max[i]!.get() as string | null) ?? null);
      });
    }
    for (const id of candidates) addKey(keys, parseDayKeyId(id));

    // Aggregates per day (and, with them, keys that have bookings or blocks but no schedule).
    const addresses: Record<string, string> = {};
    const aggregates = this.fast
      ? this.countAggregates(prev, [...keys.values()], horizon, dates, addresses)
      : this.contentAggregates(horizon);
    for (const id of aggregates.keys()) addKey(keys, parseDayKeyId(id));

    const entries: Record<string, string> = {};
    const changed: DayKey[] = [];
    const activityNeeded = new Map<string, { key: LocalAddressKey; dates: string[] }>();
    for (const key of keys.values()) {
      for (const date of dates) {
        const id = dayKeyId({ ...key, date });
        const before = prevEntry(id);
        const periods =
          prev && prev.schedule === scheduleHash && inPrev(date)
            ? before.periods
            : periodsFingerprint(model.periodsFor(key, date).periods);
        const aggregate = aggregates.get(id) ?? '';
        let activity = before.activity;
        if (this.fast && (!prev || !inPrev(date) || aggregate !== before.aggregate || candidates.has(id))) {
          const need = activityNeeded.get(`${key.doctorId}@${key.locationId}`) ?? { key, dates: [] };
          need.dates.push(date);
          activityNeeded.set(`${key.doctorId}@${key.locationId}`, need);
          activity = '?';
        }
        entries[id] = joinEntry(periods, activity, aggregate);
      }
    }
    for (const { key, dates: needed } of activityNeeded.values()) {
      for (const ds of consecutiveRuns(needed)) {
        const act = this.reader.activityFor(key, ds[0]!, ds[ds.length - 1]!);
        for (const date of ds) {
          const id = dayKeyId({ ...key, date });
          const bookings = act.bookings.get(date);
          const breaks = act.breaks.get(date);
          const fp =
            bookings || breaks ? fingerprint([sortTimed(bookings ?? []), sortTimed(breaks ?? [])]) : '';
          const e = splitEntry(entries[id]);
          entries[id] = joinEntry(e.periods, fp, e.aggregate);
        }
      }
    }
    for (const [id, entry] of Object.entries(entries)) {
      const k = parseDayKeyId(id);
      if (!inPrev(k.date) || entry !== (prev?.days[id] ?? '')) changed.push(k);
      if (entry === '') delete entries[id];
    }
    changed.sort((a, b) => (dayKeyId(a) < dayKeyId(b) ? -1 : dayKeyId(a) > dayKeyId(b) ? 1 : 0));
    const checkpoint: Checkpoint = {
      version: 1,
      source: this.reader.source.id,
      timeZone: this.reader.time.timeZone,
      token: `${this.instance}.${(this.issued++).toString(36)}`,
      from: horizon.from,
      to: horizon.to,
      schedule: scheduleHash,
      watermarks,
      polledAt: new Date(polledAt).toISOString(),
      addresses,
      days: entries,
    };
    return { changed, checkpoint };
  }

  /**
   * Count/id-sum signatures per day, two levels deep: one query per address over the whole horizon; per-day
   * queries only for addresses whose horizon total moved (or on a first run / a new horizon).
   */
  private countAggregates(
    prev: Checkpoint | null,
    keys: LocalAddressKey[],
    horizon: DateRange,
    dates: string[],
    addresses: Record<string, string>,
  ): Map<string, string> {
    const out = new Map<string, string>();
    const time = this.reader.time;
    const counts = this.fast!.counts;
    const sig = (key: LocalAddressKey, from: string, to: string) => {
      const r = counts.get({
        ...rangeParams(time, from, to),
        doctor_id: bindId(key.doctorId),
        location_id: bindId(key.locationId),
      }) as CountRow;
      return r.n === 0 ? '' : `${r.n}:${r.id_sum}`;
    };
    const sameHorizon = prev !== null && prev.from === horizon.from && prev.to === horizon.to;
    for (const key of keys) {
      const aid = `${key.doctorId}@${key.locationId}`;
      const total = sig(key, horizon.from, horizon.to);
      if (total !== '') addresses[aid] = total;
      if (sameHorizon && (prev.addresses[aid] ?? '') === total) {
        for (const date of dates) {
          const id = dayKeyId({ ...key, date });
          const before = splitEntry(prev.days[id]).aggregate;
          if (before !== '') out.set(id, before);
        }
        continue;
      }
      if (total === '') continue;
      for (const date of dates) {
        const day = sig(key, date, date);
        if (day !== '') out.set(dayKeyId({ ...key, date }), day);
      }
    }
    return out;
  }

  /** Content-hash signatures per day, computed inside SQLite over the horizon (schemas without timestamps). */
  private contentAggregates(horizon: DateRange): Map<string, string> {
    const out = new Map<string, string>();
    const time = this.reader.time;
    const params = rangeParams(time, horizon.from, horizon.to);
    for (const [label, stmt] of [
      ['a', this.contentAgg!.appointments],
      ['b', this.contentAgg!.blocks],
    ] as const) {
      const sums = new Map<string, { n: number; h: number }>();
      for (const r of stmt.all(params) as ContentRow[]) {
        const ms =
          r.start_local !== null && r.start_local !== undefined
            ? time.parseLocal(String(r.start_local))
            : parseInstant(String(r.start_utc));
        if (ms === null) continue; // reported with a clear error when the day is read
        const date = time.dateOf(ms);
        if (date < horizon.from || date > horizon.to) continue;
        const id = dayKeyId({ doctorId: String(r.doctor_id), locationId: String(r.location_id), date });
        const s = sums.get(id) ?? { n: 0, h: 0 };
        s.n += r.n;
        s.h = (s.h + r.h) % 2 ** 48;
        sums.set(id, s);
      }
      for (const [id, s] of sums) out.set(id, `${out.get(id) ?? ''}${label}${s.n}:${s.h}`);
    }
    return out;
  }
}

interface WatermarkRow {
  doctor_id: unknown;
  location_id: unknown;
  start_utc: unknown;
}
interface CountRow {
  n: number;
  id_sum: number;
}
interface ContentRow {
  doctor_id: unknown;
  location_id: unknown;
  start_local?: unknown;
  start_utc?: unknown;
  n: number;
  h: number;
}

function prepare(reader: SourceReader, sql: string, field: string): Statement {
  try {
    return reader.db.prepare(sql);
  } catch (e) {
    throw translate(e, 'preparing change detection', { sql, field });
  }
}

/** Groups a source query by address and start, hashing every column of every row inside SQLite. */
function prepareContentAggregate(reader: SourceReader, which: 'appointments' | 'blocks'): Statement {
  const q = reader.source.queries[which];
  const cols = reader.db
    .prepare(q.sql)
    .columns()
    .map((c) => `"${c.name.replace(/"/g, '""')}"`);
  const startCols = new Set(
    reader.db
      .prepare(q.sql)
      .columns()
      .map((c) => c.name),
  );
  const startLocal = startCols.has('start_local') ? 'start_local' : 'NULL';
  const startUtc = startCols.has('start_utc') ? 'start_utc' : 'NULL';
  const sql = `SELECT doctor_id, location_id, ${startLocal} AS start_local, ${startUtc} AS start_utc,
                      count(*) AS n, sum(cs_row_hash(${cols.join(', ')})) AS h
                 FROM (${q.sql}) GROUP BY 1, 2, 3, 4`;
  return prepare(reader, sql, q.field);
}

/** 32-bit FNV-1a over the row's values (order-independent sums of these fingerprint a day). */
function rowHash(values: unknown[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    const s = v === null ? '\u0000' : String(v);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function periodsFingerprint(periods: unknown[]): string {
  return periods.length === 0 ? '' : fingerprint(periods);
}

function splitEntry(entry: string | undefined): { periods: string; activity: string; aggregate: string } {
  if (!entry) return { periods: '', activity: '', aggregate: '' };
  const [periods = '', activity = '', aggregate = ''] = entry.split('|');
  return { periods, activity, aggregate };
}

function joinEntry(periods: string, activity: string, aggregate: string): string {
  return periods === '' && activity === '' && aggregate === '' ? '' : `${periods}|${activity}|${aggregate}`;
}

function addKey(keys: Map<string, LocalAddressKey>, k: LocalAddressKey): void {
  const id = `${k.doctorId}@${k.locationId}`;
  if (!keys.has(id)) keys.set(id, { doctorId: k.doctorId, locationId: k.locationId });
}

/** Splits sorted dates into runs of consecutive days (each run is read with one query). */
function consecutiveRuns(dates: string[]): string[][] {
  const runs: string[][] = [];
  for (const d of dates) {
    const run = runs[runs.length - 1];
    if (run && addDays(run[run.length - 1]!, 1) === d) run.push(d);
    else runs.push([d]);
  }
  return runs;
}

/**
 * Rows changed after the last poll have `updated_at > since`, with since = min(last watermark, last poll time −
 * a safety window): a PMS transaction that stamped its rows shortly before committing after our poll is still
 * seen, and rows sharing an old bulk-import stamp are not re-read on every poll.
 */
function watermarkSince(watermark: string, polledAt: string): string {
  const wm = parseInstant(watermark);
  const polled = parseInstant(polledAt);
  if (wm === null || polled === null) return watermark;
  return new Date(Math.min(wm, polled - WATERMARK_SAFETY_MS)).toISOString();
}
