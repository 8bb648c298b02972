// Slot derivation, replace-window semantics, validation 400s and the duplicate-payload guard of PUT slots.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDRESS_PATH, ESTATE, type Harness, at, enc, startHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const put = (slots: unknown[]) => h.call('PUT', `${ADDRESS_PATH}/slots`, { slots });
const freeStarts = async (from = at('00:00'), to = at('23:59')) => {
  const r = await h.call('GET', `${ADDRESS_PATH}/slots?start=${enc(from)}&end=${enc(to)}`);
  if (r.status === 404) return [];
  return (r.body as { _items: { start: string }[] })._items.map((s) => s.start.slice(11, 16));
};

describe('replaceSlots and getSlots', () => {
  it('derives the slot grid from each service duration, stepping from the period start', async () => {
    const r = await put([
      {
        start: at('09:00'),
        end: at('10:00'),
        address_services: [{ address_service_id: ESTATE.consultation, duration: 25 }],
      },
    ]);
    expect(r.status).toBe(201);
    // 09:00, 09:25 fit; 09:50 + 25 min would end after 10:00
    expect(await freeStarts()).toEqual(['09:00', '09:25']);
  });

  it('offers the union of starts of all services, and with=slot.services tells which service fits where', async () => {
    await put([
      {
        start: at('09:00'),
        end: at('10:00'),
        address_services: [
          { address_service_id: ESTATE.consultation, duration: 30 },
          { address_service_id: ESTATE.control, duration: 20 },
        ],
      },
    ]);
    const r = await h.call(
      'GET',
      `${ADDRESS_PATH}/slots?start=${enc(at('00:00'))}&end=${enc(at('23:59'))}&with=slot.services`,
    );
    const items = (r.body as { _items: { start: string; address_services: { _items: { id: string }[] } }[] })
      ._items;
    expect(items.map((s) => [s.start, s.address_services._items.map((x) => x.id)])).toEqual([
      [at('09:00'), [ESTATE.consultation, ESTATE.control]],
      [at('09:20'), [ESTATE.control]],
      [at('09:30'), [ESTATE.consultation]],
      [at('09:40'), [ESTATE.control]],
    ]);
  });

  it('replaces only inside the window; time outside it is untouched', async () => {
    const svc = [{ address_service_id: ESTATE.consultation, duration: 30 }];
    await put([{ start: at('08:00'), end: at('12:00'), address_services: svc }]);
    await put([{ start: at('09:00'), end: at('10:00'), address_services: null }]);
    expect(await freeStarts()).toEqual(['08:00', '08:30', '10:00', '10:30', '11:00', '11:30']);
    await put([{ start: at('10:00'), end: at('11:00'), address_services: [] }]);
    expect(await freeStarts()).toEqual(['08:00', '08:30', '11:00', '11:30']);
  });

  it('404 "No slots found on given address" when nothing is free', async () => {
    const r = await h.call('GET', `${ADDRESS_PATH}/slots?start=${enc(at('00:00'))}&end=${enc(at('23:59'))}`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ message: 'No slots found on given address' });
  });

  it('rejects a range longer than 180 days', async () => {
    const r = await h.call(
      'GET',
      `${ADDRESS_PATH}/slots?start=${enc(at('00:00'))}&end=${enc(at('00:00', '2027-06-30'))}`,
    );
    expect(r.status).toBe(400);
  });

  it('validates periods as the real API does', async () => {
    const svc = [{ address_service_id: ESTATE.consultation, duration: 30 }];
    const crossing = await put([
      { start: at('22:00'), end: at('01:00', '2026-11-25'), address_services: svc },
    ]);
    expect(crossing.status).toBe(400);
    expect(JSON.stringify(crossing.body)).toContain('exceeds a single day boundary');
    expect(crossing.headers.get('content-type')).toBe('application/vnd.error+docplanner+json');

    const short = await put([
      { start: at('09:00'), end: '2026-11-24T09:00:30+01:00', address_services: svc },
    ]);
    expect(Object.keys((short.body as { errors: object }).errors)).toEqual([
      'slots[0].minimumDifferenceBetweenDates',
    ]);

    const far = await put([
      { start: at('09:00', '2027-03-01'), end: at('10:00', '2027-03-01'), address_services: svc },
    ]);
    expect((far.body as { errors: Record<string, string[]> }).errors['slots[0].end']?.[0]).toMatch(
      /^End date should be less than or equal to/,
    );

    const unknown = await put([
      {
        start: at('09:00'),
        end: at('10:00'),
        address_services: [{ address_service_id: '999', duration: 30 }],
      },
    ]);
    expect(JSON.stringify(unknown.body)).toContain('Address service does not exist');

    const twoDays = await put([
      { start: at('09:00'), end: at('10:00'), address_services: svc },
      { start: at('09:00', '2026-11-25'), end: at('10:00', '2026-11-25'), address_services: svc },
    ]);
    expect(JSON.stringify(twoDays.body)).toContain('Slots comes from different days');

    const noOffset = await put([{ start: '2026-11-24T09:00:00', end: at('10:00'), address_services: svc }]);
    expect(noOffset.status).toBe(400);
    expect((noOffset.body as { message: string }).message).toBe('Invalid arguments');
    expect(await freeStarts()).toEqual([]);
  });

  it('422 for a non-commercial address, 403 when the calendar is disabled', async () => {
    const svc = [{ address_service_id: ESTATE.consultation, duration: 30 }];
    const basic = ADDRESS_PATH.replace(/addresses\/\d+$/, `addresses/${ESTATE.basicAddressId}`);
    const r = await h.call('PUT', `${basic}/slots`, { slots: [{ start: at('09:00'), end: at('10:00') }] });
    expect(r.status).toBe(422);
    await h.call('POST', `${ADDRESS_PATH}/calendar/disable`);
    expect((await put([{ start: at('09:00'), end: at('10:00'), address_services: svc }])).status).toBe(403);
  });

  it('identical payload within 3 minutes is ignored (201), after 3 minutes applied again', async () => {
    const svc = [{ address_service_id: ESTATE.consultation, duration: 30 }];
    const body = [{ start: at('09:00'), end: at('10:00'), address_services: svc }];
    await put(body);
    await put([{ start: at('09:00'), end: at('10:00'), address_services: null }]);
    expect(await freeStarts()).toEqual([]);
    expect((await put(body)).status).toBe(201);
    expect(await freeStarts()).toEqual([]); // ignored: the guard does not look at the calendar
    await h.clock.advance(3 * 60_000);
    await put(body);
    expect(await freeStarts()).toEqual(['09:00', '09:30']);
  });

  it('identical payload while the first is still in flight → 429', async () => {
    h.sim.control.setFaults({ latencyMs: 1000, operations: ['replaceSlots'] });
    const body = [
      {
        start: at('09:00'),
        end: at('10:00'),
        address_services: [{ address_service_id: ESTATE.consultation, duration: 30 }],
      },
    ];
    await h.token();
    const first = put(body);
    // let the first request reach the server and start waiting on the virtual clock
    while (!h.sim.control.callLog().some((e) => e.operation === 'replaceSlots'))
      await new Promise((r) => setTimeout(r, 5));
    const second = await put(body);
    expect(second.status).toBe(429);
    await h.clock.advance(1000);
    expect((await first).status).toBe(201);
  });

  it('deleteSlots clears the whole day', async () => {
    await put([
      {
        start: at('09:00'),
        end: at('10:00'),
        address_services: [{ address_service_id: ESTATE.consultation, duration: 30 }],
      },
    ]);
    expect((await h.call('DELETE', `${ADDRESS_PATH}/slots/2026-11-24`)).status).toBe(204);
    expect(await freeStarts()).toEqual([]);
  });
});

