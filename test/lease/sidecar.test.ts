// The sidecar file itself: where it lives, compare-and-swap on the lease row, fenced status and queue writes,
// damaged and foreign files. Several LeaseSidecar objects = several real SQLite connections to one file.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../electron/engine/util/clock';
import { LeaseError, LeaseSidecar, sidecarPathFor } from '../../electron/engine/lease';
import { UNCLAIMED_HOLDER_ID } from '../../electron/engine/lease/schema';
import { cleanupDirs, keeperOptions, practiceFolder, snapshot } from './helpers';

afterEach(cleanupDirs);

function openTwo(dbPath: string, clock: VirtualClock) {
  return [
    LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', clock)),
    LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-2', clock)),
  ] as const;
}

describe('LeaseSidecar', () => {
  it('lives beside the practice database in its own file, with a rollback journal (never WAL)', () => {
    const { dir, dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const s = LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', clock));
    expect(s.path).toBe(sidecarPathFor(dbPath));
    expect(basename(s.path)).toBe('practice.db.sync-lease.sqlite');
    expect(existsSync(s.path)).toBe(true);
    s.close();
    const raw = new Database(s.path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();
    // The PMS's own file is untouched: still only its own table.
    const pms = new Database(dbPath, { readonly: true });
    const tables = pms.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    pms.close();
    expect(tables).toEqual(['appointments']);
    expect(readdirSync(dir).sort()).toEqual(['practice.db', 'practice.db.sync-lease.sqlite']);
  });

  it('starts held by a placeholder that must be waited out, and exactly one of two takes it by CAS', () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const [a, b] = openTwo(dbPath, clock);
    const seenByA = a.readLease();
    const seenByB = b.readLease();
    expect(seenByA).toMatchObject({ holderId: UNCLAIMED_HOLDER_ID, generation: 0, seq: 0 });
    expect(seenByB).toEqual(seenByA);

    const wonA = a.tryAcquire(seenByA);
    const wonB = b.tryAcquire(seenByB);
    expect(wonA).toMatchObject({ holderId: a.holderId, holderName: 'RECEPTION-1', generation: 1, seq: 1 });
    expect(wonB).toBeNull();
    expect(b.readLease().holderId).toBe(a.holderId);
    a.close();
    b.close();
  });

  it('renews only the term it holds; a takeover fences the old term out of every write', () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const [a, b] = openTwo(dbPath, clock);
    const term1 = a.tryAcquire(a.readLease());
    expect(term1?.generation).toBe(1);
    expect(a.renew(1)?.seq).toBe(2);
    expect(b.renew(1)).toBeNull(); // b does not hold it

    // b judged it expired (its own business) and swaps on exactly what it observed.
    const observed = b.readLease();
    const term2 = b.tryAcquire(observed);
    expect(term2).toMatchObject({ holderName: 'RECEPTION-2', generation: 2 });
    // a's CAS on a stale observation fails, and so does everything a does with its old token.
    expect(a.tryAcquire(observed)).toBeNull();
    expect(a.renew(1)).toBeNull();
    expect(a.holds(1)).toBe(false);
    expect(
      a.publishStatus(1, { snapshot: snapshot(clock.now(), 'RECEPTION-1'), conflicts: [], activity: [] }),
    ).toBe(false);
    expect(a.release(1)).toBe(false);
    expect(b.readLease().holderName).toBe('RECEPTION-2');
    a.close();
    b.close();
  });

  it('release frees the lease for anyone at once', () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const [a, b] = openTwo(dbPath, clock);
    a.tryAcquire(a.readLease());
    expect(a.release(1)).toBe(true);
    const free = b.readLease();
    expect(free.holderId).toBeNull();
    expect(b.tryAcquire(free)?.generation).toBe(2);
    a.close();
    b.close();
  });

  it('publishes a validated status that viewers read back', () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const [leader, viewer] = openTwo(dbPath, clock);
    expect(viewer.readStatus()).toBeNull();
    leader.tryAcquire(leader.readLease());
    const status = { snapshot: snapshot(clock.now(), 'RECEPTION-1'), conflicts: [], activity: [] };
    expect(leader.publishStatus(1, status)).toBe(true);
    const read = viewer.readStatus();
    expect(read).toMatchObject({ holderName: 'RECEPTION-1', generation: 1, snapshot: status.snapshot });
    // A status that breaks the shared schema is refused before it is written.
    const bad = { ...status, snapshot: { ...status.snapshot, pending: -1 } };
    expect(() => leader.publishStatus(1, bad)).toThrow();
    leader.close();
    viewer.close();
  });

  it('hands over the mapping and links: fenced to the current term, validated on the way in and out', () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const [a, b] = openTwo(dbPath, clock);
    expect(b.readHandover()).toBeNull();
    a.tryAcquire(a.readLease());
    const handover = {
      stateId: 'state-a',
      mapping: {
        addresses: [
          { local: { doctorId: '1', locationId: '1' }, facilityId: '10', doctorId: '20', addressId: '30' },
        ],
        services: [{ addressKey: '1@1', localServiceId: '1', addressServiceId: '301' }],
        insurances: [],
      },
      activation: [{ addressKey: '1@1', activation: 'active' as const }],
      bookings: [
        {
          localId: '7',
          addressKey: '1@1',
          dpBookingId: '900',
          start: '2026-11-24T09:00:00+01:00',
          end: '2026-11-24T09:30:00+01:00',
          addressServiceId: '301',
          state: 'booked' as const,
          origin: 'pms' as const,
        },
      ],
      breaks: [],
    };
    expect(a.publishHandover(1, handover)).toBe(true);
    expect(b.readHandover()).toEqual({
      ...handover,
      generation: 1,
      holderName: 'RECEPTION-1',
      publishedAt: clock.now(),
    });
    // Malformed handovers are refused before they are written.
    expect(() =>
      a.publishHandover(1, { ...handover, activation: [{ addressKey: '1@1', activation: 'on' }] } as never),
    ).toThrow();
    // After a takeover the old term can no longer overwrite what the new leader hands over.
    b.tryAcquire(b.readLease());
    expect(a.publishHandover(1, { ...handover, stateId: 'stale' })).toBe(false);
    expect(b.readHandover()?.stateId).toBe('state-a');
    // A row damaged on disk reads as a typed error.
    const raw = new Database(a.path);
    raw.prepare(`UPDATE handover SET body = '{"stateId":""}'`).run();
    raw.close();
    expect(catchError(() => b.readHandover())).toMatchObject({ code: 'sidecar-corrupt' });
    a.close();
    b.close();
  });

  it('refuses a status row tampered with on disk, with a typed error', () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const s = LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', clock));
    s.tryAcquire(s.readLease());
    s.publishStatus(1, { snapshot: snapshot(clock.now(), 'RECEPTION-1'), conflicts: [], activity: [] });
    const raw = new Database(s.path);
    raw.prepare(`UPDATE status SET body = '{"snapshot":{"state":"bogus"}}'`).run();
    raw.close();
    const err = catchError(() => s.readStatus());
    expect(err).toBeInstanceOf(LeaseError);
    expect(err).toMatchObject({ code: 'sidecar-corrupt' });
    s.close();
  });

  it('queues requests; only the current term claims and completes them; an old term’s claims are re-claimable', () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const [a, b] = openTwo(dbPath, clock);
    const id1 = b.enqueue({ kind: 'sync-now', addressKey: 'd1@l1' }, 'Anna at RECEPTION-2');
    const id2 = b.enqueue({ kind: 'resolve-conflict', id: 'c-7', action: 'keep-pms', by: 'Anna' }, 'Anna');
    expect(a.claimRequests(1)).toEqual([]); // nobody's term 1 yet
    a.tryAcquire(a.readLease());
    const claimed = a.claimRequests(1);
    expect(claimed.map((r) => [r.id, r.state, r.attempts])).toEqual([
      [id1, 'claimed', 1],
      [id2, 'claimed', 1],
    ]);
    expect(a.claimRequests(1)).toEqual([]); // the same term does not claim twice
    expect(a.completeRequest(1, id1, { ok: true, message: 'synced' })).toBe(true);
    expect(a.completeRequest(1, id1, { ok: true, message: 'again' })).toBe(false);

    // Term 1 dies holding id2; term 2 (b) takes over and re-claims it; term 1 can no longer complete it.
    const t2 = b.tryAcquire(b.readLease());
    expect(t2?.generation).toBe(2);
    expect(b.claimRequests(2).map((r) => [r.id, r.attempts, r.claimedBy])).toEqual([[id2, 2, 'RECEPTION-2']]);
    expect(a.completeRequest(1, id2, { ok: true, message: 'late' })).toBe(false);
    expect(b.completeRequest(2, id2, { ok: true, message: 'kept the PMS booking' })).toBe(true);
    expect(a.getRequest(id1)?.outcome).toEqual({ ok: true, message: 'synced' });
    expect(a.getRequest(id2)).toMatchObject({
      state: 'done',
      outcome: { ok: true, message: 'kept the PMS booking' },
    });
    expect(() =>
      b.enqueue({ kind: 'resolve-conflict', id: '', action: 'x', by: 'y' } as never, 'Anna'),
    ).toThrow();
    a.close();
    b.close();
  });

  it('sets a damaged sidecar aside and recreates it, held by the placeholder', () => {
    const { dir, dbPath } = practiceFolder();
    const clock = new VirtualClock();
    writeFileSync(sidecarPathFor(dbPath), 'this is not a database '.repeat(100));
    const s = LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', clock));
    expect(s.setAsidePath).not.toBeNull();
    expect(readdirSync(dir).some((f) => f.includes('.damaged-'))).toBe(true);
    expect(s.readLease()).toMatchObject({ holderId: UNCLAIMED_HOLDER_ID, generation: 0 });
    s.close();
  });

  it('refuses a foreign SQLite file at the sidecar path without touching it', () => {
    const { dbPath } = practiceFolder();
    const foreign = new Database(sidecarPathFor(dbPath));
    foreign.exec(
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('format', 'x')`,
    );
    foreign.close();
    const err = catchError(() => LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', new VirtualClock())));
    expect(err).toMatchObject({ code: 'sidecar-corrupt' });
    expect((err as Error).message).toMatch(/not a Clinic Sync Desk lock file/);
  });

  it('refuses a sidecar from a newer version', () => {
    const { dbPath } = practiceFolder();
    LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', new VirtualClock())).close();
    const raw = new Database(sidecarPathFor(dbPath));
    raw.prepare(`UPDATE meta SET value = '99' WHERE key = 'schema_version'`).run();
    raw.close();
    const err = catchError(() => LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', new VirtualClock())));
    expect(err).toMatchObject({ code: 'sidecar-too-new' });
  });

  it('says the folder cannot be reached when it is gone', () => {
    const err = catchError(() =>
      LeaseSidecar.open(
        '/nonexistent-share/clinic/practice.db',
        keeperOptions('RECEPTION-1', new VirtualClock()),
      ),
    );
    expect(err).toMatchObject({ code: 'sidecar-unavailable' });
  });

  it('rejects timing options that leave no room for two renewals in the safe window', () => {
    const { dbPath } = practiceFolder();
    expect(() =>
      LeaseSidecar.open(
        dbPath,
        keeperOptions('RECEPTION-1', new VirtualClock(), { ttlMs: 30_000, renewEveryMs: 15_000 }),
      ),
    ).toThrow(/two renewals/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
