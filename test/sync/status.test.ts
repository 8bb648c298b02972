// Status and events as the receptionist sees them: never "in sync" after a failure, offline while Docplanner
// cannot be reached, rate-limited while the budget holds writes back, activity and conflict events.
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../../shared/bridge';
import { addDays, ClinicTime } from '../../electron/engine/practice/time';
import { ADDRESS_KEY, createWorld, deskAppointment, DP, TZ, type World } from './support/harness';

const time = new ClinicTime(TZ);

let w: World;
afterEach(async () => {
  await w?.close();
});

describe('status', () => {
  it('is offline while writes get no answer, and in sync only after they went through', async () => {
    w = await createWorld();
    const events: BridgeEvent[] = [];
    w.engine.onEvent((e) => events.push(e));
    w.sim.control.setFaults({ dropRate: 1 });
    w.pms.addExtraHours(1, 1, '2026-11-25', '14:00', '15:00');
    await w.run(w.engine.syncNow());
    const s = w.engine.status();
    expect(s.state).toBe('offline');
    expect(s.pending).toBe(1);
    expect(s.lastError?.message).toBe('Docplanner could not be reached');
    expect(s.addresses[0]).toMatchObject({ key: ADDRESS_KEY, state: 'offline', pending: 1 });
    w.sim.control.setFaults({});
    await w.run(w.engine.start());
    await w.wait(20_000);
    await w.run(w.engine.stop());
    expect(w.engine.status()).toMatchObject({ state: 'in-sync', pending: 0, lastError: null });
    const states = events
      .filter((e) => e.type === 'status')
      .map((e) => (e.type === 'status' ? e.status.state : ''));
    expect(states).toContain('offline');
    expect(states[states.length - 1]).toBe('in-sync');
    const activity = events
      .filter((e) => e.type === 'activity')
      .map((e) => (e.type === 'activity' ? e.entry : null));
    expect(activity.map((a) => [a?.operation, a?.outcome])).toEqual(
      expect.arrayContaining([
        ['replaceSlots', 'unknown'],
        ['replaceSlots', 'ok'],
      ]),
    );
  });

  it('says rate-limited while the write budget holds the queue back, and gives the time to drain', async () => {
    w = await createWorld({ config: { horizonDays: 40 }, activate: false });
    // Open every weekend day too, so that each of the 40 days has a PUT to send (closed days that Docplanner has
    // nothing on are skipped by the feed).
    for (let i = 0; i < 40; i++) {
      const date = addDays(time.dateOf(w.clock.now()), i);
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) w.pms.addExtraHours(1, 1, date, '09:00', '10:00');
    }
    const preview = await w.run(w.engine.previewActivation(ADDRESS_KEY));
    expect(preview.writes).toBe(41); // enable + 40 days
    expect(preview.etaSeconds).toBeGreaterThan(60);
    await w.run(w.engine.activate(ADDRESS_KEY));
    const run = w.engine.syncNow();
    // Let the first 40 writes go; the 41st waits for the window.
    await w.run(
      new Promise<void>((resolve) => {
        const check = () => (w.writes().length >= 40 ? resolve() : setTimeout(check, 2));
        check();
      }),
    );
    const s = w.engine.status();
    expect(s.state).toBe('rate-limited');
    expect(s.pending).toBeGreaterThan(0);
    expect(s.drainSeconds).toBeGreaterThan(0);
    expect(s.progress).toMatchObject({ kind: 'activation', total: 40 });
    await w.run(run);
    expect(w.writes()).toHaveLength(41);
    const last = w.writes()[40]!;
    expect(last.at - w.writes()[0]!.at).toBeGreaterThanOrEqual(60_000);
    expect(w.engine.status().state).toBe('in-sync');
  });

  it('raises a conflict for work that uses only unmapped services and still publishes the rest of the day', async () => {
    w = await createWorld();
    const events: BridgeEvent[] = [];
    w.engine.onEvent((e) => events.push(e));
    w.pms.db
      .prepare(
        `INSERT INTO doctor_services (doctor_id, location_id, service_id, duration_min, updated_at) VALUES (1, 1, 3, 30, '2026-01-01')`,
      )
      .run();
    w.pms.db.prepare(`DELETE FROM doctor_services WHERE service_id IN (1, 2)`).run();
    w.pms.addExtraHours(1, 1, '2026-11-25', '14:00', '15:00');
    await w.run(w.engine.syncNow());
    const conflicts = w.engine.listConflicts();
    expect(conflicts.map((c) => c.kind)).toContain('practice-data');
    expect(events.some((e) => e.type === 'conflicts-changed')).toBe(true);
    const st = w.sim.control.state().addresses[DP.addressId]!;
    expect(Object.keys(st.workPeriods)).toEqual([]);
  });
});

describe('lease and one-shot runs', () => {
  it('writes nothing anywhere while another PC holds the lease', async () => {
    let leader = true;
    w = await createWorld({ isLeader: () => leader });
    leader = false;
    deskAppointment(w, '2026-11-24 10:00');
    await w.run(w.engine.syncNow());
    expect(w.sim.control.callLog().filter((c) => c.operation !== 'token')).toEqual([]);
    expect(w.engine.status()).toMatchObject({ state: 'paused' });
    leader = true;
    await w.run(w.engine.syncNow());
    expect(w.writes().map((c) => c.operation)).toEqual(['bookSlot']);
  });

  it('runOnce says whether both sides agree, with the reasons when they do not', async () => {
    w = await createWorld();
    deskAppointment(w, '2026-11-24 10:00');
    const ok = await w.run(w.engine.runOnce());
    expect(ok).toMatchObject({ agree: true, reasons: [] });
    expect(ok.status.state).toBe('in-sync');
    w.sim.control.setFaults({ dropRate: 1 });
    w.pms.addExtraHours(1, 1, '2026-11-26', '14:00', '15:00');
    const bad = await w.run(w.engine.runOnce({ maxWaitMs: 60_000 }));
    expect(bad.agree).toBe(false);
    expect(bad.reasons.join(' ')).toMatch(/could not be sent|could not be reached|Could not check/);
  });
});
