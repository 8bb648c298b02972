// `npm run sync -- --config … --once` as a clinic IT person runs it: a real child process against the simulator on
// loopback and a generated sample clinic. Exit codes and the one-line JSON status are the CLI's contract.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPracticeAdapter } from '../../electron/engine/practice/open';
import { generateSampleClinic } from '../../electron/engine/practice/sample/generate';
import { mirrorSeedFromPractice } from '../../electron/headless/demo/mirror-seed';
import { startSimulator, type RunningSimulator } from '../simulator/index';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

let sim: RunningSimulator;
let dir: string;

/** Runs the CLI without blocking this process (the simulator answers from it). */
function sync(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stderr: string; json: any }>((done) => {
    execFile(
      TSX,
      ['electron/headless/cli.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const lines = stdout.trim().split('\n').filter(Boolean);
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stderr, json: lines.length ? JSON.parse(lines[lines.length - 1]!) : null });
      },
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-once-'));
  const clinic = generateSampleClinic(join(dir, 'clinic.db'), {
    doctors: 2,
    locations: 1,
    days: 7,
    seed: 5,
    timeZone: 'Europe/Warsaw',
  });
  sim = await startSimulator({ rateLimits: { writesPerMinute: 5000, getsPerHour: 100_000, headers: true } });
  const practice = openPracticeAdapter({ kind: 'reference', dbPath: clinic.path, timeZone: 'Europe/Warsaw' });
  sim.control.seed(mirrorSeedFromPractice(practice, { from: clinic.from, to: clinic.to }, 'Test clinic'));
  practice.close();
  writeFileSync(
    join(dir, 'sync.json'),
    JSON.stringify({
      docplanner: { baseUrl: sim.baseUrl, clientId: 'sim-client' },
      practice: { kind: 'reference', dbPath: 'clinic.db' },
      horizonDays: 7,
      rateLimits: { writesPerMinute: 5000, readsPerHour: 100_000 },
      lease: { enabled: false },
    }),
  );
}, 60_000);

afterAll(async () => {
  await sim?.close();
});

describe('sync --once', () => {
  it('explains a broken config with the field and exits 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ docplanner: {}, practice: { kind: 'reference' }, horizonDays: 500 }));
    const r = await sync(['--config', bad, '--once']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('practice.dbPath');
    expect(r.stderr).toContain('horizonDays');
  });

  it('says where the secret must come from when none is set, and exits 2', async () => {
    const r = await sync(['--config', join(dir, 'sync.json'), '--once'], { DOCPLANNER_CLIENT_SECRET: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DOCPLANNER_CLIENT_SECRET');
  });

  it('exits 1 with the reason when Docplanner refuses the credentials', async () => {
    const r = await sync(['--config', join(dir, 'sync.json'), '--once', '--accept-suggested-mapping'], {
      DOCPLANNER_CLIENT_SECRET: 'wrong',
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr + JSON.stringify(r.json)).toMatch(/client ID|secret|credentials|sign/i);
  });

  it('maps, feeds and verifies a clinic, then a second run agrees with zero writes', async () => {
    const env = { DOCPLANNER_CLIENT_SECRET: 'sim-secret' };
    const first = await sync(
      ['--config', join(dir, 'sync.json'), '--once', '--accept-suggested-mapping', '--activate'],
      env,
    );
    expect(first.stderr).not.toContain('failed');
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ agree: true, reasons: [], status: { state: 'in-sync', pending: 0 } });
    expect(first.json.status.addresses).toHaveLength(2);
    const bookingsOnline = Object.values(sim.control.state().addresses).flatMap((a) =>
      a.bookings.filter((b) => b.status === 'booked'),
    );
    expect(bookingsOnline.length).toBeGreaterThan(0);

    sim.control.clearLog();
    const second = await sync(['--config', join(dir, 'sync.json'), '--once'], env);
    expect(second.code).toBe(0);
    expect(second.json.agree).toBe(true);
    expect(sim.control.callLog().filter((c) => c.write)).toEqual([]);
  });
});
