// A doctor blocks time in the Docplanner calendar: the PMS follows under each policy, and a break over
// existing appointments always asks the receptionist.
import { afterEach, describe, expect, it } from 'vitest';
import { at, createBench, type Bench } from './fixture';

let b: Bench;
afterEach(async () => {
  await b.close();
});

describe("breaks from the Docplanner calendar, policy 'block-pms'", () => {
  it('blocks the PMS, follows a move, and unblocks on removal', async () => {
    b = await createBench({ policy: { remoteBreaks: 'block-pms' } });
    const brk = b.sim.control.doctorAddBreak(b.ref.addressId, at('12:00'), at('13:00'), 'Lunch with rep');
    expect((await b.inbound.pullAndApply()).apply.applied).toBe(1);
    expect(b.blocks()).toMatchObject([
      { starts_at: '2026-11-25T11:00:00.000Z', ends_at: '2026-11-25T12:00:00.000Z', external_id: brk.id },
    ]);
    const link = b.repos.breaks.getByDpId('1@1', brk.id)!;
    expect(link).toMatchObject({ origin: 'marketplace', localId: String(b.blocks()[0]!.id) });

    b.sim.control.doctorMoveBreak(b.ref.addressId, brk.id, at('14:00'), at('14:30'));
    await b.inbound.pullAndApply();
    expect(b.blocks()).toMatchObject([
      { starts_at: '2026-11-25T13:00:00.000Z', ends_at: '2026-11-25T13:30:00.000Z', external_id: brk.id },
    ]);

    b.sim.control.doctorRemoveBreak(b.ref.addressId, brk.id);
    await b.inbound.pullAndApply();
    expect(b.blocks()).toEqual([]);
    expect(b.repos.breaks.getByDpId('1@1', brk.id)).toBeNull();
    expect(b.inbound.conflicts.openCount()).toBe(0);
  });

  it('a break exactly over time the PMS already blocks changes nothing', async () => {
    b = await createBench({ policy: { remoteBreaks: 'block-pms' } });
    b.pms.addBlock(1, 1, at('12:00'), at('13:00'), 'Team meeting');
    b.sim.control.doctorAddBreak(b.ref.addressId, at('12:00'), at('13:00'), 'Meeting');
    expect((await b.inbound.pullAndApply()).apply).toMatchObject({ ignored: 1, conflicts: 0 });
    expect(b.blocks()).toHaveLength(1);
  });

  it('a break over existing appointments raises a conflict; block-pms keeps the appointments and blocks', async () => {
    b = await createBench({ policy: { remoteBreaks: 'block-pms' } });
    const desk = b.deskAppointment(at('12:20'), at('12:40'));
    const brk = b.sim.control.doctorAddBreak(b.ref.addressId, at('12:00'), at('13:00'));
    await b.inbound.pullAndApply();
    expect(b.blocks()).toEqual([]);
    const [c] = b.inbound.conflicts.list();
    expect(c).toMatchObject({
      kind: 'remote-break',
      local: { source: 'pms', start: at('12:20'), patient: 'Ewa Desk' },
      remote: { source: 'docplanner', start: at('12:00'), end: at('13:00') },
    });
    expect(c!.options.map((o) => o.action)).toEqual(['block-pms', 'remove-break']);

    const r = await b.inbound.conflicts.resolve({ id: c!.id, action: 'block-pms', by: 'Ewa' });
    expect(r.ok).toBe(true);
    expect(b.blocks()).toMatchObject([{ external_id: brk.id }]);
    expect(b.appointments().map((a) => [a.id, a.status])).toEqual([[desk, 'booked']]);
  });
});

describe("breaks from the Docplanner calendar, policy 'conflict'", () => {
  it('asks first; remove-break deletes it from Docplanner and nothing is blocked locally', async () => {
    b = await createBench({ policy: { remoteBreaks: 'conflict' } });
    const brk = b.sim.control.doctorAddBreak(b.ref.addressId, at('09:00'), at('10:00'));
    await b.inbound.pullAndApply();
    expect(b.blocks()).toEqual([]);
    const [c] = b.inbound.conflicts.list();
    expect(c?.kind).toBe('remote-break');
    const r = await b.inbound.conflicts.resolve({ id: c!.id, action: 'remove-break', by: 'Ewa' });
    expect(r.ok).toBe(true);
    expect(b.remote().breaks.find((x) => x.id === brk.id)).toBeUndefined();
    expect(b.blocks()).toEqual([]);
  });

  it('a break the doctor removes before anyone decided closes its conflict with that reason', async () => {
    b = await createBench({ policy: { remoteBreaks: 'conflict' } });
    const brk = b.sim.control.doctorAddBreak(b.ref.addressId, at('09:00'), at('10:00'));
    await b.inbound.pullAndApply();
    b.sim.control.doctorRemoveBreak(b.ref.addressId, brk.id);
    await b.inbound.pullAndApply();
    expect(b.inbound.conflicts.openCount()).toBe(0);
    expect(b.inbound.conflicts.list({ status: 'resolved' })[0]!.resolution?.outcome).toContain('removed');
  });
});
