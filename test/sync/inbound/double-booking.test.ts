// A patient books online a time the receptionist just filled: a conflict with both sides, and each resolution
// does what it says — checked in the simulator's state and in the PMS afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, createBench, type Bench } from './fixture';

let b: Bench;
let deskId: string;
let onlineId: string;

beforeEach(async () => {
  b = await createBench();
  // The receptionist fills 10:00 at the desk; Docplanner has not been told yet, so the patient can book it.
  deskId = b.deskAppointment(at('10:00'), at('10:20'));
  onlineId = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation, {
    name: 'Jan',
    surname: 'Kowalski',
  }).id;
  const { apply } = await b.inbound.pullAndApply();
  expect(apply.conflicts).toBe(1);
});
afterEach(async () => {
  await b.close();
});

const openConflict = () => {
  const [c] = b.inbound.conflicts.list();
  if (!c) throw new Error('no open conflict');
  return c;
};

describe('double booking', () => {
  it('is raised once, with both sides and the three resolutions, and nothing written yet', async () => {
    const c = openConflict();
    expect(c.kind).toBe('double-booking');
    expect(c.local).toMatchObject({
      source: 'pms',
      start: at('10:00'),
      patient: 'Ewa Desk',
      service: 'Internal medicine consultation',
    });
    expect(c.remote).toMatchObject({
      source: 'docplanner',
      start: at('10:00'),
      patient: 'Jan Kowalski',
      service: 'Consultation',
    });
    expect(c.summary).not.toContain('Kowalski');
    expect(c.options.map((o) => o.action)).toEqual(['keep-both', 'move-online', 'cancel-online']);
    expect(b.appointments().map((a) => a.id)).toEqual([deskId]);

    // Pulled again (a push echo of the same event) or re-applied: still one open conflict.
    const entry = b.inbound.inbox.listUnapplied([], 10)[0]!;
    b.inbound.applier.applyOne(entry.id);
    expect(b.inbound.conflicts.list()).toHaveLength(1);
  });

  it('keep-both writes the online booking into the PMS as an overbooking and records who chose it', async () => {
    const c = openConflict();
    const events: number[] = [];
    b.inbound.conflicts.on((e) => events.push(e.open));
    const r = await b.inbound.conflicts.resolve({ id: c.id, action: 'keep-both', by: 'Reception: Ewa' });
    expect(r.ok).toBe(true);
    expect(events).toEqual([0]);
    const rows = b.appointments();
    expect(rows.map((a) => [a.start, a.externalId])).toEqual([
      [at('10:00'), null],
      [at('10:00'), onlineId],
    ]);
    expect(b.repos.bookings.getByDpId(onlineId)?.localId).toBe(rows[1]!.id);
    const resolved = b.inbound.conflicts.list({ status: 'resolved' })[0]!;
    expect(resolved.resolution).toMatchObject({ action: 'keep-both', by: 'Reception: Ewa' });
    expect(b.remote().bookings.find((x) => x.id === onlineId)?.status).toBe('booked');
  });

  it('cancel-online cancels the booking on Docplanner and leaves the PMS as the receptionist made it', async () => {
    const r = await b.inbound.conflicts.resolve({
      id: openConflict().id,
      action: 'cancel-online',
      by: 'Ewa',
    });
    expect(r.ok).toBe(true);
    expect(b.remote().bookings.find((x) => x.id === onlineId)?.status).toBe('canceled');
    const cancel = b.sim.control.callLog().find((e) => e.operation === 'cancelBooking')!;
    expect(cancel.path).toContain(`/bookings/${onlineId}`);
    expect(cancel.body).toMatchObject({ reason: expect.stringContaining('no longer available') });
    expect(b.appointments().map((a) => a.id)).toEqual([deskId]);
    expect(b.inbound.conflicts.openCount()).toBe(0);
  });

  it('move-online moves the booking to the nearest free time of the same service and writes it into the PMS', async () => {
    const r = await b.inbound.conflicts.resolve({ id: openConflict().id, action: 'move-online', by: 'Ewa' });
    expect(r.ok).toBe(true);
    const remote = b.remote().bookings;
    expect(remote.find((x) => x.id === onlineId)?.status).toBe('canceled');
    const moved = remote.find((x) => x.status === 'booked')!;
    expect(moved.start_at).toBe(at('09:40'));
    expect(moved.address_service?.id).toBe(b.svc.consultation);
    const rows = b.appointments();
    expect(rows.map((a) => [a.start, a.externalId])).toEqual([
      [at('09:40'), moved.id],
      [at('10:00'), null],
    ]);
    expect(b.repos.bookings.resolve(onlineId)).toBe(moved.id);
  });

  it('an action that fails leaves the conflict open with the error shown', async () => {
    b.sim.control.setFaults({ serverErrorRate: 1, operations: ['cancelBooking'] });
    const id = openConflict().id;
    const r = await b.inbound.conflicts.resolve({ id, action: 'cancel-online', by: 'Ewa' });
    expect(r.ok).toBe(false);
    const c = openConflict();
    expect(c.id).toBe(id);
    expect(c.status).toBe('open');
    expect(c.summary).toContain('cancel-online');
    expect(b.remote().bookings.find((x) => x.id === onlineId)?.status).toBe('booked');
  });

  it('the patient canceling online closes the conflict with that reason, never silently', async () => {
    b.sim.control.patientCancel(b.ref.addressId, onlineId);
    await b.inbound.pullAndApply();
    expect(b.inbound.conflicts.openCount()).toBe(0);
    const [closed] = b.inbound.conflicts.list({ status: 'resolved' });
    expect(closed!.resolution).toMatchObject({ by: 'sync' });
    expect(closed!.resolution!.outcome).toContain('canceled');
    expect(b.appointments().map((a) => a.id)).toEqual([deskId]);
  });
});
