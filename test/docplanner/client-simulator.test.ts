// The client against the Docplanner simulator (test/simulator): every operation the engine uses, each error
// class as the simulator produces it, token expiry and refresh, pagination, the write budget, injected faults.
import { afterEach, describe, expect, it } from 'vitest';
import { DocplannerClient, type ApiCallRecord } from '../../electron/engine/docplanner/client';
import { DocplannerError } from '../../electron/engine/docplanner/errors';
import { RateBudget } from '../../electron/engine/docplanner/rate-budget';
import type { SimulatorOptions } from '../simulator/index';
import { ESTATE, PATIENT, at, startHarness, type Harness } from '../simulator/harness';
import { drive, rejectionOf, until } from './helpers';

const REF = { facilityId: ESTATE.facilityId, doctorId: ESTATE.doctorId, addressId: ESTATE.addressId };
const BASIC = { ...REF, addressId: ESTATE.basicAddressId };
const DAY = '2026-11-24';
const workDay = (from = '08:00', to = '12:00', day = DAY) => ({
  slots: [
    {
      start: at(from, day),
      end: at(to, day),
      address_services: [{ address_service_id: ESTATE.consultation, duration: 30 }],
    },
  ],
});
const booking = { address_service_id: ESTATE.consultation, duration: 30, patient: PATIENT };

interface Env {
  h: Harness;
  budget: RateBudget;
  client: DocplannerClient;
  calls: ApiCallRecord[];
  run<T>(p: Promise<T>): Promise<T>;
  fail(p: Promise<unknown>): Promise<DocplannerError>;
}

let env: Env | undefined;
afterEach(async () => {
  await env?.h.close();
  env = undefined;
});

async function start(opts: SimulatorOptions = {}, clientOpts: { clientSecret?: string } = {}): Promise<Env> {
  const h = await startHarness(opts);
  const budget = new RateBudget({ clock: h.clock, random: () => 0.5 });
  const calls: ApiCallRecord[] = [];
  const client = new DocplannerClient({
    baseUrl: h.sim.baseUrl,
    clientId: 'sim-client',
    clientSecret: clientOpts.clientSecret ?? 'sim-secret',
    clock: h.clock,
    random: () => 0.5,
    budget,
    onCall: (r) => calls.push(r),
  });
  const run = <T>(p: Promise<T>) => drive(h.clock, budget, p);
  const fail = async (p: Promise<unknown>) => {
    const e = await rejectionOf(run(p));
    expect(e).toBeInstanceOf(DocplannerError);
    return e as DocplannerError;
  };
  env = { h, budget, client, calls, run, fail };
  return env;
}

describe('resources', () => {
  it('reads facilities, doctors, addresses, services and the dictionaries', async () => {
    const { client, run } = await start();
    expect(await run(client.getFacilities())).toEqual([expect.objectContaining({ id: ESTATE.facilityId })]);
    const doctors = await run(client.getDoctors(ESTATE.facilityId));
    expect(doctors.map((d) => d.id)).toEqual([ESTATE.doctorId]);
    const addresses = await run(client.getAddresses(ESTATE.facilityId, ESTATE.doctorId));
    expect(addresses.map((a) => [a.id, a.commercial_type])).toEqual([
      [ESTATE.addressId, 'premium'],
      [ESTATE.basicAddressId, 'basic'],
    ]);
    expect((await run(client.getAddress(REF))).id).toBe(ESTATE.addressId);
    expect((await run(client.getServices())).map((s) => s.id)).toEqual(['101', '102', '103']);
    const services = await run(client.getAddressServices(REF));
    expect(services.map((s) => [s.id, s.duration])).toEqual([
      [ESTATE.consultation, 30],
      [ESTATE.control, 20],
    ]);
  });

  it('adds, updates and deletes an address service; a duplicate is a conflict', async () => {
    const { client, run, fail } = await start();
    const added = await run(client.addAddressService(REF, { service_id: '103', default_duration: 15 }));
    expect(added.service_id).toBe('103');
    expect((await fail(client.addAddressService(REF, { service_id: '103' }))).kind).toBe('conflict');
    const updated = await run(client.updateAddressService(REF, added.id, { custom_name: 'EKG spoczynkowe' }));
    expect(updated.custom_name).toBe('EKG spoczynkowe');
    await run(client.deleteAddressService(REF, added.id));
    expect((await run(client.getAddressServices(REF))).map((s) => s.id)).not.toContain(added.id);
  });

  it('links an insurance provider to an address', async () => {
    const { h, client, run } = await start();
    h.sim.control.seed({ insurance_providers: [{ id: '13', name: 'NFZ' }] });
    expect((await run(client.getInsuranceProviders())).map((p) => p.insurance_provider_id)).toContain('13');
    await run(client.addAddressInsuranceProvider(REF, { insurance_provider_id: '13' }));
    const linked = await run(client.getAddressInsuranceProviders(REF));
    expect(linked.map((p) => p.insurance_provider_id)).toEqual(['13']);
  });

  it('a facility outside the estate is forbidden; an unknown address is not found', async () => {
    const { h, client, fail } = await start();
    h.sim.control.seed({ facilities: [{ id: '900', name: 'Other clinic', clients: ['someone-else'] }] });
    expect((await fail(client.getDoctors('900'))).kind).toBe('forbidden');
    expect((await fail(client.getAddress({ ...REF, addressId: '999999' }))).kind).toBe('not-found');
  });
});

