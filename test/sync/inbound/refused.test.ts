// A local appointment Docplanner refused (the outbound half raises 'booking-refused' with the same helpers):
// its resolutions, and how it meets a double booking of the same time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookingKey } from '../../../electron/engine/store/outbox';
import { holdId } from '../../../electron/engine/store/links';
import { bookingRefused } from '../../../electron/engine/sync/conflicts/drafts';
import { ADDRESS_KEY, DAY, at, createBench, type Bench } from './fixture';

let b: Bench;
let deskId: string;

beforeEach(async () => {
  b = await createBench();
  deskId = b.deskAppointment(at('10:00'), at('10:20'));
});
afterEach(async () => {
  await b.close();
});

/** What the outbound half does when bookSlot is refused: outbox entry blocked + a booking-refused conflict. */
function refuse(reason: string) {
  const now = b.clock.now();
  b.repos.outbox.enqueue(
    { key: bookingKey(deskId), kind: 'booking', addressKey: ADDRESS_KEY, day: DAY, lane: 0 },
    now,
  );
  b.repos.outbox.block(b.repos.outbox.getByKey(bookingKey(deskId))!.id, reason, now);
  const local = b.practice
    .readDays({ doctorId: '1', locationId: '1' }, { from: DAY, to: DAY })[0]!
    .bookings.find((x) => x.id === deskId)!;
  return b.inbound.conflicts.raise(
    bookingRefused({
      context: {
        addressKey: ADDRESS_KEY,
        inboxId: null,
        ref: b.ref,
        localBookingId: deskId,
        start: at('10:00'),
        end: at('10:20'),
        reason,
      },
      booking: local,
      serviceName: 'Internal medicine consultation',
    }),
  ).conflict;
}

describe('booking refused by Docplanner', () => {
  it('offers retry, hold-with-break and keep-local-only — never canceling the patient locally', () => {
    const c = refuse('no free slot at that time');
    expect(c.options.map((o) => o.action)).toEqual(['retry', 'hold-with-break', 'keep-local-only']);
    expect(c.local).toMatchObject({ patient: 'Ewa Desk', start: at('10:00') });
  });

  it('hold-with-break blocks the time on Docplanner and links the break as a hold', async () => {
    const c = refuse('no free slot at that time');
    expect((await b.inbound.conflicts.resolve({ id: c.id, action: 'hold-with-break', by: 'Ewa' })).ok).toBe(
      true,
    );
    const [brk] = b.remote().breaks;
    expect(brk).toMatchObject({
      since: at('10:00'),
      till: at('10:20'),
      description: expect.stringContaining('practice system'),
    });
    expect(b.repos.breaks.get(holdId(deskId))).toMatchObject({ dpBreakId: brk!.id, origin: 'booking-hold' });
    expect(b.remote().freeSlots.some((s) => s.start === at('10:00'))).toBe(false);
  });

  it('retry puts the outbox entry back in the urgent lane', async () => {
    const c = refuse('validation failed');
    expect((await b.inbound.conflicts.resolve({ id: c.id, action: 'retry', by: 'Ewa' })).ok).toBe(true);
    expect(b.repos.outbox.getByKey(bookingKey(deskId))).toMatchObject({ state: 'pending', lane: 0 });
  });

  it('a patient booking the same time online folds it into the double booking; cancel-online re-sends the desk one', async () => {
    const refused = refuse('Requested target slot not found');
    const online = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation);
    await b.inbound.pullAndApply();
    const open = b.inbound.conflicts.list();
    expect(open.map((c) => c.kind)).toEqual(['double-booking']);
    const closed = b.inbound.conflicts.list({ status: 'resolved' }).find((c) => c.id === refused.id)!;
    expect(closed.resolution?.outcome).toContain('double-booking');

    const r = await b.inbound.conflicts.resolve({ id: open[0]!.id, action: 'cancel-online', by: 'Ewa' });
    expect(r).toMatchObject({ ok: true, message: expect.stringContaining('sent to Docplanner again') });
    expect(b.remote().bookings.find((x) => x.id === online.id)?.status).toBe('canceled');
    expect(b.repos.outbox.getByKey(bookingKey(deskId))).toMatchObject({ state: 'pending', lane: 0 });
  });
});
