// Scenario 4 — catch-up after 4 days offline: the sync PC is off while the receptionists make PMS changes and
// patients book, cancel and move online (notifications older than 72 h expire unread). Then the sync starts again:
// time and calls until Docplanner and the PMS agree. The naive baseline has no inbound: it only re-pushes.
import { ClinicTime } from '../../electron/engine/practice/time';
import {
  countCalls,
  drive,
  isApiWrite,
  productSettled,
  stuckSummary,
  usageSince,
  usageStart,
  TZ,
  type World,
} from '../harness';
import { minutes, num, ratio, row, type ScenarioResult, type Table } from '../report';
import { Applier, isMarketplace, Planner, rng, type Applied, type TimedEdit } from '../workload';
import type { Activated } from './activation';

const time = new ClinicTime(TZ);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface CatchUpSize {
  pmsChanges: number;
  marketEvents: number;
  offlineDays: number;
}

function plan(a: Activated, start: number, size: CatchUpSize): TimedEdit[] {
  const random = rng(4);
  const pl = new Planner(a.product.p.assembled.practice, a.product.active, random);
  const span = size.offlineDays * DAY;
  const last = a.size.days - 1;
  const times = (n: number) =>
    Array.from({ length: n }, () => start + Math.floor(random() * span)).sort((x, y) => x - y);
  for (const at of times(size.pmsChanges)) {
    const today = time.dateOf(at);
    for (let tries = 0; tries < 5; tries++) {
      const key = pl.pickAddress();
      const date = pl.pickDate(today, 0, last);
      const r = random();
      const ok =
        r < 0.45
          ? pl.book(at, key, date)
          : r < 0.7
            ? pl.cancel(at, key, date)
            : r < 0.75
              ? pl.cancel(at, key, date, false, true)
              : r < 0.93
                ? pl.reschedule(at, key, date, pl.pickDate(today, 0, last))
                : pl.schedule(at, key, date);
      if (ok) break;
    }
  }
  for (const at of times(size.marketEvents)) {
    const today = time.dateOf(at);
    const key = pl.pickAddress();
    const r = random();
    if (r < 0.7) pl.marketBook(at, key, pl.pickDate(today, 1, last));
    else if (r < 0.9) pl.marketCancel(at, key);
    else pl.marketMove(at, key, pl.pickDate(today, 1, last));
  }
  return pl.sorted();
}

async function offline(w: World, edits: readonly TimedEdit[], end: number): Promise<Applied[]> {
  const applier = new Applier(w, 12);
  const applied: Applied[] = [];
  for (const e of edits) {
    if (e.at > w.clock.now()) await w.clock.advance(e.at - w.clock.now());
    applied.push(applier.apply(e));
  }
  await w.clock.advance(Math.max(0, end - w.clock.now()));
  return applied;
}

interface Side {
  virtualMin: number;
  writes: number;
  reads: number;
  tooMany: number;
  cpuMs: number;
  applied: number;
  marketApplied: number;
  marketInPms: number;
  fate?: ReturnType<typeof marketFate>;
  differencesAfter: number | null;
  /** Marketplace bookings onto time the PMS had filled meanwhile (Docplanner still offered it). */
  doubleBookings: number;
  openConflicts: number | null;
}

/** Marketplace bookings made while offline whose visit is still ahead at the restart. */
const futureMarketBookings = (applied: readonly Applied[], restart: number) =>
  applied.filter((a) => a.ok && a.edit.edit.kind === 'market-book' && a.market && a.market.start > restart);

/**
 * Where each marketplace booking made while offline (visit still ahead) ended up: in the PMS under its newest id,
 * canceled online (nothing to bring in), waiting in an open conflict, or lost (none of these: a patient who
 * will be turned away at the desk — must be 0).
 */
