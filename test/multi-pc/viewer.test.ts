// Viewer mode through the runtime (the BridgeApi the UI uses) and the headless host: a viewer PC says which PC
// syncs, shows the leader's published status and conflicts, and its "sync now" / "resolve conflict" are queued in
// the sidecar and carried out by the leader exactly once. GET /api/status of the headless host names the holder.
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../electron/headless/host';
import { StatusSnapshotSchema } from '../../shared/bridge';
import { request } from '../headless/support/client';
import { ADDRESS_KEY, IDS, MAPPING, createClinic, type Clinic } from './support/clinic';
import { runtimePc, startLeaderPc, type RuntimePc } from './support/runtime-pc';

let c: Clinic | null = null;
let host: HeadlessHost | null = null;
const pcs: RuntimePc[] = [];
afterEach(async () => {
  await host?.close();
  host = null;
  for (const p of pcs.splice(0)) await c?.run(p.runtime.stop()).catch(() => undefined);
  await c?.close();
  c = null;
});

async function twoRuntimes(): Promise<{ cl: Clinic; leader: RuntimePc; viewer: RuntimePc }> {
  const cl = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2'] });
  c = cl;
  const leader = await startLeaderPc(cl, pcs, 'RECEPTION-1', { mapping: MAPPING });
  const act = await cl.run(leader.runtime.bridge.startActivation({ addressKey: ADDRESS_KEY }));
  expect(act).toMatchObject({ ok: true });
  const viewer = await runtimePc(cl, 'RECEPTION-2');
  pcs.push(viewer);
  await cl.run(viewer.runtime.start());
  await cl.wait(30_000);
  return { cl, leader, viewer };
}

describe('viewer mode through the runtime', () => {
  it('a viewer says which PC syncs and shows its published status; the host status JSON names the holder', async () => {
    const { cl, viewer } = await twoRuntimes();
    const status = await viewer.runtime.bridge.getStatus(undefined);
    expect(status.lease).toMatchObject({ role: 'viewer', holder: 'RECEPTION-1' });
    expect(status.reason).toMatch(/^Syncing on RECEPTION-1/);
    expect(status.addresses.map((a) => a.key)).toEqual([ADDRESS_KEY]);

    host = await startHeadlessHost({
      bridge: viewer.runtime.bridge,
      rendererDir: null,
      token: 't0k',
      log: () => {},
    });
    const res = await request(host.port, { path: '/api/status', headers: { Authorization: 'Bearer t0k' } });
    expect(res.status).toBe(200);
    const json = StatusSnapshotSchema.parse(res.json());
    expect(json.lease).toMatchObject({ role: 'viewer', holder: 'RECEPTION-1' });
    // Leader-only actions are refused on the viewer with the holder's name.
    await expect(viewer.runtime.bridge.setPaused({ paused: true })).rejects.toThrow(/RECEPTION-1/);
    // The viewer's own engine never wrote anything.
    expect(cl.writes().filter((w) => w.clientId === viewer.clientId)).toEqual([]);
  });

  it("a viewer's sync-now and resolve-conflict are carried out by the leader exactly once", async () => {
    const { cl, leader, viewer } = await twoRuntimes();
    // The doctor blocks time online; with breakPolicy 'conflict' the leader asks a human.
    cl.sim.control.doctorAddBreak(IDS.addressId, '2026-11-25T09:00:00+01:00', '2026-11-25T10:00:00+01:00');
    await cl.wait(30_000);
    const conflicts = await viewer.runtime.bridge.listConflicts({});
    expect(conflicts).toHaveLength(1);
    const conflict = conflicts[0]!;
    const action =
      conflict.options.find((o) => o.action === 'block-pms')?.action ?? conflict.options[0]!.action;

    const syncOutcome = await viewer.runtime.bridge.syncNow({});
    expect(syncOutcome).toMatchObject({ ok: true, message: expect.stringMatching(/RECEPTION-1/) });
    const resolveOutcome = await viewer.runtime.bridge.resolveConflict({
      id: conflict.id,
      action,
      by: 'Ola',
    });
    expect(resolveOutcome).toMatchObject({ ok: true, message: expect.stringMatching(/RECEPTION-1/) });
    await cl.wait(20_000);

    const requests = viewer.runtime.session()!.keeper!.listRequests();
    expect(requests.map((r) => [r.request.kind, r.state, r.attempts, r.claimedBy, r.requester])).toEqual([
      ['resolve-conflict', 'done', 1, 'RECEPTION-1', 'RECEPTION-2'],
      ['sync-now', 'done', 1, 'RECEPTION-1', 'RECEPTION-2'],
    ]);
    const resolved = requests.find((r) => r.request.kind === 'resolve-conflict')!;
    expect(resolved.outcome).toMatchObject({ ok: true });
    // Resolved on the leader, once: the conflict is closed and the viewer's list (published) is empty.
    const onLeader = await leader.runtime.bridge.listConflicts({ status: 'all' });
    expect(onLeader.find((x) => x.id === conflict.id)).toMatchObject({
      status: 'resolved',
      resolution: expect.objectContaining({ action, by: 'Ola' }),
    });
    expect(await viewer.runtime.bridge.listConflicts({})).toEqual([]);
    if (action === 'block-pms') {
      const blocks = cl.pms.db.prepare(`SELECT COUNT(*) AS n FROM blocked_times`).get() as { n: number };
      expect(blocks.n).toBe(1);
    }
    // The viewer shows the leader's activity, which records the resolution.
    const activity = await viewer.runtime.bridge.listActivity({ limit: 50 });
    expect(activity.entries.length).toBeGreaterThan(0);
    expect(cl.writes().filter((w) => w.clientId === viewer.clientId)).toEqual([]);
  });
});
