// Health data is kept no longer than it is useful: the engine's hourly housekeeping erases unmasked patient names
// from activity entries older than 30 days, deletes entries older than a year, and deletes conflicts resolved more
// than 30 days ago (their sides name the patient; open conflicts always stay).
import { afterEach, expect, it } from 'vitest';
import { maskName } from '../../electron/engine/store/audit';
import { unhandledNotification } from '../../electron/engine/sync/conflicts/drafts';
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
  const repo = w.engine.conflicts.repo;
  const conflict = (inboxId: number, resolvedDaysAgo: number | null) => {
    const { stored } = repo.raise(
      unhandledNotification({ inboxId, addressKey: null, name: 'x', reason: 'test' }),
      w.clock.now() - 40 * 86_400_000,
    );
    if (resolvedDaysAgo !== null)
      repo.resolve(stored.conflict.id, {
        action: 'acknowledge',
        by: 'Ewa',
        at: w.clock.now() - resolvedDaysAgo * 86_400_000,
        outcome: 'handled',
      });
    return stored.conflict.id;
  };
  const stillOpen = conflict(901, null);
  const resolvedRecently = conflict(902, 2);
  const resolvedLongAgo = conflict(903, 31);
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
  expect(repo.get(stillOpen)).not.toBeNull();
  expect(repo.get(resolvedRecently)).not.toBeNull();
  expect(repo.get(resolvedLongAgo)).toBeNull();
});
