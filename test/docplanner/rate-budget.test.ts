// The shared rate budget in virtual time: sliding windows, priorities, server headers, 429 blocks, and the
// numbers the status screen shows. Then the client against a real server that limits writes to 40/minute.
import { describe, expect, it } from 'vitest';
import { PRIORITY, type Priority } from '../../electron/engine/docplanner/api';
import { RateBudget, type RateLimitedEvent } from '../../electron/engine/docplanner/rate-budget';
import type { DocplannerError } from '../../electron/engine/docplanner/errors';
import { VirtualClock } from '../../electron/engine/util/clock';
import { json, rejectionOf, type Reply } from './helpers';
import { REF, setup } from './setup';

const T0 = Date.UTC(2026, 10, 23, 7, 0, 0);

function budgetWith(opts: ConstructorParameters<typeof RateBudget>[0] = {}) {
  const clock = new VirtualClock(T0);
  const budget = new RateBudget({ clock, random: () => 0, safetyMarginMs: 0, ...opts });
  const grantedAt: Array<[string, number]> = [];
  const take = (label: string, cls: 'write' | 'read' = 'write', priority: Priority = PRIORITY.normal) =>
    budget.acquire(cls, priority).then(() => {
      grantedAt.push([label, clock.now()]);
      budget.settle(cls, { status: 200, headers: {} });
    });
  return { clock, budget, grantedAt, take };
}

