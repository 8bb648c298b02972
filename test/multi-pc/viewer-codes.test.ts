// What a reception PC shows after an action comes with a message code: the viewer's "Sent to <PC>" names the PC
// as a param, the leader's activation start and pause/resume are coded (the UI says them in its language).
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_KEY, MAPPING, createClinic, type Clinic } from './support/clinic';
import { runtimePc, startLeaderPc, type RuntimePc } from './support/runtime-pc';

let c: Clinic | null = null;
const pcs: RuntimePc[] = [];
afterEach(async () => {
  for (const p of pcs.splice(0)) await c?.run(p.runtime.stop()).catch(() => undefined);
  await c?.close();
  c = null;
});

describe('action answers on a reception PC carry codes', () => {
  it('activation start, pause and resume on the leader; "Sent to RECEPTION-1" on the viewer', async () => {
    const cl = await createClinic({ pcs: ['RECEPTION-1', 'RECEPTION-2'] });
    c = cl;
    const leader = await startLeaderPc(cl, pcs, 'RECEPTION-1', { mapping: MAPPING });
    expect(await cl.run(leader.runtime.bridge.startActivation({ addressKey: ADDRESS_KEY }))).toMatchObject({
      ok: true,
      code: 'activation.started',
      params: { count: expect.any(Number), minutes: expect.any(Number) },
    });
    expect(await cl.run(leader.runtime.bridge.setPaused({ paused: true }))).toMatchObject({
      ok: true,
      code: 'sync.paused',
    });
    expect(await cl.run(leader.runtime.bridge.startActivation({ addressKey: ADDRESS_KEY }))).toMatchObject({
      ok: false,
      code: 'activation.not-writable',
    });
    expect(await cl.run(leader.runtime.bridge.setPaused({ paused: false }))).toMatchObject({
      ok: true,
      code: 'sync.resumed',
    });

    const viewer = await runtimePc(cl, 'RECEPTION-2');
    pcs.push(viewer);
    await cl.run(viewer.runtime.start());
    await cl.wait(30_000);
    expect(await viewer.runtime.bridge.syncNow({})).toEqual({
      ok: true,
      message: 'Sent to RECEPTION-1, the PC that syncs.',
      code: 'viewer.sent',
      params: { holder: 'RECEPTION-1' },
    });
  });
});
