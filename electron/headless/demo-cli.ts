// `npm run demo [-- --port 4777 --data-dir <dir> --state-file <file> --doctors 3 --days 28 --viewer-port 4778]`
// Starts the simulator, a generated sample clinic, the sync engine and the UI, and prints the URL to open.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemo, writeDemoState } from './demo/demo';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      'data-dir': { type: 'string' },
      'state-file': { type: 'string' },
      doctors: { type: 'string', default: '3' },
      days: { type: 'string', default: '28' },
      'writes-per-minute': { type: 'string', default: '600' },
      'viewer-port': { type: 'string' },
    },
  });
  const built = resolve(import.meta.dirname, '../../dist/renderer');
  const rendererDir = existsSync(join(built, 'index.html')) ? built : null;
  if (!rendererDir) console.error('demo: the UI is not built (run `npm run build`); serving the API only.');
  const demo = await startDemo({
    rendererDir,
    port: Number(values.port),
    token: values.token,
    dataDir: values['data-dir'] && resolve(values['data-dir']),
    doctors: Number(values.doctors),
    horizonDays: Number(values.days),
    writesPerMinute: Number(values['writes-per-minute']),
    viewerPort: values['viewer-port'] === undefined ? null : Number(values['viewer-port']),
  });
  if (values['state-file']) writeDemoState(resolve(values['state-file']), demo);
  console.log(`Clinic Sync Desk demo: open ${demo.url}`);
  if (demo.viewerUrl) console.log(`A second reception PC (viewer mode): ${demo.viewerUrl}`);
  const stop = async () => {
    console.error('demo: stopping…');
    await demo.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
