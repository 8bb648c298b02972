// A marketplace booking written back into the PMS, then canceled online by the patient, while the notification of
// the cancellation never reaches the engine (consumed by a pull whose answer was lost, or expired after 72 h).
// A full resync must cancel the PMS appointment exactly once (linked or, after losing the link, matched by start
// and patient), and a second full resync must change nothing. Real simulator, real SQLite, virtual clock.
import { afterEach, describe, expect, it } from 'vitest';
import { createInbound, type Inbound } from '../../electron/engine/sync/inbound/index';
import { DP, createWorld, type World } from './support/harness';

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const PATIENT = { name: 'Ewa', surname: 'Zielona', phone: '+48500999000' };

async function worldWithInbound(): Promise<{ world: World; inbound: () => Inbound }> {
  let inbound: Inbound | null = null;
  const world = await createWorld({
    inbound: (wd, repos) => {
      inbound = createInbound({ repos, practice: wd.practice, api: wd.api, clock: wd.clock });
      return inbound;
    },
  });
  return { world, inbound: () => inbound! };
}

/** Books online and lets the inbound half write it into the PMS; returns the online id and the appointment. */
async function writtenBack(world: World, inbound: Inbound, start: string) {
  const online = world.sim.control.patientBook(DP.addressId, start, DP.consultation, PATIENT);
  await world.run(inbound.pullAndApply());
  const [appointment] = world.pms.listAppointments({ externalId: online.id });
  expect(appointment).toMatchObject({ bookedVia: 'marketplace', status: 'booked' });
  return { onlineId: online.id, localId: appointment!.id };
}

/** A pull whose answer never arrived: Docplanner's queue is consumed and the engine stored nothing. */
async function loseQueuedNotifications(world: World): Promise<void> {
  await world.run(world.api.pullNotifications(100));
  expect(world.sim.control.state().notifications).toEqual([]);
}

/** Everything a resync could change: the PMS row, the engine's writes, inbox rows and inbound activity. */
function footprint(world: World, inbound: Inbound, localId: string) {
  const row = world.pms.db
    .prepare('SELECT status, updated_at FROM appointments WHERE id = ?')
    .get(Number(localId)) as { status: string; updated_at: string };
  return {
    row,
    writes: world.writes().length,
    inboxRows: world.db.prepare('SELECT COUNT(*) FROM inbox').pluck().get() as number,
    pending: inbound.inbox.pendingCount(),
    activityIn: world.engine.listActivity({ limit: 500 }).entries.filter((e) => e.direction === 'in').length,
  };
}

function cancellationsApplied(world: World): number {
  return world.engine
    .listActivity({ limit: 500 })
    .entries.filter((e) => e.operation === 'booking-canceled' && e.outcome === 'ok').length;
}

async function expectSecondResyncChangesNothing(world: World, inbound: Inbound, localId: string) {
  world.sim.control.clearLog();
  const before = footprint(world, inbound, localId);
  const again = await world.run(world.engine.fullResync());
  expect(again.ok).toBe(true);
  expect(footprint(world, inbound, localId)).toEqual(before);
  expect(cancellationsApplied(world)).toBe(1);
}

describe('reconciliation: a cancellation whose notification was lost', () => {
  it('linked appointment: the notification consumed by a lost pull; a full resync cancels it once', async () => {
    const { world, inbound } = await worldWithInbound();
    w = world;
    const { onlineId, localId } = await writtenBack(world, inbound(), '2026-11-25T10:00:00+01:00');
    world.sim.control.patientCancel(DP.addressId, onlineId);
    await loseQueuedNotifications(world);

    const r = await world.run(world.engine.fullResync());
    expect(r.ok).toBe(true);
    expect(world.pms.listAppointments({ externalId: onlineId })).toEqual([
      expect.objectContaining({ id: localId, status: 'canceled' }),
    ]);
    expect(world.engine.repos.bookings.get(localId)).toMatchObject({ state: 'canceled' });
    expect(cancellationsApplied(world)).toBe(1);
    await expectSecondResyncChangesNothing(world, inbound(), localId);
    expect(world.sim.control.state().addresses[DP.addressId]!.bookings).toEqual([
      expect.objectContaining({ id: onlineId, status: 'canceled' }),
    ]);
  });

  it('unlinked appointment (link lost, notification expired): matched by start and patient, canceled once', async () => {
    const { world, inbound } = await worldWithInbound();
    w = world;
    const { onlineId, localId } = await writtenBack(world, inbound(), '2026-11-27T10:00:00+01:00');
    // The state DB lost the link (a crash between the PMS write and storing the link, or a new leader's
    // handover without it): nothing ties the appointment to the online booking any more.
    world.engine.repos.bookings.delete(localId);
    world.sim.control.patientCancel(DP.addressId, onlineId);
    await world.clock.advance(73 * 3600_000); // notifications live 72 h
    expect(world.sim.control.state().notifications).toEqual([]);

    const r = await world.run(world.engine.fullResync());
    expect(r.ok).toBe(true);
    expect(world.pms.listAppointments({ date: '2026-11-27' })).toEqual([
      expect.objectContaining({ id: localId, status: 'canceled', bookedVia: 'marketplace' }),
    ]);
    expect(world.engine.repos.bookings.get(localId)).toMatchObject({
      dpBookingId: onlineId,
      state: 'canceled',
    });
    expect(cancellationsApplied(world)).toBe(1);
    // Not booked again online as a "missing" appointment.
    expect(world.writes().filter((e) => e.operation === 'bookSlot')).toEqual([]);
    await expectSecondResyncChangesNothing(world, inbound(), localId);
  });

  it('another patient at the same start is never canceled (the match needs name and phone)', async () => {
    const { world, inbound } = await worldWithInbound();
    w = world;
    const { onlineId, localId } = await writtenBack(world, inbound(), '2026-11-25T10:00:00+01:00');
    world.engine.repos.bookings.delete(localId);
    world.pms.db
      .prepare('UPDATE patients SET phone = ? WHERE id = (SELECT patient_id FROM appointments WHERE id = ?)')
      .run('+48500111222', Number(localId));
    world.sim.control.patientCancel(DP.addressId, onlineId);
    await loseQueuedNotifications(world);

    await world.run(world.engine.reconcile());
    expect(world.pms.listAppointments({ date: '2026-11-25' })).toEqual([
      expect.objectContaining({ id: localId, status: 'booked' }),
    ]);
    expect(cancellationsApplied(world)).toBe(0);
  });
});
