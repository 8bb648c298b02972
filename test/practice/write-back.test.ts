// Write-back of marketplace changes into the PMS database: every operation, conflicts (slot taken, not found),
// a PMS writing at the same time from another process (busy → retry, never a half-written appointment), and a
// full disk (rolled back, reported).
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/canonical';
import type { PracticeAdapter, WriteBackOp } from '../../electron/engine/practice/adapter';
import { PracticeDbError } from '../../electron/engine/practice/adapter';
import { openPracticeAdapter } from '../../electron/engine/practice/open';
import type { SampleClinicSummary } from '../../electron/engine/practice/sample/generate';
import { ReferencePms, pmsWriterInAnotherProcess } from '../support/reference-pms';
import { openMapping, sampleClinic, tempDir, tinyClinic } from './helpers';

const KEY = { doctorId: '1', locationId: '1' };
const PATIENT: Patient = {
  firstName: 'Online',
  lastName: 'Patient',
  phone: '+48 500 100 200',
  email: 'online.patient@example.com',
  birthDate: '1990-04-05',
  nin: null,
  gender: 'f',
};
const create = (start: string, end: string, externalId = 'dp-1'): WriteBackOp => ({
  kind: 'create',
  key: KEY,
  start,
  end,
  serviceId: '1',
  patient: PATIENT,
  insuranceId: null,
  comment: 'booked online',
  externalId,
});

