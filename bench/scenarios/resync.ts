// Scenario 3 — resync and reconciliation of an activated, in-sync clinic: the product's reconciliation
// (getSlots + getBookings + getCalendarBreaks per address, compared with the PMS) and full resync (reconciliation +
// re-plan of every day) when nothing differs; then one marketplace-side difference nobody was told about, repaired
// by a reconciliation. The naive baseline has no reconciliation: its "resync" replaces every address's horizon.
import { join } from 'node:path';
import {
  countCalls,
  drive,
  heapMb,
  productSettled,
  stuckSummary,
  TZ,
  rssMb,
  usageSince,
  usageStart,
  type World,
} from '../harness';
import { measureEngineRss } from '../engine-rss';
import { num, ratio, row, type ScenarioResult, type Table } from '../report';
import type { Activated } from './activation';

interface Measured {
  reads: number;
  writes: number;
  cpuMs: number;
  rssMb: number;
  heapMb: number;
  differences?: number;
  virtualMin: number;
  bookings?: number;
}

async function measure(
  w: World,
  work: () => Promise<{ differences?: number } | void>,
  budgets: Parameters<typeof drive>[1],
): Promise<Measured> {
  w.sim.control.clearLog();
  const t0 = w.clock.now();
  const u = usageStart();
  const r = await drive(w.clock, budgets, work());
  const usage = usageSince(u);
  const c = countCalls(w.sim.control.callLog());
  return {
    reads: c.reads,
    writes: c.writes,
    cpuMs: usage.cpuMs,
    rssMb: rssMb(),
    heapMb: heapMb(),
    differences: r ? r.differences : undefined,
    virtualMin: (w.clock.now() - t0) / 60_000,
  };
}

export async function resyncScenario(worlds: readonly Activated[]): Promise<ScenarioResult> {
  const t = performance.now();
  const tables: Table[] = [];
  const raw: Record<string, unknown> = {};
  for (const a of worlds) {
    const r = await resyncOne(a);
    tables.push(r.table);
    raw[`${a.product.active.length}x${a.size.days}`] = r.raw;
  }
  return {
    id: 'resync',
    title: '3. Resync and reconciliation',
    tables,
    notes: [
      '"Engine alone" runs in a child process (an esbuild bundle in plain Node) on the same PMS and state DB files ' +
        'against the same simulator: it reconciles and fully resyncs every address and reports its peak RSS. "Bench ' +
        'process" RSS also holds the simulator with both estates and the naive world. The 12-week clinic is the one ' +
        'scenario 2 ran on (reconciled after its clinic day).',
    ],
    raw,
    wallMs: performance.now() - t,
  };
}

