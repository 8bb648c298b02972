// Property test: 2–3 full reception PCs (SyncSessions with their own state DBs and LeaseKeepers) on one practice
// DB and one simulator, in virtual time. fast-check interleaves starts, clean stops, crashes (no release), waits
// (renewals, expiries, takeovers), receptionist bookings/cancellations/moves in the PMS and patient bookings/
// cancellations/moves online, and "sync now" pressed on viewers. After quiescence (a PC runs, leads, reconciles, drains):
// - at most one writer per lease term, and every Docplanner write was made inside its writer's term;
// - no duplicate booking on Docplanner: no bookSlot was refused (nothing tried to book an already booked time) and
//   no hold break was needed (PMS and patients use disjoint times, so every one would be a re-booking): the breaks
//   on Docplanner are exactly the PMS blocks, each once;
// - every active PMS appointment is booked online exactly once and every online booking is in the PMS exactly once;
// - every "sync now" a viewer queued was carried out (done, with an outcome) by a leader.
// MULTI_PC_RUNS (default 12; SOAK=1: 300) scales it; a failure prints the seed and path: replay with
// MULTI_PC_SEED=<seed> MULTI_PC_PATH=<path>.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_KEY,
  IDS,
  MAPPING,
  createClinic,
  onlineBookings,
  waitForLeader,
  writerViolations,
  type Clinic,
} from './support/clinic';

const SOAK = process.env.SOAK === '1';
const RUNS = Number(process.env.MULTI_PC_RUNS ?? (SOAK ? 300 : 12));
const SEED = process.env.MULTI_PC_SEED ? Number(process.env.MULTI_PC_SEED) : undefined;
const PATH = process.env.MULTI_PC_PATH;

const DAYS = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];
// Receptionists book on the full hour, patients on the half hour: no legitimate double booking can arise.
const PMS_TIMES = ['09:00', '10:00', '11:00'];
const PATIENT_TIMES = ['09:30', '10:30'];
// Receptionists block 11:30–12:00 (no booking ever uses it).
const BLOCK = ['11:30', '12:00'] as const;

type Step =
  | { k: 'start'; pc: number }
  | { k: 'stop'; pc: number }
  | { k: 'crash'; pc: number }
  | { k: 'wait'; ms: number }
  | { k: 'pms-book'; day: number; time: number; service: 1 | 2 }
  | { k: 'pms-cancel'; pick: number }
  | { k: 'pms-move'; pick: number; day: number; time: number }
  | { k: 'pms-block'; day: number }
  | { k: 'pms-unblock'; pick: number }
  | { k: 'patient-book'; day: number; time: number }
  | { k: 'patient-cancel'; pick: number }
  | { k: 'patient-move'; pick: number; day: number; time: number }
  /** A receptionist on a viewer PC presses "sync now" (queued in the sidecar for the leader). */
  | { k: 'viewer-sync-now'; pc: number };

const pc = fc.integer({ min: 0, max: 2 });
const pick = fc.double({ min: 0, max: 0.999, noNaN: true });
const day = fc.integer({ min: 0, max: DAYS.length - 1 });
const time = fc.integer({ min: 0, max: 2 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ k: fc.constant('start' as const), pc }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('stop' as const), pc }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('crash' as const), pc }) },
  {
    weight: 3,
    arbitrary: fc.record({ k: fc.constant('wait' as const), ms: fc.integer({ min: 1000, max: 45_000 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('pms-book' as const),
      day,
      time,
      service: fc.constantFrom(1 as const, 2 as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pms-cancel' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pms-move' as const), pick, day, time }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pms-block' as const), day }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pms-unblock' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('patient-move' as const), pick, day, time }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('patient-book' as const), day, time }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('patient-cancel' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('viewer-sync-now' as const), pc }) },
);

const offset = '+01:00'; // Warsaw in November

