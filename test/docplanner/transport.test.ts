// Transport and error mapping against a real local HTTP server: every failure becomes exactly one typed
// DocplannerError, never a crash or a hang; writes are never retried blindly; tokens are cached and refreshed.
import { afterEach, describe, expect, it } from 'vitest';
import { DocplannerError } from '../../electron/engine/docplanner/errors';
import { DocplannerClient } from '../../electron/engine/docplanner/client';
import { RateBudget } from '../../electron/engine/docplanner/rate-budget';
import { VirtualClock } from '../../electron/engine/util/clock';
import { drive, json, rejectionOf, until, type Reply, type SeenRequest } from './helpers';
import { ADDRESS_PATH, REF, setup, type Setup } from './setup';

const BOOK_BODY = {
  address_service_id: 's1',
  duration: 30,
  patient: { name: 'Zofia', surname: 'Kowalska', phone: '+48500100200' },
};

let env: Setup | undefined;
afterEach(async () => {
  await env?.fake.close();
  env = undefined;
});

async function failWith(reply: Reply | ((r: SeenRequest) => Reply), op: (s: Setup) => Promise<unknown>) {
  env = await setup(typeof reply === 'function' ? reply : () => reply, {
    client: { maxRateLimitRetries: 0 },
  });
  const err = await rejectionOf(env.run(op(env)));
  expect(err).toBeInstanceOf(DocplannerError);
  return err as DocplannerError;
}

