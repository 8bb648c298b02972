// Convergence property test: random sequences of receptionist edits in the PMS (ReferencePms), patient bookings,
// cancellations and moves and doctor breaks on Docplanner (simulator control), API faults (5xx, apply-then-fail,
// dropped connections, apply-then-drop, 429 storms) and engine crashes (the state DB closed under a write) with
// restarts. After quiescence (faults off, catch-up, drain, reconciliation) Docplanner and the PMS must agree:
// - the free slots Docplanner offers are exactly the PMS grid minus what is booked or blocked there;
// - every active future PMS appointment is on Docplanner once (a linked booking with the same times, or a hold);
// - every active Docplanner booking belongs to exactly one PMS appointment, or is the subject of an open conflict;
// - every Docplanner break is a PMS block or hold (linked), or the subject of an open conflict; every PMS block is
//   on Docplanner;
// - nothing is left pending or unknown in the outbox or the inbox; refused changes have a conflict.
// 200 scenarios in `npm test`; SOAK=1 runs thousands. A failure prints the seed and path: replay with
// CONVERGENCE_SEED=<seed> CONVERGENCE_PATH=<path>.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalDay } from '../../shared/canonical';
import { addDays } from '../../electron/engine/practice/time';
import { ClinicTime } from '../../electron/engine/practice/time';
import { createInbound } from '../../electron/engine/sync/inbound/index';
import { createShared, createWorld, TZ, type Shared, type World } from './support/harness';

const SOAK = process.env.SOAK === '1';
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? (SOAK ? 3000 : 200));
const MAX_STEPS = Number(process.env.CONVERGENCE_MAX_STEPS ?? (SOAK ? 24 : 8));
const HORIZON = 3;
const time = new ClinicTime(TZ);

type Fault = 'none' | 'server' | 'apply-then-fail' | 'drop' | 'apply-then-drop' | 'storm';
type Step =
  | { k: 'pms-book'; day: number; slot: number; service: 1 | 2; offGrid: boolean }
  | { k: 'pms-cancel'; pick: number }
  | { k: 'pms-move'; pick: number; day: number; slot: number }
  | { k: 'pms-delete'; pick: number }
  | { k: 'pms-block'; day: number; slot: number }
  | { k: 'pms-unblock'; pick: number }
  | { k: 'pms-hours'; day: number; off: boolean }
  | { k: 'patient-book'; pick: number }
  | { k: 'patient-cancel'; pick: number }
  | { k: 'patient-move'; pick: number; to: number }
  | { k: 'doctor-break'; pick: number }
  | { k: 'faults'; f: Fault }
  | { k: 'crash'; op: 'replaceSlots' | 'bookSlot' | 'moveBooking' | 'cancelBooking' | 'addCalendarBreak' }
  | { k: 'wait'; ms: number };

const pick = fc.double({ min: 0, max: 0.999, noNaN: true });
const day = fc.integer({ min: 0, max: HORIZON - 1 });
const slot = fc.integer({ min: 0, max: 7 }); // 09:00 … 12:30 (12:00 and 12:30 are outside the hours)
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('pms-book' as const),
      day,
      slot,
      service: fc.constantFrom(1 as const, 2 as const),
      offGrid: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('pms-cancel' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('pms-move' as const), pick, day, slot }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pms-delete' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pms-block' as const), day, slot }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pms-unblock' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pms-hours' as const), day, off: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('patient-book' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('patient-cancel' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('patient-move' as const), pick, to: pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('doctor-break' as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('faults' as const),
      f: fc.constantFrom<Fault>('none', 'server', 'apply-then-fail', 'drop', 'apply-then-drop', 'storm'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('crash' as const),
      op: fc.constantFrom(
        'replaceSlots' as const,
        'bookSlot' as const,
        'moveBooking' as const,
        'cancelBooking' as const,
        'addCalendarBreak' as const,
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ k: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 8000 }) }),
  },
);

