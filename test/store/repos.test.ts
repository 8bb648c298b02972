// The state DB repositories the engine and the inbound half rely on: outbox coalescing and state machine, aliases,
// mapping round trip with activation kept, audit masking/search/reveal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from '../../electron/engine/store/db';
import { createRepos, type Repos } from '../../electron/engine/store/repos';
import { bookingKey, slotsKey } from '../../electron/engine/store/outbox';
import { AUDIT_KEEP_MS, AUDIT_NAMES_KEEP_MS, maskName } from '../../electron/engine/store/audit';

let dir: string;
let db: StateDb;
let r: Repos;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-'));
  db = openStateDb(join(dir, 'state.db'));
  r = createRepos(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outbox', () => {
  it('coalesces ten enqueues of one key into one row with the most urgent lane', () => {
    for (let i = 0; i < 10; i++) {
      r.outbox.enqueue(
        {
          key: slotsKey('d@l', '2026-11-24'),
          kind: 'slots',
          addressKey: 'd@l',
          day: '2026-11-24',
          lane: i === 5 ? 1 : 3,
        },
        1000 + i,
      );
    }
    const rows = r.outbox.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lane: 1, state: 'pending', attempt: 0, dueAt: 1000 });
  });

  it('hands out unknown entries first, then pending by lane, day and kind', () => {
    const e = (key: string, kind: 'slots' | 'booking', day: string, lane: 0 | 1 | 3) =>
      r.outbox.enqueue({ key, kind, addressKey: 'd@l', day, lane }, 0);
    e(slotsKey('d@l', '2026-11-30'), 'slots', '2026-11-30', 3);
    e(bookingKey('b1'), 'booking', '2026-11-25', 3);
    e(slotsKey('d@l', '2026-11-25'), 'slots', '2026-11-25', 3);
    e(slotsKey('d@l', '2026-11-26'), 'slots', '2026-11-26', 1);
    const order: string[] = [];
    for (let x = r.outbox.next(0); x; x = r.outbox.next(0)) {
      order.push(x.key);
      r.outbox.complete(x.id);
    }
    expect(order).toEqual([
      'slots:d@l/2026-11-26',
      'slots:d@l/2026-11-25',
      'booking:b1',
      'slots:d@l/2026-11-30',
    ]);
    e(slotsKey('d@l', '2026-11-24'), 'slots', '2026-11-24', 0);
    e(bookingKey('b2'), 'booking', '2026-11-29', 3);
    const b2 = r.outbox.getByKey(bookingKey('b2'))!;
    r.outbox.claim(b2.id, { op: 'bookSlot' }, 5);
    expect(r.outbox.recoverInFlight(6)).toBe(1);
    expect(r.outbox.next(10)?.key).toBe('booking:b2');
    expect(r.outbox.next(10)?.request).toEqual({ op: 'bookSlot' });
  });

  it('keeps a blocked entry blocked until a real change unblocks it, and honours backoff', () => {
    r.outbox.enqueue({ key: 'booking:x', kind: 'booking', addressKey: 'd@l', day: null, lane: 0 }, 0);
    const x = r.outbox.getByKey('booking:x')!;
    r.outbox.claim(x.id, {}, 1);
    r.outbox.block(x.id, 'validation', 2);
    r.outbox.enqueue({ key: 'booking:x', kind: 'booking', addressKey: 'd@l', day: null, lane: 0 }, 3);
    expect(r.outbox.getByKey('booking:x')?.state).toBe('blocked');
    expect(r.outbox.next(100)).toBeNull();
    r.outbox.enqueue({ key: 'booking:x', kind: 'booking', addressKey: 'd@l', day: null, lane: 0 }, 4, {
      unblock: true,
    });
    expect(r.outbox.next(100)?.state).toBe('pending');
    r.outbox.claim(x.id, {}, 5);
    r.outbox.retryLater(x.id, 60_000, 'rate-limited', 6);
    expect(r.outbox.next(59_999)).toBeNull();
    expect(r.outbox.nextDueAt()).toBe(60_000);
    expect(r.outbox.next(60_000)?.attempt).toBe(1);
  });
});

describe('links', () => {
  it('resolves a chain of moves to the newest id and finds the link by any old id', () => {
    r.bookings.upsert(
      {
        localId: 'a1',
        addressKey: 'd@l',
        dpBookingId: '100',
        start: 's',
        end: 'e',
        addressServiceId: '7',
        state: 'booked',
        origin: 'pms',
      },
      0,
    );
    r.bookings.recordMove('a1', '100', '101', 's2', 'e2', 1);
    r.bookings.recordMove('a1', '101', '102', 's3', 'e3', 2);
    expect(r.bookings.resolve('100')).toBe('102');
    expect(r.bookings.getByDpId('100')).toMatchObject({ localId: 'a1', dpBookingId: '102', start: 's3' });
    expect(r.bookings.isAlias('101')).toBe(true);
    r.bookings.addAlias('102', '100', 3); // a cycle is refused
    expect(r.bookings.resolve('100')).toBe('102');
  });
});

