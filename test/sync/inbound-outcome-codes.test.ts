// What the inbound half did with each notification is coded for the activity screen, beside its English summary:
// a booking written as appointment N, found already there, moved, canceled (and by whom), a break blocked and
// removed, a service added. Instants go out as ISO (the UI formats them), the appointment as the practice
// system's id; never a patient's name or its masked form. Real simulator and PMS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../shared/bridge';
import { at, createBench, type Bench } from './inbound/fixture';

const PATIENT = { name: 'Zofia', surname: 'Testowa', phone: '+48500999111' };

let b: Bench;
beforeEach(async () => {
  b = await createBench();
});
afterEach(async () => {
  await b.close();
});

/** The newest inbound activity entry of `operation`. */
const latest = (operation: string): ActivityEntry => {
  const found = b.repos.audit
    .query({ limit: 100 })
    .entries.find((e) => e.direction === 'in' && e.operation === operation);
  if (!found) throw new Error(`no activity for ${operation}`);
  return found;
};

/** The same instant, whatever offset it was written with. */
const sameInstant = (value: unknown, expected: string) =>
  expect(Date.parse(String(value))).toBe(Date.parse(expected));

const noPatient = (e: ActivityEntry) => expect(JSON.stringify(e.params)).not.toMatch(/Zofia|Testowa|\*\*\*/);

describe('inbound outcomes are coded', () => {
  it('a booking written, found again, moved and canceled by the patient', async () => {
    const booked = b.sim.control.patientBook(b.ref.addressId, at('10:00'), b.svc.consultation, PATIENT);
    await b.inbound.pullAndApply();
    const written = latest('slot-booked');
    const appointment = b.repos.bookings.getByDpId(booked.id)!.localId;
    expect(written).toMatchObject({
      outcome: 'ok',
      code: 'activity.in.booking-written',
      params: { appointment },
    });
    sameInstant(written.params!['start'], at('10:00'));
    noPatient(written);

    // The same notification applied again (a push echo): already there.
    const first = b.inbound.inbox.get(1)!; // the only notification stored so far
    expect(first.name).toBe('slot-booked');
    b.inbound.applier.applyOne(first.id);
    expect(latest('slot-booked')).toMatchObject({
      outcome: 'skipped',
      code: 'activity.in.booking-known',
      params: { appointment },
    });

    const moved = b.sim.control.patientMove(b.ref.addressId, booked.id, at('11:00'));
    await b.inbound.pullAndApply();
    const move = latest('booking-moved');
    expect(move).toMatchObject({ outcome: 'ok', code: 'activity.in.moved', params: { appointment } });
    sameInstant(move.params!['from'], at('10:00'));
    sameInstant(move.params!['start'], at('11:00'));
    noPatient(move);

    b.sim.control.patientCancel(b.ref.addressId, moved.id);
    await b.inbound.pullAndApply();
    const canceled = latest('booking-canceled');
    expect(canceled).toMatchObject({
      outcome: 'ok',
      code: 'activity.in.canceled',
      params: { appointment, by: 'activity.in.by.patient' },
    });
    sameInstant(canceled.params!['start'], at('11:00'));
    noPatient(canceled);
  });

  it('a break blocked in the practice system and removed again; a service added', async () => {
    const brk = b.sim.control.doctorAddBreak(b.ref.addressId, at('13:00'), at('14:00'));
    await b.inbound.pullAndApply();
    const created = latest('break-created');
    expect(created).toMatchObject({ outcome: 'ok', code: 'activity.in.break-blocked' });
    sameInstant(created.params!['start'], at('13:00'));
    sameInstant(created.params!['end'], at('14:00'));

    b.sim.control.doctorRemoveBreak(b.ref.addressId, brk.id);
    await b.inbound.pullAndApply();
    expect(latest('break-removed')).toMatchObject({ outcome: 'ok', code: 'activity.in.break-removed' });

    b.sim.control.doctorAddService(b.ref.addressId, { serviceId: '903', name: 'Massage' });
    await b.inbound.pullAndApply();
    expect(latest('address-service-created')).toMatchObject({
      code: 'activity.in.service-added',
      params: { service: 'Massage' },
    });
  });
});
