// Clinic time: every canonical instant carries the offset in force in the clinic's IANA zone, including on DST
// transition days; work periods are split at midnight and merged when they overlap, and both are reported.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PracticeAdapter } from '../../electron/engine/practice/adapter';
import { openPracticeAdapter } from '../../electron/engine/practice/open';
import { ReferencePms } from '../support/reference-pms';
import { tempDir, tinyClinic } from './helpers';

const KEY = { doctorId: '1', locationId: '1' };
const hours = (ms: number) => ms / 3_600_000;

describe('clinic time zones and DST days', () => {
  let dir: string;
  let file: string;
  const open: { adapter?: PracticeAdapter; pms?: ReferencePms } = {};

  beforeEach(() => {
    dir = tempDir();
    file = tinyClinic(dir);
  });
  afterEach(() => {
    open.adapter?.close();
    open.pms?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function clinic(timeZone: string) {
    open.pms = new ReferencePms(file, { timeZone });
    open.adapter = openPracticeAdapter({ kind: 'reference', dbPath: file, timeZone });
    return { pms: open.pms, adapter: open.adapter };
  }

  it('Europe/Warsaw spring forward: a 00:00–06:00 shift lasts 5 hours, offsets change mid-period', () => {
    const { pms, adapter } = clinic('Europe/Warsaw');
    pms.setWorkingHours(1, 1, 7, [['00:00', '06:00']]); // Sundays
    pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-03-29 03:30', minutes: 30 });
    const [day] = adapter.readDays(KEY, { from: '2026-03-29', to: '2026-03-29' });
    expect(day!.periods.map((p) => [p.start, p.end])).toEqual([
      ['2026-03-29T00:00:00+01:00', '2026-03-29T06:00:00+02:00'],
    ]);
    expect(hours(Date.parse(day!.periods[0]!.end) - Date.parse(day!.periods[0]!.start))).toBe(5);
    expect(day!.bookings[0]!.start).toBe('2026-03-29T03:30:00+02:00');
    const [before] = adapter.readDays(KEY, { from: '2026-03-22', to: '2026-03-22' });
    expect(before!.periods[0]!.end).toBe('2026-03-22T06:00:00+01:00');
  });

  it('Europe/Warsaw fall back: the same shift lasts 7 hours; both 02:30s are distinct bookings', () => {
    const { pms, adapter } = clinic('Europe/Warsaw');
    pms.setWorkingHours(1, 1, 7, [['00:00', '06:00']]);
    pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-10-25T02:30:00+02:00', minutes: 20 });
    pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-10-25T02:30:00+01:00', minutes: 20 });
    // A clinic-local time in the repeated hour means its first occurrence.
    pms.addAppointment({ doctorId: 1, locationId: 1, start: '2026-10-25 02:00', minutes: 10 });
    const [day] = adapter.readDays(KEY, { from: '2026-10-25', to: '2026-10-25' });
    expect(hours(Date.parse(day!.periods[0]!.end) - Date.parse(day!.periods[0]!.start))).toBe(7);
    expect(day!.bookings.map((b) => b.start)).toEqual([
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:30:00+01:00',
    ]);
  });

  it('America/Sao_Paulo 2018: the day that starts at 01:00, a night shift split at that midnight, the 25-hour day', () => {
    const { pms, adapter } = clinic('America/Sao_Paulo');
    pms.setWorkingHours(1, 1, 6, [['22:00', '02:00']]); // Saturday night shift, runs into Sunday
    const [sat, sun] = adapter.readDays(KEY, { from: '2018-11-03', to: '2018-11-04' });
    // Midnight 2018-11-04 did not exist (clocks jumped to 01:00): the Saturday part ends at 01:00 -02:00.
    expect(sat!.periods.map((p) => [p.start, p.end])).toEqual([
      ['2018-11-03T22:00:00-03:00', '2018-11-04T01:00:00-02:00'],
    ]);
    expect(sun!.periods.map((p) => [p.start, p.end])).toEqual([
      ['2018-11-04T01:00:00-02:00', '2018-11-04T02:00:00-02:00'],
    ]);
    expect(adapter.problems!().map((p) => [p.key.date, p.kind])).toEqual([
      ['2018-11-03', 'crosses-midnight'],
    ]);
    pms.setWorkingHours(1, 1, 6, [['00:00', '24:00']]);
    const [fallBack] = adapter.readDays(KEY, { from: '2019-02-16', to: '2019-02-16' });
    expect(fallBack!.periods[0]).toMatchObject({
      start: '2019-02-16T00:00:00-02:00',
      end: '2019-02-17T00:00:00-03:00',
    });
    expect(hours(Date.parse(fallBack!.periods[0]!.end) - Date.parse(fallBack!.periods[0]!.start))).toBe(25);
  });

  it('Europe/Istanbul (no DST since 2016): +03:00 in winter and in summer', () => {
    const { pms, adapter } = clinic('Europe/Istanbul');
    pms.setWorkingHours(1, 1, 1, [['09:00', '17:00']]);
    const [winter] = adapter.readDays(KEY, { from: '2026-01-05', to: '2026-01-05' });
    const [summer] = adapter.readDays(KEY, { from: '2026-07-06', to: '2026-07-06' });
    expect(winter!.periods[0]!.start).toBe('2026-01-05T09:00:00+03:00');
    expect(summer!.periods[0]!.start).toBe('2026-07-06T09:00:00+03:00');
  });
});

describe('work periods from messy schedules', () => {
  let dir: string;
  let pms: ReferencePms;
  let adapter: PracticeAdapter;

  beforeEach(() => {
    dir = tempDir();
    const file = tinyClinic(dir);
    pms = new ReferencePms(file);
    adapter = openPracticeAdapter({ kind: 'reference', dbPath: file, timeZone: 'Europe/Warsaw' });
  });
  afterEach(() => {
    pms.close();
    adapter.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('merges overlapping periods and reports it, never dropping time', () => {
    pms.setWorkingHours(1, 1, 1, [
      ['08:00', '12:00'],
      ['11:00', '14:00'],
      ['15:00', '16:00'],
    ]);
    const [day] = adapter.readDays(KEY, { from: '2026-11-23', to: '2026-11-23' });
    expect(day!.periods.map((p) => [p.start.slice(11, 16), p.end.slice(11, 16)])).toEqual([
      ['08:00', '14:00'],
      ['15:00', '16:00'],
    ]);
    const problems = adapter.problems!();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'overlapping-periods', key: { ...KEY, date: '2026-11-23' } });
    expect(problems[0]!.message).toContain('11:00');
  });

  it('applies validity ranges, holidays, days off, replacement and extra hours; empty days are still returned', () => {
    pms.setWorkingHours(1, 1, 1, [['08:00', '12:00']], { validTo: '2026-11-30' });
    pms.db
      .prepare(
        `INSERT INTO weekly_schedules (doctor_id, location_id, weekday, start_time, end_time, valid_from, updated_at) VALUES (1, 1, 1, '13:00', '17:00', '2026-12-01', 'x')`,
      )
      .run();
    pms.addHoliday('2026-12-07');
    pms.addScheduleException(1, '2026-12-14', { off: true });
    pms.addScheduleException(1, '2026-12-21', { hours: [['10:00', '11:00']] });
    pms.addExtraHours(1, 1, '2026-12-22', '18:00', '19:00');
    const days = adapter.readDays(KEY, { from: '2026-11-23', to: '2026-12-22' });
    expect(days).toHaveLength(30);
    const span = (date: string) =>
      days
        .find((d) => d.date === date)!
        .periods.map((p) => `${p.start.slice(11, 16)}-${p.end.slice(11, 16)}`);
    expect(span('2026-11-30')).toEqual(['08:00-12:00']);
    expect(span('2026-12-01')).toEqual([]); // Tuesday
    expect(span('2026-12-07')).toEqual([]); // holiday
    expect(span('2026-12-14')).toEqual([]); // day off
    expect(span('2026-12-21')).toEqual(['10:00-11:00']);
    expect(span('2026-12-22')).toEqual(['18:00-19:00']);
  });

  it('carries services with their durations and insurance acceptance', () => {
    pms.db.prepare(`INSERT INTO insurances (id, name, updated_at) VALUES (7, 'Insurer', 'x')`).run();
    pms.db.prepare(`INSERT INTO doctor_insurances VALUES (1, 1, 7, 'x')`).run();
    pms.setWorkingHours(1, 1, 1, [['08:00', '12:00']], { insurance: 'insured' });
    pms.setWorkingHours(1, 1, 2, [['08:00', '12:00']], { insurance: 'private' });
    const [mon, tue] = adapter.readDays(KEY, { from: '2026-11-23', to: '2026-11-24' });
    expect(mon!.periods[0]).toMatchObject({
      services: [{ serviceId: '1', durationMinutes: 30 }],
      insurance: 'with-insurance-only',
      insuranceIds: ['7'],
    });
    expect(tue!.periods[0]).toMatchObject({ insurance: 'without-insurance-only', insuranceIds: [] });
  });
});