/** Clinic-local "YYYY-MM-DD HH:MM" for day offset `d` from today and slot `s` (30 min from 09:00). */
function localTime(w: World, d: number, s: number, offGrid = false): string {
  const date = addDays(time.dateOf(w.clock.now()), d);
  const minutes = 9 * 60 + s * 30 + (offGrid ? 10 : 0);
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const at = <T>(list: readonly T[], p: number): T | undefined => list[Math.floor(p * list.length)];

function future(w: World): { id: string; start: string; status: string }[] {
  const now = w.clock.now();
  return w.pms
    .listAppointments({ doctorId: 1, locationId: 1 })
    .filter((a) => Date.parse(a.start) > now + 3600_000);
}

function blocks(w: World): { id: string }[] {
  const now = w.clock.now();
  return (
    w.pms.db.prepare('SELECT id, starts_at FROM blocked_times ORDER BY id').all() as {
      id: number;
      starts_at: string;
    }[]
  )
    .filter((b) => Date.parse(b.starts_at) > now)
    .map((b) => ({ id: String(b.id) }));
}

function simAddress(w: World) {
  return w.sim.control.state().addresses[w.ids.addressId]!;
}

async function apply(w: World, step: Step, log: string[]): Promise<void> {
  const now = w.clock.now();
  const soon = (iso: string) => Date.parse(iso) > now + 3600_000;
  try {
    switch (step.k) {
      case 'pms-book':
        w.pms.addAppointment({
          doctorId: 1,
          locationId: 1,
          serviceId: step.service,
          start: localTime(w, step.day, step.slot, step.offGrid),
          minutes: 30,
          patient: {
            firstName: 'Pat',
            lastName: `P${log.length}`,
            phone: `+4850000${String(log.length).padStart(4, '0')}`,
          },
        });
        break;
      case 'pms-cancel': {
        const a = at(
          future(w).filter((x) => x.status === 'booked'),
          step.pick,
        );
        if (a) w.pms.cancelAppointment(a.id);
        break;
      }
      case 'pms-move': {
        const a = at(
          future(w).filter((x) => x.status === 'booked'),
          step.pick,
        );
        if (a) w.pms.rescheduleAppointment(a.id, { start: localTime(w, step.day, step.slot) });
        break;
      }
      case 'pms-delete': {
        const a = at(future(w), step.pick);
        if (a) w.pms.deleteAppointment(a.id);
        break;
      }
      case 'pms-block':
        w.pms.addBlock(
          1,
          1,
          localTime(w, step.day, step.slot),
          localTime(w, step.day, step.slot + 1),
          'Meeting',
        );
        break;
      case 'pms-unblock': {
        const b = at(blocks(w), step.pick);
        if (b) w.pms.removeBlock(b.id);
        break;
      }
      case 'pms-hours': {
        const date = addDays(time.dateOf(now), step.day);
        if (step.off) w.pms.addScheduleException(1, date, { off: true });
        else w.pms.addExtraHours(1, 1, date, '14:00', '15:00');
        break;
      }
      case 'patient-book': {
        const s = at(
          simAddress(w).freeSlots.filter((x) => soon(x.start)),
          step.pick,
        );
        if (s)
          w.sim.control.patientBook(w.ids.addressId, s.start, s.addressServiceIds[0]!, {
            name: 'Online',
            surname: `O${log.length}`,
            phone: `+4860000${String(log.length).padStart(4, '0')}`,
          });
        break;
      }
      case 'patient-cancel': {
        const b = at(
          simAddress(w).bookings.filter((x) => x.status === 'booked' && soon(x.start_at)),
          step.pick,
        );
        if (b) w.sim.control.patientCancel(w.ids.addressId, b.id);
        break;
      }
      case 'patient-move': {
        const st = simAddress(w);
        const b = at(
          st.bookings.filter((x) => x.status === 'booked' && soon(x.start_at)),
          step.pick,
        );
        const s = at(
          st.freeSlots.filter((x) => soon(x.start)),
          step.to,
        );
        if (b && s) w.sim.control.patientMove(w.ids.addressId, b.id, s.start, s.addressServiceIds[0]);
        break;
      }
      case 'doctor-break': {
        const s = at(
          simAddress(w).freeSlots.filter((x) => soon(x.start)),
          step.pick,
        );
        if (s)
          w.sim.control.doctorAddBreak(
            w.ids.addressId,
            s.start,
            time.format(Date.parse(s.start) + 30 * 60_000),
            'Doctor away',
          );
        break;
      }
      case 'faults': {
        const f = step.f;
        w.sim.control.setFaults(
          f === 'none'
            ? {}
            : f === 'server'
              ? { serverErrorRate: 0.3 }
              : f === 'apply-then-fail'
                ? { applyThenFailRate: 0.3 }
                : f === 'drop'
                  ? { dropRate: 0.3 }
                  : f === 'apply-then-drop'
                    ? { applyThenDropRate: 0.3 }
                    : { rateLimitStormUntil: now + 30_000 },
        );
        break;
      }
      case 'crash':
        w.hooks.afterCall = (op) => {
          if (op !== step.op) return;
          w.hooks.afterCall = undefined;
          w.db.close();
          throw new Error('crash');
        };
        break;
      case 'wait':
        await w.wait(step.ms);
        await restartIfCrashed(w);
        break;
    }
    log.push(step.k);
  } catch (e) {
    // A simulator refusal (slot just taken, …) is a legitimate outcome of a random step.
    log.push(`${step.k}: ${(e as Error).message}`);
  }
}

async function restartIfCrashed(w: World): Promise<void> {
  if (w.db.open) return;
  const engine = w.crashAndReopen();
  await w.run(engine.start());
}

function openConflictMentions(w: World, id: string): boolean {
  return (
    (
      w.db
        .prepare(
          `SELECT COUNT(*) AS n FROM conflicts WHERE status = 'open' AND (dedupe_key LIKE ? OR context LIKE ?)`,
        )
        .get(`%${id}%`, `%"${id}"%`) as { n: number }
    ).n > 0
  );
}

/** What must hold after quiescence; returns the list of violations (empty = agree). */
function violations(w: World): string[] {
  const out: string[] = [];
  const now = w.clock.now();
  const after = now + 60_000;
  const repos = w.engine.repos;
  const st = simAddress(w);
  const today = time.dateOf(now);
  const days: CanonicalDay[] = w.practice.readDays(
    { doctorId: '1', locationId: '1' },
    { from: today, to: addDays(today, HORIZON - 1) },
  );
  const horizonEnd = time.startOfDay(addDays(today, HORIZON));
  const inHorizon = (ms: number) => ms > after && ms < horizonEnd;
  const onlineActive = st.bookings.filter((b) => b.status === 'booked' && inHorizon(Date.parse(b.start_at)));

  // Outbox and inbox are settled.
  for (const e of repos.outbox.list()) {
    if (e.state !== 'blocked') out.push(`outbox ${e.key} still ${e.state}`);
    else if (!openConflictMentions(w, e.key.split(':')[1]!.split('/')[0]!))
      out.push(`outbox ${e.key} blocked without a conflict`);
  }
  const inbox = w.db.prepare(`SELECT name, state FROM inbox WHERE state IN ('pending', 'failed')`).all() as {
    name: string;
    state: string;
  }[];
  for (const i of inbox) out.push(`inbox ${i.name} ${i.state}`);

  // Every active PMS appointment is on Docplanner once.
  const localActive = days
    .flatMap((d) => d.bookings)
    .filter((b) => (b.status === 'booked' || b.status === 'confirmed') && inHorizon(Date.parse(b.start)));
  const claimed = new Map<string, string>();
  for (const b of localActive) {
    const link = repos.bookings.get(b.id);
    const online =
      link && link.state === 'booked' ? onlineActive.find((o) => o.id === link.dpBookingId) : undefined;
    const hold = repos.breaks.get(`hold:${b.id}`);
    const holdOnline = hold ? st.breaks.find((x) => x.id === hold.dpBreakId) : undefined;
    if (online) {
      if (
        Date.parse(online.start_at) !== Date.parse(b.start) ||
        Date.parse(online.end_at) !== Date.parse(b.end)
      ) {
        if (!openConflictMentions(w, b.id) && !openConflictMentions(w, online.id))
          out.push(`appointment ${b.id} at ${b.start} is online at ${online.start_at}`);
      }
      if (claimed.has(online.id))
        out.push(`online booking ${online.id} claimed twice (${claimed.get(online.id)}, ${b.id})`);
      claimed.set(online.id, b.id);
    } else if (holdOnline) {
      if (Date.parse(holdOnline.since) !== Date.parse(b.start))
        out.push(`hold of ${b.id} at ${holdOnline.since}, appointment at ${b.start}`);
    } else if (!openConflictMentions(w, b.id)) {
      out.push(`appointment ${b.id} at ${b.start} (${b.origin}) is not on Docplanner`);
    }
  }
  // Every active Docplanner booking belongs to one PMS appointment (or waits for a decision in a conflict).
  for (const o of onlineActive) {
    if (claimed.has(o.id)) continue;
    if (!openConflictMentions(w, o.id))
      out.push(`online booking ${o.id} at ${o.start_at} (${o.booked_by}) has no PMS appointment`);
  }
  // Breaks. A doctor's break exactly over a PMS appointment is taken as holding its time (inbound's rule).
  // Likewise a doctor's break over exactly a PMS block (inbound's rule: that time is already blocked locally).
  const same = (x: { since: string; till: string }, b: { start: string; end: string }) =>
    Date.parse(b.start) === Date.parse(x.since) && Date.parse(b.end) === Date.parse(x.till);
  const coversAppointment = (x: { since: string; till: string }) =>
    localActive.some((b) => same(x, b)) || days.some((d) => d.breaks.some((b) => same(x, b)));
  const localBlocks = days.flatMap((d) => d.breaks).filter((b) => inHorizon(Date.parse(b.end)));
  for (const b of localBlocks) {
    const link = repos.breaks.get(b.id);
    const online = link ? st.breaks.find((x) => x.id === link.dpBreakId) : undefined;
    if (
      !online ||
      Date.parse(online.since) !== Date.parse(b.start) ||
      Date.parse(online.till) !== Date.parse(b.end)
    ) {
      out.push(`PMS block ${b.id} ${b.start}–${b.end} is not on Docplanner`);
    }
  }
  for (const x of st.breaks) {
    if (!inHorizon(Date.parse(x.till))) continue;
    const link = repos.breaks.getByDpId('1@1', x.id);
    if (link) {
      const ok =
        link.origin === 'booking-hold'
          ? localActive.some((b) => `hold:${b.id}` === link.localId)
          : localBlocks.some((b) => b.id === link.localId);
      if (!ok && !openConflictMentions(w, x.id))
        out.push(`break ${x.id} ${x.since} linked to ${link.localId}, which is gone`);
    } else if (!openConflictMentions(w, x.id) && !coversAppointment(x)) {
      out.push(`break ${x.id} ${x.since} "${x.description}" is not in the PMS`);
    }
  }
  // Free slots = PMS grid minus what is booked or blocked on Docplanner.
  const busy = [
    ...st.bookings
      .filter((b) => b.status === 'booked')
      .map((b) => [Date.parse(b.start_at), Date.parse(b.end_at)] as const),
    ...st.breaks.map((b) => [Date.parse(b.since), Date.parse(b.till)] as const),
  ];
  const expected = new Set<number>();
  for (const d of days) {
    for (const p of d.periods) {
      const step = 30 * 60_000;
      if (!p.services.some((s) => s.serviceId === '1' || s.serviceId === '2')) continue;
      for (let t = Date.parse(p.start); t + step <= Date.parse(p.end); t += step) {
        if (inHorizon(t) && !busy.some(([s, e]) => s < t + step && e > t)) expected.add(t);
      }
    }
  }
  const actual = new Set(st.freeSlots.map((s) => Date.parse(s.start)).filter(inHorizon));
  for (const t of expected) if (!actual.has(t)) out.push(`slot ${time.format(t)} should be free online`);
  for (const t of actual)
    if (!expected.has(t)) out.push(`slot ${time.format(t)} is free online but not in the PMS`);
  return out;
}

/** CONVERGENCE_DEBUG=dump: what each side holds and every call, to read a replayed failure (generated patients only). */
function dump(w: World): void {
  const rows = (sql: string) => w.db.prepare(sql).all();
  console.log('PMS appointments', w.pms.listAppointments({}));
  console.log('booking links', rows('SELECT * FROM booking_links'));
  console.log('break links', rows('SELECT * FROM break_links'));
  console.log('inbox', rows('SELECT id, name, state, outcome, raw FROM inbox ORDER BY id'));
  console.log('conflicts', rows('SELECT * FROM conflicts'));
  console.log('docplanner', JSON.stringify(simAddress(w), null, 1));
  console.log('audit', rows('SELECT at, direction, operation, outcome, summary FROM audit ORDER BY id'));
  console.log('outbox', rows('SELECT key, state, last_error FROM outbox'));
  for (const c of w.sim.control.callLog())
    if (c.operation !== 'Pull Multiple Notification' && c.operation !== 'token')
      console.log(new Date(c.at).toISOString(), c.method, c.path, c.operation, c.status);
}

/** One scenario on its own simulator and virtual clock (starting on the generated weekday), so a seed replays. */
async function scenario(startDay: number, steps: Step[]): Promise<void> {
  const shared: Shared = await createShared(1);
  await shared.clock.advance(startDay * 86_400_000);
  const w = await createWorld({
    shared,
    config: { horizonDays: HORIZON, pullIntervalMs: 6000 },
    inbound: (world, repos) =>
      createInbound({ repos, practice: world.practice, api: world.api, clock: world.clock }),
  });
  const log: string[] = [];
  try {
    await w.run(w.engine.start());
    for (const s of steps) await apply(w, s, log);
    // Quiescence: faults off, restart after a crash, catch-up + drain + reconcile until nothing moves.
    w.sim.control.setFaults({});
    w.hooks.afterCall = undefined;
    await w.wait(2000);
    await restartIfCrashed(w);
    await w.run(w.engine.stop());
    for (let i = 0; i < 3; i++) {
      await w.run(w.engine.runOnce({ maxWaitMs: 15 * 60_000 }));
      if (violations(w).length === 0) break;
    }
    if (process.env.CONVERGENCE_DEBUG) {
      const st = simAddress(w);
      console.log(
        JSON.stringify({
          steps: log,
          online: st.bookings.filter((b) => b.status === 'booked').length,
          breaks: st.breaks.length,
          free: st.freeSlots.length,
          local: w.pms.listAppointments({}).length,
          conflicts: w.engine.listConflicts().map((c) => c.kind),
          writes: w.sim.control.callLog().filter((c) => c.write).length,
        }),
      );
      if (process.env.CONVERGENCE_DEBUG === 'sabotage') {
        const b = st.bookings.find((x) => x.status === 'booked');
        if (b) w.sim.control.patientCancel(w.ids.addressId, b.id);
      }
    }
    const v = violations(w);
    if (v.length > 0 && process.env.CONVERGENCE_DEBUG === 'dump') dump(w);
    if (v.length > 0)
      throw new Error(`PMS and Docplanner disagree:\n  ${v.join('\n  ')}\nsteps: ${log.join(', ')}`);
  } finally {
    if (process.env.CONVERGENCE_DEBUG) console.log('calls', w.sim.control.callLog().length);
    await w.close();
    await shared.sim.close();
  }
}

describe('convergence', () => {
  it(
    `PMS and Docplanner agree after random edits, faults and crashes (${RUNS} scenarios)`,
    async () => {
      const seed = process.env.CONVERGENCE_SEED ? Number(process.env.CONVERGENCE_SEED) : 20261121;
      const path = process.env.CONVERGENCE_PATH;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 6 }),
          fc.array(stepArb, { minLength: 2, maxLength: MAX_STEPS }),
          scenario,
        ),
        {
          numRuns: RUNS,
          seed,
          ...(path ? { path } : {}),
          endOnFailure: !SOAK,
          verbose: 1,
        },
      );
      expect(true).toBe(true);
    },
    SOAK ? 3600_000 : 240_000,
  );
});
