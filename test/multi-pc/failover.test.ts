// Several reception PCs on one practice DB and one Docplanner account (issue 7): exactly one PC writes, a crashed
// leader is replaced after expiry, and the new leader (whose state DB never saw what the old one pushed) takes the
// mapping over and reconciles with Docplanner before it pushes anything: no duplicate or re-booked booking.
// Real parts only: 2–3 full SyncSessions (separate state DBs, own LeaseKeepers on the real sidecar file), one
// practice DB file, one simulator over loopback, one virtual clock.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sidecarPathFor } from '../../electron/engine/lease';
import {
  ADDRESS_KEY,
  IDS,
  MAPPING,
  TAKEOVER_MS,
  createClinic,
  onlineBookings,
  waitForLeader,
  writerViolations,
  type Clinic,
} from './support/clinic';

let c: Clinic | null = null;
afterEach(async () => {
  await c?.close();
  c = null;
});

const PATIENT = { firstName: 'Jan', lastName: 'Kowalski', phone: '+48500100200' };

/** Active PMS appointments from now on, by start instant (ms). */
function pmsActive(cl: Clinic) {
  return cl.pms.listAppointments({ status: 'booked' }).filter((a) => Date.parse(a.start) > cl.clock.now());
}

/** Every active PMS appointment is booked online exactly once and every online booking is in the PMS once. */
function mirroredOnce(cl: Clinic): string[] {
  const out: string[] = [];
  const online = onlineBookings(cl).filter((b) => Date.parse(b.start_at) > cl.clock.now());
  const local = pmsActive(cl);
  for (const a of local) {
    const n = online.filter((b) => Date.parse(b.start_at) === Date.parse(a.start)).length;
    if (n !== 1) out.push(`PMS appointment ${a.id} at ${a.start} is online ${n} times`);
  }
  for (const b of online) {
    const n = local.filter((a) => Date.parse(a.start) === Date.parse(b.start_at)).length;
    if (n !== 1) out.push(`online booking ${b.id} at ${b.start_at} is in the PMS ${n} times`);
  }
  return out;
}

/** bookSlot calls that succeeded, per start: more than one for the same start means a re-booked appointment. */
function rebooked(cl: Clinic): string[] {
  const seen = new Map<string, number>();
  for (const w of cl.writes()) {
    if (w.operation !== 'bookSlot' || w.status >= 300) continue;
    const key = decodeURIComponent(w.path.split('?')[0]!); // …/slots/<start>/book
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.entries()].filter(([, n]) => n > 1).map(([k, n]) => `${k} booked ${n} times`);
}

/** Rewrites the handover in the real sidecar file without its links (as published before any booking). */
function forgetHandedOverLinks(cl: Clinic): void {
  const db = new Database(sidecarPathFor(cl.pmsPath));
  try {
    const row = db.prepare('SELECT body FROM handover WHERE id = 1').get() as { body: string };
    const body = JSON.parse(row.body) as Record<string, unknown>;
    db.prepare('UPDATE handover SET body = ? WHERE id = 1').run(
      JSON.stringify({ ...body, bookings: [], breaks: [] }),
    );
  } finally {
    db.close();
  }
}

async function leaderWithActivatedAddress(cl: Clinic, name: string) {
  const pc = cl.pc(name);
  await pc.start({ mapping: MAPPING });
  const leader = await waitForLeader(cl);
  expect(leader.name).toBe(name);
  const r = await cl.run(pc.session!.engine.activate(ADDRESS_KEY));
  expect(r).toMatchObject({ ok: true });
  await cl.wait(60_000);
  return pc;
}

