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
import type { DayActivity, SourceReader } from './reader';
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
  /** Changed rows already seen in the watermark window ("position|stamp"), so they are not re-read each poll. */
  seen: z.array(z.string()),
  /** addressKeyId → aggregate over the whole horizon (fast detection only). */
  addresses: z.record(z.string(), z.string()),
  /** The same aggregate over every address (fast detection only). */
  total: z.string(),
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
  private lastIssued: Checkpoint | null = null;
  private readonly fast?: {
    changed: Statement[];
    max: Statement[];
    counts: Statement;
    horizonCounts: Statement;
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
        horizonCounts: prepare(reader, fd.horizonCounts.sql, fd.horizonCounts.field),
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
    // The version read *before* the snapshot: a commit racing with this poll makes the next poll look again.
    this.last = { token: result.checkpoint.token, dataVersion };
    this.lastIssued = result.checkpoint;
    return { changed: result.changed, checkpoint: result.checkpoint as unknown as ChangeCheckpoint };
  }

  private usable(raw: ChangeCheckpoint | null): Checkpoint | null {
    if (raw === null) return null;
    // Our own last checkpoint (or a JSON copy of it): no need to re-validate thousands of entries.
    if (this.lastIssued && raw.token === this.lastIssued.token) return this.lastIssued;
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
    const { model, hash: scheduleHash } = this.reader.scheduleModel();
    if (
      this.fast &&
      prev &&
      prev.from === horizon.from &&
      prev.to === horizon.to &&
      prev.schedule === scheduleHash
    ) {
      return this.computeIncremental(prev, horizon, polledAt);
    }
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
    const seen: string[] = [];
    const watermarks = this.fast ? this.watermarkCandidates(prev, horizon, candidates, seen) : [];
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
          const e = splitEntry(entries[id]);
          entries[id] = joinEntry(e.periods, activityFingerprint(act, date), e.aggregate);
        }
      }
    }
    for (const [id, entry] of Object.entries(entries)) {
      const k = parseDayKeyId(id);
      if (!inPrev(k.date) || entry !== (prev?.days[id] ?? '')) changed.push(k);
      if (entry === '') delete entries[id];
    }
    changed.sort(byDayKey);
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
      seen,
      addresses,
      total: this.fast ? this.horizonTotal(horizon) : '',
      days: entries,
    };
    return { changed, checkpoint };
  }

  /**
   * The common case (same horizon, schedule unchanged, schema with timestamps): start from the previous
   * checkpoint and look only at candidate days — rows changed since the watermark, and days of addresses whose
   * count/id-sum moved.
   */
  private computeIncremental(
    prev: Checkpoint,
    horizon: DateRange,
    polledAt: number,
  ): { changed: DayKey[]; checkpoint: Checkpoint } {
    const fast = this.fast!;
    const time = this.reader.time;
    const dirty = new Set<string>();
    const seen: string[] = [];
    const watermarks = this.watermarkCandidates(prev, horizon, dirty, seen);
    // Addresses to count: those known before plus any a changed row points at.
    const keys = new Map<string, LocalAddressKey>();
    for (const aid of Object.keys(prev.addresses)) addKey(keys, parseAddressId(aid));
    for (const k of this.reader.scheduleModel().model.addressKeys) addKey(keys, k);
    for (const id of dirty) addKey(keys, parseDayKeyId(id));
    const addresses = { ...prev.addresses };
    const dates = datesBetween(horizon.from, horizon.to);
    const newAggregate = new Map<string, string>();
    const total = this.horizonTotal(horizon);
    // Nothing inserted or deleted anywhere in the horizon: no address needs counting.
    if (total === prev.total) keys.clear();
    for (const key of keys.values()) {
      const aid = `${key.doctorId}@${key.locationId}`;
      const addressTotal = countSignature(fast.counts, time, key, horizon.from, horizon.to);
      if ((prev.addresses[aid] ?? '') === addressTotal) continue;
      if (addressTotal === '') delete addresses[aid];
      else addresses[aid] = addressTotal;
      for (const date of dates) {
        const id = dayKeyId({ ...key, date });
        const day = addressTotal === '' ? '' : countSignature(fast.counts, time, key, date, date);
        if (day !== splitEntry(prev.days[id]).aggregate) {
          newAggregate.set(id, day);
          dirty.add(id);
        }
      }
    }
    const days = { ...prev.days };
    const byAddress = new Map<string, { key: LocalAddressKey; dates: string[] }>();
    for (const id of [...dirty].sort()) {
      const k = parseDayKeyId(id);
      const aid = `${k.doctorId}@${k.locationId}`;
      const entry = byAddress.get(aid) ?? {
        key: { doctorId: k.doctorId, locationId: k.locationId },
        dates: [],
      };
      entry.dates.push(k.date);
      byAddress.set(aid, entry);
    }
    const changed: DayKey[] = [];
    for (const { key, dates: needed } of byAddress.values()) {
      for (const run of consecutiveRuns(needed)) {
        const act = this.reader.activityFor(key, run[0]!, run[run.length - 1]!);
        for (const date of run) {
          const id = dayKeyId({ ...key, date });
          const before = splitEntry(prev.days[id]);
          const aggregate = newAggregate.get(id) ?? before.aggregate;
          const entry = joinEntry(before.periods, activityFingerprint(act, date), aggregate);
          if (entry === (prev.days[id] ?? '')) continue;
          changed.push({ ...key, date });
          if (entry === '') delete days[id];
          else days[id] = entry;
        }
      }
    }
    changed.sort(byDayKey);
    const checkpoint: Checkpoint = {
      ...prev,
      token: `${this.instance}.${(this.issued++).toString(36)}`,
      watermarks,
      polledAt: new Date(polledAt).toISOString(),
      seen,
      addresses,
      total,
      days,
    };
    return { changed, checkpoint };
  }

  private horizonTotal(horizon: DateRange): string {
    const r = this.fast!.horizonCounts.get(
      rangeParams(this.reader.time, horizon.from, horizon.to),
    ) as CountRow;
    return `${r.n}:${r.id_sum}`;
  }

  /**
   * Adds the day keys of rows changed since the watermarks to `into` (into `seen`, what the window held); returns
   * the new watermarks. A row already seen at the last poll is skipped unless it was stamped within two seconds
   * of that poll (it might have changed again in the same instant).
   */
  private watermarkCandidates(
    prev: Checkpoint | null,
    horizon: DateRange,
    into: Set<string>,
    seen: string[],
  ): (string | null)[] {
    const fast = this.fast!;
    const params = rangeParams(this.reader.time, horizon.from, horizon.to);
    const seenBefore = new Set(prev?.seen ?? []);
    const trustBefore = prev ? new Date(Date.parse(prev.polledAt) - 2000).toISOString() : '';
    return fast.changed.map((stmt, i) => {
      const wm = prev?.watermarks[i] ?? null;
      if (prev && wm !== null) {
        for (const row of stmt.all({
          ...params,
          since: watermarkSince(wm, prev.polledAt),
        }) as WatermarkRow[]) {
          const mark = `${i}|${String(row.doctor_id)}@${String(row.location_id)}|${String(row.start_utc)}|${String(row.stamp)}`;
          seen.push(mark);
          if (seenBefore.has(mark) && String(row.stamp) < trustBefore) continue;
          const ms = parseInstant(String(row.start_utc));
          if (ms === null) continue;
          const date = this.reader.time.dateOf(ms);
          if (date >= horizon.from && date <= horizon.to) {
            into.add(
              dayKeyId({ doctorId: String(row.doctor_id), locationId: String(row.location_id), date }),
            );
          }
        }
      }
      return (fast.max[i]!.get() as string | null) ?? null;
    });
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
    const sig = (key: LocalAddressKey, from: string, to: string) =>
      countSignature(this.fast!.counts, time, key, from, to);
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
  stamp: unknown;
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

/** Splits sorted dates into runs of consecutive days, at most two weeks each (one query per run, bounded memory). */
function consecutiveRuns(dates: string[]): string[][] {
  const runs: string[][] = [];
  for (const d of dates) {
    const run = runs[runs.length - 1];
    if (run && run.length < 14 && addDays(run[run.length - 1]!, 1) === d) run.push(d);
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

function countSignature(
  counts: Statement,
  time: SourceReader['time'],
  key: LocalAddressKey,
  from: string,
  to: string,
): string {
  const r = counts.get({
    ...rangeParams(time, from, to),
    doctor_id: bindId(key.doctorId),
    location_id: bindId(key.locationId),
  }) as CountRow;
  return r.n === 0 ? '' : `${r.n}:${r.id_sum}`;
}

function activityFingerprint(act: DayActivity, date: string): string {
  const bookings = act.bookings.get(date);
  const breaks = act.breaks.get(date);
  return bookings || breaks ? fingerprint([sortTimed(bookings ?? []), sortTimed(breaks ?? [])]) : '';
}

function parseAddressId(id: string): LocalAddressKey {
  const at = id.lastIndexOf('@');
  return { doctorId: id.slice(0, at), locationId: id.slice(at + 1) };
}

function byDayKey(a: DayKey, b: DayKey): number {
  const x = dayKeyId(a);
  const y = dayKeyId(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