async function apply(c: Clinic, s: Step, names: string[]): Promise<void> {
  switch (s.k) {
    case 'start': {
      const p = c.pc(names[s.pc % names.length]!);
      if (!p.session) await p.start();
      return;
    }
    case 'stop':
      return c.pc(names[s.pc % names.length]!).stop();
    case 'crash':
      return c.pc(names[s.pc % names.length]!).crash();
    case 'wait':
      return c.wait(s.ms);
    case 'pms-book': {
      const start = `${DAYS[s.day]!}T${PMS_TIMES[s.time]!}:00${offset}`;
      const taken = c.pms
        .listAppointments({ status: 'booked' })
        .some((a) => Date.parse(a.start) === Date.parse(start));
      if (!taken) {
        c.pms.addAppointment({
          doctorId: 1,
          locationId: 1,
          serviceId: s.service,
          start,
          minutes: 30,
          patient: { firstName: 'Jan', lastName: `Pms${s.day}${s.time}`, phone: '+48500100200' },
        });
      }
      return;
    }
    case 'pms-cancel': {
      const desk = c.pms.listAppointments({ status: 'booked' }).filter((a) => a.bookedVia !== 'marketplace');
      const a = desk[Math.floor(s.pick * desk.length)];
      if (a) c.pms.cancelAppointment(a.id);
      return;
    }
    case 'pms-move': {
      const start = `${DAYS[s.day]!}T${PMS_TIMES[s.time]!}:00${offset}`;
      const active = c.pms.listAppointments({ status: 'booked' });
      const desk = active.filter((a) => a.bookedVia !== 'marketplace');
      const a = desk[Math.floor(s.pick * desk.length)];
      if (a && !active.some((x) => Date.parse(x.start) === Date.parse(start))) {
        c.pms.rescheduleAppointment(a.id, { start });
      }
      return;
    }
    case 'pms-block': {
      const since = `${DAYS[s.day]!}T${BLOCK[0]}:00${offset}`;
      if (!pmsBlocks(c).some((b) => b.since === Date.parse(since))) {
        c.pms.addBlock(1, 1, since, `${DAYS[s.day]!}T${BLOCK[1]}:00${offset}`);
      }
      return;
    }
    case 'pms-unblock': {
      const blocks = pmsBlocks(c);
      const b = blocks[Math.floor(s.pick * blocks.length)];
      if (b) c.pms.removeBlock(b.id);
      return;
    }
    case 'patient-move': {
      const mine = onlineBookings(c).filter((b) => b.booked_by !== 'integration');
      const b = mine[Math.floor(s.pick * mine.length)];
      const start = `${DAYS[s.day]!}T${PATIENT_TIMES[s.time % PATIENT_TIMES.length]!}:00${offset}`;
      try {
        if (b) c.sim.control.patientMove(IDS.addressId, b.id, start);
      } catch {
        // The new time is not offered: the patient keeps the visit.
      }
      return;
    }
    case 'patient-book': {
      const start = `${DAYS[s.day]!}T${PATIENT_TIMES[s.time % PATIENT_TIMES.length]!}:00${offset}`;
      try {
        c.sim.control.patientBook(IDS.addressId, start, IDS.consultation, {
          name: 'Ewa',
          surname: `Online${s.day}${s.time}`,
          phone: '+48500999000',
        });
      } catch {
        // Not offered (availability not published yet, or taken): the patient picks nothing.
      }
      return;
    }
    case 'viewer-sync-now': {
      const p = c.pc(names[s.pc % names.length]!);
      if (p.session && !p.isLeader() && p.session.keeper!.state.role === 'viewer') {
        const r = p.session.request({ kind: 'sync-now' }, p.name);
        if (!r.ok) throw new Error(`a viewer could not queue sync-now: ${r.message}`);
      }
      return;
    }
    case 'patient-cancel': {
      const mine = onlineBookings(c).filter((b) => b.booked_by !== 'integration');
      const b = mine[Math.floor(s.pick * mine.length)];
      if (b) c.sim.control.patientCancel(IDS.addressId, b.id);
      return;
    }
  }
}

function pmsBlocks(c: Clinic): { id: string; since: number; till: number }[] {
  return (
    c.pms.db.prepare('SELECT id, starts_at, ends_at FROM blocked_times ORDER BY id').all() as {
      id: number;
      starts_at: string;
      ends_at: string;
    }[]
  ).map((r) => ({ id: String(r.id), since: Date.parse(r.starts_at), till: Date.parse(r.ends_at) }));
}

