// The optional push endpoint: stores into the same inbox (deduped against pull), checks the agreed API key,
// answers the monitoring ping, answers 2xx only once the notification is stored, releases buried ones hourly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushReceiver } from '../../../electron/engine/sync/inbound/push-receiver';
import { at, createBench, type Bench } from './fixture';

const KEY = 'k3y-agreed-with-docplanner-0123456789';
let b: Bench;
let receiver: PushReceiver;
let url: string;

beforeEach(async () => {
  b = await createBench();
  receiver = b.inbound.createPushReceiver({ apiKey: KEY, release: false });
  url = await receiver.start();
});
afterEach(async () => {
  await receiver.stop();
  await b.close();
});

const post = (body: unknown, key: string | null = KEY) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { 'X-Api-Key': key } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('push receiver', () => {
  it('stores a pushed booking, applies it, and the same event pulled later is not applied twice', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    // Docplanner pushes what it also queues for pull: take the queued copy to push it.
    const [queued] = b.sim.control.state().notifications;
    const res = await post(queued);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 1, duplicates: 0 });
    expect(b.appointments()).toMatchObject([{ start: at('10:00'), externalId: online.id }]);

    const { pull, apply } = await b.inbound.pullAndApply();
    expect(pull).toMatchObject({ stored: 0, duplicates: 1 });
    expect(apply.applied).toBe(0);
    expect(b.appointments()).toHaveLength(1);
    expect(b.inbound.inbox.countsByState()).toMatchObject({ applied: 1, pending: 0 });
  });

  it('rejects a missing or wrong API key and stores nothing', async () => {
    const n = {
      name: 'break-created',
      created_at: '2026-11-23T08:00:00+01:00',
      data: { address: { id: 'x' } },
    };
    expect((await post(n, null)).status).toBe(401);
    expect((await post(n, 'wrong-key-wrong-key-wrong-key-00000')).status).toBe(401);
    expect(Object.values(b.inbound.inbox.countsByState()).reduce((x, y) => x + y, 0)).toBe(0);
  });

  it('answers the monitoring ping without storing anything', async () => {
    expect((await fetch(url)).status).toBe(200);
    expect((await post({})).status).toBe(200);
    expect((await post('')).status).toBe(200);
    expect(Object.values(b.inbound.inbox.countsByState()).reduce((x, y) => x + y, 0)).toBe(0);
  });

  it('refuses what is not a notification (400) and keeps an unknown name as a conflict (200)', async () => {
    expect((await post('not json')).status).toBe(400);
    expect((await post({ name: 'slot-booked' })).status).toBe(400);
    const unknown = { name: 'calendar-exploded', created_at: '2026-11-23T08:00:00+01:00', data: {} };
    expect((await post(unknown)).status).toBe(200);
    expect(b.inbound.conflicts.list().map((c) => c.kind)).toEqual(['unhandled-notification']);
  });

  it('answers no 2xx when the notification could not be stored (Docplanner buries it; release re-sends)', async () => {
    b.repos.db.close();
    const n = {
      name: 'break-created',
      created_at: '2026-11-23T08:00:00+01:00',
      data: { address: { id: 'x' } },
    };
    expect((await post(n)).status).toBe(503);
  });

  it('treats 403 on release as "not a push client" and stops releasing', async () => {
    const withRelease = b.inbound.createPushReceiver({ apiKey: KEY });
    const state = await withRelease.release();
    expect(state.kind).toBe('not-push-client');
    expect(b.sim.control.callLog().filter((e) => e.operation === 'Release Notifications')).toHaveLength(1);
  });
});
