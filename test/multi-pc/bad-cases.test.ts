// Bad cases of issue 7, each with a clear message in the runtime status (what the UI and GET /api/status show):
// the sidecar folder is read-only, the share drops mid-lease, two PCs start in the same second.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusSnapshot } from '../../shared/bridge';
import {
  ADDRESS_KEY,
  MAPPING,
  TAKEOVER_MS,
  TTL_SECONDS,
  TZ,
  createClinic,
  type Clinic,
} from './support/clinic';
import { runtimePc, startLeaderPc, untilRole, type RuntimePc } from './support/runtime-pc';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
// As root, folder permissions do not stop us: the child runs as "nobody", for whom the folder is read-only.
const asOtherUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

let c: Clinic | null = null;
const pcs: RuntimePc[] = [];
const readOnly: string[] = [];
afterEach(async () => {
  for (const d of readOnly.splice(0)) chmodSync(d, 0o755);
  for (const p of pcs.splice(0)) await c?.run(p.runtime.stop()).catch(() => undefined);
  await c?.close();
  c = null;
});

/** Runs a runtime for one lease round in another OS process (another user) and returns its status. */
function childStatus(
  cl: Clinic,
  name: string,
): Promise<{ status: StatusSnapshot; requestError: string | null }> {
  const dataDir = join(dirname(cl.dir), `${name}-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dataDir, 'settings.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      docplanner: { baseUrl: cl.sim.baseUrl, clientId: `client-${name}`, locale: 'pl' },
      practice: { kind: 'reference', dbPath: cl.pmsPath },
      timeZone: TZ,
      horizonDays: 7,
      lease: { enabled: true, ttlSeconds: TTL_SECONDS },
    }),
  );
  if ('uid' in asOtherUser) chownSync(dataDir, 65534, 65534);
  if ('uid' in asOtherUser) chownSync(configPath, 65534, 65534);
  const child = join(here, 'fixtures', 'runtime-child.ts');
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', child, JSON.stringify({ configPath, dataDir, name })],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], ...asOtherUser },
  );
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`child exited with ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as never);
    });
  });
}

function makeReadOnly(dir: string): void {
  if ('uid' in asOtherUser) {
    for (const f of [dir, ...readdirSync(dir).map((n) => join(dir, n))]) chownSync(f, 65534, 65534);
  }
  chmodSync(dir, 0o555);
  readOnly.push(dir);
}

