// Scenario 2 — a clinic day on an activated clinic: a seeded stream of receptionist edits (bookings,
// cancellations, hard deletes, reschedules, schedule changes and blocks, two bursts of ten edits to one day) and
// marketplace events (patients booking, canceling, moving online; the product learns them by pulling
// notifications). Then part B: the clinic activates one more calendar, and while its feed runs, urgent edits
// (today and tomorrow) arrive on the other calendars. Same stream, same virtual times, for product and naive.
import { ClinicTime } from '../../electron/engine/practice/time';
import { countCalls, drive, isApiWrite, productBacklog, TZ, type World } from '../harness';
import { pmsLatencies, summarize, touches, type LatencySummary } from '../latency';
import { minutes, num, ratio, row, seconds, type ScenarioResult, type Table } from '../report';
import { Applier, isMarketplace, Planner, rng, type Applied, type TimedEdit } from '../workload';
import type { Activated } from './activation';

const time = new ClinicTime(TZ);
const HOUR = 3600_000;
const MIN = 60_000;

export interface ClinicDaySize {
  /** Length of the day's edit stream. */
  hours: number;
  /** Edits per hour across the clinic (before bursts). */
  perHour: number;
  marketPerHour: number;
  bursts: number;
  /** Urgent edits during the background feed (part B), over its first `urgentMinutes`. */
  urgent: number;
  urgentMinutes: number;
  /** Virtual time allowed after the stream for the backlog to drain (naive may need more: then "never"). */
  drainMinutes: number;
}

interface SideResult {
  applied: Applied[];
  appliedB: Applied[];
  writesA: number;
  /** Writes of part A by operation ("replaceSlots 12, bookSlot 30 …"). */
  writeOpsA: string;
  readsA: number;
  tooMany: number;
  latA: LatencySummary;
  latUrgentA: LatencySummary;
  latB: LatencySummary;
  doubleBookings: number;
  marketToPms: LatencySummary;
  feedDoneMin: number;
}

/** Plans the stream of both parts once, from the clinic as it is (identical in both worlds at this point). */
function plan(
  a: Activated,
  start: number,
  startB: number,
  size: ClinicDaySize,
): { A: TimedEdit[]; B: TimedEdit[] } {
  const practice = a.product.p.assembled.practice;
  const random = rng(6);
  const active = a.product.active;
  const pl = new Planner(practice, active, random);
  const today = time.dateOf(start);
  const span = size.hours * HOUR;
  const n = Math.round(size.perHour * size.hours);
  for (let i = 0; i < n; i++) {
    const at = start + Math.floor(random() * span);
    const key = pl.pickAddress();
    const date = pl.pickDate(today, 0, 13);
    const r = random();
    for (let tries = 0; tries < 3; tries++) {
      const ok =
        r < 0.45
          ? pl.book(at, key, date)
          : r < 0.7
            ? pl.cancel(at, key, date)
            : r < 0.75
              ? pl.cancel(at, key, date, false, true)
              : r < 0.92
                ? pl.reschedule(at, key, date, pl.pickDate(today, 0, 13))
                : pl.schedule(at, key, pl.pickDate(today, 2, 27));
      if (ok) break;
    }
  }
  for (let b = 0; b < size.bursts; b++) {
    // A receptionist reorganizes one day: ten edits within three minutes.
    const at0 = start + Math.floor(((b + 0.5) / size.bursts) * span);
    const key = pl.pickAddress();
    const date = pl.pickDate(today, 1, 6);
    let made = 0;
    for (let i = 0; made < 10 && i < 40; i++) {
      const at = at0 + made * 18_000;
      const r = random();
      const ok =
        r < 0.4
          ? pl.book(at, key, date, true)
          : r < 0.7
            ? pl.reschedule(at, key, date, date, true)
            : pl.cancel(at, key, date, true);
      if (ok) made++;
    }
  }
  const m = Math.round(size.marketPerHour * size.hours);
  for (let i = 0; i < m; i++) {
    const at = start + Math.floor(random() * span);
    const r = random();
    const key = pl.pickAddress();
    if (r < 0.75) pl.marketBook(at, key, pl.pickDate(today, 1, 13));
    else if (r < 0.9) pl.marketCancel(at, key);
    else pl.marketMove(at, key, pl.pickDate(today, 1, 13));
  }
  const A = pl.sorted();
  const pb = new Planner(practice, active, rng(7));
  // Part B reuses the same model of the clinic only through the PMS: its edits are on today and tomorrow.
  const todayB = time.dateOf(startB);
  for (let i = 0; i < size.urgent; i++) {
    const at = startB + 30_000 + Math.floor((i / size.urgent) * size.urgentMinutes * MIN);
    const key = pb.pickAddress();
    const date = pb.pickDate(todayB, 0, 1);
    const r = pb.random();
    if (!(r < 0.5 ? pb.book(at, key, date) : pb.cancel(at, key, date)))
      pb.book(at, key, date === todayB ? date : todayB);
  }
  return { A, B: pb.sorted() };
}

