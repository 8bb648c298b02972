// `npm run simulator -- --port 4010 [--seed-demo | --mirror <practice.db> [--time-zone Europe/Warsaw]] [--seed N]
//   [--no-rate-limits]`: runs the simulator until Ctrl-C. Prints base URL, token URL and credentials, one per line.
// --mirror seeds an estate that mirrors a (reference-schema) practice DB: same doctor, location and service names,
// so the sync's mapping suggestions find everything.
import { DateTime } from 'luxon';
import { openPracticeAdapter } from '../../electron/engine/practice/open';
import { mirrorSeedFromPractice } from '../../electron/headless/demo/mirror-seed';
import { DEFAULT_CLIENT, demoSeed, startSimulator } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg('--port') ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port ${arg('--port')}`);
  process.exit(2);
}

const sim = await startSimulator({
  port,
  seed: Number(arg('--seed') ?? 1),
  rateLimits: process.argv.includes('--no-rate-limits') ? false : undefined,
});
if (process.argv.includes('--seed-demo')) sim.control.seed(demoSeed());
const mirror = arg('--mirror');
if (mirror) {
  const timeZone = arg('--time-zone') ?? 'Europe/Warsaw';
  const practice = openPracticeAdapter({ kind: 'reference', dbPath: mirror, timeZone });
  const today = DateTime.now().setZone(timeZone);
  try {
    sim.control.seed(
      mirrorSeedFromPractice(
        practice,
        { from: today.toISODate()!, to: today.plus({ days: 83 }).toISODate()! },
        'Clinic',
      ),
    );
  } finally {
    practice.close();
  }
  console.log(`mirrored:      ${mirror}`);
}

console.log(`base URL:      ${sim.baseUrl}`);
console.log(`token URL:     ${sim.tokenUrl}`);
console.log(`client id:     ${DEFAULT_CLIENT.clientId}`);
console.log(`client secret: ${DEFAULT_CLIENT.clientSecret}`);
console.log(`control API:   ${sim.origin}/__sim/ (see test/simulator/README.md)`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