describe('multi-PC bad cases, as the runtime status shows them', () => {
  it('the folder of the practice DB is read-only and holds no lock file: error status saying so', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2', 'RECEPTION-3'] });
    makeReadOnly(c.dir);
    const { status } = await childStatus(c, 'RECEPTION-3');
    expect(status.state).toBe('error');
    expect(status.reason).toMatch(
      /cannot create the lock file beside the practice database: folder is read-only/,
    );
    expect(status.lastError).toMatchObject({ code: 'lease-read-only-folder' });
    expect(status.lease).toMatchObject({ role: 'viewer', holder: null });
  }, 60_000);

  it('a read-only folder with a lock file: the PC watches the leader, says it cannot lead, cannot queue requests', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2', 'RECEPTION-3'] });
    const leader = await startLeaderPc(c, pcs, 'RECEPTION-1', { mapping: MAPPING });
    await c.run(leader.runtime.bridge.startActivation({ addressKey: ADDRESS_KEY }));
    await c.wait(10_000);
    makeReadOnly(c.dir);
    const { status, requestError } = await childStatus(c, 'RECEPTION-3');
    expect(status.lease).toMatchObject({ role: 'viewer', holder: 'RECEPTION-1' });
    expect(status.reason).toMatch(/^Syncing on RECEPTION-1/);
    expect(status.reason).toMatch(/only watches: the folder of the practice database is read-only/);
    expect(requestError).toMatch(/could not be queued.*read-only/);
  }, 60_000);

  it('the share drops mid-lease: the leader stops writing at once with a clear error, and resumes when it returns', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2', 'RECEPTION-3'] });
    const leader = await startLeaderPc(c, pcs, 'RECEPTION-1', { mapping: MAPPING });
    await c.run(leader.runtime.bridge.startActivation({ addressKey: ADDRESS_KEY }));
    await c.wait(30_000);
    const session = leader.runtime.session()!;
    const token = session.keeper!.assertLeader();

    const offline = `${c.dir}-offline`;
    renameSync(c.dir, offline); // the share is gone
    await c.wait(TTL_SECONDS * 1000);
    const dropped = await leader.runtime.bridge.getStatus(undefined);
    expect(dropped.state).toBe('error');
    expect(dropped.reason).toMatch(
      /^Sync is stopped on this PC: the (folder|lock file) .* cannot be reached/,
    );
    expect(dropped.lastError).toMatchObject({ code: 'lease-sidecar-unavailable' });
    expect(leader.runtime.lease().role).toBe('viewer');
    const droppedAt = c.clock.now();
    await c.wait(60_000);
    expect(c.writes().filter((w) => w.at >= droppedAt)).toEqual([]);

    renameSync(offline, c.dir); // the share is back
    await untilRole(c, leader, 'leader');
    expect(session.keeper!.assertLeader()).toBe(token + 1);
    // Nobody led meanwhile: the same state DB resumes without a takeover reconciliation.
    expect(session.takeovers.at(-1)).toMatchObject({ token: token + 1, resumed: true, reconciled: null });
    await c.wait(5000);
    const back = await leader.runtime.bridge.getStatus(undefined);
    expect(back.lease).toMatchObject({ role: 'leader', holder: 'RECEPTION-1' });
    expect(back.state).not.toBe('error');
  });

  it('two PCs starting in the same second: exactly one syncs, the other says which one', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2', 'RECEPTION-3'] });
    const one = await runtimePc(c, 'RECEPTION-1', { mapping: MAPPING });
    const two = await runtimePc(c, 'RECEPTION-2', { mapping: MAPPING });
    pcs.push(one, two);
    await c.run(Promise.all([one.runtime.start(), two.runtime.start()]));
    const end = c.clock.now() + 2 * TAKEOVER_MS;
    while (one.runtime.lease().role !== 'leader' && two.runtime.lease().role !== 'leader') {
      if (c.clock.now() > end) throw new Error('nobody leads');
      await c.wait(1000);
    }
    await c.wait(TAKEOVER_MS);
    const roles = [one, two].map((p) => p.runtime.lease().role).sort();
    expect(roles).toEqual(['leader', 'viewer']);
    const [leader, viewer] = one.runtime.lease().role === 'leader' ? [one, two] : [two, one];
    const vs = await viewer.runtime.bridge.getStatus(undefined);
    expect(vs.lease).toMatchObject({ role: 'viewer', holder: leader.name });
    expect(vs.reason).toMatch(new RegExp(`^Syncing on ${leader.name}`));
    const ls = await leader.runtime.bridge.getStatus(undefined);
    expect(ls.lease).toMatchObject({ role: 'leader', holder: leader.name });
    expect(c.writes().filter((w) => w.clientId === viewer.clientId)).toEqual([]);
  });

  it('two PCs starting in the same second on a free lease (the last PC stopped cleanly): one takes it at once', async () => {
    c = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2', 'RECEPTION-3'] });
    const first = await runtimePc(c, 'RECEPTION-1', { mapping: MAPPING });
    await c.run(first.runtime.start());
    await untilRole(c, first, 'leader');
    await c.run(first.runtime.bridge.startActivation({ addressKey: ADDRESS_KEY }));
    await c.wait(10_000);
    await c.run(first.runtime.stop()); // releases the lease
    const two = await runtimePc(c, 'RECEPTION-2');
    const three = await runtimePc(c, 'RECEPTION-3');
    pcs.push(two, three);
    await c.run(Promise.all([two.runtime.start(), three.runtime.start()]));
    // No waiting: the lease was free, and the compare-and-swap let exactly one of them take it.
    const roles = [two, three].map((p) => p.runtime.lease().role).sort();
    expect(roles).toEqual(['leader', 'viewer']);
    const [leader, viewer] = two.runtime.lease().role === 'leader' ? [two, three] : [three, two];
    await c.wait(5000);
    const vs = await viewer.runtime.bridge.getStatus(undefined);
    expect(vs.lease).toMatchObject({ role: 'viewer', holder: leader.name });
    expect(vs.reason).toMatch(new RegExp(`^Syncing on ${leader.name}`));
    // The new leader took the mapping over from the handover RECEPTION-1 left.
    expect(leader.runtime.session()!.takeovers.at(-1)).toMatchObject({ importedFrom: 'RECEPTION-1' });
    expect(c.writes().filter((w) => w.clientId === viewer.clientId)).toEqual([]);
  });
});
