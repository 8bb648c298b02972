// What the activation dialog shows comes with message codes: each blocker and warning of the preview has its code
// and params beside the English (same order), and starting says its result by code. The Polish dialog depends on it.
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_KEY, createWorld, type World } from './support/harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

describe('activation messages carry codes', () => {
  it('a calendar that is not linked: one coded blocker', async () => {
    w = await createWorld({ activate: false });
    const preview = await w.run(w.engine.previewActivation('9@9'));
    expect(preview.blockerMessages).toEqual([
      { text: preview.blockers[0], code: 'activation.not-mapped', params: {} },
    ]);
  });

  it('work offering only unlinked services: the period as params, and activate refuses with that code', async () => {
    w = await createWorld({ activate: false });
    w.pms.addExtraHours(1, 1, '2026-11-28', '09:00', '10:00');
    w.engine.repos.mapping.replaceMapping(
      { ...w.engine.repos.mapping.getMapping(), services: [] },
      w.clock.now(),
    );
    const preview = await w.run(w.engine.previewActivation(ADDRESS_KEY));
    const messages = preview.blockerMessages ?? [];
    expect(messages.map((m) => m.text)).toEqual(preview.blockers);
    expect(messages[0]).toMatchObject({ code: 'activation.no-services', params: {} });
    const day = messages.find((m) => m.code === 'conflict.unmapped-service-hours');
    expect(day?.params).toMatchObject({
      start: expect.stringMatching(/^2026-11-\d\dT\d\d:\d\d/),
      end: expect.stringMatching(/^2026-11-\d\dT\d\d:\d\d/),
    });
    const r = await w.run(w.engine.activate(ADDRESS_KEY));
    expect(r).toMatchObject({ ok: false, code: 'activation.no-services' });
  });

  it('starting: the warning, the result and the activity entry are coded', async () => {
    w = await createWorld({ activate: false });
    const preview = await w.run(w.engine.previewActivation(ADDRESS_KEY));
    expect(preview.warningMessages).toEqual([
      { text: 'The Docplanner calendar will be enabled.', code: 'activation.will-enable', params: {} },
    ]);
    const r = await w.run(w.engine.activate(ADDRESS_KEY));
    expect(r).toMatchObject({
      ok: true,
      code: 'activation.started',
      params: { count: expect.any(Number), minutes: expect.any(Number) },
    });
    const enabled = w.engine
      .listActivity({ limit: 50 })
      .entries.find((e) => e.operation === 'enableCalendar');
    expect(enabled).toMatchObject({
      code: 'activity.calendar-enabled',
      summary: 'Enabled the Docplanner calendar',
    });
  });
});