describe('write-back on the reference schema', () => {
  let dir: string;
  let file: string;
  let pms: ReferencePms;
  let adapter: PracticeAdapter;

  beforeEach(() => {
    dir = tempDir();
    file = tinyClinic(dir);
    pms = new ReferencePms(file);
    pms.setWorkingHours(1, 1, 1, [['08:00', '16:00']]);
    adapter = openPracticeAdapter({ kind: 'reference', dbPath: file, timeZone: 'Europe/Warsaw' });
  });
  afterEach(() => {
    pms.close();
    adapter.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const day = () => adapter.readDays(KEY, { from: '2026-11-23', to: '2026-11-23' })[0]!;

  it('creates a marketplace booking the PMS and the canonical day both see', () => {
    const r = adapter.writeBack(create('2026-11-23T09:00:00+01:00', '2026-11-23T09:30:00+01:00'));
    expect(r.ok).toBe(true);
    const id = r.ok ? r.localId : '';
    expect(pms.listAppointments()).toMatchObject([
      { id, status: 'booked', bookedVia: 'marketplace', externalId: 'dp-1' },
    ]);
    expect(day().bookings).toMatchObject([
      {
        id,
        start: '2026-11-23T09:00:00+01:00',
        end: '2026-11-23T09:30:00+01:00',
        origin: 'marketplace',
        patient: PATIENT,
      },
    ]);
  });

  it('refuses a booking that overlaps an active appointment of that doctor (slot-taken), writes nothing', () => {
    pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-11-23 09:15', minutes: 30 });
    const r = adapter.writeBack(create('2026-11-23T09:00:00+01:00', '2026-11-23T09:30:00+01:00'));
    expect(r).toMatchObject({ ok: false, reason: 'slot-taken' });
    expect(pms.listAppointments()).toHaveLength(1);
    expect(pms.db.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 1 });
    // Touching is not overlapping; a canceled appointment does not hold its slot.
    expect(
      adapter.writeBack(create('2026-11-23T09:45:00+01:00', '2026-11-23T10:00:00+01:00', 'dp-2')).ok,
    ).toBe(true);
    const canceled = pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      start: '2026-11-23 11:00',
      minutes: 30,
    });
    pms.cancelAppointment(canceled);
    expect(
      adapter.writeBack(create('2026-11-23T11:00:00+01:00', '2026-11-23T11:30:00+01:00', 'dp-3')).ok,
    ).toBe(true);
  });

  it('cancels, confirms and records presence; a missing appointment is not-found', () => {
    const id = pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-11-23 10:00' });
    const other = pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-11-23 12:00' });
    expect(adapter.writeBack({ kind: 'confirm', bookingId: id })).toEqual({ ok: true, localId: id });
    expect(day().bookings[0]!.status).toBe('confirmed');
    expect(adapter.writeBack({ kind: 'presence', bookingId: id, present: true }).ok).toBe(true);
    expect(adapter.writeBack({ kind: 'presence', bookingId: other, present: false }).ok).toBe(true);
    expect(day().bookings.map((b) => b.status)).toEqual(['completed', 'no-show']);
    expect(adapter.writeBack({ kind: 'cancel', bookingId: other, reason: 'canceled online' }).ok).toBe(true);
    expect(day().bookings[1]!.status).toBe('canceled');
    expect(adapter.writeBack({ kind: 'cancel', bookingId: '999', reason: null })).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    expect(adapter.writeBack({ kind: 'confirm', bookingId: '999' })).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
  });

  it('moves a booking, refuses to move it onto another one, and reports a missing one', () => {
    const id = pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-11-23 10:00', minutes: 30 });
    pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-11-23 12:00', minutes: 30 });
    const move = (start: string, end: string, bookingId = id): WriteBackOp => ({
      kind: 'move',
      bookingId,
      key: KEY,
      start,
      end,
      externalId: 'dp-9',
    });
    expect(adapter.writeBack(move('2026-11-23T10:15:00+01:00', '2026-11-23T10:45:00+01:00'))).toEqual({
      ok: true,
      localId: id,
    });
    expect(adapter.writeBack(move('2026-11-23T12:15:00+01:00', '2026-11-23T12:45:00+01:00'))).toMatchObject({
      ok: false,
      reason: 'slot-taken',
    });
    expect(pms.listAppointments().find((a) => a.id === id)).toMatchObject({
      start: '2026-11-23T10:15:00+01:00',
      externalId: 'dp-9',
    });
    expect(
      adapter.writeBack(move('2026-11-23T14:00:00+01:00', '2026-11-23T14:30:00+01:00', '999')),
    ).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('blocks and unblocks time', () => {
    const r = adapter.writeBack({
      kind: 'block',
      key: KEY,
      start: '2026-11-23T13:00:00+01:00',
      end: '2026-11-23T14:00:00+01:00',
      reason: 'Break from calendar',
      externalId: 'br-1',
    });
    expect(r.ok).toBe(true);
    expect(day().breaks).toEqual([
      {
        id: r.ok ? r.localId : '',
        start: '2026-11-23T13:00:00+01:00',
        end: '2026-11-23T14:00:00+01:00',
        reason: 'Break from calendar',
      },
    ]);
    expect(adapter.writeBack({ kind: 'unblock', blockId: r.ok ? r.localId : '' }).ok).toBe(true);
    expect(day().breaks).toEqual([]);
    expect(adapter.writeBack({ kind: 'unblock', blockId: '12345' })).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
  });

  it('waits for a PMS holding the write lock in another process, then writes; nothing is half-written', async () => {
    const child = pmsWriterInAnotherProcess(file, 400, {
      doctorId: 1,
      locationId: 1,
      startUtc: '2026-11-23T12:00:00.000Z',
      endUtc: '2026-11-23T12:30:00.000Z',
    });
    await child.locked;
    const slow = openPracticeAdapter(
      { kind: 'reference', dbPath: file, timeZone: 'Europe/Warsaw' },
      { busyTimeoutMs: 30 },
    );
    try {
      // busy_timeout (30 ms) runs out several times; the retry loop (about 1 s in all) keeps going until the PMS commits.
      const r = slow.writeBack(create('2026-11-23T09:00:00+01:00', '2026-11-23T09:30:00+01:00'));
      expect(r.ok).toBe(true);
    } finally {
      slow.close();
    }
    expect(await child.done).toBe(0);
    const rows = pms.db
      .prepare(`SELECT a.id, p.id AS patient FROM appointments a LEFT JOIN patients p ON p.id = a.patient_id`)
      .all() as { patient: number | null }[];
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.patient !== null)).toBe(true);
    expect(pms.db.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 2 });
  });

  it('gives up with a clear locked error when the PMS never lets go, and writes nothing', async () => {
    const child = pmsWriterInAnotherProcess(file, 2500, {
      doctorId: 1,
      locationId: 1,
      startUtc: '2026-11-23T12:00:00.000Z',
      endUtc: '2026-11-23T12:30:00.000Z',
    });
    await child.locked;
    const slow = openPracticeAdapter(
      { kind: 'reference', dbPath: file, timeZone: 'Europe/Warsaw' },
      { busyTimeoutMs: 20 },
    );
    try {
      expect(() => slow.writeBack(create('2026-11-23T09:00:00+01:00', '2026-11-23T09:30:00+01:00'))).toThrow(
        expect.objectContaining({ name: 'PracticeDbError', code: 'locked' }),
      );
    } finally {
      slow.close();
    }
    await child.done;
    expect(pms.listAppointments().map((a) => a.start)).toEqual(['2026-11-23T13:00:00+01:00']);
  });

  it('rolls back and reports an I/O error when the disk is full', () => {
    const full = openPracticeAdapter(
      { kind: 'reference', dbPath: file, timeZone: 'Europe/Warsaw' },
      { writePragmas: ['max_page_count = 1'] },
    );
    try {
      const op = {
        ...create('2026-11-23T09:00:00+01:00', '2026-11-23T09:30:00+01:00'),
        comment: 'x'.repeat(20_000),
      } as WriteBackOp;
      let error: unknown;
      try {
        full.writeBack(op);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PracticeDbError);
      expect((error as PracticeDbError).code).toBe('io');
      expect((error as PracticeDbError).message).not.toContain('Online');
    } finally {
      full.close();
    }
    expect(pms.db.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 0 });
    expect(pms.listAppointments()).toEqual([]);
  });
});

