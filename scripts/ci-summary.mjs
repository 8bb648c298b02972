// Sums the JSON reports that vitest and Playwright wrote into TEST_REPORT_DIR (and the check markers written by
// scripts/check.mjs) and prints "N passed, N failed" as the last line.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, exitCode = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (dir && existsSync(dir)) {
  for (const file of readdirSync(dir)) {
    const path = join(dir, file);
    if (file.startsWith('check-')) {
      const { ok } = JSON.parse(readFileSync(path, 'utf8'));
      if (ok) passed++;
      else failed++;
    } else if (file === 'vitest.json') {
      const r = JSON.parse(readFileSync(path, 'utf8'));
      passed += r.numPassedTests ?? 0;
      failed +=
        (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
      skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    } else if (file === 'playwright.json') {
      const r = JSON.parse(readFileSync(path, 'utf8'));
      passed += r.stats?.expected ?? 0;
      failed += (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0);
      skipped += r.stats?.skipped ?? 0;
    }
  }
}
if (exitCode !== '0' && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
