// Health data is kept no longer than it is useful: the engine's hourly housekeeping erases unmasked patient names
// from activity entries older than 30 days and deletes entries older than a year.
import { afterEach, expect, it } from 'vitest';
import { maskName } from '../../electron/engine/store/audit';
import { createWorld, type World } from './support/harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

it('a sync cycle erases names from month-old activity and deletes year-old activity', async () => {
  w = await createWorld();
  const audit = w.engine.repos.audit;
  const entry = (ageDays: number) =>
    audit.append({
      at: w.clock.now() - ageDays * 86_400_000,
      direction: 'in',
      operation: 'slot-booked',
      addressKey: null,
      outcome: 'ok',
      summary: `Online booking (${maskName('Jan Kowalski')})`,
      patient: 'Jan Kowalski',
    }).id;
  const fresh = entry(1);
  const monthOld = entry(31);
  const yearOld = entry(400);
  await w.run(w.engine.runOnce({ maxWaitMs: 60_000 }));
  // The world's own setup ran a pass already; the next one is due an hour later.
  expect(audit.reveal(monthOld)).toBe('Jan Kowalski');
  await w.run(w.engine.start());
  await w.wait(3_600_000);
  expect(audit.reveal(fresh)).toBe('Jan Kowalski');
  expect(audit.reveal(monthOld)).toBeNull();
  const ids = audit.query({ limit: 500 }).entries.map((e) => e.id);
  expect(ids).toContain(monthOld);
  expect(ids).not.toContain(yearOld);
});