describe('error mapping', () => {
  it('a 2xx with malformed JSON is malformed-response, and not retried', async () => {
    const err = await failWith(
      { status: 200, body: '{"_items": [', headers: { 'Content-Type': 'application/json' } },
      (s) => s.client.getFacilities(),
    );
    expect(err.kind).toBe('malformed-response');
    expect(env!.fake.requests).toHaveLength(1);
  });

  it('a 2xx whose body breaks the contract is malformed-response', async () => {
    const err = await failWith(json({ _items: [{ id: 'f1' }] }), (s) => s.client.getFacilities());
    expect(err.kind).toBe('malformed-response');
    expect(err.message).toContain('_items.0.name');
  });

  it('an HTML error page is a server error whose message carries no HTML; GETs are retried a bounded number of times', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const err = await failWith({ status: 502, body: html, headers: { 'Content-Type': 'text/html' } }, (s) =>
      s.client.getDoctors('f1'),
    );
    expect(err.kind).toBe('server');
    expect(err.outcomeUnknown).toBe(true);
    expect(err.message).not.toContain('<');
    expect(env!.fake.requests).toHaveLength(4);
  });

  it('a GET recovers when the server comes back after a 503', async () => {
    let n = 0;
    env = await setup(() =>
      ++n < 3 ? { status: 503, body: 'down' } : json({ _items: [{ id: 1, name: 'Clinic' }] }),
    );
    const facilities = await env.run(env.client.getFacilities());
    expect(facilities).toEqual([{ id: '1', name: 'Clinic' }]);
    expect(env.calls.map((c) => c.outcome)).toEqual(['server', 'server', 'ok']);
  });

  it('a write that gets a 500 is reported once with outcomeUnknown, never re-sent', async () => {
    const err = await failWith({ status: 500, body: { message: 'Internal error' } }, (s) =>
      s.client.bookSlot(REF, '2026-11-24T09:00:00+01:00', BOOK_BODY),
    );
    expect(err.kind).toBe('server');
    expect(err.outcomeUnknown).toBe(true);
    expect(env!.fake.requests).toHaveLength(1);
  });

  it('a connection reset on a write is one network error, never re-sent', async () => {
    const err = await failWith({ destroy: true }, (s) => s.client.cancelBooking(REF, 'b1'));
    expect(err.kind).toBe('network');
    expect(err.outcomeUnknown).toBe(true);
    expect(env!.fake.requests).toHaveLength(1);
  });

  it('a connection reset on a GET is retried, then reported as network', async () => {
    const err = await failWith({ destroy: true }, (s) => s.client.getServices());
    expect(err.kind).toBe('network');
    expect(env!.fake.requests).toHaveLength(4);
  });

  it('a refused connection is a network error', async () => {
    const clock = new VirtualClock();
    const budget = new RateBudget({ clock });
    const probe = await setup(() => json({}));
    const deadUrl = probe.fake.baseUrl;
    await probe.fake.close();
    const client = new DocplannerClient({
      baseUrl: deadUrl,
      clientId: 'x',
      clientSecret: 'y',
      clock,
      budget,
    });
    const err = (await rejectionOf(drive(clock, budget, client.getFacilities()))) as DocplannerError;
    expect(err).toBeInstanceOf(DocplannerError);
    expect(err.kind).toBe('network');
    expect(err.message).toContain('refused');
  });

  it('a refused connection means nothing was sent: the outcome is known and even a write may be retried', async () => {
    const clock = new VirtualClock();
    const budget = new RateBudget({ clock });
    const probe = await setup(() => json({}));
    const deadUrl = probe.fake.baseUrl;
    await probe.fake.close();
    const client = new DocplannerClient({
      baseUrl: deadUrl,
      clientId: 'x',
      clientSecret: 'y',
      clock,
      budget,
    });
    const err = (await rejectionOf(
      drive(clock, budget, client.deleteSlots(REF, '2026-11-24')),
    )) as DocplannerError;
    expect(err.kind).toBe('network');
    expect(err.requestSent).toBe(false);
    expect(err.outcomeUnknown).toBe(false);
  });

  it('a write waits out a token endpoint outage and is then sent exactly once', async () => {
    let tokenFailures = 2;
    env = await setup(() => ({ status: 204 }), {
      fake: { token: () => (tokenFailures-- > 0 ? { status: 503, body: 'maintenance' } : undefined) },
    });
    await env.run(env.client.deleteCalendarBreak(REF, 'br1'));
    expect(env.fake.tokenRequests).toHaveLength(3);
    expect(env.fake.requests).toHaveLength(1);
  });

  it('a call cancelled while it waits for the budget is never sent', async () => {
    env = await setup(() => ({ status: 204 }), { budget: { writesPerMinute: 1 } });
    await env.run(env.client.deleteSlots(REF, '2026-11-24'));
    const ctrl = new AbortController();
    const waiting = env.client.deleteSlots(REF, '2026-11-25', { signal: ctrl.signal });
    ctrl.abort();
    const err = (await rejectionOf(waiting)) as DocplannerError;
    expect(err).toBeInstanceOf(DocplannerError);
    expect(err.requestSent).toBe(false);
    await env.clock.advance(120_000);
    expect(env.fake.requests).toHaveLength(1);
  });

  it('a redirect (e.g. plain http to https) is not followed and is reported', async () => {
    const err = await failWith({ status: 301, headers: { Location: 'https://example.invalid/' } }, (s) =>
      s.client.getFacilities(),
    );
    expect(err.kind).toBe('server');
    expect(err.status).toBe(301);
  });

  it('a server that never answers times out on the virtual clock (no real waiting)', async () => {
    env = await setup(() => ({ hang: true }));
    const pending = env.client.replaceSlots(REF, { slots: [] });
    pending.catch(() => undefined);
    await until(() => env!.fake.requests.length > 0);
    await env.clock.advance(19_000);
    let settled = false;
    pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
    await env.clock.advance(1_000);
    const err = (await rejectionOf(pending)) as DocplannerError;
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/did not answer within 20 s/);
    expect(env.fake.requests).toHaveLength(1);
  });

  const cases: Array<[string, Reply, DocplannerError['kind']]> = [
    ['403', json({ message: 'You are not authorized to see this address' }, 403), 'forbidden'],
    ['404 object', json({ message: 'Object not found' }, 404), 'not-found'],
    [
      '404 slot taken',
      json(
        { message: 'Unable to perform booking. Requested target slot (2026-11-24T09:00:00+01:00) not found' },
        404,
      ),
      'slot-unavailable',
    ],
    [
      '404 slot/service',
      json({ message: 'Slot (2026-11-24T09:00:00+01:00) does not support service 77' }, 404),
      'slot-unavailable',
    ],
    ['404 service gone', json({ message: 'Service does not exist' }, 404), 'service-missing'],
    ['409', json({ message: 'The visit has already been canceled or moved' }, 409), 'conflict'],
    ['422', json({ message: 'The profile/address is not commercial' }, 422), 'business-rule'],
    ['405', json({ message: 'Method Not Allowed' }, 405), 'validation'],
  ];
  for (const [name, reply, kind] of cases) {
    it(`maps ${name} to ${kind}`, async () => {
      const err = await failWith(reply, (s) =>
        s.client.bookSlot(REF, '2026-11-24T09:00:00+01:00', BOOK_BODY),
      );
      expect(err.kind).toBe(kind);
      expect(err.status).toBe(reply.status);
    });
  }

  it('reads validation errors given as an object of arrays', async () => {
    const err = await failWith(
      json(
        {
          message: 'Invalid arguments',
          errors: { 'slots[1].end': ['End date should be less than or equal to 15.05.2021, 11:45.'] },
        },
        400,
      ),
      (s) => s.client.replaceSlots(REF, { slots: [] }),
    );
    expect(err.kind).toBe('validation');
    expect(err.fieldErrors).toEqual({
      'slots[1].end': ['End date should be less than or equal to 15.05.2021, 11:45.'],
    });
  });

  it('reads validation errors given as an array of strings', async () => {
    const err = await failWith(
      json({ message: 'Invalid arguments', errors: ['phone is invalid'] }, 400),
      (s) => s.client.bookSlot(REF, '2026-11-24T09:00:00+01:00', BOOK_BODY),
    );
    expect(err.kind).toBe('validation');
    expect(err.fieldErrors).toEqual({ _: ['phone is invalid'] });
  });

  it('recognises a vanished address service inside field errors of a 400', async () => {
    const err = await failWith(
      json(
        {
          message: 'Invalid arguments',
          errors: { 'slots[0].address_services[0]': ['Address service does not exist'] },
        },
        400,
      ),
      (s) => s.client.replaceSlots(REF, { slots: [] }),
    );
    expect(err.kind).toBe('service-missing');
  });

  it('a 429 carries the reset time from X-RateLimit-Reset', async () => {
    const err = await failWith(
      json({ message: 'Too Many Requests' }, 429, { 'X-RateLimit-Reset': '2026-11-23T07:01:00+00:00' }),
      (s) => s.client.deleteSlots(REF, '2026-11-24'),
    );
    expect(err.kind).toBe('rate-limited');
    expect(err.retryAt).toBe(Date.UTC(2026, 10, 23, 7, 1, 0));
  });

  it('error messages carry neither patient data echoed by the server nor credentials', async () => {
    const err = await failWith(
      json({ message: 'Invalid arguments', errors: { 'patient.name': ['Zofia is not a valid value'] } }, 400),
      (s) => s.client.bookSlot(REF, '2026-11-24T09:00:00+01:00', BOOK_BODY),
    );
    expect(err.message).not.toContain('Zofia');
    expect(err.message).not.toContain('+48500100200');
    expect(err.message).not.toContain('tok-');
  });

  it('an invalid request body is refused before anything is sent', async () => {
    env = await setup(() => json({}));
    const bad = { ...BOOK_BODY, patient: { name: '', phone: '' } };
    const err = (await rejectionOf(
      env.run(env.client.bookSlot(REF, '2026-11-24T09:00:00+01:00', bad)),
    )) as DocplannerError;
    expect(err.kind).toBe('validation');
    expect(Object.keys(err.fieldErrors)).toContain('patient.name');
    expect(env.fake.requests).toHaveLength(0);
  });

  it('a date-time without an offset is refused before anything is sent', async () => {
    env = await setup(() => json({ _items: [] }));
    const err = (await rejectionOf(
      env.run(env.client.getSlots(REF, '2026-11-24T00:00:00', '2026-11-25T00:00:00+01:00')),
    )) as DocplannerError;
    expect(err.kind).toBe('validation');
    expect(env.fake.requests).toHaveLength(0);
  });
});