async function resyncOne(a: Activated): Promise<{ table: Table; raw: unknown }> {
  const { world: pw, p } = a.product;
  const engine = p.assembled.engine;
  // Every activated address is reconciled, the reserve one the clinic day activated included.
  const addresses = engine.repos.mapping.listAddresses().filter((x) => x.activation !== 'inactive').length;
  // Make sure the product is in sync and idle (loops stopped: nothing else reads meanwhile).
  await drive(pw.clock, [p.budget], engine.start());
  const settled = await productSettled(pw, p, 10_000, 2 * 3600_000);
  const stuck = settled ? '' : stuckSummary(p);
  await drive(pw.clock, [p.budget], engine.stop());
  if (global.gc) global.gc();

  // The first reconciliation after the feed reads every address's breaks (never read yet); the hourly ones after it
  // read them only on doubt or once a day. Both are reported; the target is about the recurring one.
  const first = await measure(pw, () => engine.reconcile(), [p.budget]);
  const rec = await measure(pw, () => engine.reconcile(), [p.budget]);
  rec.bookings = Object.values(pw.sim.control.state().addresses).reduce(
    (n, x) => n + x.bookings.filter((b) => b.status === 'booked').length,
    0,
  );
  const full = await measure(pw, async () => {
    const r = await engine.fullResync();
    return { differences: r.ok ? 0 : undefined };
  }, [p.budget]);
  // One difference: a patient cancels online and the notification is lost (pulled by nobody, then expired).
  const addressId = pw.dpAddress.get(a.product.active[0]!)!;
  const booked = pw.sim.control
    .state()
    .addresses[addressId]?.bookings.find(
      (b) => b.status === 'booked' && Date.parse(b.start_at) > pw.clock.now(),
    );
  let repair: Measured | null = null;
  if (booked) {
    pw.sim.control.patientCancel(addressId, String(booked.id));
    // Drop the notification as if it had expired.
    await drive(pw.clock, [p.budget], p.assembled.api.pullNotifications(100));
    repair = await measure(pw, () => engine.reconcile(), [p.budget]);
  }

  // The engine alone, in a child process on the same files and simulator (the parent's clock stands still).
  const engineRss = await measureEngineRss({
    pmsPath: pw.pmsPath,
    statePath: join(pw.dir, 'state.db'),
    baseUrl: pw.sim.baseUrl,
    nowMs: pw.clock.now(),
    horizonDays: pw.horizonDays,
    timeZone: TZ,
  });

  // Naive "resync": replace the whole horizon of every address again (it keeps its booking links).
  const { world: nw, n } = a.naive;
  await drive(nw.clock, [n.budget], n.sync.stop());
  const naive = await measure(nw, async () => {
    n.sync.activateAll();
    n.sync.start();
    await n.sync.settle();
    await n.sync.stop();
  }, [n.budget]);

  const perAddress = (x: number) => x / addresses;
  const table: Table = {
    title: `${addresses} addresses × ${a.size.days} days (${rec.bookings} bookings on Docplanner), nothing differs`,
    notes: stuck
      ? [
          `The product's outbox was not empty before the measurement (left after 2 h: ${stuck}); figures include it.`,
        ]
      : [],
    rows: [
      row(
        'first reconciliation after the feed: reads per address',
        num(perAddress(first.reads), 2),
        '–',
        '–',
        '3 (slots, bookings, breaks)',
      ),
      row('hourly reconciliation: reads', num(rec.reads), 'no reconciliation', '–'),
      row(
        'hourly reconciliation: reads per address',
        num(perAddress(rec.reads), 2),
        '–',
        '–',
        '2 (slots, bookings; breaks when these disagree or daily)',
        '< 3',
      ),
      row('reconciliation: writes (nothing differs)', num(rec.writes), '–', '–', '0', '0'),
      row('reconciliation: CPU time', `${num(rec.cpuMs / 1000, 2)} s`, '–'),
      row('full resync: reads', num(full.reads), num(naive.reads)),
      row(
        'full resync: writes (nothing differs)',
        num(full.writes),
        num(naive.writes),
        ratio(naive.writes, full.writes),
        '0',
        '0',
      ),
      row(
        'full resync: virtual time',
        `${num(full.virtualMin, 1)} min`,
        `${num(naive.virtualMin, 1)} min`,
        ratio(naive.virtualMin, full.virtualMin),
      ),
      row(
        'full resync: CPU time',
        `${num(full.cpuMs / 1000, 2)} s`,
        `${num(naive.cpuMs / 1000, 2)} s`,
        ratio(naive.cpuMs, full.cpuMs),
      ),
      row(
        'one lost marketplace cancellation: reconciliation reads / writes / differences',
        repair ? `${num(repair.reads)} / ${num(repair.writes)} / ${num(repair.differences ?? null)}` : '–',
        'never noticed',
      ),
      row(
        'engine alone (child process): peak RSS / JS heap during reconciliation + full resync',
        'error' in engineRss
          ? `not measured: ${engineRss.error}`
          : `${num(engineRss.peakRssMb)} MB / ${num(engineRss.heapMb)} MB (${engineRss.addresses} addresses)`,
        '–',
        '–',
        '–',
        '< 150 MB',
      ),
      row(
        'bench process RSS / JS heap after reconciliation (engine + simulator + naive world)',
        `${num(rec.rssMb)} MB / ${num(rec.heapMb)} MB`,
        `${num(naive.rssMb)} MB / ${num(naive.heapMb)} MB`,
        '–',
        '–',
        'engine < 150 MB',
      ),
    ],
  };
  return {
    table,
    raw: {
      addresses,
      days: a.size.days,
      firstReconcile: first,
      reconcile: rec,
      fullResync: full,
      repair,
      naive,
      engineRss,
    },
  };
}
