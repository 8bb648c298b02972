// Faults on the way in: a locked PMS, Docplanner unreachable, notifications the engine cannot act on.
// Nothing pulled is ever lost; order is kept; a stuck write-back becomes a conflict, never a silent drop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { META_KEYS } from '../../../electron/engine/store/meta';
import { createInbound } from '../../../electron/engine/sync/inbound/index';
import { at, createBench, type Bench } from './fixture';

let b: Bench;
beforeEach(async () => {
  b = await createBench({ policy: { maxWriteBackAttempts: 3 } });
});
afterEach(async () => {
  await b.close();
});

/** Lets a promise that waits on the virtual clock (client backoff) and on real sockets settle. */
async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => {
    done = true;
  });
  for (let i = 0; i < 400 && !done; i++) {
    await b.clock.advance(250);
    await new Promise((r) => setTimeout(r, 2));
  }
  return p;
}

describe('locked practice database', () => {
  it('keeps the booking pending while the PMS is locked and writes it once the lock is gone', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    const unlock = b.pms.holdWriteLock();
    const first = await b.inbound.pullAndApply();
    expect(first.apply).toMatchObject({ applied: 0, retrying: 1 });
    const [entry] = b.inbound.inbox.pending();
    expect(entry).toMatchObject({ name: 'slot-booked', state: 'pending', attempts: 1 });
    expect(b.sim.control.state().notifications).toEqual([]); // consumed from Docplanner, kept here
    unlock();

    const second = await b.inbound.pullAndApply();
    expect(second.apply.applied).toBe(1);
    expect(b.appointments()).toMatchObject([{ start: at('10:00'), externalId: online.id }]);
  });

  it('keeps the order: a booking and its cancellation arriving while locked end up canceled, not resurrected', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    b.sim.control.patientCancel(b.ref.addressId, online.id);
    const unlock = b.pms.holdWriteLock();
    await b.inbound.pullAndApply();
    expect(b.inbound.inbox.pending().map((e) => e.name)).toEqual(['slot-booked', 'booking-canceled']);
    unlock();
    await b.inbound.pullAndApply();
    expect(b.appointments()).toMatchObject([{ externalId: online.id, status: 'canceled' }]);
  });

  it('after N failed attempts raises write-back-failed; retry applies it once the PMS is free', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    const unlock = b.pms.holdWriteLock();
    for (let i = 0; i < 3; i++) await b.inbound.pullAndApply();
    const [c] = b.inbound.conflicts.list();
    expect(c).toMatchObject({ kind: 'write-back-failed', remote: { start: at('10:00') } });
    expect(c!.summary).toContain('3 attempts');
    expect(c!.options.map((o) => o.action)).toEqual(['retry', 'cancel-online', 'acknowledge']);
    expect(b.inbound.inbox.get(1)?.state).toBe('failed');

    // Still locked: the retry fails and the conflict stays open, showing why.
    expect((await b.inbound.conflicts.resolve({ id: c!.id, action: 'retry', by: 'Ewa' })).ok).toBe(false);
    expect(b.inbound.conflicts.openCount()).toBe(1);

    unlock();
    const r = await b.inbound.conflicts.resolve({ id: c!.id, action: 'retry', by: 'Ewa' });
    expect(r.ok).toBe(true);
    expect(b.appointments()).toMatchObject([{ start: at('10:00'), externalId: online.id }]);
    expect(b.inbound.inbox.get(1)?.state).toBe('applied');
  });
});

describe('a crash between pulling and applying', () => {
  it('applies after a restart what was pulled (and consumed on Docplanner) before it', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    await b.inbound.puller.pull(); // stored, not applied: the process dies here
    expect(b.sim.control.state().notifications).toEqual([]);
    const restarted = createInbound({ repos: b.repos, practice: b.practice, api: b.api, clock: b.clock });
    expect(restarted.applyPending().applied).toBe(1);
    expect(b.appointments()).toMatchObject([{ externalId: online.id }]);
  });
});