describe('calendar and slots', () => {
  it('enableCalendar on an enabled calendar succeeds (409 = already enabled)', async () => {
    const { client, run } = await start();
    expect(await run(client.getCalendar(REF))).toEqual({ status: 'enabled' });
    await run(client.enableCalendar(REF));
    expect(await run(client.getCalendar(REF))).toEqual({ status: 'enabled' });
  });

  it('replaces a day, reads the free slots, deletes them', async () => {
    const { client, run } = await start();
    expect(await run(client.getSlots(REF, at('00:00'), at('23:59')))).toEqual([]);
    await run(client.replaceSlots(REF, workDay('09:00', '10:00')));
    const slots = await run(client.getSlots(REF, at('00:00'), at('23:59')));
    expect(slots.map((s) => s.start)).toEqual([at('09:00'), at('09:30')]);
    await run(client.deleteSlots(REF, DAY));
    expect(await run(client.getSlots(REF, at('00:00'), at('23:59')))).toEqual([]);
  });

  it('reads more than 180 days of slots in chunks', async () => {
    const { client, run, calls } = await start();
    await run(client.replaceSlots(REF, workDay('09:00', '10:00')));
    const slots = await run(client.getSlots(REF, at('00:00', '2026-11-23'), at('00:00', '2027-09-01')));
    expect(slots.map((s) => s.start)).toEqual([at('09:00'), at('09:30')]);
    expect(calls.filter((c) => c.operation === 'getSlots' && c.status === 200).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.operation === 'getSlots')).toHaveLength(2);
  });

  it('replaceSlots validation errors carry field messages; a vanished service is service-missing', async () => {
    const { client, fail } = await start();
    const crossing = await fail(
      client.replaceSlots(REF, {
        slots: [{ ...workDay().slots[0]!, start: at('22:00'), end: at('02:00', '2026-11-25') }],
      }),
    );
    expect(crossing.kind).toBe('validation');
    expect(crossing.message).toContain('exceeds a single day boundary');
    const tooFar = await fail(client.replaceSlots(REF, workDay('09:00', '10:00', '2027-06-01')));
    expect(tooFar.kind).toBe('validation');
    expect(Object.keys(tooFar.fieldErrors)).toEqual(['slots[0].end']);
    const gone = await fail(
      client.replaceSlots(REF, {
        slots: [
          {
            start: at('09:00'),
            end: at('10:00'),
            address_services: [{ address_service_id: '777', duration: 30 }],
          },
        ],
      }),
    );
    expect(gone.kind).toBe('service-missing');
  });

  it('writes to a non-commercial address are a business-rule error', async () => {
    const { client, fail } = await start();
    expect((await fail(client.replaceSlots(BASIC, workDay()))).kind).toBe('business-rule');
  });
});

