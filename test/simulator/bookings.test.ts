// bookSlot into free, taken and nonexistent slots; cancel, move, confirm, presence; getBookings; breaks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDRESS_PATH, ESTATE, type Harness, PATIENT, at, enc, startHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.call('PUT', `${ADDRESS_PATH}/slots`, {
    slots: [
      {
        start: at('09:00'),
        end: at('11:00'),
        address_services: [
          { address_service_id: ESTATE.consultation, duration: 30 },
          { address_service_id: ESTATE.control, duration: 20 },
        ],
      },
    ],
  });
});
afterEach(() => h.close());

type B = { id: string; status: string; start_at: string; canceled_by?: string; booked_by?: string };
const book = (start: string, service: string = ESTATE.consultation, duration = 30) =>
  h.call('POST', `${ADDRESS_PATH}/slots/${enc(start)}/book`, {
    address_service_id: service,
    duration,
    patient: PATIENT,
  });
const free = async () => {
  const r = await h.call('GET', `${ADDRESS_PATH}/slots?start=${enc(at('00:00'))}&end=${enc(at('23:59'))}`);
  return r.status === 404
    ? []
    : (r.body as { _items: { start: string }[] })._items.map((s) => s.start.slice(11, 16));
};

describe('bookSlot', () => {
  it('books a free slot: 200 with the full booking, booked_by integration; the slot is no longer offered', async () => {
    const r = await book(at('09:30'));
    expect(r.status).toBe(200);
    const b = r.body as B & { patient: { name: string } };
    expect(b).toMatchObject({
      status: 'booked',
      start_at: at('09:30'),
      booked_by: 'integration',
      canceled_by: '',
    });
    expect(b.patient.name).toBe(PATIENT.name);
    // 09:30–10:00 taken: the 30-min grid loses 09:30; the 20-min grid loses 09:20 and 09:40 (they overlap)
    expect(await free()).toEqual(['09:00', '10:00', '10:20', '10:30', '10:40']);
  });

  it('a taken slot answers 404 "Requested target slot … not found", never a double booking', async () => {
    await book(at('09:30'));
    const r = await book(at('09:30'));
    expect(r.status).toBe(404);
    expect((r.body as { message: string }).message).toBe(
      `Unable to perform booking. Requested target slot (${at('09:30')}) not found`,
    );
    const list = await h.call(
      'GET',
      `${ADDRESS_PATH}/bookings?start=${enc(at('00:00'))}&end=${enc(at('23:59'))}`,
    );
    expect((list.body as { _items: B[] })._items).toHaveLength(1);
  });

  it('distinguishes a nonexistent slot, a start for another service, and an unknown service', async () => {
    expect((await book(at('12:00'))).body).toMatchObject({
      message: `Unable to perform booking. Requested target slot (${at('12:00')}) not found`,
    });
    expect((await book(at('09:20'))).body).toMatchObject({
      message: `Slot (${at('09:20')}) does not support service ${ESTATE.consultation}`,
    });
    expect((await book(at('09:00'), '999')).body).toMatchObject({ message: 'Service does not exist' });
  });

  it('refuses a visit that would run past the period end or into a break', async () => {
    expect((await book(at('10:30'), ESTATE.consultation, 45)).status).toBe(404);
    h.sim.control.doctorAddBreak(ESTATE.addressId, at('10:00'), at('10:15'));
    expect((await book(at('10:00'))).status).toBe(404);
  });

  it('rejects an unencoded + in the path start (it reads as a space) with 400', async () => {
    const r = await h.call('POST', `${ADDRESS_PATH}/slots/2026-11-24T09:00:00+01:00/book`, {
      address_service_id: ESTATE.consultation,
      duration: 30,
      patient: PATIENT,
    });
    expect(r.status).toBe(400);
  });

  it('validates the body with the project schemas (missing patient phone → 400 with the field)', async () => {
    const r = await h.call('POST', `${ADDRESS_PATH}/slots/${enc(at('09:00'))}/book`, {
      address_service_id: ESTATE.consultation,
      duration: 30,
      patient: { name: 'X' },
    });
    expect(r.status).toBe(400);
    expect(Object.keys((r.body as { errors: object }).errors)).toEqual(['patient.phone']);
  });
});