function schedule(w: World, edits: readonly TimedEdit[], applier: Applier, into: Applied[]): void {
  for (const e of edits) {
    w.clock.setTimeout(() => into.push(applier.apply(e)), Math.max(0, e.at - w.clock.now()));
  }
}

function marketLatency(w: World, applied: readonly Applied[]): LatencySummary {
  const rows = w.pms.db
    .prepare(`SELECT external_id AS id, created_at AS at FROM appointments WHERE booked_via = 'marketplace'`)
    .all() as { id: string | null; at: string }[];
  const at = new Map(rows.filter((r) => r.id).map((r) => [String(r.id), Date.parse(r.at)]));
  const ms = applied
    .filter((a) => a.ok && a.edit.edit.kind === 'market-book' && a.market)
    .map((a) => {
      const t = at.get(a.market!.bookingId);
      return t === undefined ? Infinity : Math.max(0, t - a.edit.at);
    });
  return summarize(ms);
}

async function runSide(
  a: Activated,
  side: 'product' | 'naive',
  edits: { A: TimedEdit[]; B: TimedEdit[] },
  start: number,
  startB: number,
  endB: number,
  reserveKey: string | null,
): Promise<SideResult> {
  const w = side === 'product' ? a.product.world : a.naive.world;
  const budget = side === 'product' ? a.product.p.budget : a.naive.n.budget;
  const engine = a.product.p.assembled.engine;
  const applier = new Applier(w, 11);
  const applied: Applied[] = [];
  const appliedB: Applied[] = [];
  // Everything stopped, time moves to the start of the day, then the sync runs through the stream.
  await drive(w.clock, [budget], w.clock.sleep(Math.max(0, start - w.clock.now())));
  w.sim.control.clearLog();
  schedule(w, edits.A, applier, applied);
  if (side === 'product') await drive(w.clock, [budget], engine.start());
  else a.naive.n.sync.start();
  await drive(w.clock, [budget], w.clock.sleep(Math.max(0, startB - w.clock.now())));
  const logA = w.sim.control.callLog();
  const stateA = w.sim.control.state();
  const latAll = pmsLatencies(applied, touches(logA, stateA));
  const countsA = countCalls(logA);

  // Part B: one more calendar is activated; urgent edits arrive during its feed.
  schedule(w, edits.B, applier, appliedB);
  if (reserveKey) {
    if (side === 'product') {
      const r = await drive(w.clock, [budget], engine.activate(reserveKey));
      if (!r.ok) throw new Error(`bench: activation of ${reserveKey} refused: ${r.message}`);
    } else {
      a.naive.n.sync.addAddress(reserveKey, a.naive.n.allContexts.get(reserveKey)!);
    }
  }
  let feedDone = Infinity;
  const lastB = edits.B.at(-1)?.at ?? startB;
  await drive(
    w.clock,
    [budget],
    (async () => {
      while (w.clock.now() < endB) {
        const idle = side === 'product' ? productBacklog(a.product.p) === 0 : !a.naive.n.sync.busy;
        if (idle && w.clock.now() > lastB + MIN) {
          feedDone = w.clock.now();
          break;
        }
        await w.clock.sleep(5000);
      }
    })(),
  );
  const logB = w.sim.control.callLog().filter((c) => c.at >= startB);
  const latB = pmsLatencies(appliedB, touches(logB, w.sim.control.state()));
  if (side === 'product') await drive(w.clock, [budget], engine.stop());
  else await drive(w.clock, [budget], a.naive.n.sync.stop());

  return {
    applied,
    appliedB,
    writesA: logA.filter((c) => isApiWrite(c) && c.at < startB).length,
    writeOpsA: Object.entries(countCalls(logA.filter(isApiWrite)).byOperation)
      .sort((x, y) => y[1] - x[1])
      .map(([op, k]) => `${op} ${k}`)
      .join(', '),
    readsA: countsA.reads,
    tooMany: countCalls(w.sim.control.callLog()).tooMany,
    latA: summarize(latAll.map((l) => l.ms)),
    latUrgentA: summarize(latAll.filter((l) => l.edit.edit.urgent).map((l) => l.ms)),
    latB: summarize(latB.map((l) => l.ms)),
    doubleBookings: applied.filter((x) => x.market?.pmsFilled).length,
    marketToPms: marketLatency(w, applied),
    feedDoneMin: (feedDone - startB) / MIN,
  };
}

