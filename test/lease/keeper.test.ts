// LeaseKeeper in virtual time: two and three keepers (separate SQLite connections) on one sidecar.
// "At most one leader" is checked after every half second of virtual time (advanceChecking) and at the very moment
// anyone becomes leader (watchTakeovers).
import Database from 'better-sqlite3';
import { renameSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../electron/engine/util/clock';
import { LeaseSidecar, NotLeaderError, sidecarPathFor, type LeaseKeeper } from '../../electron/engine/lease';
import {
  MARGIN,
  RENEW,
  TTL,
  SkewedClock,
  advanceChecking,
  cleanupDirs,
  keeperOptions,
  leaders,
  practiceFolder,
  snapshot,
  startKeeper,
} from './helpers';

afterEach(cleanupDirs);

/** The lease row as a raw reader sees it (independent of the module under test). */
function rawLease(dbPath: string): {
  holder_name: string | null;
  generation: number;
  seq: number;
  written_at: number;
} {
  const db = new Database(sidecarPathFor(dbPath), { readonly: true });
  try {
    return db.prepare(`SELECT holder_name, generation, seq, written_at FROM lease`).get() as never;
  } finally {
    db.close();
  }
}

/** Fails the test if anyone becomes leader while another keeper may still write; records takeover times. */
function watchTakeovers(keepers: LeaseKeeper[], now: () => number) {
  const takeovers: { name: string; token: number; at: number }[] = [];
  const violations: string[] = [];
  for (const k of keepers) {
    k.onRoleChange((s) => {
      if (s.role !== 'leader') return;
      takeovers.push({ name: k.displayName, token: s.token, at: now() });
      const others = keepers.filter((o) => o !== k && o.isLeader()).map((o) => o.displayName);
      if (others.length > 0)
        violations.push(`${k.displayName} became leader while ${others.join(', ')} still led`);
    });
  }
  return { takeovers, violations };
}

describe('LeaseKeeper with two PCs', () => {
  it('starting together, exactly one leads and the other shows who syncs', async () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    const b = startKeeper(dbPath, 'RECEPTION-2', clock);
    const keepers = [a.keeper, b.keeper];
    // A new sidecar is held by a placeholder: nobody leads before it has been waited out.
    expect(leaders(keepers)).toEqual([]);
    expect(a.keeper.state).toMatchObject({ role: 'viewer', canLead: true });

    await advanceChecking(clock, keepers, TTL + MARGIN + RENEW);
    const [leader] = leaders(keepers);
    expect(leader).toBeDefined();
    const viewer = keepers.find((k) => k !== leader)!;
    expect(viewer.state).toMatchObject({ role: 'viewer', holder: leader!.displayName });
    expect(viewer.state.reason).toBe(`syncing on ${leader!.displayName}`);
    expect(viewer.info()).toMatchObject({ role: 'viewer', holder: leader!.displayName });
    expect(leader!.info()).toEqual({
      role: 'leader',
      holder: leader!.displayName,
      expiresAt: expect.any(Number),
    });
    expect(leader!.info().expiresAt!).toBeGreaterThan(clock.now());
    expect(() => viewer.assertLeader()).toThrow(NotLeaderError);
    const token = leader!.assertLeader();

    // Ten minutes later: the same leader, the same term, renewed all along.
    const seqBefore = rawLease(dbPath).seq;
    await advanceChecking(clock, keepers, 10 * 60_000);
    expect(leaders(keepers)).toEqual([leader]);
    expect(leader!.assertLeader()).toBe(token);
    expect(rawLease(dbPath).seq).toBeGreaterThanOrEqual(seqBefore + 55);
    a.keeper.stop();
    b.keeper.stop();
  });

  it('when the leader is killed, the other takes over only after the lease expired', async () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    await clock.advance(TTL + MARGIN + RENEW);
    expect(a.keeper.isLeader()).toBe(true);
    const b = startKeeper(dbPath, 'RECEPTION-2', clock);
    const watch = watchTakeovers([a.keeper, b.keeper], () => clock.now());
    await advanceChecking(clock, [a.keeper, b.keeper], 7_300);
    const oldToken = a.keeper.assertLeader();

    a.keeper.stop({ release: false }); // killed: no release
    const lastRenewAt = rawLease(dbPath).written_at;
    await advanceChecking(clock, [a.keeper, b.keeper], TTL + MARGIN + 2 * RENEW);

    expect(b.keeper.isLeader()).toBe(true);
    expect(watch.violations).toEqual([]);
    const takeover = watch.takeovers.find((t) => t.name === 'RECEPTION-2')!;
    expect(takeover.token).toBe(oldToken + 1);
    // Not before the old holder's counter had stood still for ttl + margin.
    expect(takeover.at).toBeGreaterThanOrEqual(lastRenewAt + TTL + MARGIN);
    expect(b.states.map((s) => s.role)).toEqual(['viewer', 'leader']);
    expect(b.keeper.state.reason).toBe('took over: RECEPTION-1 stopped renewing the lease');
    b.keeper.stop();
  });

  it('a clean shutdown hands the lease over at the next poll, without waiting for expiry', async () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    await clock.advance(TTL + MARGIN + RENEW);
    const b = startKeeper(dbPath, 'RECEPTION-2', clock);
    await clock.advance(3_000);
    a.keeper.stop();
    expect(a.keeper.isLeader()).toBe(false);
    expect(rawLease(dbPath).holder_name).toBeNull();
    await clock.advance(RENEW);
    expect(b.keeper.isLeader()).toBe(true);
    expect(b.keeper.state.reason).toBe('the lease was free');
    b.keeper.stop();
  });

  it('stepping down is immediate when the share drops, and the lease resumes when it returns', async () => {
    const { dir, dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    await clock.advance(TTL + MARGIN + RENEW);
    const b = startKeeper(dbPath, 'RECEPTION-2', clock);
    const keepers = [a.keeper, b.keeper];
    const watch = watchTakeovers(keepers, () => clock.now());
    const token = a.keeper.assertLeader();

    renameSync(dir, `${dir}-offline`); // the share is gone
    await advanceChecking(clock, keepers, RENEW);
    expect(a.keeper.isLeader()).toBe(false);
    expect(a.keeper.state).toMatchObject({ role: 'error', code: 'sidecar-unavailable' });
    expect(a.keeper.state.reason).toMatch(/cannot be reached/);
    expect(() => a.keeper.assertLeader()).toThrow(NotLeaderError);
    await advanceChecking(clock, keepers, 3 * RENEW);
    expect(leaders(keepers)).toEqual([]);

    renameSync(`${dir}-offline`, dir); // the share is back
    await advanceChecking(clock, keepers, 2 * RENEW);
    // Nobody took over meanwhile, so the old holder resumes in a new term.
    expect(a.keeper.isLeader()).toBe(true);
    expect(a.keeper.assertLeader()).toBe(token + 1);
    expect(b.keeper.state).toMatchObject({ role: 'viewer', holder: 'RECEPTION-1' });
    expect(watch.violations).toEqual([]);
    a.keeper.stop();
    b.keeper.stop();
  });

  it('a leader whose clock is set backwards stops writing at once and resumes by a new term', async () => {
    const { dbPath } = practiceFolder();
    const base = new VirtualClock();
    const clockA = new SkewedClock(base);
    const a = startKeeper(dbPath, 'RECEPTION-1', clockA);
    const b = startKeeper(dbPath, 'RECEPTION-2', new SkewedClock(base));
    await base.advance(TTL + MARGIN + RENEW);
    const token = a.keeper.assertLeader();
    await base.advance(2_000);
    clockA.jump(-3_600_000);
    expect(a.keeper.isLeader()).toBe(false);
    expect(a.keeper.state.reason).toMatch(/clock of this PC went backwards/);
    await advanceChecking(base, [a.keeper, b.keeper], RENEW);
    expect(a.keeper.assertLeader()).toBe(token + 1);
    expect(b.keeper.isLeader()).toBe(false);
    a.keeper.stop();
    b.keeper.stop();
  });
});

