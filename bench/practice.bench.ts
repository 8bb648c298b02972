// npm run bench:practice [-- --appointments N --doctors N --locations N]
// Benchmark (not a test) of the practice layer on a generated reference-schema clinic with 1,000,000
// appointments (generated into the OS temp folder by a child process on first run, reused afterwards).
// Prints a markdown table: idle poll cost, one PMS edit detected + diffed, full horizon recompute, peak RSS.
// The measuring half runs in plain Node on an esbuild bundle of this file (like the production build), so the
// memory figure is the practice layer's, not the TypeScript loader's; `--in-process` skips that.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DayKey } from '../shared/canonical';
import { addressKeyId } from '../shared/canonical';
import { hashDay } from '../electron/engine/practice/day';
import { openPracticeAdapter } from '../electron/engine/practice/open';
import { addDays } from '../electron/engine/practice/time';
import { ReferencePms } from '../test/support/reference-pms';

const { values } = parseArgs({
  options: {
    appointments: { type: 'string', default: '1000000' },
    doctors: { type: 'string', default: '30' },
    locations: { type: 'string', default: '4' },
    measure: { type: 'string' },
    'in-process': { type: 'boolean', default: false },
  },
});
const appointments = Number(values.appointments);
const doctors = Number(values.doctors);
const locations = Number(values.locations);
const START = '2026-11-23';
const HORIZON = { from: START, to: addDays(START, 83) };
const TZ = 'Europe/Warsaw';

const dbPath =
  values.measure ?? path.join(os.tmpdir(), `clinic-sync-bench-${appointments}-${doctors}x${locations}-v2.db`);
if (values.measure === undefined && (!fs.existsSync(dbPath) || !fs.existsSync(`${dbPath}.ok`))) {
  console.error(`generating ${dbPath} (${appointments} appointments; reused on later runs) …`);
  const t = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      path.join(import.meta.dirname, '..', 'scripts', 'sample-db.ts'),
      '--out',
      dbPath,
      '--appointments',
      String(appointments),
      '--doctors',
      String(doctors),
      '--locations',
      String(locations),
      '--days',
      '84',
      '--start',
      START,
      '--seed',
      '42',
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('sample generation failed');
  fs.writeFileSync(`${dbPath}.ok`, `${Date.now() - t}`);
}

if (values.measure === undefined && !values['in-process']) {
  // Bundle this file and run the measurement in plain Node.
  const esbuild = await import('esbuild');
  // Inside node_modules/.cache so the bundle resolves better-sqlite3 like the project does.
  const bundle = path.join(
    import.meta.dirname,
    '..',
    'node_modules',
    '.cache',
    'clinic-sync-practice-bench.mjs',
  );
  esbuild.buildSync({
    entryPoints: [import.meta.filename],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    external: ['better-sqlite3', 'esbuild'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  const r = spawnSync(process.execPath, [bundle, '--measure', dbPath], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const adapter = openPracticeAdapter({ kind: 'reference', dbPath, timeZone: TZ });
const pms = new ReferencePms(dbPath, { timeZone: TZ });
const addresses = adapter.listAddresses();
const total = (pms.db.prepare('SELECT count(*) AS n FROM appointments').get() as { n: number }).n;

// First run: everything in the horizon is "changed" (and fingerprinted into the checkpoint).
let t0 = process.hrtime.bigint();
let cs = adapter.detectChanges(null, HORIZON);
const firstRun = ms(t0);
const rssAfterFirst = process.resourceUsage().maxRSS / 1024;

// Idle polls: nothing changed → the data_version gate answers.
const idle: number[] = [];
for (let i = 0; i < 5000; i++) {
  t0 = process.hrtime.bigint();
  cs = adapter.detectChanges(cs.checkpoint, HORIZON);
  idle.push(ms(t0) * 1000);
}
if (cs.changed.length !== 0) throw new Error('idle poll reported changes');

// One receptionist edit at a time (by the PMS, on its own connection), then detect + recompute + hash the
// affected days (what the engine does before diffing against what it pushed).
const lastHash = new Map<string, string>();
const recompute = (keys: DayKey[]) => {
  for (const k of keys) {
    const [day] = adapter.readDays(k, { from: k.date, to: k.date });
    lastHash.set(`${addressKeyId(k)}/${k.date}`, hashDay(day!));
  }
};
const edits: number[] = [];
const editsCpu: number[] = [];
for (let i = 0, d = 2; i < 20; d += 3) {
  const date = addDays(START, d);
  const booked = pms.listAppointments({ date }).filter((a) => a.status === 'booked');
  if (booked.length === 0) continue; // a Sunday or a holiday
  const a = booked[i % booked.length]!;
  i++;
  if (i % 4 === 0) pms.cancelAppointment(a.id, 'benchmark');
  else if (i % 4 === 1) pms.deleteAppointment(a.id);
  else if (i % 4 === 2)
    pms.rescheduleAppointment(a.id, { start: new Date(Date.parse(a.start) + 5 * 60_000).toISOString() });
  else pms.addAppointment({ doctorId: a.doctorId, locationId: a.locationId, start: a.end, minutes: 15 });
  t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  cs = adapter.detectChanges(cs.checkpoint, HORIZON);
  recompute(cs.changed);
  edits.push(ms(t0));
  const cpu = process.cpuUsage(cpu0);
  editsCpu.push((cpu.user + cpu.system) / 1000);
  if (cs.changed.length === 0) throw new Error(`edit ${i} was not detected`);
}

// Full horizon recompute: every address × 84 days, canonical days + hashes.
t0 = process.hrtime.bigint();
let days = 0;
for (const key of addresses) {
  // Two weeks per read, as the engine pages through the horizon (bounded memory).
  for (let from = HORIZON.from; from <= HORIZON.to; from = addDays(from, 14)) {
    const to = addDays(from, 13) < HORIZON.to ? addDays(from, 13) : HORIZON.to;
    for (const day of adapter.readDays(key, { from, to })) {
      hashDay(day);
      days++;
    }
  }
}
const full = ms(t0);
const rssMb = process.resourceUsage().maxRSS / 1024;
const rssAfterFirstRun = rssAfterFirst;

pms.close();
adapter.close();

console.log(
  `\nPractice layer benchmark — ${total.toLocaleString('en')} appointments, ${addresses.length} doctor-locations, horizon ${HORIZON.from}..${HORIZON.to} (${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version})\n`,
);
console.log('| measure | result | target |');
console.log('|---|---|---|');
console.log(`| idle poll (median of 5000) | ${median(idle).toFixed(1)} µs | < 1 ms |`);
console.log(
  `| one PMS edit detected + affected days recomputed (median / max of ${edits.length}) | ${median(edits).toFixed(1)} / ${Math.max(...edits).toFixed(1)} ms | < 50 ms |`,
);
console.log(
  `| … the same, CPU time of this process (median / max) | ${median(editsCpu).toFixed(1)} / ${Math.max(...editsCpu).toFixed(1)} ms | |`,
);
console.log(`| full horizon recompute (${days} days, canonical + hash) | ${full.toFixed(0)} ms | — |`);
console.log(
  `| first run (no checkpoint: detect + fingerprint whole horizon) | ${firstRun.toFixed(0)} ms | — |`,
);
console.log(
  `| peak RSS (after the first run: ${rssAfterFirstRun.toFixed(0)} MB) | ${rssMb.toFixed(0)} MB | < 150 MB |`,
);