function marketFate(w: World, applied: readonly Applied[], restart: number, openConflictText: string) {
  const external = new Set(
    (
      w.pms.db
        .prepare(
          `SELECT external_id AS id FROM appointments WHERE external_id IS NOT NULL AND status <> 'canceled'`,
        )
        .all() as { id: string }[]
    ).map((r) => String(r.id)),
  );
  const online = new Map(
    Object.values(w.sim.control.state().addresses).flatMap((a) =>
      a.bookings.map((b) => [String(b.id), b] as const),
    ),
  );
  const fate = { inPms: 0, canceledOnline: 0, inConflict: 0, lost: 0 };
  for (const a of futureMarketBookings(applied, restart)) {
    const first = online.get(a.market!.bookingId);
    const newestId = first?.moving?.newest_booking_id ?? a.market!.bookingId;
    const newest = online.get(String(newestId)) ?? first;
    if (external.has(String(newestId)) || external.has(a.market!.bookingId)) fate.inPms++;
    else if (!newest || newest.status !== 'booked') fate.canceledOnline++;
    else if (openConflictText.includes(`"${newestId}"`) || openConflictText.includes(`:${newestId}`))
      fate.inConflict++;
    else fate.lost++;
  }
  return fate;
}

function marketInPms(w: World, applied: readonly Applied[], restart: number): number {
  const ids = new Set(
    (
      w.pms.db.prepare(`SELECT external_id AS id FROM appointments WHERE external_id IS NOT NULL`).all() as {
        id: string;
      }[]
    ).map((r) => String(r.id)),
  );
  return futureMarketBookings(applied, restart).filter((a) => ids.has(a.market!.bookingId)).length;
}