describe('bookings', () => {
  it('books a free slot; the same slot again is slot-unavailable; an unknown service is service-missing', async () => {
    const { client, run, fail } = await start();
    await run(client.replaceSlots(REF, workDay()));
    const b = await run(client.bookSlot(REF, at('09:00'), booking));
    expect(b).toMatchObject({ status: 'booked', start_at: at('09:00') });
    expect((await fail(client.bookSlot(REF, at('09:00'), booking))).kind).toBe('slot-unavailable');
    expect(
      (await fail(client.bookSlot(REF, at('09:30'), { ...booking, address_service_id: '777' }))).kind,
    ).toBe('service-missing');
    const one = await run(client.getBooking(REF, b.id));
    expect(one.id).toBe(b.id);
  });

  it('reads 108 bookings over three days in one getBookings page', async () => {
    const { h, client, run, calls } = await start();
    const days = ['2026-11-24', '2026-11-25', '2026-11-26'];
    const control = [{ address_service_id: ESTATE.control, duration: 20 }];
    for (const day of days) {
      await run(
        client.replaceSlots(REF, {
          slots: [{ start: at('08:00', day), end: at('20:00', day), address_services: control }],
        }),
      );
    }
    for (const day of days) {
      for (let m = 8 * 60; m < 20 * 60; m += 20) {
        const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        h.sim.control.patientBook(ESTATE.addressId, at(hhmm, day), ESTATE.control);
      }
    }
    const all = await run(client.getBookings(REF, at('00:00', days[0]), at('23:59', days[2])));
    expect(all).toHaveLength(108);
    expect(new Set(all.map((b) => b.id)).size).toBe(108);
    expect(all[0]!.patient?.name).toBeTruthy();
    const pages = h.sim.control
      .callLog()
      .filter((c) => c.operation === 'getBookings')
      .map((c) => new URL(c.path, 'http://x').searchParams.get('page'));
    expect(pages).toEqual(['1']);
    expect(calls.filter((c) => c.operation === 'getBookings')).toHaveLength(1);
  });

  it('cancels (twice is a validation error), moves (new id; moving again is a conflict), confirms', async () => {
    const { client, run, fail } = await start();
    await run(client.replaceSlots(REF, workDay()));
    const a = await run(client.bookSlot(REF, at('09:00'), booking));
    await run(client.cancelBooking(REF, a.id, 'patient called'));
    expect((await run(client.getBooking(REF, a.id))).status).toBe('canceled');
    expect((await fail(client.cancelBooking(REF, a.id))).kind).toBe('validation');

    const b = await run(client.bookSlot(REF, at('10:00'), booking));
    const moved = await run(
      client.moveBooking(REF, b.id, {
        address_service_id: ESTATE.consultation,
        start: at('11:00'),
        duration: 30,
      }),
    );
    expect(moved.id).not.toBe(b.id);
    expect(moved.start_at).toBe(at('11:00'));
    expect(
      (
        await fail(
          client.moveBooking(REF, b.id, { address_service_id: ESTATE.consultation, start: at('11:30') }),
        )
      ).kind,
    ).toBe('conflict');

    await run(client.confirmBooking(REF, moved.id, 'admin'));
    expect((await fail(client.confirmBooking(REF, moved.id, 'admin'))).kind).toBe('conflict');
  });

  it('marks presence only once the visit has started', async () => {
    const { h, client, run, fail } = await start();
    await run(client.replaceSlots(REF, workDay()));
    const b = await run(client.bookSlot(REF, at('09:00'), booking));
    expect((await fail(client.markPresence(REF, b.id, true))).kind).toBe('validation');
    await h.clock.advance(2 * 86_400_000);
    await run(client.markPresence(REF, b.id, true));
    await run(client.markPresence(REF, b.id, false));
  });
});

describe('breaks', () => {
  it('adds, lists, moves and deletes a break; a duplicate is a conflict', async () => {
    const { client, run, fail } = await start();
    const body = { since: at('12:00'), till: at('13:00'), description: 'Lunch' };
    const br = await run(client.addCalendarBreak(REF, body));
    expect((await fail(client.addCalendarBreak(REF, body))).kind).toBe('conflict');
    expect((await run(client.getCalendarBreaks(REF, at('00:00'), at('23:59')))).map((b) => b.id)).toEqual([
      br.id,
    ]);
    await run(client.moveCalendarBreak(REF, br.id, at('13:00'), at('14:00')));
    const [movedBreak] = await run(client.getCalendarBreaks(REF, at('00:00'), at('23:59')));
    expect(Date.parse(movedBreak!.since)).toBe(Date.parse(at('13:00')));
    expect((await fail(client.moveCalendarBreak(REF, br.id, at('13:00'), at('14:00')))).kind).toBe(
      'business-rule',
    );
    await run(client.deleteCalendarBreak(REF, br.id));
    expect(await run(client.getCalendarBreaks(REF, at('00:00'), at('23:59')))).toEqual([]);
  });
});

describe('notifications', () => {
  it('pulls single and multiple in FIFO order; an empty queue is null / an empty batch', async () => {
    const { h, client, run, fail } = await start();
    expect(await run(client.pullNotification())).toBeNull();
    expect(await run(client.pullNotifications(10))).toEqual({ notifications: [], remaining: 0 });
    await run(client.replaceSlots(REF, workDay()));
    const booked = h.sim.control.patientBook(ESTATE.addressId, at('09:00'), ESTATE.consultation);
    h.sim.control.patientCancel(ESTATE.addressId, booked.id);
    h.sim.control.doctorAddBreak(ESTATE.addressId, at('12:00'), at('12:30'));
    const first = await run(client.pullNotification());
    expect(first?.name).toBe('slot-booked');
    const batch = await run(client.pullNotifications(1));
    expect(batch.notifications.map((n) => n.name)).toEqual(['booking-canceled']);
    expect(batch.remaining).toBe(1);
    expect((await run(client.pullNotifications(100))).notifications.map((n) => n.name)).toEqual([
      'break-created',
    ]);
    expect((await fail(client.releaseNotifications())).kind).toBe('forbidden');
  });
});