describe('Docplanner unreachable', () => {
  it('goes offline without losing anything, records no pull time, and catches up when back', async () => {
    b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    b.sim.control.setFaults({ dropRate: 1, operations: ['Pull Multiple Notification'] });
    const failed = await settle(b.inbound.puller.pull());
    expect(failed.ok).toBe(false);
    expect(b.inbound.puller.state.kind).toBe('offline');
    expect(b.repos.meta.getNumber(META_KEYS.lastPullAt)).toBeNull();
    expect(b.sim.control.state().notifications).toHaveLength(1);

    b.sim.control.setFaults({});
    const ok = await settle(b.inbound.puller.pull());
    expect(ok).toMatchObject({ ok: true, stored: 1 });
    expect(b.inbound.puller.state.kind).toBe('idle');
    const lastPull = b.repos.meta.getNumber(META_KEYS.lastPullAt);
    expect(lastPull).not.toBeNull();
    expect(b.inbound.puller.lastPullAt).toBe(lastPull);
    b.inbound.applyPending();
    expect(b.appointments()).toHaveLength(1);
  });

  it('the pull loop runs on the clock: a booking made later reaches the PMS on the next tick', async () => {
    b.inbound.start();
    await settle(Promise.resolve());
    b.sim.control.patientBook(b.ref.addressId, at('15:00'), b.svc.consultation);
    for (let i = 0; i < 50 && b.appointments().length === 0; i++) {
      await b.clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(b.appointments()).toMatchObject([{ start: at('15:00') }]);
    b.inbound.stop();
  });

  it('pulls every batch while Docplanner says more remain, storing each before applying', async () => {
    for (let i = 0; i < 8; i++) {
      const hh = String(8 + i).padStart(2, '0');
      b.sim.control.patientBook(b.ref.addressId, at(`${hh}:00`), b.svc.consultation, {
        name: `P${i}`,
        surname: 'X',
      });
    }
    const calls: number[] = [];
    const original = b.api.pullNotifications.bind(b.api);
    b.api.pullNotifications = async (limit, o) => {
      const page = await original(3, o);
      calls.push(page.notifications.length);
      void limit;
      return page;
    };
    const { pull, apply } = await b.inbound.pullAndApply();
    expect(pull).toMatchObject({ ok: true, stored: 8, batches: 3 });
    expect(calls).toEqual([3, 3, 2]);
    expect(apply.applied).toBe(8);
    expect(b.appointments()).toHaveLength(8);
  });
});

describe('notifications the engine cannot act on', () => {
  it('an unknown name is kept in the inbox and raised as a conflict, never dropped', () => {
    b.inbound.inbox.store(
      [
        {
          name: 'slot-teleported',
          created_at: '2026-11-23T08:00:00+01:00',
          data: { address: { id: b.ref.addressId } },
        },
      ],
      'push',
    );
    expect(b.inbound.applyPending().conflicts).toBe(1);
    const [c] = b.inbound.conflicts.list();
    expect(c).toMatchObject({
      kind: 'unhandled-notification',
      addressKey: '1@1',
      remote: { detail: 'slot-teleported' },
    });
    expect(c!.options.map((o) => o.action)).toEqual(['acknowledge']);
    const kept = b.inbound.inbox.listUnapplied(['slot-booked']);
    expect(kept.map((e) => [e.name, e.state])).toEqual([['slot-teleported', 'conflict']]);
  });

  it('a malformed payload of a known name is kept and raised too', () => {
    b.inbound.inbox.store(
      [
        {
          name: 'slot-booked',
          created_at: '2026-11-23T08:00:00+01:00',
          data: { address: { id: b.ref.addressId } },
        },
      ],
      'pull',
    );
    b.inbound.applyPending();
    const [c] = b.inbound.conflicts.list();
    expect(c?.kind).toBe('unhandled-notification');
    expect(c?.summary).toContain('malformed');
    expect(b.appointments()).toEqual([]);
  });

  it('acknowledging records who did it', async () => {
    b.inbound.inbox.store([{ name: 'mystery', created_at: '2026-11-23T08:00:00+01:00', data: {} }], 'push');
    b.inbound.applyPending();
    const [c] = b.inbound.conflicts.list();
    const r = await b.inbound.conflicts.resolve({ id: c!.id, action: 'acknowledge', by: 'Ewa' });
    expect(r.ok).toBe(true);
    expect(b.inbound.conflicts.list({ status: 'resolved' })[0]!.resolution).toMatchObject({
      action: 'acknowledge',
      by: 'Ewa',
    });
  });
});