describe('multi-PC: exactly one PC syncs', () => {
  it('two PCs: only the leader writes to Docplanner and the PMS; the viewer shows who syncs', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2'] });
    const a = await leaderWithActivatedAddress(c, 'RECEPTION-1');
    const b = c.pc('RECEPTION-2');
    await b.start();
    await c.wait(5000);
    expect(b.isLeader()).toBe(false);
    expect(b.session!.status().lease).toMatchObject({ role: 'viewer', holder: 'RECEPTION-1' });

    c.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-24 09:00',
      minutes: 30,
      patient: PATIENT,
    });
    c.sim.control.patientBook(IDS.addressId, '2026-11-25T10:00:00+01:00', IDS.consultation, {
      name: 'Ewa',
      surname: 'Zielona',
      phone: '+48500999000',
    });
    await c.wait(60_000);

    const writers = new Set(c.writes().map((w) => w.clientId));
    expect(writers).toEqual(new Set([a.clientId]));
    expect(c.writes().some((w) => w.operation === 'bookSlot')).toBe(true);
    // The online booking was written into the PMS once (by the leader: the viewer's engine never ran).
    expect(c.pms.listAppointments({ date: '2026-11-25' })).toEqual([
      expect.objectContaining({ bookedVia: 'marketplace', status: 'booked' }),
    ]);
    expect(b.session!.engine.listActivity({ limit: 50 }).entries).toEqual([]);
    expect(mirroredOnce(c)).toEqual([]);
    expect(writerViolations(c)).toEqual([]);
    // The viewer shows the leader's published status.
    const viewerStatus = b.session!.status();
    expect(viewerStatus.reason).toMatch(/^Syncing on RECEPTION-1/);
    expect(viewerStatus.state).toBe(a.session!.status().state);
  });

  it('three PCs: the leader crashes; another takes over after expiry, imports the mapping, reconciles first, and nothing is sent twice', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2', 'RECEPTION-3'] });
    const a = await leaderWithActivatedAddress(c, 'RECEPTION-1');
    await c.pc('RECEPTION-2').start();
    await c.pc('RECEPTION-3').start();
    // Bookings the old leader pushes (local) and writes into the PMS (online).
    c.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-24 09:00',
      minutes: 30,
      patient: PATIENT,
    });
    c.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 2,
      start: '2026-11-26 11:00',
      minutes: 30,
      patient: { firstName: 'Olga', lastName: 'Nowicka', phone: '+48500100300' },
    });
    c.sim.control.patientBook(IDS.addressId, '2026-11-25T10:00:00+01:00', IDS.consultation, {
      name: 'Ewa',
      surname: 'Zielona',
      phone: '+48500999000',
    });
    await c.wait(30_000);
    expect(onlineBookings(c)).toHaveLength(3);
    expect(mirroredOnce(c)).toEqual([]);
    // One more, pushed seconds before the crash: the handover the old leader published may not know it yet.
    c.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-24 11:00',
      minutes: 30,
      patient: { firstName: 'Adam', lastName: 'Sowa', phone: '+48500100500' },
    });
    await c.wait(2500);
    expect(onlineBookings(c)).toHaveLength(4);

    // The leader crashes; meanwhile the receptionist books, and a patient books online.
    await a.crash();
    const crashedAt = c.clock.now();
    c.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-27 09:30',
      minutes: 30,
      patient: { firstName: 'Piotr', lastName: 'Wrona', phone: '+48500100400' },
    });
    c.sim.control.patientBook(IDS.addressId, '2026-11-27T11:00:00+01:00', IDS.control, {
      name: 'Maria',
      surname: 'Lis',
      phone: '+48500999111',
    });
    // A receptionist on RECEPTION-3 presses "sync now" while nobody leads: queued for whoever leads next.
    const queued = c.pc('RECEPTION-3').session!.request({ kind: 'sync-now' }, 'RECEPTION-3');
    expect(queued).toMatchObject({ ok: true });
    const next = await waitForLeader(c, 2 * TAKEOVER_MS);
    expect(next.name).not.toBe('RECEPTION-1');
    // Not before the lease expired (ttl + margin of quiet on the survivor's clock).
    const takeover = c.terms.find((t) => t.pc === next.name)!;
    expect(takeover.from - crashedAt).toBeGreaterThanOrEqual(36_000);
    await c.wait(60_000);

    const report = next.session!.takeovers.at(-1)!;
    expect(report).toMatchObject({ importedFrom: 'RECEPTION-1', resumed: false });
    expect(next.session!.engine.repos.mapping.getAddress(ADDRESS_KEY)?.activation).toBe('active');
    // The new leader read Docplanner before its first write.
    const mine = c.sim.control.callLog().filter((e) => e.clientId === next.clientId && e.at >= takeover.from);
    // Queued notifications first (they are older than what it reads), then the reconciliation's reads, and only
    // then any write (not even the queued "sync now" ran before).
    const firstWrite = mine.findIndex((e) => e.write && e.operation !== 'token');
    const reads = mine.findIndex((e) => e.operation === 'getCalendarBreaks');
    expect(mine.findIndex((e) => e.operation.startsWith('Pull'))).toBeLessThan(reads);
    expect(reads).toBeGreaterThanOrEqual(0);
    expect(firstWrite).toBeGreaterThan(reads);

    expect(onlineBookings(c)).toHaveLength(6);
    expect(mirroredOnce(c)).toEqual([]);
    expect(rebooked(c)).toEqual([]);
    expect(writerViolations(c)).toEqual([]);
    expect(
      next.session!.keeper!.listRequests().map((r) => [r.request.kind, r.state, r.attempts, r.claimedBy]),
    ).toEqual([['sync-now', 'done', 1, next.name]]);
    // Carried out after the takeover, as a real sync (not refused while the takeover was running).
    expect(next.session!.keeper!.listRequests()[0]!.outcome?.message).not.toMatch(/stopped syncing/);
    const viewer = c.pcs.find((p) => p.session && p !== next)!;
    expect(viewer.isLeader()).toBe(false);
    expect(viewer.lease()).toMatchObject({ role: 'viewer', holder: next.name });
  });

  it('a handover without links (published before the last pushes): the new leader links what Docplanner has and re-books nothing', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2'] });
    const a = await leaderWithActivatedAddress(c, 'RECEPTION-1');
    const b = c.pc('RECEPTION-2');
    await b.start();
    c.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-24 09:00',
      minutes: 30,
      patient: PATIENT,
    });
    c.sim.control.patientBook(IDS.addressId, '2026-11-25T10:00:00+01:00', IDS.consultation, {
      name: 'Ewa',
      surname: 'Zielona',
      phone: '+48500999000',
    });
    await c.wait(30_000);
    expect(onlineBookings(c)).toHaveLength(2);
    await a.crash();
    // What a crash right after the pushes leaves: a handover that knows the mapping but none of the links.
    forgetHandedOverLinks(c);
    await waitForLeader(c, 2 * TAKEOVER_MS);
    expect(b.isLeader()).toBe(true);
    await c.wait(60_000);

    expect(b.session!.takeovers.at(-1)).toMatchObject({ importedFrom: 'RECEPTION-1', resumed: false });
    expect(onlineBookings(c)).toHaveLength(2);
    expect(c.pms.listAppointments({ status: 'booked' })).toHaveLength(2);
    expect(mirroredOnce(c)).toEqual([]);
    expect(rebooked(c)).toEqual([]);
    expect(c.writes().filter((w) => w.clientId === b.clientId && w.operation !== 'replaceSlots')).toEqual([]);
    expect(writerViolations(c)).toEqual([]);
    // Both bookings are linked again in the new leader's own state DB.
    expect(b.session!.engine.repos.bookings.listAll().filter((l) => l.state === 'booked')).toHaveLength(2);
  });

  // The patient cancels online while no PC leads and the handover lacks the link: the pulled notification finds
  // nothing linked, so reconciliation matches the canceled booking to its unlinked marketplace appointment (same
  // start, same patient) and cancels it through the inbound half.
  it('a patient cancels online while no PC leads, the handover lacking the link: the PMS visit is canceled', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2'] });
    const a = await leaderWithActivatedAddress(c, 'RECEPTION-1');
    const b = c.pc('RECEPTION-2');
    await b.start();
    const online = c.sim.control.patientBook(IDS.addressId, '2026-11-25T10:00:00+01:00', IDS.consultation, {
      name: 'Ewa',
      surname: 'Zielona',
      phone: '+48500999000',
    });
    await c.wait(30_000);
    expect(c.pms.listAppointments({ status: 'booked' })).toHaveLength(1);
    await a.crash();
    forgetHandedOverLinks(c);
    c.sim.control.patientCancel(IDS.addressId, online.id);
    await waitForLeader(c, 2 * TAKEOVER_MS);
    await c.wait(60_000);
    expect(b.isLeader()).toBe(true);
    expect(onlineBookings(c)).toEqual([]);
    expect(c.pms.listAppointments({ status: 'booked' })).toEqual([]);
    expect(c.pms.listAppointments({ date: '2026-11-25' })).toEqual([
      expect.objectContaining({ bookedVia: 'marketplace', status: 'canceled' }),
    ]);
    // Nothing was booked again online for the canceled visit, and only the leader wrote.
    expect(c.writes().filter((w) => w.operation === 'bookSlot' && w.clientId === b.clientId)).toEqual([]);
    expect(writerViolations(c)).toEqual([]);
  });

  it('a clean stop hands over at once (release): the next PC leads at its next poll with the mapping', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2'] });
    const a = await leaderWithActivatedAddress(c, 'RECEPTION-1');
    const b = c.pc('RECEPTION-2');
    await b.start();
    await a.stop();
    const stoppedAt = c.clock.now();
    await waitForLeader(c);
    expect(b.isLeader()).toBe(true);
    expect(c.terms.at(-1)!.from - stoppedAt).toBeLessThanOrEqual(10_000 + 500);
    c.pms.addAppointment({
      doctorId: 1,
      locationId: 1,
      serviceId: 1,
      start: '2026-11-24 10:00',
      minutes: 30,
      patient: PATIENT,
    });
    await c.wait(30_000);
    expect(onlineBookings(c)).toHaveLength(1);
    expect(mirroredOnce(c)).toEqual([]);
    expect(writerViolations(c)).toEqual([]);
  });
});