describe('URL encoding', () => {
  it('keeps the + of an offset in paths and queries', async () => {
    env = await setup((r) =>
      r.path.endsWith('/book')
        ? json({
            id: 'b1',
            status: 'booked',
            start_at: '2026-11-24T09:00:00+01:00',
            end_at: '2026-11-24T09:30:00+01:00',
          })
        : json({ _items: [] }),
    );
    await env.run(env.client.bookSlot(REF, '2026-11-24T09:00:00+01:00', BOOK_BODY));
    await env.run(env.client.getSlots(REF, '2026-11-24T00:00:00+01:00', '2026-11-25T00:00:00+01:00'));
    const [book, slots] = env.fake.requests;
    expect(book!.url).toBe(`${ADDRESS_PATH}/slots/2026-11-24T09%3A00%3A00%2B01%3A00/book`);
    expect(decodeURIComponent(book!.path)).toBe(`${ADDRESS_PATH}/slots/2026-11-24T09:00:00+01:00/book`);
    expect(slots!.query.get('start')).toBe('2026-11-24T00:00:00+01:00');
    expect(slots!.query.get('end')).toBe('2026-11-25T00:00:00+01:00');
  });
});

describe('token', () => {
  it('sends client credentials as HTTP Basic with scope=integration, and the token as Bearer', async () => {
    env = await setup(() => json({ _items: [] }));
    await env.run(env.client.getFacilities());
    const t = env.fake.tokenRequests[0]!;
    expect(t.headers.authorization).toBe(
      `Basic ${Buffer.from('test-client:test-secret').toString('base64')}`,
    );
    expect(Object.fromEntries(new URLSearchParams(t.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'integration',
    });
    expect(env.fake.requests[0]!.headers.authorization).toBe('Bearer tok-1');
  });

  it('is cached until expires_in minus a margin, then refreshed', async () => {
    env = await setup(() => json({ _items: [] }), { fake: { tokenTtlSeconds: 3600 } });
    await env.run(env.client.getFacilities());
    await env.clock.advance(3500_000);
    await env.run(env.client.getFacilities());
    expect(env.fake.tokenRequests).toHaveLength(1);
    await env.clock.advance(50_000);
    await env.run(env.client.getFacilities());
    expect(env.fake.tokenRequests).toHaveLength(2);
    expect(env.fake.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('is fetched once for many concurrent callers', async () => {
    env = await setup(() => json({ _items: [] }));
    const s = env;
    await s.run(Promise.all([1, 2, 3, 4, 5].map(() => s.client.getServices())));
    expect(s.fake.tokenRequests).toHaveLength(1);
    expect(s.fake.requests).toHaveLength(5);
  });

  it('a 401 refreshes the token once and repeats the request (writes too)', async () => {
    env = await setup((r) =>
      r.method === 'GET'
        ? json({ _items: [] })
        : json({ id: 'br1', since: '2026-11-24T12:00:00+01:00', till: '2026-11-24T13:00:00+01:00' }, 201),
    );
    await env.run(env.client.getServices());
    env.fake.valid.delete('tok-1'); // the server forgot the token
    const br = await env.run(
      env.client.addCalendarBreak(REF, {
        since: '2026-11-24T12:00:00+01:00',
        till: '2026-11-24T13:00:00+01:00',
      }),
    );
    expect(br.id).toBe('br1');
    expect(env.fake.tokenRequests).toHaveLength(2);
    expect(env.calls.map((c) => [c.operation, c.status])).toEqual([
      ['getServices', 200],
      ['addCalendarBreak', 401],
      ['addCalendarBreak', 201],
    ]);
  });

  it('many requests hitting 401 together share one token refresh', async () => {
    env = await setup(() => json({ _items: [] }));
    const s = env;
    await s.run(s.client.getServices());
    s.fake.valid.delete('tok-1');
    await s.run(Promise.all([1, 2, 3, 4].map(() => s.client.getServices())));
    expect(s.fake.tokenRequests).toHaveLength(2);
    expect(s.calls.filter((c) => c.status === 200)).toHaveLength(5);
  });

  it('a second 401 is an auth error a receptionist understands', async () => {
    env = await setup(() => json({ message: 'Authentication credentials could not be found.' }, 401));
    const err = (await rejectionOf(env.run(env.client.getFacilities()))) as DocplannerError;
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/Docplanner did not accept the client ID\/secret/);
    expect(env.fake.requests).toHaveLength(2);
    expect(env.fake.tokenRequests).toHaveLength(2);
  });

  it('wrong credentials are an auth error, no API request is sent, the secret is not in the message', async () => {
    env = await setup(() => json({ _items: [] }), { client: { clientSecret: 'wrong-secret-123' } });
    const err = (await rejectionOf(env.run(env.client.getFacilities()))) as DocplannerError;
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('wrong-secret-123');
    expect(env.fake.requests).toHaveLength(0);
  });

  it('a token endpoint answering garbage is malformed-response', async () => {
    env = await setup(() => json({ _items: [] }), {
      fake: { token: () => ({ status: 200, body: '<html>login</html>' }) },
    });
    const err = (await rejectionOf(env.run(env.client.getFacilities()))) as DocplannerError;
    expect(err.kind).toBe('malformed-response');
  });
});

describe('responses', () => {
  it('masks an e-mail or phone the server echoes in its message', async () => {
    const err = await failWith(
      json({ message: 'Patient zofia@example.com with phone +48 500 100 200 is blocked' }, 422),
      (s) => s.client.bookSlot(REF, '2026-11-24T09:00:00+01:00', BOOK_BODY),
    );
    expect(err.message).not.toContain('zofia@example.com');
    expect(err.message).not.toContain('500 100 200');
  });

  it('keeps notifications of unknown types instead of dropping them, and normalises numeric ids', async () => {
    env = await setup((r) =>
      r.path.endsWith('/multiple')
        ? json({
            notifications: [
              {
                name: 'something-new',
                data: { address: { id: 3 } },
                created_at: '2026-11-23T08:00:00+01:00',
              },
            ],
            remaining: 0,
          })
        : json({ _items: [{ id: 42, name: 'Clinic' }] }),
    );
    const batch = await env.run(env.client.pullNotifications(10));
    expect(batch.notifications[0]!.name).toBe('something-new');
    expect(env.fake.requests[0]!.query.get('limit')).toBe('10');
    expect(await env.run(env.client.getFacilities())).toEqual([{ id: '42', name: 'Clinic' }]);
  });

  it('getSlots reads 404 "No slots found" as no slots, but another 404 as not-found', async () => {
    env = await setup((r) =>
      r.path.includes('/addresses/a1/')
        ? json({ message: 'No slots found on given address' }, 404)
        : json({ message: 'Object not found' }, 404),
    );
    expect(
      await env.run(env.client.getSlots(REF, '2026-11-24T00:00:00+01:00', '2026-11-25T00:00:00+01:00')),
    ).toEqual([]);
    const other = { ...REF, addressId: 'gone' };
    const err = (await rejectionOf(
      env.run(env.client.getSlots(other, '2026-11-24T00:00:00+01:00', '2026-11-25T00:00:00+01:00')),
    )) as DocplannerError;
    expect(err.kind).toBe('not-found');
  });

  it('records one audit entry per HTTP attempt, with ids only', async () => {
    env = await setup(() =>
      json({
        id: 'b9',
        status: 'booked',
        start_at: '2026-11-24T09:00:00+01:00',
        end_at: '2026-11-24T09:30:00+01:00',
      }),
    );
    await env.run(env.client.bookSlot(REF, '2026-11-24T09:00:00+01:00', BOOK_BODY));
    expect(env.calls).toEqual([
      expect.objectContaining({
        operation: 'bookSlot',
        method: 'POST',
        write: true,
        status: 200,
        outcome: 'ok',
        path: '/facilities/f1/doctors/d1/addresses/a1/slots/2026-11-24T09%3A00%3A00%2B01%3A00/book',
      }),
    ]);
    expect(JSON.stringify(env.calls)).not.toContain('Zofia');
  });
});

describe('testConnection', () => {
  it('says how many facilities it sees, or that none is assigned yet', async () => {
    let facilities: unknown[] = [
      { id: '1', name: 'A' },
      { id: '2', name: 'B' },
    ];
    env = await setup(() => json({ _items: facilities }));
    expect(await env.run(env.client.testConnection())).toEqual({
      ok: true,
      message: 'Connected to Docplanner: 2 facilities available.',
    });
    facilities = [];
    const none = await env.run(env.client.testConnection());
    expect(none.ok).toBe(true);
    expect(none.message).toMatch(/no facility is assigned/);
  });

  it('explains an unreachable server in plain words and never throws', async () => {
    const clock = new VirtualClock();
    const budget = new RateBudget({ clock });
    const probe = await setup(() => json({}));
    await probe.fake.close();
    const client = new DocplannerClient({
      baseUrl: probe.fake.baseUrl,
      clientId: 'x',
      clientSecret: 'y',
      clock,
      budget,
    });
    const result = await drive(clock, budget, client.testConnection());
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Could not reach Docplanner/);
  });
});

describe('getBookings pagination', () => {
  const bookingAt = (id: string) => ({
    id,
    status: 'booked',
    start_at: '2026-11-24T09:00:00+01:00',
    end_at: '2026-11-24T09:30:00+01:00',
  });

  it('asks for page=1&limit=5000 (no maximum in the contract) and follows the pages of a server that caps it', async () => {
    env = await setup((r) => {
      const page = Number(r.query.get('page'));
      return json({ _items: [bookingAt(`b${page}`)], page, limit: 100, pages: 3, total: 3 });
    });
    const all = await env.run(
      env.client.getBookings(REF, '2026-11-24T00:00:00+01:00', '2026-11-30T00:00:00+01:00'),
    );
    expect(all.map((b) => b.id)).toEqual(['b1', 'b2', 'b3']);
    expect(env.fake.requests.map((r) => [r.query.get('page'), r.query.get('limit')])).toEqual([
      ['1', '5000'],
      ['2', '5000'],
      ['3', '5000'],
    ]);
  });

  it('stops when the server answers unpaginated or ignores the page asked for', async () => {
    env = await setup(() => json({ _items: [bookingAt('b1'), bookingAt('b2')], page: 1, pages: 5 }));
    const all = await env.run(
      env.client.getBookings(REF, '2026-11-24T00:00:00+01:00', '2026-11-30T00:00:00+01:00'),
    );
    expect(all.map((b) => b.id)).toEqual(['b1', 'b2']);
    expect(env.fake.requests).toHaveLength(2);
  });
});
