// addCalendarBreak answered 409: Docplanner's natural-key duplicate guard (NOTES.md §4.8: a break with the same
// address + date range + description exists). The sender links the break that is there and completes the key in the
// same drain; when the re-read cannot show it, the key is blocked with a conflict instead of being sent again.
// The 409 comes from a crash right after the break reached Docplanner in which the power cut also took the claim
// (WAL with synchronous=NORMAL may lose the last commits): the reopened engine does not know it ever sent it.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crashAfter, createWorld, DP, ops, type World } from './support/harness';

let w: World;
afterEach(async () => {
  vi.restoreAllMocks();
  await w?.close();
});

const address = () => w.sim.control.state().addresses[DP.addressId]!;

/** The process dies right after Docplanner applied an addCalendarBreak, and the claim of that key is lost too. */
async function crashAfterAddBreakLosingTheClaim(): Promise<void> {
  crashAfter(w, 'addCalendarBreak');
  await w.run(w.engine.syncNow()).catch(() => undefined);
  const raw = new Database(w.statePath);
  raw
    .prepare(`UPDATE outbox SET state = 'pending', request = NULL, attempt = 0 WHERE state = 'in-flight'`)
    .run();
  raw.close();
}

const writesWithStatus = () => ops(w.writes()).map((op, i) => `${op} ${w.writes()[i]!.status}`);

describe('addCalendarBreak answered 409 (the break already exists)', () => {
  it('links the existing break of a PMS block and completes the key in the same drain', async () => {
    w = await createWorld();
    const block = w.pms.addBlock(1, 1, '2026-11-26 10:00', '2026-11-26 11:00', 'Training');
    await crashAfterAddBreakLosingTheClaim();
    const engine = w.crashAndReopen();
    expect(engine.repos.outbox.list().map((e) => [e.key, e.state])).toEqual([[`break:${block}`, 'pending']]);

    await w.run(engine.start());
    await w.run(engine.stop());
    expect(writesWithStatus()).toEqual(['POST A/breaks 201', 'POST A/breaks 409']);
    const reads = w.sim.control.callLog().filter((c) => !c.write);
    expect(ops(reads.filter((c) => c.operation === 'getCalendarBreaks'))).toEqual(['GET A/breaks']);
    expect(address().breaks).toHaveLength(1);
    expect(engine.repos.breaks.get(block)?.dpBreakId).toBe(address().breaks[0]!.id);
    expect(engine.repos.outbox.list()).toEqual([]);
    expect(engine.listConflicts()).toEqual([]);

    // Linked: nothing more is sent, and removing the block removes that break.
    const breakId = address().breaks[0]!.id;
    w.sim.control.clearLog();
    w.pms.removeBlock(block);
    await w.run(engine.syncNow());
    expect(ops(w.writes())).toEqual([`DELETE A/breaks/${breakId}`]);
    expect(address().breaks).toEqual([]);
  });

  it('blocks the key with a conflict, without sending it again, when the re-read does not show the break', async () => {
    w = await createWorld();
    const block = w.pms.addBlock(1, 1, '2026-11-26 10:00', '2026-11-26 11:00', 'Training');
    await crashAfterAddBreakLosingTheClaim();
    const engine = w.crashAndReopen();
    const read = vi.spyOn(w.api, 'getCalendarBreaks').mockResolvedValue([]);

    await w.run(engine.start());
    await w.wait(120_000);
    await w.run(engine.stop());
    expect(writesWithStatus()).toEqual(['POST A/breaks 201', 'POST A/breaks 409']);
    expect(read).toHaveBeenCalledTimes(1);
    expect(engine.repos.outbox.list().map((e) => [e.key, e.state])).toEqual([[`break:${block}`, 'blocked']]);
    const conflicts = engine.listConflicts();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.summary).toContain('Docplanner says this break already exists');
  });
});
