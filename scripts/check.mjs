// Runs one named check (type-check, lint, format) and records its outcome for the CI summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...cmd] = process.argv.slice(2);
const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', shell: false });
const ok = r.status === 0;
const dir = process.env.TEST_REPORT_DIR;
if (dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `check-${name}.json`), JSON.stringify({ ok }));
}
process.exit(ok ? 0 : 1);
