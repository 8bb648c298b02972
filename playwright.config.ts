// Playwright: browser E2E specs (test/e2e/*.spec.ts) run in Debian's Chromium against the headless host; the
// Electron spec (electron.spec.ts) runs where an Electron binary exists and is skipped elsewhere.
// Flags from TOOLCHAIN.md: without the background-networking ones Chromium floods the closed network.
import { defineConfig, type ReporterDescription } from '@playwright/test';

const reportDir = process.env.TEST_REPORT_DIR;
const reporter: ReporterDescription[] = [['list']];
if (reportDir) reporter.push(['json', { outputFile: `${reportDir}/playwright.json` }]);

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  reporter,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // The whole product for the browser specs: simulator + generated clinic + engine + host (electron/headless/demo).
  webServer: {
    command:
      'node --import tsx electron/headless/demo-cli.ts --port 4777 --token e2e-token --doctors 2 --days 14 ' +
      '--writes-per-minute 3000 --viewer-port 4778 --state-file test-results/demo-state.json',
    url: 'http://127.0.0.1:4777/api/status',
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  projects: [
    { name: 'chromium', testIgnore: /electron\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
