// Change detection: another connection (the PMS) edits, inserts and hard-deletes rows; detection reports exactly
// the (doctor, location, day) keys whose canonical content changed — also across a restart (stored checkpoint),
// and on the alternate schema that has no timestamps at all.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayKeyId } from '../../shared/canonical';
import type { ChangeCheckpoint, DateRange, PracticeAdapter } from '../../electron/engine/practice/adapter';
import type { SampleClinicSummary } from '../../electron/engine/practice/sample/generate';
import { ReferencePms } from '../support/reference-pms';
import { START, openMapping, openReference, sampleClinic, tempDir } from './helpers';

const HORIZON: DateRange = { from: START, to: '2026-12-20' };

/** Every canonical day of the horizon, as JSON, keyed by day key: the ground truth detection must match. */
function snapshot(adapter: PracticeAdapter, horizon = HORIZON): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of adapter.listAddresses()) {
    for (const day of adapter.readDays(key, horizon)) out.set(dayKeyId(day), JSON.stringify(day));
  }
  return out;
}

function differing(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

const ids = (cs: { changed: { doctorId: string; locationId: string; date: string }[] }) =>
  cs.changed.map(dayKeyId).sort();

describe('change detection on the reference schema', () => {
  let dir: string;
  let clinic: SampleClinicSummary;
  let adapter: PracticeAdapter;
  let pms: ReferencePms;
  let checkpoint: ChangeCheckpoint;

  beforeEach(() => {
    dir = tempDir();
    clinic = sampleClinic(dir, 'clinic.db');
    adapter = openReference(clinic);
    pms = new ReferencePms(clinic.path);
    const first = adapter.detectChanges(null, HORIZON);
    // First run: every (address, day) of the horizon counts as changed.
    expect(first.changed.length).toBe(adapter.listAddresses().length * 28);
    checkpoint = first.checkpoint;
  });
  afterEach(() => {
    pms.close();
    adapter.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const futureBookings = (date: string) =>
    pms.listAppointments({ date }).filter((a) => a.status !== 'canceled');

  it('reports nothing when nothing changed', () => {
    const again = adapter.detectChanges(checkpoint, HORIZON);
    expect(again.changed).toEqual([]);
    // A write that changes nothing visible (same values) is still not a change.
    const a = futureBookings('2026-11-25')[0]!;
    pms.setStatus(a.id, a.status);
    expect(adapter.detectChanges(again.checkpoint, HORIZON).changed).toEqual([]);
  });

  it('reports exactly the day of an inserted, a canceled, and a hard-deleted appointment', () => {
    const before = snapshot(adapter);
    const [x] = futureBookings('2026-11-26');
    const [y] = futureBookings('2026-12-02');
    pms.cancelAppointment(x!.id, 'patient ill');
    pms.deleteAppointment(y!.id);
    pms.addAppointment({ doctorId: 1, locationId: 2, start: '2026-11-30 07:00', minutes: 20 });
    const cs = adapter.detectChanges(checkpoint, HORIZON);
    const expected = [
      dayKeyId({ doctorId: x!.doctorId, locationId: x!.locationId, date: '2026-11-26' }),
      dayKeyId({ doctorId: y!.doctorId, locationId: y!.locationId, date: '2026-12-02' }),
      '1@2/2026-11-30',
    ].sort();
    expect(ids(cs)).toEqual([...new Set(expected)].sort());
    expect(ids(cs)).toEqual(differing(before, snapshot(adapter)));
    expect(adapter.detectChanges(cs.checkpoint, HORIZON).changed).toEqual([]);
  });

  it('reports both days of a reschedule, and blocks added and removed', () => {
    const before = snapshot(adapter);
    const [x] = futureBookings('2026-11-27');
    pms.rescheduleAppointment(x!.id, { start: '2026-12-04 07:05' });
    const block = pms.addBlock(2, 2, '2026-12-08 09:00', '2026-12-08 10:00');
    const cs1 = adapter.detectChanges(checkpoint, HORIZON);
    expect(ids(cs1)).toEqual(differing(before, snapshot(adapter)));
    expect(ids(cs1)).toContain(
      dayKeyId({ doctorId: x!.doctorId, locationId: x!.locationId, date: '2026-11-27' }),
    );
    expect(ids(cs1)).toContain(
      dayKeyId({ doctorId: x!.doctorId, locationId: x!.locationId, date: '2026-12-04' }),
    );
    expect(ids(cs1)).toContain('2@2/2026-12-08');
    expect(cs1.changed).toHaveLength(3);
    pms.removeBlock(block);
    expect(ids(adapter.detectChanges(cs1.checkpoint, HORIZON))).toEqual(['2@2/2026-12-08']);
  });

  it('reports schedule edits: weekly hours, holidays, exceptions, extra hours', () => {
    const before = snapshot(adapter);
    pms.setWorkingHours(3, 1, 3, [['09:00', '15:00']]); // doctor 3, Wednesdays
    pms.addHoliday('2026-12-10', 'Clinic anniversary');
    pms.addScheduleException(5, '2026-12-15', { off: true });
    pms.addExtraHours(6, 2, '2026-12-12', '09:00', '11:00');
    const cs = adapter.detectChanges(checkpoint, HORIZON);
    const truth = differing(before, snapshot(adapter));
    expect(ids(cs)).toEqual(truth);
    expect(truth).toContain('3@1/2026-11-25');
    expect(truth).toContain('6@2/2026-12-12');
    expect(truth.filter((k) => k.endsWith('/2026-12-10')).length).toBeGreaterThan(1);
  });

  it('reports the days of a patient whose details changed', () => {
    const [x] = futureBookings('2026-12-01');
    const before = snapshot(adapter);
    pms.updatePatient(x!.patientId, { phone: '+48 500 000 000' });
    const cs = adapter.detectChanges(checkpoint, HORIZON);
    expect(ids(cs)).toEqual(differing(before, snapshot(adapter)));
    expect(ids(cs)).toContain(
      dayKeyId({ doctorId: x!.doctorId, locationId: x!.locationId, date: '2026-12-01' }),
    );
  });

  it('finds changes made while the app was closed (new instance, stored checkpoint)', () => {
    const stored = JSON.stringify(checkpoint);
    const before = snapshot(adapter);
    adapter.close();
    const [x] = futureBookings('2026-11-24');
    pms.deleteAppointment(x!.id);
    pms.addAppointment({ doctorId: 4, locationId: 1, start: '2026-12-03 07:00' });
    adapter = openReference(clinic);
    const cs = adapter.detectChanges(JSON.parse(stored) as ChangeCheckpoint, HORIZON);
    expect(ids(cs)).toEqual(differing(before, snapshot(adapter)));
    expect(cs.changed).toHaveLength(2);
  });

  it('reports the days that enter the horizon as it moves forward', () => {
    const next = { from: '2026-11-24', to: '2026-12-21' };
    const cs = adapter.detectChanges(checkpoint, next);
    expect(ids(cs)).toEqual(
      adapter
        .listAddresses()
        .map((k) => dayKeyId({ ...k, date: '2026-12-21' }))
        .sort(),
    );
  });

  it('treats a garbled or foreign checkpoint as a first run', () => {
    const cs = adapter.detectChanges({ version: 99 }, HORIZON);
    expect(cs.changed.length).toBe(adapter.listAddresses().length * 28);
  });
});

describe('change detection on the alternate schema (no timestamps, hard deletes)', () => {
  let dir: string;
  let clinic: SampleClinicSummary;
  let adapter: PracticeAdapter;
  let pms: Database.Database;

  beforeEach(() => {
    dir = tempDir();
    clinic = sampleClinic(dir, 'alt.db', { schema: 'alternate' });
    adapter = openMapping(clinic);
    pms = new Database(clinic.path);
  });
  afterEach(() => {
    pms.close();
    adapter.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('catches edits, inserts and hard deletes by content, exactly', () => {
    const first = adapter.detectChanges(null, HORIZON);
    expect(adapter.detectChanges(first.checkpoint, HORIZON).changed).toEqual([]);
    const before = snapshot(adapter);
    const visit = (date: string) =>
      pms
        .prepare(`SELECT * FROM visits WHERE visit_date = ? AND state = 'B' ORDER BY visit_no LIMIT 1`)
        .get(date) as {
        visit_no: number;
        staff_no: number;
        site_no: number;
      };
    const a = visit('2026-11-25');
    const b = visit('2026-11-26');
    const c = visit('2026-12-01');
    pms.prepare(`UPDATE visits SET state = 'X' WHERE visit_no = ?`).run(a.visit_no); // status edit, no timestamp
    pms.prepare(`DELETE FROM visits WHERE visit_no = ?`).run(b.visit_no); // hard delete
    pms.prepare(`UPDATE visits SET units = units + 1 WHERE visit_no = ?`).run(c.visit_no); // longer visit
    pms
      .prepare(`DELETE FROM busy WHERE busy_no = (SELECT min(busy_no) FROM busy WHERE busy_date >= ?)`)
      .run(START);
    pms
      .prepare(`UPDATE rota SET to_hhmm = '1230' WHERE staff_no = 2 AND dow = 'TUE' AND from_hhmm = '0800'`)
      .run();
    const cs = adapter.detectChanges(first.checkpoint, HORIZON);
    const truth = differing(before, snapshot(adapter));
    expect(ids(cs)).toEqual(truth);
    expect(truth).toContain(`${a.staff_no}@${a.site_no}/2026-11-25`);
    expect(truth).toContain(`${b.staff_no}@${b.site_no}/2026-11-26`);
    expect(truth).toContain(`${c.staff_no}@${c.site_no}/2026-12-01`);
  });

  it('finds changes made while closed', () => {
    const stored = JSON.stringify(adapter.detectChanges(null, HORIZON).checkpoint);
    const before = snapshot(adapter);
    adapter.close();
    pms
      .prepare(
        `DELETE FROM visits WHERE visit_no = (SELECT min(visit_no) FROM visits WHERE visit_date = '2026-12-02')`,
      )
      .run();
    adapter = openMapping(clinic);
    const cs = adapter.detectChanges(JSON.parse(stored) as ChangeCheckpoint, HORIZON);
    expect(ids(cs)).toEqual(differing(before, snapshot(adapter)));
    expect(cs.changed).toHaveLength(1);
  });
});
