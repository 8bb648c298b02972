// `npm test`: runs every check and suite even when an earlier one fails, so one lint slip does not hide a failing
// test; exits non-zero if any step failed and names the failed steps.
import { spawnSync } from 'node:child_process';

const steps = ['typecheck', 'lint', 'format:check', 'test:unit', 'test:e2e'];
const failed = [];
for (const step of steps) {
  console.log(`\n== npm run ${step}`);
  const r = spawnSync('npm', ['run', '-s', step], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(step);
}
console.log(failed.length ? `\nFailed steps: ${failed.join(', ')}` : '\nAll steps passed.');
process.exit(failed.length ? 1 : 0);
