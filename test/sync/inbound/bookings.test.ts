// Online bookings reaching the PMS: booked, canceled, moved — once, idempotently, with links and aliases.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDRESS_KEY, at, createBench, type Bench } from './fixture';

let b: Bench;
beforeEach(async () => {
  b = await createBench();
});
afterEach(async () => {
  await b.close();
});

describe('online bookings into the practice system', () => {
  it('a patient booking online appears in the PMS once, even when applied twice or pulled again', async () => {
    const booking = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation, {
      name: 'Jan',
      surname: 'Kowalski',
      phone: '+48500100200',
    });
    const { pull, apply } = await b.inbound.pullAndApply();
    expect(pull.ok).toBe(true);
    expect(apply.applied).toBe(1);

    const rows = b.appointments();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      start: at('10:00'),
      end: at('10:20'),
      status: 'booked',
      serviceId: '1',
      externalId: booking.id,
      bookedVia: 'marketplace',
    });
    expect(
      b.pms.db.prepare('SELECT first_name, last_name FROM patients WHERE id = ?').get(rows[0]!.patientId),
    ).toEqual({
      first_name: 'Jan',
      last_name: 'Kowalski',
    });
    expect(b.repos.bookings.getByDpId(booking.id)).toMatchObject({
      localId: rows[0]!.id,
      origin: 'marketplace',
      state: 'booked',
    });

    // The same stored notification applied again, and the same event arriving again (re-pull/push): no change.
    const entry = b.inbound.inbox.listUnapplied([], 10).find((e) => e.name === 'slot-booked')!;
    expect(b.inbound.applier.applyOne(entry.id).state).toBe('ignored');
    const again = b.inbound.inbox.store([entry.notification], 'push');
    expect(again.duplicates).toBe(1);
    b.inbound.applyPending();
    expect(b.appointments()).toHaveLength(1);
  });

  it('audits the booking with a masked name; the full name only through reveal', async () => {
    b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation, {
      name: 'Jan',
      surname: 'Kowalski',
    });
    await b.inbound.pullAndApply();
    const page = b.repos.audit.query({ direction: 'in' });
    const entry = page.entries.find((e) => e.operation === 'slot-booked')!;
    expect(entry.outcome).toBe('ok');
    expect(entry.summary).toContain('J*** K***');
    expect(entry.summary).not.toContain('Kowalski');
    expect(b.repos.audit.reveal(entry.id)).toBe('Jan Kowalski');
  });

  it('skips a booking already linked (our own bookSlot): nothing written twice', async () => {
    const localId = b.deskAppointment(at('11:00'), at('11:20'));
    const booked = await b.api.bookSlot(b.ref, at('11:00'), {
      address_service_id: b.svc.consultation,
      duration: 20,
      patient: { name: 'Ewa', surname: 'Desk', phone: '+48111222333' },
    });
    b.repos.bookings.upsert(
      {
        localId,
        addressKey: ADDRESS_KEY,
        dpBookingId: booked.id,
        start: at('11:00'),
        end: at('11:20'),
        addressServiceId: b.svc.consultation,
        state: 'booked',
        origin: 'pms',
      },
      b.clock.now(),
    );
    // Docplanner would not notify about our own booking; even if it did (a push echo), nothing is written.
    b.inbound.inbox.store(
      [
        {
          name: 'slot-booked',
          created_at: '2026-11-23T08:00:05+01:00',
          data: {
            address: { id: b.ref.addressId },
            visit_booking: {
              id: booked.id,
              status: 'booked',
              start_at: at('11:00'),
              end_at: at('11:20'),
              address_service: { id: b.svc.consultation, name: 'Consultation' },
              patient: { name: 'Ewa', surname: 'Desk', phone: '+48111222333' },
            },
          },
        },
      ],
      'push',
    );
    const r = b.inbound.applyPending();
    expect(r).toMatchObject({ applied: 0, ignored: 1, conflicts: 0 });
    expect(b.appointments()).toHaveLength(1);
  });

  it('adopts an identical appointment written before a crash instead of writing it twice', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('12:00'), b.svc.consultation, {
      name: 'Jan',
      surname: 'Kowalski',
    });
    // The previous run wrote the appointment into the PMS and died before storing the link and the outcome.
    const pulled = await b.inbound.puller.pull();
    expect(pulled.stored).toBe(1);
    const written = b.practice.writeBack({
      kind: 'create',
      key: { doctorId: '1', locationId: '1' },
      start: at('12:00'),
      end: at('12:20'),
      serviceId: '1',
      patient: {
        firstName: 'Jan',
        lastName: 'Kowalski',
        phone: null,
        email: null,
        birthDate: null,
        nin: null,
        gender: null,
      },
      insuranceId: null,
      comment: null,
      externalId: online.id,
    });
    expect(written.ok).toBe(true);
    expect(b.inbound.applyPending().applied).toBe(1);
    expect(b.appointments()).toHaveLength(1);
    expect(b.repos.bookings.getByDpId(online.id)?.localId).toBe(written.ok ? written.localId : null);
  });

  it('a cancellation online cancels the appointment in the PMS', async () => {
    const booking = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    await b.inbound.pullAndApply();
    b.sim.control.patientCancel(b.ref.addressId, booking.id);
    const { apply } = await b.inbound.pullAndApply();
    expect(apply.applied).toBe(1);
    const [row] = b.appointments();
    expect(row).toMatchObject({ status: 'canceled', externalId: booking.id });
    expect(
      b.pms.db.prepare('SELECT cancel_reason FROM appointments WHERE id = ?').pluck().get(row!.id),
    ).toContain('Docplanner');
    expect(b.repos.bookings.getByDpId(booking.id)?.state).toBe('canceled');
  });

  it('a booking the doctor makes in the Docplanner calendar, and cancels there, is mirrored too', async () => {
    const booking = b.sim.control.doctorBook(b.ref.addressId, at('09:00'), b.svc.followUp, {
      name: 'Zofia',
      surname: 'Lis',
    });
    await b.inbound.pullAndApply();
    expect(b.appointments()).toMatchObject([
      { start: at('09:00'), end: at('09:15'), serviceId: '2', status: 'booked' },
    ]);
    b.sim.control.doctorCancel(b.ref.addressId, booking.id);
    await b.inbound.pullAndApply();
    const [row] = b.appointments();
    expect(row!.status).toBe('canceled');
    expect(
      b.pms.db.prepare('SELECT cancel_reason FROM appointments WHERE id = ?').pluck().get(row!.id),
    ).toContain('the doctor');
  });

  it('a cancellation of a booking never seen is recorded with nothing to do', async () => {
    b.inbound.inbox.store(
      [
        {
          name: 'booking-canceled',
          created_at: '2026-11-23T08:00:00+01:00',
          data: {
            address: { id: b.ref.addressId },
            visit_booking: { id: '777777', status: 'canceled', start_at: at('12:00'), end_at: at('12:20') },
          },
        },
      ],
      'pull',
    );
    expect(b.inbound.applyPending()).toMatchObject({ ignored: 1, conflicts: 0 });
    const entry = b.inbound.inbox.get(1)!;
    expect(entry.state).toBe('ignored');
    expect(entry.outcome).toContain('nothing to do');
    expect(b.appointments()).toEqual([]);
    expect(b.inbound.conflicts.list()).toEqual([]);
  });

  it('a move online moves the appointment, records the alias, and later changes target the newest id', async () => {
    const first = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    await b.inbound.pullAndApply();
    const moved = b.sim.control.patientMove(b.ref.addressId, first.id, at('13:00'));
    const { apply } = await b.inbound.pullAndApply();
    expect(apply.applied).toBe(1);

    const rows = b.appointments();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ start: at('13:00'), status: 'booked', externalId: moved.id });
    expect(b.repos.bookings.resolve(first.id)).toBe(moved.id);
    const link = b.repos.bookings.get(rows[0]!.id)!;
    expect(link.dpBookingId).toBe(moved.id);

    // A later local edit goes to Docplanner under the newest id: the outbound side finds it through the link.
    await b.api.cancelBooking(b.ref, link.dpBookingId, 'changed at the desk');
    const remote = b.remote().bookings.find((x) => x.id === moved.id)!;
    expect(remote.status).toBe('canceled');
    // And a notification still naming the old id is understood as the same booking.
    expect(b.repos.bookings.getByDpId(first.id)?.localId).toBe(rows[0]!.id);
  });

  it('a move of a booking we never saw is brought in as a new booking, with the alias', async () => {
    const first = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    // The slot-booked notification is lost (expired): drop it from the queue by pulling without storing.
    await b.api.pullNotifications(100);
    const moved = b.sim.control.patientMove(b.ref.addressId, first.id, at('14:00'));
    await b.inbound.pullAndApply();
    const rows = b.appointments();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ start: at('14:00'), externalId: moved.id });
    expect(b.repos.bookings.resolve(first.id)).toBe(moved.id);
  });
});