describe('write-back through the worked-example mapping', () => {
  let dir: string;
  let clinic: SampleClinicSummary;
  let adapter: PracticeAdapter;

  beforeEach(() => {
    dir = tempDir();
    clinic = sampleClinic(dir, 'alt.db', { schema: 'alternate', doctors: 2, locations: 1 });
    adapter = openMapping(clinic);
  });
  afterEach(() => {
    adapter.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates and cancels visits in the alternate schema (integer units, one-letter states, DD.MM.YYYY birth dates)', () => {
    const key = adapter.listAddresses()[0]!;
    const days = adapter.readDays(key, { from: '2026-11-23', to: '2026-12-20' });
    // Find a free hour inside a work period.
    let slot: { start: string; end: string } | null = null;
    for (const d of days) {
      for (const p of d.periods) {
        const s = Date.parse(p.start);
        for (let t = s; t + 15 * 60_000 <= Date.parse(p.end) && !slot; t += 5 * 60_000) {
          const free = d.bookings.every(
            (b) =>
              b.status === 'canceled' || Date.parse(b.end) <= t || Date.parse(b.start) >= t + 15 * 60_000,
          );
          if (free) slot = { start: new Date(t).toISOString(), end: new Date(t + 15 * 60_000).toISOString() };
        }
      }
    }
    expect(slot).not.toBeNull();
    const r = adapter.writeBack({
      ...create(slot!.start, slot!.end, 'dp-alt'),
      key: { doctorId: key.doctorId, locationId: key.locationId },
    } as WriteBackOp);
    expect(r.ok).toBe(true);
    const id = r.ok ? r.localId : '';
    const db = new Database(clinic.path, { readonly: true });
    try {
      const v = db
        .prepare(`SELECT v.*, c.dob, c.sex FROM visits v JOIN clients c USING (client_no) WHERE visit_no = ?`)
        .get(Number(id)) as Record<string, unknown>;
      expect(v).toMatchObject({ units: 3, state: 'B', ext_ref: 'dp-alt', dob: '05.04.1990', sex: 'F' });
      const date = String(v.visit_date);
      const booking = adapter.readDays(key, { from: date, to: date })[0]!.bookings.find((b) => b.id === id)!;
      expect(booking).toMatchObject({ origin: 'marketplace', status: 'booked', patient: PATIENT });
      expect(adapter.writeBack({ kind: 'cancel', bookingId: id, reason: null }).ok).toBe(true);
      expect(db.prepare(`SELECT state FROM visits WHERE visit_no = ?`).get(Number(id))).toEqual({
        state: 'X',
      });
    } finally {
      db.close();
    }
  });
});