describe('auth', () => {
  it('refreshes an expired token and keeps working', async () => {
    const { h, client, run } = await start({ tokenTtlSeconds: 600 });
    await run(client.getFacilities());
    await h.clock.advance(601_000);
    await run(client.getFacilities());
    const tokenCalls = h.sim.control.callLog().filter((c) => c.operation === 'token');
    expect(tokenCalls).toHaveLength(2);
    expect(h.sim.control.callLog().filter((c) => c.status === 401)).toHaveLength(0);
  });

  it('wrong credentials: an auth error, and testConnection says so in plain words', async () => {
    const { client, fail } = await start({}, { clientSecret: 'nope' });
    expect((await fail(client.getFacilities())).kind).toBe('auth');
    const result = await env!.run(client.testConnection());
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/client ID\/secret/);
  });

  it('testConnection reports the facilities it can see', async () => {
    const { client, run } = await start();
    expect(await run(client.testConnection())).toEqual({
      ok: true,
      message: 'Connected to Docplanner: 1 facility available.',
    });
  });
});

describe('rate limits and faults', () => {
  it('41 writes in a minute against the simulator limit: none gets a 429', async () => {
    const { h, client, run } = await start({
      rateLimits: { writesPerMinute: 40, getsPerHour: 8000, headers: true },
    });
    const days = Array.from({ length: 41 }, (_, i) =>
      new Date(Date.UTC(2026, 10, 24 + (i % 20))).toISOString().slice(0, 10),
    );
    await run(Promise.all(days.map((d) => client.deleteSlots(REF, d))));
    const writes = h.sim.control.callLog().filter((c) => c.write && c.operation !== 'token');
    expect(writes).toHaveLength(41);
    expect(writes.filter((c) => c.status === 429)).toHaveLength(0);
  });

  it('a 429 storm holds writes until it ends, then they go through', async () => {
    const { h, client, run, budget } = await start();
    const stormEnd = h.clock.now() + 30_000;
    const waits: number[] = [];
    budget.onRateLimited((e) => e.requestClass === 'write' && waits.push(e.until));
    h.sim.control.setFaults({ rateLimitStormUntil: stormEnd });
    await run(client.deleteSlots(REF, DAY));
    const log = h.sim.control.callLog().filter((c) => c.operation === 'deleteSlots');
    expect(log.at(-1)!.status).toBe(204);
    expect(log.at(-1)!.at).toBeGreaterThanOrEqual(stormEnd);
    expect(log.some((c) => c.status === 429)).toBe(true);
    // The status screen was told how long to wait.
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(stormEnd);
  });

  it('a write whose answer is lost is reported as outcome unknown and not re-sent', async () => {
    const { h, client, fail } = await start();
    h.sim.control.setFaults({ applyThenDropRate: 1, operations: ['replaceSlots'] });
    const err = await fail(client.replaceSlots(REF, workDay()));
    expect(err.kind).toBe('network');
    expect(err.outcomeUnknown).toBe(true);
    expect(h.sim.control.callLog().filter((c) => c.operation === 'replaceSlots')).toHaveLength(1);
  });

  it('a GET hit by a 500 is retried and succeeds once the server recovers', async () => {
    const { h, client, run, calls } = await start();
    h.sim.control.setFaults({ serverErrorRate: 1, operations: ['getFacilities'] });
    const pending = run(client.getFacilities());
    // Let the first attempt fail, then heal the server.
    while (!calls.some((c) => c.operation === 'getFacilities')) await new Promise((r) => setTimeout(r, 2));
    h.sim.control.setFaults({});
    expect(await pending).toHaveLength(1);
    expect(calls.map((c) => c.outcome)).toContain('server');
  });

  it('a hanging request times out on the virtual clock', async () => {
    const { h, client, fail } = await start();
    h.sim.control.setFaults({ hangRate: 1, operations: ['bookSlot'] });
    const pending = client.bookSlot(REF, at('09:00'), booking);
    pending.catch(() => undefined);
    await until(() => h.sim.control.callLog().some((c) => c.operation === 'bookSlot'));
    await h.clock.advance(20_000);
    const err = await fail(pending);
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/did not answer/);
  });
});

describe('slow answers', () => {
  it('an answer slower than usual but within the timeout arrives', async () => {
    const { h, client, budget } = await start();
    h.sim.control.setFaults({ latencyMs: 5_000, operations: ['getFacilities'] });
    const started = h.clock.now();
    const slow = drive(h.clock, budget, client.getFacilities(), { stallRealMs: 20, stepMs: 1000 });
    expect(await slow).toHaveLength(1);
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(5_000);
  });
});
