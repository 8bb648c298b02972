// Auth, estate 403s, rate-limit headers and 429, every fault kind, the call log and the /__sim/ HTTP control API.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_PATH, ESTATE, type Harness, PATIENT, T0, at, enc, startHarness } from './harness';
import { startSimulator } from './index';

let h: Harness;
afterEach(() => h?.close());

const slotsBody = {
  slots: [
    {
      start: at('09:00'),
      end: at('10:00'),
      address_services: [{ address_service_id: ESTATE.consultation, duration: 30 }],
    },
  ],
};

describe('auth', () => {
  it('token endpoint: bad credentials 401; a token works until its TTL of sim time passes', async () => {
    h = await startHarness({ tokenTtlSeconds: 60 });
    const bad = await fetch(h.sim.tokenUrl, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('sim-client:wrong').toString('base64')}` },
      body: 'grant_type=client_credentials&scope=integration',
    });
    expect(bad.status).toBe(401);
    const tok = await h.token();
    expect((await h.call('GET', '/facilities')).status).toBe(200);
    await h.clock.advance(60_000);
    const expired = await h.call('GET', '/facilities', undefined, tok);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ message: 'Authentication credentials could not be found.' });
    expect((await h.call('GET', '/facilities', undefined, null)).status).toBe(401);
  });

  it('403 outside the estate or under the wrong parent, 404 for unknown ids', async () => {
    h = await startHarness();
    h.sim.control.seed({ facilities: [{ id: '77', name: 'Someone else', clients: ['other-client'] }] });
    const list = (await h.call('GET', '/facilities')).body as { _items: { id: string }[] };
    expect(list._items.map((f) => f.id)).toEqual([ESTATE.facilityId]);
    expect((await h.call('GET', '/facilities/77')).status).toBe(403);
    expect((await h.call('GET', `/facilities/77/doctors/${ESTATE.doctorId}`)).status).toBe(403);
    expect((await h.call('GET', '/facilities/999')).status).toBe(404);
    const ok = await h.call('GET', `${ADDRESS_PATH}?with=address.commercial_type`);
    expect(ok.headers.get('content-type')).toBe('application/vnd.docplanner+json; charset=UTF-8');
    expect(ok.body).toMatchObject({ id: ESTATE.addressId, commercial_type: 'premium' });
  });
});

describe('rate limits', () => {
  it('X-RateLimit-* headers on every answer; over the write budget → 429 and nothing applied', async () => {
    h = await startHarness({ rateLimits: { writesPerMinute: 3, getsPerHour: 100, headers: true } });
    const get = await h.call('GET', '/facilities');
    expect(get.headers.get('x-ratelimit-limit')).toBe('100');
    expect(get.headers.get('x-ratelimit-remaining')).toBe('99');
    for (let i = 0; i < 3; i++) {
      const r = await h.call('POST', `${ADDRESS_PATH}/breaks`, {
        since: at(`1${i}:00`),
        till: at(`1${i}:10`),
      });
      expect(r.status).toBe(201);
      expect(r.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
    }
    const refused = await h.call('POST', `${ADDRESS_PATH}/breaks`, { since: at('15:00'), till: at('15:10') });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-reset')).toBe('2026-11-23T08:01:00+01:00');
    const state = h.sim.control.state().addresses[ESTATE.addressId]!;
    expect(state.breaks).toHaveLength(3);
    await h.clock.advance(60_000);
    expect(
      (await h.call('POST', `${ADDRESS_PATH}/breaks`, { since: at('15:00'), till: at('15:10') })).status,
    ).toBe(201);
  });

  it('no headers when disabled; a 429 storm answers every request until its end', async () => {
    h = await startHarness({ rateLimits: false });
    expect((await h.call('GET', '/facilities')).headers.get('x-ratelimit-limit')).toBeNull();
    h.sim.control.setFaults({ rateLimitStormUntil: T0 + 30_000 });
    const r = await h.call('GET', '/facilities');
    expect(r.status).toBe(429);
    expect(r.headers.get('x-ratelimit-reset')).toBe('2026-11-23T08:00:30+01:00');
    await h.clock.advance(30_000);
    expect((await h.call('GET', '/facilities')).status).toBe(200);
  });
});

describe('faults', () => {
  it('serverErrorRate: 500 and nothing applied', async () => {
    h = await startHarness();
    h.sim.control.setFaults({ serverErrorRate: 1, operations: ['replaceSlots'] });
    expect((await h.call('PUT', `${ADDRESS_PATH}/slots`, slotsBody)).status).toBe(500);
    expect(h.sim.control.state().addresses[ESTATE.addressId]!.freeSlots).toEqual([]);
    expect((await h.call('GET', '/facilities')).status).toBe(200); // other operations unaffected
  });

  it('applyThenFailRate: 500 but the write happened (outcome unknown)', async () => {
    h = await startHarness();
    h.sim.control.setFaults({ applyThenFailRate: 1 });
    expect((await h.call('PUT', `${ADDRESS_PATH}/slots`, slotsBody)).status).toBe(500);
    expect(h.sim.control.state().addresses[ESTATE.addressId]!.freeSlots.length).toBe(2);
  });

  it('applyThenDropRate and dropRate: the connection is reset, applied or not', async () => {
    h = await startHarness();
    h.sim.control.setFaults({ applyThenDropRate: 1 });
    await expect(h.call('PUT', `${ADDRESS_PATH}/slots`, slotsBody)).rejects.toThrow();
    expect(h.sim.control.state().addresses[ESTATE.addressId]!.freeSlots.length).toBe(2);
    h.sim.control.setFaults({ dropRate: 1 });
    await expect(h.call('DELETE', `${ADDRESS_PATH}/slots/2026-11-24`)).rejects.toThrow();
    expect(h.sim.control.state().addresses[ESTATE.addressId]!.freeSlots.length).toBe(2);
    expect(h.sim.control.callLog().at(-1)).toMatchObject({ operation: 'deleteSlots', status: 0 });
  });

  it('htmlErrorRate: 502 with an HTML body', async () => {
    h = await startHarness();
    h.sim.control.setFaults({ htmlErrorRate: 1 });
    const r = await h.call('GET', '/facilities');
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('<html>');
  });

  it('hangRate: no answer until the client aborts; close() ends the hung request', async () => {
    h = await startHarness();
    await h.token();
    h.sim.control.setFaults({ hangRate: 1 });
    const aborted = fetch(`${h.sim.baseUrl}/facilities`, {
      headers: { Authorization: `Bearer ${await h.token()}` },
      signal: AbortSignal.timeout(200),
    });
    await expect(aborted).rejects.toThrow();
    const tok = await h.token();
    const hanging = new Promise<string>((resolve) => {
      const req = request(
        `${h.sim.baseUrl}/facilities`,
        { headers: { Authorization: `Bearer ${tok}` } },
        () => resolve('answered'),
      );
      req.on('error', () => resolve('closed'));
      req.end();
    });
    while (h.sim.control.callLog().filter((e) => e.operation === 'getFacilities').length < 2) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await h.close();
    expect(await hanging).toBe('closed');
  });

  it('latencyMs delays the answer on the simulator clock', async () => {
    h = await startHarness();
    await h.token();
    h.sim.control.setFaults({ latencyMs: 5000 });
    let done = false;
    const pending = h.call('GET', '/facilities').then((r) => {
      done = true;
      return r;
    });
    while (!h.sim.control.callLog().some((e) => e.operation === 'getFacilities'))
      await new Promise((r) => setTimeout(r, 5));
    await h.clock.advance(4000);
    expect(done).toBe(false);
    await h.clock.advance(1000);
    expect((await pending).status).toBe(200);
  });

  it('fault decisions are reproducible for a seed', async () => {
    const outcomes: number[][] = [];
    for (let run = 0; run < 2; run++) {
      h = await startHarness({ seed: 42 });
      h.sim.control.setFaults({ serverErrorRate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await h.call('GET', '/facilities')).status);
      outcomes.push(statuses);
      await h.close();
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(new Set(outcomes[0])).toEqual(new Set([200, 500]));
  });
});

describe('call log and control over HTTP', () => {
  it('logs every request with its operation and status; patient fields are masked', async () => {
    h = await startHarness();
    await h.call('PUT', `${ADDRESS_PATH}/slots`, slotsBody);
    await h.call('POST', `${ADDRESS_PATH}/slots/${enc(at('09:00'))}/book`, {
      address_service_id: ESTATE.consultation,
      duration: 30,
      patient: PATIENT,
    });
    const log = h.sim.control.callLog().filter((e) => e.operation !== 'token');
    expect(log.map((e) => [e.operation, e.status, e.write])).toEqual([
      ['replaceSlots', 201, true],
      ['bookSlot', 200, true],
    ]);
    expect(JSON.stringify(log)).not.toContain(PATIENT.phone);
    expect((log[1]!.body as { patient: { name: string } }).patient.name).toBe('***');
    h.sim.control.clearLog();
    expect(h.sim.control.callLog()).toEqual([]);
  });

  it('the /__sim/ routes drive the same actions', async () => {
    h = await startHarness();
    await h.call('PUT', `${ADDRESS_PATH}/slots`, slotsBody);
    const post = (action: string, body: unknown) =>
      fetch(`${h.sim.origin}/__sim/${action}`, { method: 'POST', body: JSON.stringify(body) });
    const booked = await post('patient/book', {
      addressId: ESTATE.addressId,
      start: at('09:00'),
      addressServiceId: ESTATE.consultation,
    });
    expect(booked.status).toBe(200);
    const taken = await post('patient/book', {
      addressId: ESTATE.addressId,
      start: at('09:00'),
      addressServiceId: ESTATE.consultation,
    });
    expect(taken.status).toBe(404);
    const state = (await (await fetch(`${h.sim.origin}/__sim/state`)).json()) as {
      addresses: Record<string, { bookings: { booked_by: string }[] }>;
      notifications: { name: string }[];
    };
    expect(state.addresses[ESTATE.addressId]!.bookings.map((b) => b.booked_by)).toEqual(['user']);
    expect(state.notifications.map((n) => n.name)).toEqual(['slot-booked']);
    expect((await post('clock/advance', { ms: 1000 })).status).toBe(400); // injected clock: the test advances it
  });

  it('the default clock can be advanced through the control API', async () => {
    const sim = await startSimulator();
    try {
      const before = sim.control.now();
      sim.control.advanceClock(3 * 3600_000);
      expect(sim.control.now() - before).toBeGreaterThanOrEqual(3 * 3600_000);
    } finally {
      await sim.close();
    }
  });
});