function problems(c: Clinic): string[] {
  const out = writerViolations(c);
  const now = c.clock.now();
  const online = onlineBookings(c).filter((b) => Date.parse(b.start_at) > now);
  const local = c.pms.listAppointments({ status: 'booked' }).filter((a) => Date.parse(a.start) > now);
  for (const a of local) {
    const n = online.filter((b) => Date.parse(b.start_at) === Date.parse(a.start)).length;
    if (n !== 1) out.push(`PMS appointment ${a.id} at ${a.start} (${a.bookedVia}) is online ${n} times`);
  }
  for (const b of online) {
    const n = local.filter((a) => Date.parse(a.start) === Date.parse(b.start_at)).length;
    if (n !== 1) out.push(`online booking ${b.id} at ${b.start_at} is in the PMS ${n} times`);
  }
  for (const w of c.writes()) {
    if (w.operation === 'bookSlot' && w.status >= 400) {
      out.push(`bookSlot refused (${w.status}) for ${decodeURIComponent(w.path)} by ${w.clientId}`);
    }
  }
  const leader = c.pcs.find((p) => p.isLeader());
  for (const r of leader?.session?.keeper?.listRequests(500) ?? []) {
    if (r.state !== 'done') out.push(`request ${r.id} (${r.request.kind}) is still ${r.state}`);
    else if (!r.outcome) out.push(`request ${r.id} is done without an outcome`);
  }
  // Docplanner's breaks are exactly the PMS blocks, each once (a hold for a failed booking would show up here).
  const breaks = c.sim.control
    .state()
    .addresses[IDS.addressId]!.breaks.map((b) => `${Date.parse(b.since)}-${Date.parse(b.till)}`)
    .sort();
  const blocks = pmsBlocks(c)
    .map((b) => `${b.since}-${b.till}`)
    .sort();
  if (JSON.stringify(breaks) !== JSON.stringify(blocks)) {
    out.push(`Docplanner breaks ${JSON.stringify(breaks)} differ from PMS blocks ${JSON.stringify(blocks)}`);
  }
  return out;
}

async function scenario(steps: Step[], pcCount: number): Promise<void> {
  const names = ['RECEPTION-1', 'RECEPTION-2', 'RECEPTION-3'].slice(0, pcCount);
  const c = await createClinic({ pcs: names });
  try {
    const first = c.pc(names[0]!);
    await first.start({ mapping: MAPPING });
    await waitForLeader(c);
    const act = await c.run(first.session!.engine.activate(ADDRESS_KEY));
    expect(act.ok).toBe(true);
    await c.wait(20_000);
    for (const s of steps) await apply(c, s, names);
    // Quiescence: someone runs, leads, catches up, reconciles and drains.
    if (!c.pcs.some((p) => p.session)) await c.pc(names[0]!).start();
    const leader = await waitForLeader(c);
    await c.wait(60_000);
    await c.run(leader.session!.engine.reconcile());
    await c.wait(30_000);
    const found = problems(c);
    if (found.length > 0) throw new Error(found.join('\n'));
  } finally {
    await c.close();
  }
}

describe('multi-PC property: starts, stops, crashes and renewals with bookings on both sides', () => {
  it(
    `at most one writer per term, no duplicate booking, every booking mirrored once (${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(stepArb, { minLength: 4, maxLength: 14 }),
          fc.integer({ min: 2, max: 3 }),
          (steps, n) => scenario(steps, n),
        ),
        {
          numRuns: RUNS,
          seed: SEED,
          path: PATH,
          endOnFailure: true,
          reporter: (r) => {
            if (r.failed) {
              throw new Error(
                `multi-PC property failed: replay with MULTI_PC_SEED=${r.seed} MULTI_PC_PATH=${r.counterexamplePath ?? ''}\n` +
                  `${JSON.stringify(r.counterexample)}\n${String(r.errorInstance)}`,
              );
            }
          },
        },
      );
    },
    SOAK ? 3_600_000 : 120_000,
  );
});