describe('LeaseKeeper with three PCs and disagreeing clocks', () => {
  it('hands over through two crashes with never two leaders, tokens strictly increasing', async () => {
    const { dbPath } = practiceFolder();
    const base = new VirtualClock();
    // Offsets of hours and rates ±13 % (far worse than real quartz); RECEPTION-3 also jumps a lot.
    const clocks = [
      new SkewedClock(base, 0, 0.87),
      new SkewedClock(base, -37 * 60_000, 1),
      new SkewedClock(base, 2 * 3_600_000, 1.13),
    ];
    const ks = clocks.map((c, i) => startKeeper(dbPath, `RECEPTION-${i + 1}`, c));
    const keepers = ks.map((k) => k.keeper);
    const watch = watchTakeovers(keepers, () => base.now());

    await advanceChecking(base, keepers, 60_000);
    const first = leaders(keepers)[0]!;
    expect(first).toBeDefined();
    clocks[2]!.jump(3_600_000);
    await advanceChecking(base, keepers, 17_000);
    first.stop({ release: false });
    clocks[2]!.jump(-20_000);
    await advanceChecking(base, keepers, 60_000);
    const second = leaders(keepers)[0]!;
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    clocks.forEach((c) => c.jump(45_000));
    await advanceChecking(base, keepers, 23_000);
    second.stop({ release: false });
    await advanceChecking(base, keepers, 80_000);
    const third = leaders(keepers)[0]!;
    expect(third).toBeDefined();
    expect([first, second]).not.toContain(third);

    expect(watch.violations).toEqual([]);
    const tokens = watch.takeovers.map((t) => t.token);
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
    expect(new Set(tokens).size).toBe(tokens.length);
    third.stop();
  });

  it('a contender whose clock leaps forward still waits the full expiry', async () => {
    const { dbPath } = practiceFolder();
    const base = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', new SkewedClock(base));
    await base.advance(TTL + MARGIN + RENEW);
    const clockB = new SkewedClock(base);
    const b = startKeeper(dbPath, 'RECEPTION-2', clockB);
    const watch = watchTakeovers([a.keeper, b.keeper], () => base.now());
    await base.advance(4_000);
    a.keeper.stop({ release: false });
    const lastRenewAt = rawLease(dbPath).written_at; // A's clock = base time here
    for (let i = 0; i < 6; i++) {
      clockB.jump(3_600_000); // an hour forward, again and again
      await base.advance(RENEW);
    }
    expect(b.keeper.isLeader()).toBe(true);
    expect(watch.takeovers[0]!.at).toBeGreaterThanOrEqual(lastRenewAt + TTL + MARGIN);
    b.keeper.stop();
  });
});