export async function catchUpScenario(a: Activated, size: CatchUpSize): Promise<ScenarioResult> {
  const t = performance.now();
  const { world: pw, p } = a.product;
  const { world: nw, n } = a.naive;
  const engine = p.assembled.engine;
  await drive(pw.clock, [p.budget], engine.start());
  await productSettled(pw, p);
  await drive(pw.clock, [p.budget], engine.stop());
  await drive(
    nw.clock,
    [n.budget],
    n.sync.settle().then(() => n.sync.stop()),
  );

  const ready = Math.max(pw.clock.now(), nw.clock.now());
  const start = Math.ceil((ready + 1) / HOUR) * HOUR;
  const end = start + size.offlineDays * DAY;
  await pw.clock.advance(start - pw.clock.now());
  await nw.clock.advance(start - nw.clock.now());
  const edits = plan(a, start, size);

  // Product.
  const pa = await offline(pw, edits, end);
  pw.sim.control.clearLog();
  let u = usageStart();
  await drive(pw.clock, [p.budget], engine.start());
  let settled = await productSettled(pw, p, 10_000, 6 * HOUR);
  // What reconciliation handed to inbound is applied by the next cycles: let them run, then drain again.
  await drive(pw.clock, [p.budget], pw.clock.sleep(120_000));
  settled = (await productSettled(pw, p, 10_000, 6 * HOUR)) && settled;
  const stuck = settled ? '' : stuckSummary(p);
  let usage = usageSince(u);
  let log = pw.sim.control.callLog();
  let c = countCalls(log);
  const lastCall = (l: typeof log) => l.filter(isApiWrite).at(-1)?.at ?? end;
  const product: Side = {
    virtualMin: settled ? (lastCall(log) - end) / 60_000 : Infinity,
    writes: c.writes,
    reads: c.reads,
    tooMany: c.tooMany,
    cpuMs: usage.cpuMs,
    applied: pa.filter((x) => x.ok && !isMarketplace(x.edit.edit)).length,
    marketApplied: pa.filter((x) => x.ok && isMarketplace(x.edit.edit)).length,
    marketInPms: marketInPms(pw, pa, end),
    differencesAfter: null,
    doubleBookings: futureMarketBookings(pa, end).filter((x) => x.market!.pmsFilled).length,
    openConflicts: engine.conflicts.openCount(),
    fate: marketFate(
      pw,
      pa,
      end,
      JSON.stringify(
        p.assembled.engine.repos.db
          .prepare(`SELECT dedupe_key, context FROM conflicts WHERE status = 'open'`)
          .all(),
      ),
    ),
  };
  await drive(pw.clock, [p.budget], engine.stop());
  const check = await drive(pw.clock, [p.budget], engine.reconcile());
  product.differencesAfter = check.differences;

  // Naive.
  const na = await offline(nw, edits, end);
  nw.sim.control.clearLog();
  u = usageStart();
  n.sync.start();
  const nSettled = await drive(nw.clock, [n.budget], n.sync.settle(6 * HOUR));
  usage = usageSince(u);
  log = nw.sim.control.callLog();
  c = countCalls(log);
  const naive: Side = {
    virtualMin: nSettled ? (lastCall(log) - end) / 60_000 : Infinity,
    writes: c.writes,
    reads: c.reads,
    tooMany: c.tooMany,
    cpuMs: usage.cpuMs,
    applied: na.filter((x) => x.ok && !isMarketplace(x.edit.edit)).length,
    marketApplied: na.filter((x) => x.ok && isMarketplace(x.edit.edit)).length,
    marketInPms: marketInPms(nw, na, end),
    differencesAfter: null,
    doubleBookings: futureMarketBookings(na, end).filter((x) => x.market!.pmsFilled).length,
    openConflicts: null,
  };

  const table: Table = {
    title: `${a.product.active.length} addresses × ${a.size.days} days, ${size.offlineDays} days offline`,
    notes: [
      `${product.applied} PMS changes and ${product.marketApplied} marketplace events applied while offline ` +
        `(naive world: ${naive.applied} and ${naive.marketApplied}; planned ${size.pmsChanges} and ${size.marketEvents}).`,
      ...(stuck ? [`**The product's outbox never emptied**; left after 6 h: ${stuck}.`] : []),
    ],
    rows: [
      row(
        'time from restart until the last write (outbox empty)',
        minutes(product.virtualMin),
        minutes(naive.virtualMin),
        ratio(naive.virtualMin, product.virtualMin),
      ),
      row('writes', num(product.writes), num(naive.writes), ratio(naive.writes, product.writes)),
      row('reads', num(product.reads), num(naive.reads)),
      row('429 received', num(product.tooMany), num(naive.tooMany), '–', '0', '0'),
      row(
        'marketplace bookings made while offline (visit still ahead)',
        num(futureMarketBookings(pa, end).length),
        num(futureMarketBookings(na, end).length),
      ),
      row(
        '  … in the PMS / canceled online since / waiting in an open conflict / lost',
        product.fate
          ? [product.fate.inPms, product.fate.canceledOnline, product.fate.inConflict, product.fate.lost]
              .map((x) => num(x))
              .join(' / ')
          : '–',
        `${num(naive.marketInPms)} in the PMS (no inbound)`,
        '–',
        '–',
        'lost 0',
      ),
      row(
        '  … of them onto time the PMS had filled meanwhile (double bookings)',
        num(product.doubleBookings),
        num(naive.doubleBookings),
      ),
      row(
        'open conflicts for the receptionist after catch-up',
        num(product.openConflicts),
        'none (no conflict handling)',
      ),
      row(
        'differences a reconciliation finds right after',
        num(product.differencesAfter),
        'not checked (no reconciliation)',
        '–',
        '0',
        '0',
      ),
      row(
        'CPU time (one process: engine or naive + simulator + harness)',
        `${num(product.cpuMs / 1000, 1)} s`,
        `${num(naive.cpuMs / 1000, 1)} s`,
      ),
    ],
  };
  return {
    id: 'catch-up',
    title: '4. Catch-up after days offline',
    tables: [table],
    notes: [
      '"never" = the outbox was still not empty 6 h (virtual) after the restart. ' +
        'Notifications older than 72 h are gone when the sync returns, so the product reconciles every address on start ' +
        '(off longer than notifications live). Reads include the notification pulls of the two minutes the product keeps running after its outbox emptied (to apply what reconciliation handed to inbound).',
    ],
    raw: { size, product, naive, stuck },
    wallMs: performance.now() - t,
  };
}