describe('mapping', () => {
  it('round-trips the mapping and keeps activation for unchanged addresses only', () => {
    const m = {
      addresses: [
        { local: { doctorId: 'd1', locationId: 'l1' }, facilityId: 'f', doctorId: 'dd1', addressId: 'a1' },
        { local: { doctorId: 'd2', locationId: 'l1' }, facilityId: 'f', doctorId: 'dd2', addressId: 'a2' },
      ],
      services: [{ addressKey: 'd1@l1', localServiceId: 's1', addressServiceId: 'as1' }],
      insurances: [{ localInsuranceId: 'i1', insuranceProviderId: '13', insurancePlanId: null }],
    };
    r.mapping.replaceMapping(m, 0);
    r.mapping.setActivation('d1@l1', 'active', 5);
    r.mapping.setActivation('d2@l1', 'active', 5);
    r.mapping.replaceMapping(
      { ...m, addresses: [m.addresses[0]!, { ...m.addresses[1]!, addressId: 'a3' }] },
      6,
    );
    expect(r.mapping.getMapping().services).toEqual(m.services);
    expect(r.mapping.getAddress('d1@l1')).toMatchObject({ activation: 'active', activatedAt: 5 });
    expect(r.mapping.getAddress('d2@l1')).toMatchObject({ activation: 'inactive', activatedAt: null });
    expect(r.mapping.getAddressByDpId('a1')?.ref).toEqual({
      facilityId: 'f',
      doctorId: 'dd1',
      addressId: 'a1',
    });
    expect(r.mapping.localServiceFor('d1@l1', 'as1')).toBe('s1');
    expect(r.mapping.localInsuranceFor('13')).toBe('i1');
  });
});

describe('audit', () => {
  it('masks names in summaries, searches by words, pages backwards and reveals only on request', () => {
    expect(maskName('Jan Kowalski')).toBe('J*** K***');
    const seen: number[] = [];
    r.audit.subscribe((e) => seen.push(e.id));
    const a = r.audit.append({
      at: 1,
      direction: 'out',
      operation: 'bookSlot',
      addressKey: 'd@l',
      outcome: 'ok',
      summary: `Booked ${maskName('Jan Kowalski')} at 09:00`,
      patient: 'Jan Kowalski',
    });
    r.audit.append({
      at: 2,
      direction: 'out',
      operation: 'replaceSlots',
      addressKey: 'd@l',
      outcome: 'failed',
      summary: 'Availability of 2026-11-24',
    });
    r.audit.append({
      at: 3,
      direction: 'in',
      operation: 'slot-booked',
      addressKey: 'd@l',
      outcome: 'ok',
      summary: '100% done_',
    });
    expect(seen).toHaveLength(3);
    expect(r.audit.query({ search: 'booked 09:00' }).entries.map((e) => e.id)).toEqual([a.id]);
    expect(r.audit.query({ search: '100%' }).total).toBe(1);
    expect(r.audit.query({ outcome: 'failed' }).entries[0]?.operation).toBe('replaceSlots');
    expect(r.audit.query({ limit: 1, beforeId: 3 }).entries.map((e) => e.id)).toEqual([2]);
    expect(JSON.stringify(r.audit.query({}))).not.toContain('Kowalski');
    expect(r.audit.reveal(a.id)).toBe('Jan Kowalski');
    expect(r.audit.query({}).entries.find((e) => e.id === a.id)?.hasPatient).toBe(true);
  });

  it('retention: names older than 30 days are erased (entry kept, masked), entries older than a year deleted', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    const entry = (ageDays: number, name: string) =>
      r.audit.append({
        at: now - ageDays * 86_400_000,
        direction: 'in',
        operation: 'slot-booked',
        addressKey: 'd@l',
        outcome: 'ok',
        summary: `Online booking (${maskName(name)})`,
        patient: name,
      }).id;
    const recent = entry(29, 'Jan Kowalski');
    const old = entry(31, 'Ewa Nowak');
    const ancient = entry(366, 'Adam Wiśniewski');
    expect(r.audit.applyRetention(now - AUDIT_NAMES_KEEP_MS, now - AUDIT_KEEP_MS)).toEqual({
      forgotten: 2,
      deleted: 1,
    });
    expect(r.audit.reveal(recent)).toBe('Jan Kowalski');
    expect(r.audit.reveal(old)).toBeNull();
    const rows = r.audit.query({}).entries;
    expect(rows.map((e) => [e.id, e.hasPatient, e.summary])).toEqual([
      [old, false, 'Online booking (E*** N***)'],
      [recent, true, 'Online booking (J*** K***)'],
    ]);
    expect(rows.some((e) => e.id === ancient)).toBe(false);
    expect(JSON.stringify(db.prepare('SELECT * FROM audit').all())).not.toMatch(/Nowak|Wiśniewski/);
  });
});