export async function clinicDayScenario(a: Activated, size: ClinicDaySize): Promise<ScenarioResult> {
  const t = performance.now();
  const reserveKey = a.product.p.addressKeys.find((k) => !a.product.active.includes(k)) ?? null;
  // Both worlds stop their sync; the day starts at the next full hour after both finished the feed.
  await drive(a.product.world.clock, [a.product.p.budget], a.product.p.assembled.engine.stop());
  await drive(a.naive.world.clock, [a.naive.n.budget], a.naive.n.sync.stop());
  const ready = Math.max(a.product.world.clock.now(), a.naive.world.clock.now());
  const start = Math.ceil((ready + 1) / HOUR) * HOUR;
  const startB = start + size.hours * HOUR + size.drainMinutes * MIN;
  const endB = startB + 4 * HOUR;
  const edits = plan(a, start, startB, size);
  const P = await runSide(a, 'product', edits, start, startB, endB, reserveKey);
  const N = await runSide(a, 'naive', edits, start, startB, endB, reserveKey);

  const pmsChanges = P.applied.filter((x) => x.ok && !isMarketplace(x.edit.edit)).length;
  const naiveChanges = N.applied.filter((x) => x.ok && !isMarketplace(x.edit.edit)).length;
  const market = P.applied.filter((x) => x.ok && isMarketplace(x.edit.edit)).length;
  const nMarket = N.applied.filter((x) => x.ok && isMarketplace(x.edit.edit)).length;
  const lat = (s: LatencySummary) => `${seconds(s.p50)} / ${seconds(s.p95)} / ${seconds(s.max)}`;
  const perChange = (w: number, n: number) => (n ? w / n : null);
  const startLocal = time.format(start).slice(11, 16);
  const tableA: Table = {
    title: `A. ${size.hours} h of clinic day from ${startLocal} on ${a.product.active.length} calendars (idle budget)`,
    notes: [
      `${pmsChanges} PMS changes applied (naive world: ${naiveChanges}), ${size.bursts} of them bursts of ten edits to one day; ` +
        `${market} marketplace events (naive world: ${nMarket}). Drain allowed after the stream: ${size.drainMinutes} min.`,
      `Writes by operation — product: ${P.writeOpsA || 'none'}; naive: ${N.writeOpsA || 'none'}.`,
      'Above one write per change on purpose: a booked appointment moved to a time Docplanner cannot book (off its ' +
        'slot grid, or taken) costs a hold plus the cancellation of the old booking, and a held appointment moved ' +
        'onto a free slot becomes a real booking (bookSlot, then its hold goes), because Docplanner asks for every ' +
        'booking to be synchronised.',
    ],
    rows: [
      row('writes during the day', num(P.writesA), num(N.writesA), ratio(N.writesA, P.writesA)),
      row(
        'writes per PMS change',
        num(perChange(P.writesA, pmsChanges), 2),
        num(perChange(N.writesA, naiveChanges), 2),
        ratio(perChange(N.writesA, naiveChanges), perChange(P.writesA, pmsChanges)),
        '≤ 1 (coalescing)',
        '≤ 1.0',
      ),
      row(
        'PMS commit → Docplanner call, p50 / p95 / max',
        lat(P.latA),
        lat(N.latA),
        ratio(N.latA.p95, P.latA.p95) + ' (p95)',
        '–',
        'p95 ≤ 2 s',
      ),
      row(
        '  … urgent changes only (today/tomorrow)',
        lat(P.latUrgentA),
        lat(N.latUrgentA),
        ratio(N.latUrgentA.p95, P.latUrgentA.p95) + ' (p95)',
      ),
      row(
        'PMS changes with no matching call by the end',
        num(P.latA.never),
        num(N.latA.never),
        '–',
        '0',
        '0',
      ),
      row(
        'marketplace booking → in the PMS, p50 / p95 / max',
        lat(P.marketToPms),
        N.marketToPms.n ? `never (no inbound)` : '–',
      ),
      row(
        'double bookings (patient booked a time the PMS had filled)',
        num(P.doubleBookings),
        num(N.doubleBookings),
        '–',
        '0',
        '0',
      ),
      row('reads during the day', num(P.readsA), num(N.readsA)),
      row('429 received (whole scenario)', num(P.tooMany), num(N.tooMany), '–', '0', '0'),
    ],
  };
  const tableB: Table = {
    title: `B. ${P.latB.n} urgent changes while calendar ${reserveKey ?? '(none)'} is being activated`,
    notes: [
      // WHY: the title used to print the planned size; only edits that found a free time or an appointment to
      // cancel today/tomorrow are made, and the percentiles are over those (p95 of a handful is their maximum).
      `${P.latB.n} urgent PMS changes made (naive world: ${N.latB.n}) of ${size.urgent} planned: the others found no free ` +
        'time or appointment left today or tomorrow. With so few, p95 is their maximum.',
    ],
    rows: [
      row(
        'PMS commit → Docplanner call, p50 / p95 / max',
        lat(P.latB),
        lat(N.latB),
        ratio(N.latB.p95, P.latB.p95) + ' (p95)',
        '–',
        'p95 ≤ 1.5 s (one budget interval)',
      ),
      row('urgent changes with no matching call', num(P.latB.never), num(N.latB.never), '–', '0', '0'),
      row(
        'background feed (and the urgent edits) done after',
        minutes(P.feedDoneMin),
        minutes(N.feedDoneMin),
        ratio(N.feedDoneMin, P.feedDoneMin),
      ),
    ],
  };
  return {
    id: 'clinic-day',
    title: '2. A clinic day',
    tables: [tableA, tableB],
    notes: [
      'Latency = simulator arrival time of the first write that concerns the same address and day with an operation that ' +
        'can carry the change (booking edits: bookSlot/moveBooking/cancelBooking/hold breaks; hours: PUT slots), minus ' +
        'the PMS commit time. The product looks for changes every second (detectIntervalMs); the naive loop every 2 s.',
    ],
    raw: {
      size,
      pmsChanges,
      market,
      product: { ...P, applied: undefined, appliedB: undefined },
      naive: { ...N, applied: undefined, appliedB: undefined },
    },
    wallMs: performance.now() - t,
  };
}