describe('RateBudget', () => {
  it('lets 40 writes go at once and holds the 41st until the minute window frees', async () => {
    const { clock, grantedAt, take } = budgetWith();
    for (let i = 1; i <= 41; i++) void take(`w${i}`);
    await clock.advance(0);
    expect(grantedAt).toHaveLength(40);
    await clock.advance(59_999);
    expect(grantedAt).toHaveLength(40);
    await clock.advance(1);
    expect(grantedAt.at(-1)).toEqual(['w41', T0 + 60_000]);
  });

  it('keeps a safety margin by default so edge requests still land inside the server window', async () => {
    const clock = new VirtualClock(T0);
    const budget = new RateBudget({ clock });
    for (let i = 0; i < 40; i++) await budget.acquire('write');
    let granted = false;
    void budget.acquire('write').then(() => (granted = true));
    await clock.advance(60_000);
    expect(granted).toBe(false);
    await clock.advance(1_000);
    expect(granted).toBe(true);
  });

  it('never fails a request because it is busy: 200 writes all go, 40 per minute', async () => {
    const { clock, grantedAt, take } = budgetWith();
    const all = Array.from({ length: 200 }, (_, i) => take(`w${i}`));
    await clock.advance(4 * 60_000);
    await Promise.all(all);
    expect(grantedAt).toHaveLength(200);
    for (let i = 40; i < 200; i++)
      expect(grantedAt[i]![1] - grantedAt[i - 40]![1]).toBeGreaterThanOrEqual(60_000);
  });

  it('serves waiting requests by priority, FIFO within a priority', async () => {
    const { clock, grantedAt, take } = budgetWith({ writesPerMinute: 2 });
    void take('first');
    void take('second');
    void take('bulk', 'write', PRIORITY.bulk);
    void take('normal-1', 'write', PRIORITY.normal);
    void take('urgent', 'write', PRIORITY.urgent);
    void take('normal-2', 'write', PRIORITY.normal);
    void take('background', 'write', PRIORITY.background);
    await clock.advance(3 * 60_000);
    expect(grantedAt.map(([l]) => l)).toEqual([
      'first',
      'second',
      'urgent',
      'normal-1',
      'normal-2',
      'background',
      'bulk',
    ]);
  });

  it('reads have their own hourly budget and are not held back by queued writes', async () => {
    const { clock, grantedAt, take } = budgetWith({ writesPerMinute: 1, readsPerHour: 3 });
    void take('w1');
    void take('w2');
    for (let i = 1; i <= 4; i++) void take(`r${i}`, 'read');
    await clock.advance(0);
    expect(grantedAt.map(([l]) => l)).toEqual(['w1', 'r1', 'r2', 'r3']);
    await clock.advance(60_000);
    expect(grantedAt.map(([l]) => l)).toContain('w2');
    expect(grantedAt.map(([l]) => l)).not.toContain('r4');
    await clock.advance(3600_000);
    expect(grantedAt.map(([l]) => l)).toContain('r4');
  });

  it('is tightened by X-RateLimit headers: remaining 0 holds writes until the reset', async () => {
    const { clock, budget, grantedAt, take } = budgetWith();
    await budget.acquire('write');
    budget.settle('write', {
      status: 200,
      headers: {
        'x-ratelimit-limit': '40',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': new Date(T0 + 30_000).toISOString(),
      },
    });
    void take('next');
    await clock.advance(29_999);
    expect(grantedAt).toHaveLength(0);
    expect(budget.snapshot().blockedUntil).toBe(T0 + 30_000);
    await clock.advance(1);
    expect(grantedAt).toEqual([['next', T0 + 30_000]]);
  });

  it('adopts a lower X-RateLimit-Limit than its default', async () => {
    const { clock, budget, grantedAt, take } = budgetWith();
    await budget.acquire('write');
    budget.settle('write', { status: 200, headers: { 'x-ratelimit-limit': '3' } });
    for (let i = 0; i < 3; i++) void take(`w${i}`);
    await clock.advance(0);
    expect(grantedAt).toHaveLength(2);
    await clock.advance(60_000);
    expect(grantedAt).toHaveLength(3);
  });

  it('without headers keeps its own limits (no server limiter)', async () => {
    const { clock, budget, grantedAt, take } = budgetWith();
    await budget.acquire('write');
    budget.settle('write', { status: 200, headers: {} });
    for (let i = 0; i < 39; i++) void take(`w${i}`);
    await clock.advance(0);
    expect(grantedAt).toHaveLength(39);
  });

  it('a 429 blocks the whole class until X-RateLimit-Reset and says so', async () => {
    const { clock, budget, grantedAt, take } = budgetWith();
    const events: RateLimitedEvent[] = [];
    budget.onRateLimited((e) => events.push(e));
    await budget.acquire('write');
    budget.settle('write', {
      status: 429,
      headers: { 'x-ratelimit-reset': new Date(T0 + 45_000).toISOString() },
    });
    expect(events[0]).toEqual({ requestClass: 'write', until: T0 + 45_000, reason: 'too-many-requests' });
    void take('write-after');
    void take('read-meanwhile', 'read');
    await clock.advance(0);
    expect(grantedAt).toEqual([['read-meanwhile', T0]]);
    expect(budget.snapshot()).toMatchObject({ queuedWrites: 1, blockedUntil: T0 + 45_000 });
    await clock.advance(45_000);
    expect(grantedAt.at(-1)).toEqual(['write-after', T0 + 45_000]);
    expect(budget.snapshot().blockedUntil).toBeNull();
  });

  it('a reset time beyond one window (skewed clock) holds writes for one window at most', async () => {
    const { clock, budget, grantedAt, take } = budgetWith();
    await budget.acquire('write');
    budget.settle('write', {
      status: 429,
      headers: { 'x-ratelimit-reset': new Date(T0 + 15 * 60_000).toISOString() },
    });
    void take('after');
    await clock.advance(60_000);
    expect(grantedAt).toEqual([['after', T0 + 60_000]]);
  });

  it('a 429 without a reset time backs off exponentially', async () => {
    const { clock, budget } = budgetWith();
    const blocks: number[] = [];
    budget.onRateLimited((e) => e.reason === 'too-many-requests' && blocks.push(e.until - clock.now()));
    for (let i = 0; i < 3; i++) {
      await budget.acquire('write');
      budget.settle('write', { status: 429, headers: {} });
      await clock.advance(blocks.at(-1)!);
    }
    expect(blocks).toEqual([1000, 2000, 4000]);
  });

  it('announces when the server quota is used up', async () => {
    const { clock, budget, take } = budgetWith();
    const events: RateLimitedEvent[] = [];
    budget.onRateLimited((e) => events.push(e));
    await budget.acquire('read');
    budget.settle('read', {
      status: 200,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(T0 + 600_000).toISOString() },
    });
    void take('r', 'read');
    await clock.advance(0);
    expect(events).toEqual([{ requestClass: 'read', until: T0 + 600_000, reason: 'server-quota' }]);
  });

  it('announces when requests wait for the local budget', async () => {
    const { clock, budget, take } = budgetWith({ writesPerMinute: 1 });
    const events: RateLimitedEvent[] = [];
    budget.onRateLimited((e) => events.push(e));
    void take('a');
    void take('b');
    await clock.advance(0);
    expect(events).toEqual([{ requestClass: 'write', until: T0 + 60_000, reason: 'local-budget' }]);
  });

  it('an aborted wait leaves the queue and the others still go', async () => {
    const { clock, budget, grantedAt, take } = budgetWith({ writesPerMinute: 1 });
    void take('a');
    const ctrl = new AbortController();
    const aborted = budget.acquire('write', PRIORITY.urgent, ctrl.signal);
    void take('c');
    ctrl.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(budget.snapshot().queuedWrites).toBe(1);
    await clock.advance(60_000);
    expect(grantedAt.map(([l]) => l)).toEqual(['a', 'c']);
  });

  it('estimates how long pending writes take to drain', async () => {
    const { clock, budget, take } = budgetWith();
    expect(budget.estimateDrainSeconds(0)).toBe(0);
    expect(budget.estimateDrainSeconds(40)).toBe(0);
    expect(budget.estimateDrainSeconds(41)).toBe(60);
    expect(budget.estimateDrainSeconds(120)).toBe(120);
    for (let i = 0; i < 30; i++) void take(`w${i}`);
    await clock.advance(10_000);
    expect(budget.snapshot().writesLastMinute).toBe(30);
    // 10 more fit now; the 11th waits for the first grant to leave the window (50 s from now).
    expect(budget.estimateDrainSeconds(10)).toBe(0);
    expect(budget.estimateDrainSeconds(11)).toBe(50);
  });
});

