// Faults around the lock file while keepers run: the file is damaged under them, or the lease is taken behind a
// leader's back (as if it had been frozen). Real SQLite files; virtual time.
import { readdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../electron/engine/util/clock';
import { LeaseSidecar, NotLeaderError, sidecarPathFor } from '../../electron/engine/lease';
import {
  LeaseMonitor,
  MARGIN,
  RENEW,
  TTL,
  cleanupDirs,
  keeperOptions,
  practiceFolder,
  startKeeper,
} from './helpers';

afterEach(cleanupDirs);

describe('lease faults', () => {
  it('a lock file damaged under running keepers: all step down, it is set aside and recreated, one leads again', async () => {
    const { dir, dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const monitor = new LeaseMonitor(clock, dbPath);
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    monitor.add(a.keeper);
    await monitor.advance(TTL + MARGIN + RENEW);
    const b = startKeeper(dbPath, 'RECEPTION-2', clock);
    monitor.add(b.keeper);
    await monitor.advance(RENEW);
    expect(a.keeper.isLeader()).toBe(true);

    writeFileSync(sidecarPathFor(dbPath), Buffer.alloc(8192, 0x5a)); // overwritten in place with junk
    await clock.advance(RENEW);
    expect(a.keeper.isLeader()).toBe(false);
    expect(a.states.map((s) => s.role)).toContain('error');
    expect(a.states.find((s) => s.role === 'error')).toMatchObject({ code: 'sidecar-corrupt' });

    await clock.advance(RENEW);
    expect(readdirSync(dir).filter((f) => f.includes('.damaged-'))).toHaveLength(1);
    // The fresh file is held by its placeholder: nobody leads until that is waited out.
    expect(monitor.leaders).toEqual([]);
    await monitor.advance(TTL + MARGIN + 2 * RENEW);
    expect(monitor.leaders).toHaveLength(1);
    expect(monitor.violations).toEqual([]);
    a.keeper.stop();
    b.keeper.stop();
  });

  it('verifyLeader() re-reads the file: a leader whose term was taken behind its back refuses to write', async () => {
    const { dbPath } = practiceFolder();
    const clock = new VirtualClock();
    const a = startKeeper(dbPath, 'RECEPTION-1', clock);
    await clock.advance(TTL + MARGIN + RENEW);
    const token = a.keeper.verifyLeader();
    expect(token).toBe(1);

    // Someone takes the lease by CAS without waiting (what a frozen leader would find on waking up).
    const rogue = LeaseSidecar.open(dbPath, keeperOptions('RECEPTION-2', clock));
    expect(rogue.tryAcquire(rogue.readLease())).not.toBeNull();
    rogue.close();

    expect(a.keeper.isLeader()).toBe(true); // the cheap check cannot know yet …
    expect(() => a.keeper.verifyLeader()).toThrow(NotLeaderError); // … the I/O check does
    expect(a.keeper.isLeader()).toBe(false);
    expect(a.keeper.state).toMatchObject({ role: 'viewer', reason: 'another PC holds the lease' });
    await clock.advance(RENEW);
    expect(a.keeper.state).toMatchObject({ role: 'viewer', holder: 'RECEPTION-2' });
    a.keeper.stop();
  });
});
