import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../electron/engine/util/clock';

describe('VirtualClock', () => {
  it('fires timers in due order only when time is advanced', async () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    await clock.advance(99);
    expect(fired).toEqual([]);
    await clock.advance(150);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(249);
  });

  it('runs timers scheduled by promise continuations of earlier timers', async () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(1000);
        seen.push(clock.now());
      }
    };
    const done = loop();
    await clock.advance(5000);
    await done;
    expect(seen).toEqual([1000, 2000, 3000]);
  });

  it('cancels a sleep through its abort signal', async () => {
    const clock = new VirtualClock(0);
    const ac = new AbortController();
    const p = clock.sleep(1000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
  });
});
