// Docplanner's replaceSlots duplicate-payload guard (NOTES.md §4.1): an identical PUT slots within 3 minutes after
// a previous identical one is ignored (201). A day going A → B → A within 3 minutes must still end as A online:
// the third PUT goes out as a byte-different, semantically identical variant.
import { describe, expect, it, afterEach } from 'vitest';
import type { ReplaceSlotsRequest } from '../../electron/engine/docplanner/schemas';
import { ClinicTime } from '../../electron/engine/practice/time';
import { stableHash } from '../../electron/engine/sync/plan/hash';
import { slotsVariants } from '../../electron/engine/sync/plan/slots-variant';
import { createWorld, DP, ops, TZ, type World } from './support/harness';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const DAY = '2026-11-25'; // a Wednesday within the 7-day horizon of the world
const WEDNESDAY = 3;

/** What Docplanner offers on DAY: the work periods that offer services, and the free slots. */
function onlineDay(world: World) {
  const a = world.sim.control.state().addresses[DP.addressId]!;
  return {
    periods: (a.workPeriods[DAY] ?? []).filter((p) => p.services.length > 0),
    free: a.freeSlots.filter((s) => s.start.startsWith(DAY)),
  };
}

describe('replaceSlots duplicate guard', () => {
  it('a day going A → B → A within 3 minutes ends as A on Docplanner, with three PUTs', async () => {
    w = await createWorld();
    const world = w;
    world.pms.setWorkingHours(1, 1, WEDNESDAY, [['09:00', '14:00']]);
    await world.run(world.engine.syncNow());
    const a = onlineDay(world);
    expect(a.periods.map((p) => [p.start.slice(11, 16), p.end.slice(11, 16)])).toEqual([['09:00', '14:00']]);

    await world.clock.advance(30_000);
    world.pms.setWorkingHours(1, 1, WEDNESDAY, [['09:00', '16:00']]);
    await world.run(world.engine.syncNow());
    expect(onlineDay(world)).not.toEqual(a);

    await world.clock.advance(30_000); // the receptionist undoes it, a minute after the first push
    world.pms.setWorkingHours(1, 1, WEDNESDAY, [['09:00', '14:00']]);
    await world.run(world.engine.syncNow());

    expect(ops(world.writes())).toEqual(['PUT A/slots', 'PUT A/slots', 'PUT A/slots']);
    expect(onlineDay(world)).toEqual(a);
    expect(world.engine.status().state).toBe('in-sync');
  });
});

describe('slotsVariants', () => {
  const time = new ClinicTime(TZ);
  const at = (hhmm: string) =>
    time.format(time.localToMs(DAY, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))));
  const services = [
    { address_service_id: '301', duration: 30 },
    { address_service_id: '302', duration: 20 },
  ];
  const body: ReplaceSlotsRequest = {
    slots: [
      { start: at('00:00'), end: at('09:00'), address_services: [] },
      {
        start: at('09:00'),
        end: at('12:00'),
        address_services: services,
        insurance_accepted: 'with-and-without-insurance',
      },
      { start: at('12:00'), end: at('12:02'), address_services: [] },
      { start: at('12:02'), end: at('15:00'), address_services: [services[0]!] },
      { start: at('15:00'), end: at('23:59'), address_services: [] },
    ],
  };

  /** What each minute of the day offers (services with durations, insurance), as Docplanner would read it. */
  const coverage = (b: ReplaceSlotsRequest): string[] => {
    const out: string[] = [];
    for (let m = time.localToMs(DAY, 0); m < time.localToMs(DAY, 23 * 60 + 59); m += 60_000) {
      const covering = b.slots.filter((s) => Date.parse(s.start) <= m && m < Date.parse(s.end));
      out.push(
        covering.length === 1
          ? JSON.stringify([covering[0]!.address_services ?? [], covering[0]!.insurance_accepted ?? null])
          : `covered ${covering.length} times`,
      );
    }
    return out;
  };

  it('keeps the meaning (same windows covered, same services and durations) and changes the bytes', () => {
    const variants = [...slotsVariants(body, (ms) => time.format(ms))].slice(0, 40);
    expect(variants.length).toBe(40);
    const hashes = new Set([stableHash(body), ...variants.map((v) => stableHash(v))]);
    expect(hashes.size).toBe(41);
    for (const v of variants) {
      expect(coverage(v)).toEqual(coverage(body));
      expect(v.slots.filter((s) => (s.address_services ?? []).length > 0)).toEqual(
        body.slots.filter((s) => (s.address_services ?? []).length > 0),
      );
      for (const s of v.slots) {
        expect(Date.parse(s.end) - Date.parse(s.start)).toBeGreaterThanOrEqual(60_000);
        expect(time.dateOf(Date.parse(s.start))).toBe(DAY);
        expect(time.dateOf(Date.parse(s.end))).toBe(DAY);
      }
      expect(v.slots).toHaveLength(body.slots.length + 1);
    }
  });

  it('splits every empty window, the whole-day one included, and never one shorter than two minutes', () => {
    const all = [...slotsVariants(body, (ms) => time.format(ms))];
    // 00:00–09:00 → 539 cuts, 12:00–12:02 → 1 cut, 15:00–23:59 → 538 cuts.
    expect(all).toHaveLength(539 + 1 + 538);
    const wholeDay: ReplaceSlotsRequest = {
      slots: [{ start: at('00:00'), end: at('23:59'), address_services: [] }],
    };
    const first = slotsVariants(wholeDay, (ms) => time.format(ms)).next().value as ReplaceSlotsRequest;
    expect(first.slots.map((s) => [s.start.slice(11, 16), s.end.slice(11, 16)])).toEqual([
      ['00:00', '00:01'],
      ['00:01', '23:59'],
    ]);
    const full: ReplaceSlotsRequest = {
      slots: [
        { start: at('00:00'), end: at('00:01'), address_services: [] },
        { start: at('00:01'), end: at('23:59'), address_services: services },
      ],
    };
    expect([...slotsVariants(full, (ms) => time.format(ms))]).toEqual([]);
  });
});
