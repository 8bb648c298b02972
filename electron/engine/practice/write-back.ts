// Write-back of marketplace changes into the PMS database, on its own read-write connection. Each operation is
// one short IMMEDIATE transaction (the write lock is taken up front, so the slot check and the write see the same
// state), retried on SQLITE_BUSY, synchronous (a lock is never held across an await). Anything that fails —
// including a full disk — rolls the whole operation back.
import type { BookingStatus, LocalAddressKey } from '../../../shared/canonical';
import type { WriteBackOp, WriteBackResult } from './adapter';
import { PracticeDbError } from './adapter';
import { toBooking } from './day';
import type { SourceReader } from './reader';
import { bindId, rangeParams } from './reader';
import type { PracticeSource, SourceQuery, WriteOpKind } from './source';
import type { Db, Statement } from './sqlite';
import { describe, openPracticeDb, translate, withBusyRetry } from './sqlite';
import type { ClinicTime } from './time';
import { parseInstant, utcIso } from './time';

/** Statuses that occupy the doctor's time (a new booking may not overlap them). */
const ACTIVE: ReadonlySet<BookingStatus> = new Set(['booked', 'confirmed', 'completed']);

export interface WriteBackOptions {
  dbPath: string;
  busyTimeoutMs: number;
  now: () => number;
  /** Extra PRAGMAs for the write connection (diagnostics and tests, e.g. max_page_count). */
  pragmas?: string[];
}

export class WriteBack {
  private db: Db | null = null;
  private statements = new Map<WriteOpKind, Statement[]>();
  private appointments: Statement | null = null;

  constructor(
    private readonly source: PracticeSource,
    private readonly reader: SourceReader,
    private readonly time: ClinicTime,
    private readonly opts: WriteBackOptions,
  ) {}