describe('confirmation and presence from Docplanner', () => {
  const notify = (name: string, id: string, extra: Record<string, unknown> = {}, created = '08:10') =>
    b.inbound.inbox.store(
      [
        {
          name,
          created_at: `2026-11-23T${created}:00+01:00`,
          data: {
            address: { id: b.ref.addressId },
            visit_booking: { id, status: 'booked', start_at: at('10:00'), end_at: at('10:20') },
            ...extra,
          },
        },
      ],
      'pull',
    );

  it('booking-confirmed confirms the appointment; presence PRESENT/ABSENT mark it completed / no-show', async () => {
    const first = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    const second = b.sim.control.patientBook(b.ref.addressId, at('11:00'), b.svc.consultation);
    await b.inbound.pullAndApply();
    notify('booking-confirmed', first.id);
    b.inbound.applyPending();
    expect(b.appointments().find((a) => a.externalId === first.id)?.status).toBe('confirmed');

    notify('presence-marked', first.id, { presence: 'PRESENT' }, '08:20');
    notify('presence-marked', second.id, { presence: 'ABSENT' }, '08:21');
    expect(b.inbound.applyPending().applied).toBe(2);
    const status = Object.fromEntries(b.appointments().map((a) => [a.externalId, a.status]));
    expect(status).toEqual({ [first.id]: 'completed', [second.id]: 'no-show' });
  });

  it('an unknown presence value is kept and raised, not guessed', () => {
    notify('presence-marked', '123', { presence: 'MAYBE' });
    b.inbound.applyPending();
    expect(b.inbound.conflicts.list().map((c) => c.kind)).toEqual(['unhandled-notification']);
  });
});

describe('a booking moved to a calendar that is not synchronised', () => {
  it('cancels the local appointment with that reason', async () => {
    const online = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    await b.inbound.pullAndApply();
    b.inbound.inbox.store(
      [
        {
          name: 'booking-moved',
          created_at: '2026-11-23T09:00:00+01:00',
          data: {
            address: { id: 'not-ours' },
            old_visit_booking: {
              id: online.id,
              status: 'canceled',
              start_at: at('10:00'),
              end_at: at('10:20'),
            },
            new_visit_booking: { id: '55555', status: 'booked', start_at: at('12:00'), end_at: at('12:20') },
          },
        },
      ],
      'pull',
    );
    expect(b.inbound.applyPending().applied).toBe(1);
    expect(b.appointments()).toMatchObject([{ externalId: online.id, status: 'canceled' }]);
  });
});
