// Bookings first, even during a long activation feed: a desk booking made while far days are still being fed is
// sent within one detect interval plus one paced write interval (1.5 s at 40/min), not after the whole feed —
// also the fourth and later ones, and also when urgent writes on top of the feed would spend Docplanner's
// fixed minute window early (urgent writes take the feed's pacing slots).
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_KEY, createWorld, deskAppointment, type World } from './support/harness';

const ANNA_PILNA = { firstName: 'Anna', lastName: 'Pilna', phone: '+48500100999' };

let w: World;
afterEach(async () => {
  await w?.close();
});

describe('urgent changes during an activation feed', () => {
  it('a desk booking made mid-feed is booked on Docplanner within seconds, before the feed ends', async () => {
    w = await createWorld({ activate: false, config: { horizonDays: 60, detectIntervalMs: 2000 } });
    expect((await w.run(w.engine.activate(ADDRESS_KEY))).ok).toBe(true);
    const feed = w.engine.syncNow();
    await w.wait(15_000); // the feed is under way: the near days are published, the far ones still queued
    const putsBefore = w.writes().filter((c) => c.operation === 'replaceSlots').length;
    expect(putsBefore).toBeGreaterThan(3);

    deskAppointment(w, '2026-11-24 10:00', { patient: ANNA_PILNA });
    const editAt = w.clock.now();
    await w.run(feed);

    const log = w.writes();
    const booked = log.filter((c) => c.operation === 'bookSlot');
    expect(booked).toHaveLength(1);
    const puts = log.filter((c) => c.operation === 'replaceSlots');
    expect(puts.length).toBeGreaterThan(putsBefore + 10); // the feed had much more to send afterwards
    expect(booked[0]!.at - editAt).toBeLessThanOrEqual(3_500); // one detect interval + one paced write interval
    expect(booked[0]!.at).toBeLessThan(puts[puts.length - 1]!.at);
  });

  it('every desk booking made during one long feed goes within seconds, not only the first three', async () => {
    // WHY: the sender used to count, per drain, how often it picked each outbox row id (to leave a key that keeps
    // needing writes for later). SQLite reuses the id of a deleted row, so every urgent change enqueued during
    // the feed got the same id as the previous, completed one; the fourth was taken for "not settling" and waited
    // for the end of the whole feed. And urgent writes on top of a feed paced at the full budget spent
    // Docplanner's fixed minute window early: the next urgent write waited for its reset (~20 s here).
    w = await createWorld({ activate: false, config: { horizonDays: 60, detectIntervalMs: 2000 } });
    expect((await w.run(w.engine.activate(ADDRESS_KEY))).ok).toBe(true);
    const feed = w.engine.syncNow();
    const edits: { at: number; start: string }[] = [];
    await w.wait(15_000);
    for (const hour of ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']) {
      deskAppointment(w, `2026-11-24 ${hour}`, { patient: ANNA_PILNA });
      edits.push({ at: w.clock.now(), start: `2026-11-24T${hour}:00+01:00` });
      await w.wait(10_000);
    }
    await w.run(feed);

    const log = w.writes();
    const puts = log.filter((c) => c.operation === 'replaceSlots');
    for (const e of edits) {
      const booked = log.filter(
        (c) => c.operation === 'bookSlot' && c.path.includes(encodeURIComponent(e.start)),
      );
      expect(booked).toHaveLength(1);
      expect(booked[0]!.at - e.at).toBeLessThanOrEqual(3_500);
      expect(booked[0]!.at).toBeLessThan(puts[puts.length - 1]!.at);
    }
  });
});
