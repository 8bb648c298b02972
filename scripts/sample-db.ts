// npm run sample-db -- --out path [--doctors N --locations N --days N --past-days N --seed S --appointments N
//                                  --schema reference|alternate --start YYYY-MM-DD --tz Europe/Warsaw]
// Writes a generated (fictional) clinic database; with --schema alternate also <out>.mapping.yaml.
import { parseArgs } from 'node:util';
import { generateSampleClinic } from '../electron/engine/practice/sample/generate';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    doctors: { type: 'string' },
    locations: { type: 'string' },
    days: { type: 'string' },
    'past-days': { type: 'string' },
    seed: { type: 'string' },
    appointments: { type: 'string' },
    schema: { type: 'string' },
    start: { type: 'string' },
    tz: { type: 'string' },
  },
});

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got "${v}"`);
    process.exit(2);
  }
  return n;
}

if (!values.out) {
  console.error(
    'usage: npm run sample-db -- --out path [--doctors N --days N --seed S --appointments N --schema alternate]',
  );
  process.exit(2);
}
if (values.schema !== undefined && values.schema !== 'reference' && values.schema !== 'alternate') {
  console.error(`--schema must be "reference" or "alternate", got "${values.schema}"`);
  process.exit(2);
}
const started = Date.now();
const summary = generateSampleClinic(values.out, {
  doctors: int('doctors', values.doctors),
  locations: int('locations', values.locations),
  days: int('days', values.days),
  pastDays: int('past-days', values['past-days']),
  seed: int('seed', values.seed),
  targetAppointments: int('appointments', values.appointments),
  schema: values.schema as 'reference' | 'alternate' | undefined,
  startDate: values.start,
  timeZone: values.tz,
});
console.log(
  `wrote ${summary.path} (${summary.schema} schema, seed ${summary.seed}, ${summary.timeZone}): ` +
    `${summary.doctors} doctors, ${summary.locations} locations, ${summary.addresses.length} doctor-locations, ` +
    `${summary.appointments} appointments ${summary.from}..${summary.to}, ${summary.patients} generated patients, ` +
    `${summary.blocks} blocked times in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (summary.mappingFile) console.log(`mapping file: ${summary.mappingFile}`);
