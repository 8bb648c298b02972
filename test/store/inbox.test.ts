import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../electron/engine/store/db';
import { InboxRepo, notificationDedupeKey } from '../../electron/engine/store/inbox';
import { VirtualClock } from '../../electron/engine/util/clock';
import type { Notification } from '../../electron/engine/docplanner/schemas';

const open = () => {
  const path = join(mkdtempSync(join(tmpdir(), 'inbox-')), 'state.db');
  const clock = new VirtualClock();
  return { path, clock, db: openStateDb(path), inbox: (db = openStateDb(path)) => new InboxRepo(db, clock) };
};

const booked = (id: string, at = '2026-11-23T08:00:00+01:00'): Notification => ({
  name: 'slot-booked',
  created_at: at,
  data: { address: { id: 'a1' }, visit_booking: { id, status: 'booked' } },
});

describe('notification inbox', () => {
  it('stores a batch once: a push and a pull of the same event (keys in another order, other offset) are one row', () => {
    const { db } = open();
    const inbox = new InboxRepo(db, new VirtualClock());
    const first = inbox.store([booked('b1'), booked('b2')], 'pull');
    expect(first.stored).toHaveLength(2);
    const samePushed: Notification = {
      name: 'slot-booked',
      created_at: '2026-11-23T07:00:00Z',
      data: { visit_booking: { status: 'booked', id: 'b1' }, address: { id: 'a1' } },
    };
    expect(notificationDedupeKey(samePushed)).toBe(notificationDedupeKey(booked('b1')));
    const again = inbox.store([samePushed, booked('b2'), booked('b3')], 'push');
    expect(again.duplicates).toBe(2);
    expect(again.stored.map((e) => e.source)).toEqual(['push']);
    expect(inbox.pending().map((e) => (e.notification.data.visit_booking as { id: string }).id)).toEqual([
      'b1',
      'b2',
      'b3',
    ]);
  });

  it('keeps what was stored across a restart and hands pending rows out in event order', () => {
    const { db, path, clock } = open();
    const inbox = new InboxRepo(db, clock);
    inbox.store([booked('late', '2026-11-23T09:00:00+01:00')], 'push');
    inbox.store([booked('early', '2026-11-23T08:30:00+01:00')], 'push');
    db.close();
    const reopened = new InboxRepo(openStateDb(path), clock);
    expect(reopened.pending().map((e) => (e.notification.data.visit_booking as { id: string }).id)).toEqual([
      'early',
      'late',
    ]);
  });

  it('records outcomes; retries keep the row pending with an attempt count; requeue brings it back', () => {
    const { db, clock } = open();
    const inbox = new InboxRepo(db, clock);
    const [a, b, c] = inbox.store([booked('a'), booked('b'), booked('c')], 'pull').stored;
    inbox.markApplied(a!.id, 'appointment 17 created');
    expect(inbox.recordAttempt(b!.id, 'practice DB locked')).toBe(1);
    expect(inbox.recordAttempt(b!.id, 'practice DB locked')).toBe(2);
    inbox.markConflict(c!.id, 'double booking');
    expect(inbox.pending().map((e) => e.id)).toEqual([b!.id]);
    expect(inbox.get(b!.id)).toMatchObject({ state: 'pending', attempts: 2, outcome: 'practice DB locked' });
    expect(inbox.get(a!.id)).toMatchObject({ state: 'applied', outcome: 'appointment 17 created' });
    inbox.requeue(c!.id, 'retry requested');
    expect(inbox.pending().map((e) => e.id)).toEqual([b!.id, c!.id]);
    expect(inbox.countsByState()).toMatchObject({ pending: 2, applied: 1 });
  });

  it('lists unknown names even once handled, and everything not applied, for the UI', () => {
    const { db, clock } = open();
    const inbox = new InboxRepo(db, clock);
    const odd: Notification = { name: 'slot-teleported', created_at: '2026-11-23T08:00:00+01:00', data: {} };
    const [n1, n2] = inbox.store([odd, booked('x')], 'pull').stored;
    inbox.markConflict(n1!.id, 'unknown notification');
    inbox.markApplied(n2!.id, 'ok');
    const shown = inbox.listUnapplied(['slot-booked']);
    expect(shown.map((e) => e.name)).toEqual(['slot-teleported']);
  });

  it('prunes old applied and ignored rows but keeps conflicts, failures and pending ones', async () => {
    const { db, clock } = open();
    const inbox = new InboxRepo(db, clock);
    const [a, b, c, d] = inbox.store([booked('a'), booked('b'), booked('c'), booked('d')], 'pull').stored;
    inbox.markApplied(a!.id, 'ok');
    inbox.markIgnored(b!.id, 'nothing to do');
    inbox.markConflict(c!.id, 'conflict 1');
    await clock.advance(31 * 86_400_000);
    expect(inbox.prune(clock.now() - 30 * 86_400_000)).toBe(2);
    expect([a, b, c, d].map((e) => inbox.get(e!.id)?.state ?? null)).toEqual([
      null,
      null,
      'conflict',
      'pending',
    ]);
  });
});
