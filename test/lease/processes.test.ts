// Real file locking between separate OS processes: two processes race to take the same free leases (exactly one
// wins each), and a process that may not write the folder (another user, as on a read-only share) only watches.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../electron/engine/util/clock';
import { LeaseSidecar, READ_ONLY_FOLDER_MESSAGE, sidecarPathFor } from '../../electron/engine/lease';
import {
  MARGIN,
  RENEW,
  TTL,
  cleanupDirs,
  keeperOptions,
  practiceFolder,
  snapshot,
  startKeeper,
} from './helpers';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'fixtures', 'lease-child.ts');
const repo = join(here, '..', '..');
// As root, folder permissions do not stop us: run the child as "nobody" instead, for whom the folder is read-only.
const asOtherUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

const readOnlyDirs: string[] = [];
afterEach(() => {
  for (const d of readOnlyDirs.splice(0)) chmodSync(d, 0o755);
  cleanupDirs();
});

interface Child {
  ready: Promise<void>;
  go(): void;
  output: Promise<string>;
}

function runChild(command: object, extra: { uid?: number; gid?: number } = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(command)], {
    cwd: repo,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...extra,
  });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const output = new Promise<string>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code === 0) resolve(out.replace(/^ready\n/, '').trim());
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
  return { ready, go: () => proc.stdin.end('go\n'), output };
}

function freeLease(dbPath: string): void {
  // A lease that was held and released: free, so the first instance to start takes it without waiting.
  const s = LeaseSidecar.open(dbPath, keeperOptions('SETUP', new VirtualClock()));
  s.tryAcquire(s.readLease());
  s.release(1);
  s.close();
}

/**
 * The folder becomes read-only for the child while the files in it stay the child's own and writable (the trap:
 * SQLite opens such a file read-write and fails only when it needs its journal).
 */
function makeReadOnly(dir: string): void {
  if ('uid' in asOtherUser) {
    for (const f of [dir, ...readdirSync(dir).map((n) => join(dir, n))]) chownSync(f, 65534, 65534);
  }
  chmodSync(dir, 0o555);
  readOnlyDirs.push(dir);
}

type RaceResult = { dbPath: string; role: string; token: number | null; reason: string };

describe('lease across OS processes', () => {
  it('two processes starting at the same moment: exactly one leads, every time', async () => {
    const dbPaths = Array.from({ length: 12 }, () => practiceFolder().dbPath);
    dbPaths.forEach(freeLease);
    const one = runChild({ mode: 'race', dbPaths, name: 'RECEPTION-1' });
    const two = runChild({ mode: 'race', dbPaths, name: 'RECEPTION-2' });
    await Promise.all([one.ready, two.ready]);
    one.go();
    two.go();
    const [r1, r2] = (await Promise.all([one.output, two.output])).map((o) => JSON.parse(o) as RaceResult[]);
    for (const [i, dbPath] of dbPaths.entries()) {
      const roles = [r1![i]!.role, r2![i]!.role].sort();
      expect(roles, dbPath).toEqual(['leader', 'viewer']);
      // The file agrees with the winner.
      const winner = r1![i]!.role === 'leader' ? 'RECEPTION-1' : 'RECEPTION-2';
      const s = LeaseSidecar.open(dbPath, keeperOptions('CHECK', new VirtualClock()));
      expect(s.readLease()).toMatchObject({ holderName: winner, generation: 2 });
      s.close();
    }
  }, 60_000);

  it('a read-only folder without a lock file: cannot lead, says why', async () => {
    const { dir, dbPath } = practiceFolder();
    makeReadOnly(dir);
    const out = JSON.parse(await runChild({ mode: 'open', dbPath, name: 'RECEPTION-3' }, asOtherUser).output);
    expect(out.state).toEqual({ role: 'error', code: 'read-only-folder', reason: READ_ONLY_FOLDER_MESSAGE });
    expect(out.info).toEqual({ role: 'viewer', holder: null, expiresAt: null });
    expect(existsSync(sidecarPathFor(dbPath))).toBe(false);
  }, 30_000);

  it('a read-only folder with a lock file: watches the leader, shows its status, cannot queue', async () => {
    const { dir, dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const leader = startKeeper(dbPath, 'RECEPTION-1', clock);
    await clock.advance(TTL + MARGIN + RENEW);
    expect(leader.keeper.isLeader()).toBe(true);
    expect(
      leader.keeper.publishStatus({
        snapshot: snapshot(clock.now(), 'RECEPTION-1'),
        conflicts: [],
        activity: [],
      }),
    ).toBe(true);
    makeReadOnly(dir);
    const out = JSON.parse(await runChild({ mode: 'open', dbPath, name: 'RECEPTION-3' }, asOtherUser).output);
    expect(out.state, JSON.stringify(out.state)).toMatchObject({
      role: 'viewer',
      holder: 'RECEPTION-1',
      canLead: false,
    });
    expect(out.state.reason).toMatch(
      /cannot take the lease: the folder of the practice database is read-only/,
    );
    expect(out.info).toMatchObject({ role: 'viewer', holder: 'RECEPTION-1' });
    expect(out.status).toMatchObject({ holderName: 'RECEPTION-1', snapshot: { state: 'in-sync' } });
    expect(out.enqueueError).toMatchObject({ code: 'read-only-sidecar' });
    expect(leader.keeper.isLeader()).toBe(true);
    leader.keeper.stop();
  }, 30_000);
});