describe('Status and requests through the sidecar', () => {
  it('viewers see the leader’s status; a stale leader cannot publish', async () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    await clock.advance(TTL + MARGIN + RENEW);
    const b = startKeeper(dbPath, 'RECEPTION-2', clock);
    expect(b.keeper.readStatus()).toBeNull();
    expect(
      b.keeper.publishStatus({ snapshot: snapshot(clock.now(), 'RECEPTION-2'), conflicts: [], activity: [] }),
    ).toBe(false);
    const status = { snapshot: snapshot(clock.now(), 'RECEPTION-1'), conflicts: [], activity: [] };
    expect(a.keeper.publishStatus(status)).toBe(true);
    expect(b.keeper.readStatus()).toMatchObject({ holderName: 'RECEPTION-1', snapshot: status.snapshot });
    a.keeper.stop({ release: false });
    expect(a.keeper.publishStatus(status)).toBe(false);
    b.keeper.stop();
  });

  it('requests from viewers run on the leader exactly once, also when the leader dies mid-request', async () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    await clock.advance(TTL + MARGIN + RENEW);
    const b = startKeeper(dbPath, 'RECEPTION-2', clock);
    const c = startKeeper(dbPath, 'RECEPTION-3', clock);
    const effects: string[] = [];
    let releaseGate: () => void = () => {};
    const gate = new Promise<void>((r) => (releaseGate = r));
    const handlerFor = (keeper: LeaseKeeper) => async (req: { kind: string }, ctx: { id: number }) => {
      if (req.kind === 'full-resync' && keeper === a.keeper) await gate; // RECEPTION-1 dies during this one
      keeper.assertLeader(); // what the engine does right before each external write
      effects.push(`${req.kind}#${ctx.id}@${keeper.displayName}`);
      return { ok: true, message: `${req.kind} done on ${keeper.displayName}` };
    };
    for (const k of [a, b, c]) k.keeper.onRequest(handlerFor(k.keeper));

    const r1 = b.keeper.enqueue({ kind: 'sync-now', addressKey: 'd1@l1' }, 'Anna (RECEPTION-2)');
    const r2 = c.keeper.enqueue(
      { kind: 'resolve-conflict', id: 'c-1', action: 'keep-pms', by: 'Ola' },
      'Ola',
    );
    await clock.advance(RENEW);
    expect(effects).toEqual([`sync-now#${r1}@RECEPTION-1`, `resolve-conflict#${r2}@RECEPTION-1`]);
    expect(b.keeper.getRequest(r1)).toMatchObject({
      state: 'done',
      outcome: { ok: true, message: 'sync-now done on RECEPTION-1' },
    });

    const r3 = b.keeper.enqueue({ kind: 'full-resync' }, 'Anna (RECEPTION-2)');
    await clock.advance(RENEW);
    expect(b.keeper.getRequest(r3)).toMatchObject({ state: 'claimed', claimedBy: 'RECEPTION-1' });
    a.keeper.stop({ release: false }); // dies while carrying out r3
    releaseGate();
    await advanceChecking(clock, [a.keeper, b.keeper, c.keeper], TTL + MARGIN + 3 * RENEW);

    const newLeader = leaders([b.keeper, c.keeper])[0]!;
    expect(newLeader).toBeDefined();
    expect(effects).toEqual([
      `sync-now#${r1}@RECEPTION-1`,
      `resolve-conflict#${r2}@RECEPTION-1`,
      `full-resync#${r3}@${newLeader.displayName}`,
    ]);
    expect(c.keeper.getRequest(r3)).toMatchObject({
      state: 'done',
      attempts: 2,
      outcome: { ok: true, message: `full-resync done on ${newLeader.displayName}` },
    });
    // Nothing was executed twice, and nothing is left waiting.
    expect(b.keeper.listRequests().map((r) => r.state)).toEqual(['done', 'done', 'done']);
    b.keeper.stop();
    c.keeper.stop();
  });

  it('a failing handler gives the viewer a failed outcome to show', async () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    await clock.advance(TTL + MARGIN + RENEW);
    a.keeper.onRequest(async () => {
      throw new Error('Docplanner did not answer');
    });
    const id = a.keeper.enqueue({ kind: 'sync-now' }, 'Anna');
    await clock.advance(RENEW);
    expect(a.keeper.getRequest(id)).toMatchObject({
      state: 'done',
      outcome: { ok: false, message: 'Docplanner did not answer' },
    });
    a.keeper.stop();
  });
});

describe('LeaseSidecar options used by the keeper', () => {
  it('two runs of one installation never share a holder id', () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const one = LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', clock));
    const two = LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-1', clock));
    expect(one.holderId).not.toBe(two.holderId);
    expect(one.holderId.startsWith('RECEPTION-1#install-RECEPTION-1#')).toBe(true);
    one.close();
    two.close();
  });
});