describe('cancel, move, confirm, presence', () => {
  it('cancel frees the slot; cancelling again is 400 "not booked"', async () => {
    const b = (await book(at('09:30'))).body as B;
    expect((await h.call('DELETE', `${ADDRESS_PATH}/bookings/${b.id}`, { reason: 'x' })).status).toBe(204);
    expect(await free()).toContain('09:30');
    const again = await h.call('DELETE', `${ADDRESS_PATH}/bookings/${b.id}`);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      message: `Visit ${b.id} cannot be canceled because it is not booked`,
    });
    const got = await h.call('GET', `${ADDRESS_PATH}/bookings/${b.id}`);
    expect(got.body).toMatchObject({ status: 'canceled', canceled_by: 'integration' });
  });

  it('move creates a new id, cancels the old one, and a second move of the old id is 409', async () => {
    const b = (await book(at('09:00'))).body as B;
    const moved = await h.call('POST', `${ADDRESS_PATH}/bookings/${b.id}/move`, {
      address_service_id: ESTATE.consultation,
      start: at('10:00'),
    });
    expect(moved.status).toBe(201);
    const nb = moved.body as B;
    expect(nb.id).not.toBe(b.id);
    expect(nb.start_at).toBe(at('10:00'));
    expect(moved.headers.get('location')).toContain(`/bookings/${nb.id}`);
    const old = await h.call('GET', `${ADDRESS_PATH}/bookings/${b.id}?with=booking.moving`);
    expect(old.body).toMatchObject({
      status: 'canceled',
      moving: { origin_booking_id: b.id, newest_booking_id: nb.id },
    });
    const again = await h.call('POST', `${ADDRESS_PATH}/bookings/${b.id}/move`, {
      address_service_id: ESTATE.consultation,
      start: at('10:30'),
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ message: 'The visit has already been canceled or moved' });
    expect(await free()).toContain('09:00');
  });

  it('move into a taken slot is 404 and leaves the booking as it was', async () => {
    const a = (await book(at('09:00'))).body as B;
    await book(at('10:00'));
    const r = await h.call('POST', `${ADDRESS_PATH}/bookings/${a.id}/move`, {
      address_service_id: ESTATE.consultation,
      start: at('10:00'),
    });
    expect(r.status).toBe(404);
    expect((await h.call('GET', `${ADDRESS_PATH}/bookings/${a.id}`)).body).toMatchObject({
      status: 'booked',
    });
  });

  it('confirm once (204), again 409; presence only once the visit started', async () => {
    const b = (await book(at('09:00'))).body as B;
    const confirm = () => h.call('PUT', `${ADDRESS_PATH}/bookings/${b.id}/confirm`, { confirmed_by: 'user' });
    expect((await confirm()).status).toBe(204);
    expect((await confirm()).status).toBe(409);
    expect((await h.call('POST', `${ADDRESS_PATH}/bookings/${b.id}/presence/patient`)).status).toBe(400);
    await h.clock.advance(26 * 3600_000);
    await h.token(true); // the 1 h token expired meanwhile
    expect((await h.call('POST', `${ADDRESS_PATH}/bookings/${b.id}/presence/patient`)).status).toBe(204);
    expect((await h.call('DELETE', `${ADDRESS_PATH}/bookings/${b.id}/presence/patient`)).status).toBe(204);
    const got = await h.call('GET', `${ADDRESS_PATH}/bookings/${b.id}?with=booking.presence`);
    expect(got.body).toMatchObject({ presence: 'absent' });
  });

  it('getBookings filters by visit start and paginates only when page is sent', async () => {
    for (const t of ['09:00', '09:30', '10:00', '10:30']) await book(at(t));
    const base = `${ADDRESS_PATH}/bookings?start=${enc(at('09:15'))}&end=${enc(at('23:00'))}`;
    const all = (await h.call('GET', base)).body as { _items: B[]; page: null };
    expect(all._items.map((b) => b.start_at)).toEqual([at('09:30'), at('10:00'), at('10:30')]);
    expect(all.page).toBeNull();
    const p2 = (await h.call('GET', `${base}&page=2&limit=2`)).body as {
      _items: B[];
      page: number;
      pages: number;
      total: number;
    };
    expect(p2).toMatchObject({ page: 2, limit: 2, pages: 2, total: 3 });
    expect(p2._items.map((b) => b.start_at)).toEqual([at('10:30')]);
    const withPatient = (await h.call('GET', `${base}&with=booking.patient`)).body as {
      _items: { patient?: unknown }[];
    };
    expect(withPatient._items[0]?.patient).toBeDefined();
    expect(all._items[0]).not.toHaveProperty('patient');
  });

  it('getBookings takes any positive limit (the contract names no maximum), default 100 when paginating', async () => {
    for (const t of ['09:00', '09:30', '10:00']) await book(at(t));
    const base = `${ADDRESS_PATH}/bookings?start=${enc(at('00:00'))}&end=${enc(at('23:59'))}&page=1`;
    for (const limit of ['1001', '5000', '250000']) {
      const r = await h.call('GET', `${base}&limit=${limit}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ page: 1, limit: Number(limit), pages: 1, total: 3 });
      expect((r.body as { _items: B[] })._items).toHaveLength(3);
    }
    expect((await h.call('GET', base)).body).toMatchObject({ page: 1, limit: 100, pages: 1, total: 3 });
    expect((await h.call('GET', `${base}&limit=0`)).status).toBe(400);
    expect((await h.call('GET', `${base}&limit=2.5`)).status).toBe(400);
  });
});

describe('breaks', () => {
  it('add (201), duplicate 409, move (204), same range 422, delete (204), and breaks block slots', async () => {
    const add = (body: unknown) => h.call('POST', `${ADDRESS_PATH}/breaks`, body);
    const r = await add({ since: at('09:00'), till: at('09:30'), description: 'lunch' });
    expect(r.status).toBe(201);
    const id = (r.body as { id: string }).id;
    expect(await free()).not.toContain('09:00');
    expect((await add({ since: at('09:00'), till: at('09:30'), description: 'lunch' })).status).toBe(409);
    const move = (since: string, till: string) =>
      h.call('PATCH', `${ADDRESS_PATH}/breaks/${id}`, { since, till });
    expect((await move(at('10:00'), at('10:30'))).status).toBe(204);
    expect((await move(at('10:00'), at('10:30'))).status).toBe(422);
    const list = await h.call(
      'GET',
      `${ADDRESS_PATH}/breaks?since=${enc(at('00:00'))}&till=${enc(at('23:59'))}`,
    );
    expect((list.body as { _items: { since: string }[] })._items.map((b) => b.since)).toEqual([at('10:00')]);
    expect((await h.call('GET', `${ADDRESS_PATH}/breaks`)).status).toBe(400);
    expect((await h.call('DELETE', `${ADDRESS_PATH}/breaks/${id}`)).status).toBe(204);
    expect((await h.call('GET', `${ADDRESS_PATH}/breaks/${id}`)).status).toBe(404);
  });
});