  apply(op: WriteBackOp): WriteBackResult {
    const queries = this.source.writes[op.kind];
    if (!queries || queries.length === 0) {
      return {
        ok: false,
        reason: 'not-supported',
        message: `this practice database has no write statements for "${op.kind}"`,
      };
    }
    const db = this.connection();
    const stmts = this.prepared(op.kind, queries);
    const params = this.paramsFor(op);
    try {
      return withBusyRetry(() => db.transaction(() => this.run(op, stmts, queries, params)).immediate());
    } catch (e) {
      if (e instanceof SlotTaken) return slotTaken(e.clashId);
      if (e instanceof PracticeDbError) throw e;
      throw translate(e, `writing back "${op.kind}"`);
    }
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  private run(
    op: WriteBackOp,
    stmts: Statement[],
    queries: SourceQuery[],
    params: Record<string, unknown>,
  ): WriteBackResult {
    if (op.kind === 'create' && !op.overbook) {
      const clash = this.overlapping(op.key, op.start, op.end, null);
      if (clash) return slotTaken(clash);
    }
    let changes = 0;
    let lastId: number | bigint = 0;
    stmts.forEach((stmt, i) => {
      try {
        const r = stmt.run(params);
        changes += r.changes;
        lastId = r.lastInsertRowid;
      } catch (e) {
        throw translate(e, `writing back "${op.kind}"`, queries[i]);
      }
    });
    switch (op.kind) {
      case 'create':
      case 'block':
        return { ok: true, localId: String(lastId) };
      case 'unblock':
        return changes === 0 ? notFound('block', op.blockId) : { ok: true, localId: op.blockId };
      case 'move': {
        if (changes === 0) return notFound('appointment', op.bookingId);
        const clash = op.overbook ? null : this.overlapping(op.key, op.start, op.end, op.bookingId);
        // Throwing rolls the move back; caught below and turned into a result.
        if (clash) throw new SlotTaken(clash);
        return { ok: true, localId: op.bookingId };
      }
      default:
        return changes === 0 ? notFound('appointment', op.bookingId) : { ok: true, localId: op.bookingId };
    }
  }

  /** An active appointment of the same doctor (any location) overlapping [start, end), or null. */
  private overlapping(
    key: LocalAddressKey,
    start: string,
    end: string,
    exceptId: string | null,
  ): string | null {
    const s = instant(start, 'start');
    const e = instant(end, 'end');
    if (e <= s) throw new PracticeDbError('bad-data', 'write-back: end must be after start');
    const from = this.time.dateOf(s - 86_400_000);
    const to = this.time.dateOf(e);
    const stmt = this.appointmentsStatement();
    for (const raw of stmt.all({ ...rangeParams(this.time, from, to), doctor_id: bindId(key.doctorId) })) {
      const row = this.reader.appointments.parse(raw);
      if (row.id === exceptId) continue;
      const b = toBooking(row, this.time, this.source.statusMap, this.source.queries.appointments.field);
      if (!ACTIVE.has(b.item.status)) continue;
      const bs = b.startMs;
      const be = Date.parse(b.item.end);
      if (bs < e && s < be) return b.item.id;
    }
    return null;
  }

  private connection(): Db {
    if (!this.db) {
      this.db = openPracticeDb(this.opts.dbPath, { readonly: false, busyTimeoutMs: this.opts.busyTimeoutMs });
      for (const p of this.opts.pragmas ?? []) this.db.pragma(p);
    }
    return this.db;
  }

  private appointmentsStatement(): Statement {
    if (!this.appointments) {
      const q = this.source.queries.appointments;
      try {
        this.appointments = this.connection().prepare(
          `SELECT * FROM (${q.sql}) WHERE doctor_id = :doctor_id`,
        );
      } catch (e) {
        throw translate(e, 'preparing the slot check', q);
      }
    }
    return this.appointments;
  }

  private prepared(kind: WriteOpKind, queries: SourceQuery[]): Statement[] {
    let stmts = this.statements.get(kind);
    if (!stmts) {
      stmts = queries.map((q) => {
        try {
          return this.connection().prepare(q.sql);
        } catch (e) {
          throw translate(e, `preparing write statement (${describe(q)})`, q);
        }
      });
      this.statements.set(kind, stmts);
    }
    return stmts;
  }

  /** Every named parameter a write statement may use (unused ones are ignored). */
  private paramsFor(op: WriteBackOp): Record<string, unknown> {
    const p: Record<string, unknown> = { now_utc: utcIso(this.opts.now()) };
    const times = (start: string, end: string) => {
      const s = instant(start, 'start');
      const e = instant(end, 'end');
      const startLocal = this.time.formatLocal(s);
      const endLocal = this.time.formatLocal(e);
      Object.assign(p, {
        start_utc: utcIso(s),
        end_utc: utcIso(e),
        start_local: startLocal,
        end_local: endLocal,
        start_date: startLocal.slice(0, 10),
        start_time: startLocal.slice(11, 16),
        end_date: endLocal.slice(0, 10),
        end_time: endLocal.slice(11, 16),
        duration_minutes: BigInt(Math.round((e - s) / 60_000)),
      });
    };
    const key = (k: LocalAddressKey) =>
      Object.assign(p, { doctor_id: bindId(k.doctorId), location_id: bindId(k.locationId) });
    switch (op.kind) {
      case 'create':
        key(op.key);
        times(op.start, op.end);
        Object.assign(p, {
          service_id: op.serviceId === null ? null : bindId(op.serviceId),
          patient_first_name: op.patient.firstName,
          patient_last_name: op.patient.lastName,
          patient_phone: op.patient.phone,
          patient_email: op.patient.email,
          patient_birth_date: op.patient.birthDate,
          patient_nin: op.patient.nin,
          patient_gender: op.patient.gender,
          insurance_id: op.insuranceId === null ? null : bindId(op.insuranceId),
          comment: op.comment,
          external_id: op.externalId,
          status_code: this.reader.statusCode('booked'),
        });
        break;
      case 'cancel':
        Object.assign(p, {
          booking_id: bindId(op.bookingId),
          reason: op.reason,
          status_code: this.reader.statusCode('canceled'),
        });
        break;
      case 'move':
        key(op.key);
        times(op.start, op.end);
        Object.assign(p, { booking_id: bindId(op.bookingId), external_id: op.externalId });
        break;
      case 'confirm':
        Object.assign(p, {
          booking_id: bindId(op.bookingId),
          status_code: this.reader.statusCode('confirmed'),
        });
        break;
      case 'presence':
        Object.assign(p, {
          booking_id: bindId(op.bookingId),
          present: op.present ? 1n : 0n,
          status_code: this.reader.statusCode(op.present ? 'completed' : 'no-show'),
        });
        break;
      case 'block':
        key(op.key);
        times(op.start, op.end);
        Object.assign(p, { reason: op.reason, external_id: op.externalId });
        break;
      case 'unblock':
        Object.assign(p, { block_id: bindId(op.blockId) });
        break;
    }
    return p;
  }
}

/** Thrown inside a transaction to roll a move back; turned into a 'slot-taken' result by `apply`. */
export class SlotTaken extends Error {
  constructor(readonly clashId: string) {
    super('slot taken');
  }
}

function slotTaken(clashId: string): WriteBackResult {
  return {
    ok: false,
    reason: 'slot-taken',
    message: `the doctor already has appointment ${clashId} at that time`,
  };
}

function notFound(what: string, id: string): WriteBackResult {
  return { ok: false, reason: 'not-found', message: `${what} ${id} does not exist in the practice database` };
}

function instant(text: string, field: string): number {
  const ms = parseInstant(text);
  if (ms === null)
    throw new PracticeDbError('bad-data', `write-back: ${field} "${text}" is not an instant with offset`);
  return ms;
}