describe('client under the write budget', () => {
  /** A server that enforces 40 writes per sliding minute (virtual time) and answers 429 beyond. */
  function limitingServer(counter: { tooMany: number }, clockNow: () => number) {
    const writes: number[] = [];
    return (r: { method: string; at: number }): Reply => {
      if (r.method === 'GET') return json({ _items: [] });
      const now = clockNow();
      while (writes.length && writes[0]! <= now - 60_000) writes.shift();
      if (writes.length >= 40) {
        counter.tooMany++;
        return json({ message: 'Too Many Requests' }, 429, {
          'X-RateLimit-Reset': new Date(writes[0]! + 60_000).toISOString(),
        });
      }
      writes.push(now);
      return { status: 204 };
    };
  }

  it('41 writes in a minute: the 41st waits for the window, none gets a 429', async () => {
    const counter = { tooMany: 0 };
    let now = () => 0;
    const env = await setup((r) => limitingServer(counter, now)(r));
    now = () => env.clock.now();
    try {
      const t0 = env.clock.now();
      const all = Array.from({ length: 41 }, (_, i) =>
        env.client.deleteSlots(REF, `2026-12-${String((i % 28) + 1).padStart(2, '0')}`),
      );
      await env.run(Promise.all(all));
      expect(counter.tooMany).toBe(0);
      expect(env.fake.requests).toHaveLength(41);
      const arrivals = env.fake.requests.map((r) => r.at).sort((a, b) => a - b);
      expect(arrivals[39]! - t0).toBeLessThan(60_000);
      expect(arrivals[40]! - t0).toBeGreaterThanOrEqual(60_000);
    } finally {
      await env.fake.close();
    }
  });

  it('queued writes go out by priority: an urgent booking overtakes the bulk feed', async () => {
    const env = await setup(() => ({ status: 204 }), { budget: { writesPerMinute: 1 } });
    try {
      await env.run(env.client.deleteSlots(REF, '2026-12-01'));
      const bulk = env.client.deleteSlots(REF, '2026-12-02', { priority: PRIORITY.bulk });
      const urgent = env.client.cancelBooking(REF, 'b7', undefined, { priority: PRIORITY.urgent });
      await env.run(Promise.all([bulk, urgent]));
      expect(env.fake.requests.map((r) => r.path.split('/').slice(-2).join('/'))).toEqual([
        'slots/2026-12-01',
        'bookings/b7',
        'slots/2026-12-02',
      ]);
    } finally {
      await env.fake.close();
    }
  });

  it('a write answered 429 waits for the reset and is sent again (it was not applied)', async () => {
    let first = true;
    const env = await setup((r) => {
      if (r.method !== 'PUT') return json({ _items: [] });
      if (first) {
        first = false;
        return json({ message: 'Too Many Requests' }, 429, {
          'X-RateLimit-Reset': new Date(r.at + 20_000).toISOString(),
        });
      }
      return { status: 201 };
    });
    try {
      const t0 = env.clock.now();
      await env.run(env.client.replaceSlots(REF, { slots: [] }));
      const puts = env.fake.requests.filter((r) => r.method === 'PUT');
      expect(puts).toHaveLength(2);
      expect(puts[1]!.at - t0).toBeGreaterThanOrEqual(20_000);
      expect(env.calls.map((c) => c.outcome)).toEqual(['rate-limited', 'ok']);
    } finally {
      await env.fake.close();
    }
  });

  it('gives up after a bounded number of 429s with a rate-limited error', async () => {
    const env = await setup(() => json({ message: 'Too Many Requests' }, 429), {
      client: { maxRateLimitRetries: 2 },
    });
    try {
      const err = (await rejectionOf(
        env.run(env.client.confirmBooking(REF, 'b1', 'admin')),
      )) as DocplannerError;
      expect(err.kind).toBe('rate-limited');
      expect(env.fake.requests).toHaveLength(3);
    } finally {
      await env.fake.close();
    }
  });

  it('the hourly release limit (429 + Retry-After) does not hold back other writes', async () => {
    const env = await setup((r) =>
      r.path.endsWith('/notifications/release')
        ? json({ message: 'Too Many Requests' }, 429, {
            'Retry-After': '3600',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': new Date(r.at + 3600_000).toISOString(),
          })
        : { status: 204 },
    );
    try {
      const err = (await rejectionOf(env.run(env.client.releaseNotifications()))) as DocplannerError;
      expect(err.kind).toBe('rate-limited');
      expect(err.retryAt).toBe(env.clock.now() + 3600_000);
      expect(env.budget.snapshot().blockedUntil).toBeNull();
      await env.run(env.client.deleteCalendarBreak(REF, 'br1'));
      const [release, del] = env.fake.requests;
      expect(del!.method).toBe('DELETE');
      expect(del!.at - release!.at).toBeLessThan(60_000);
    } finally {
      await env.fake.close();
    }
  });
});