describe('DST', () => {
  it('steps the grid in real minutes across the spring-forward gap and answers with the right offsets', async () => {
    await h.close();
    h = await startHarness({ horizonWeeks: 20 });
    const r = await h.call('PUT', `${ADDRESS_PATH}/slots`, {
      slots: [
        {
          start: '2027-03-28T01:00:00+01:00',
          end: '2027-03-28T04:00:00+02:00',
          address_services: [{ address_service_id: ESTATE.consultation, duration: 30 }],
        },
      ],
    });
    expect(r.status).toBe(201);
    const got = await h.call(
      'GET',
      `${ADDRESS_PATH}/slots?start=${enc('2027-03-28T00:00:00+01:00')}&end=${enc('2027-03-28T23:59:00+02:00')}`,
    );
    // 01:00 local → 04:00 local is two real hours on this day: four 30-minute slots
    expect((got.body as { _items: { start: string }[] })._items.map((s) => s.start)).toEqual([
      '2027-03-28T01:00:00+01:00',
      '2027-03-28T01:30:00+01:00',
      '2027-03-28T03:00:00+02:00',
      '2027-03-28T03:30:00+02:00',
    ]);
  });
});

describe('insurance rules of work periods', () => {
  it('requires providers for with-insurance-only, refuses them for without-insurance-only, and only linked ones', async () => {
    const svc = [{ address_service_id: ESTATE.consultation, duration: 30 }];
    const period = (extra: object) =>
      put([{ start: at('09:00'), end: at('10:00'), address_services: svc, ...extra }]);
    const missing = await period({ insurance_accepted: 'with-insurance-only', insurance_providers: [] });
    expect(missing.body).toMatchObject({
      message: 'Slot requires insurance (with-insurance-only), but insurance providers are missing',
    });
    const unlinked = await period({
      insurance_accepted: 'with-and-without-insurance',
      insurance_providers: [13],
    });
    expect(unlinked.status).toBe(400);
    h.sim.control.seed({ insurance_providers: [{ id: '13', name: 'NFZ' }] });
    await h.call('POST', `${ADDRESS_PATH}/insurance-providers`, { insurance_provider_id: '13' });
    const refused = await period({ insurance_accepted: 'without-insurance-only', insurance_providers: [13] });
    expect(refused.status).toBe(400);
    expect(
      (await period({ insurance_accepted: 'with-insurance-only', insurance_providers: [13] })).status,
    ).toBe(201);
    expect(await freeStarts()).toEqual(['09:00', '09:30']);
  });
});
