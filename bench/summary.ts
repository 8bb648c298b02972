// "Targets at a glance": issue 6's targets beside the measured figures of this run (taken from the scenarios' raw
// figures, so the summary can never disagree with the tables below it).
import type { ScenarioResult } from './report';
import { num, pct, ratio, seconds } from './report';

interface Lat {
  p95: number | null;
}
type Raw = Record<string, unknown>;

const get = (x: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Raw)[k] : undefined), x);
const n = (x: unknown): number => (typeof x === 'number' ? x : NaN);

export function summaryLines(scenarios: readonly ScenarioResult[]): string[] {
  const by = (id: string) => scenarios.find((s) => s.id === id)?.raw;
  const rows: [string, string, string, string][] = [];
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');

  const act = by('activation');
  if (act) {
    const sizes = Object.entries(act);
    const over = sizes.map(([k, v]) => [k, n(get(v, 'product', 'figures', 'overhead'))] as const);
    rows.push([
      'activation writes within 2 % of the lower bound',
      over.map(([k, o]) => `${k.replace('x', ' × ')} d: +${pct(o)}`).join('; '),
      sizes.map(([, v]) => `+${pct(n(get(v, 'naive', 'figures', 'overhead')))}`).join('; '),
      met(over.every(([, o]) => o <= 0.02)),
    ]);
    const idle = Math.max(...sizes.map(([, v]) => n(get(v, 'product', 'figures', 'idleShare'))));
    rows.push([
      'write budget never idle while work is pending',
      `max ${pct(idle)} idle (40 per 61 s)`,
      '–',
      met(idle <= 0.02),
    ]);
  }
  const tooMany = scenarios
    .flatMap((s) => s.tables.flatMap((t) => t.rows))
    .filter((r) => r.measure.startsWith('429'))
    .map((r) => Number(r.product.replace(/,/g, '')));
  if (tooMany.length) {
    const total = tooMany.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
    rows.push(['zero 429s', `${num(total)} in the whole run`, '–', met(total === 0)]);
  }

  const day = by('clinic-day');
  if (day) {
    const changes = n(get(day, 'pmsChanges'));
    const pw = n(get(day, 'product', 'writesA')) / changes;
    const nw = n(get(day, 'naive', 'writesA')) / changes;
    rows.push(['writes per PMS change ≤ 1.0 (clinic day)', num(pw, 2), num(nw, 2), met(pw <= 1)]);
    const a = get(day, 'product', 'latA') as Lat;
    const na = get(day, 'naive', 'latA') as Lat;
    rows.push([
      'p95 PMS commit → call ≤ 2 s, idle budget',
      seconds(a?.p95 ?? null),
      seconds(na?.p95 ?? null),
      met((a?.p95 ?? Infinity) <= 2000),
    ]);
    const b = get(day, 'product', 'latB') as Lat;
    const nb = get(day, 'naive', 'latB') as Lat;
    rows.push([
      'p95 ≤ 1.5 s for urgent changes during a feed',
      seconds(b?.p95 ?? null),
      seconds(nb?.p95 ?? null),
      met((b?.p95 ?? Infinity) <= 1500),
    ]);
  }

  const res = by('resync');
  if (res) {
    const worlds = Object.entries(res);
    const writes = worlds.map(([, v]) => n(get(v, 'fullResync', 'writes')));
    rows.push([
      'zero writes for a resync with no differences',
      worlds.map(([k], i) => `${k.replace('x', ' × ')} d: ${num(writes[i])}`).join('; '),
      worlds.map(([, v]) => num(n(get(v, 'naive', 'writes')))).join('; '),
      met(writes.every((w) => w === 0)),
    ]);
    const perAddr = worlds.map(([, v]) => n(get(v, 'reconcile', 'reads')) / n(get(v, 'addresses')));
    rows.push([
      'hourly reconciliation under 3 reads per address',
      worlds.map(([k], i) => `${k.replace('x', ' × ')} d: ${num(perAddr[i], 2)}`).join('; '),
      'no reconciliation',
      met(perAddr.every((x) => x < 3)),
    ]);
    const rss = worlds
      .map(([k, v]) => [k, n(get(v, 'engineRss', 'peakRssMb'))] as const)
      .filter(([, x]) => !Number.isNaN(x));
    if (rss.length) {
      rows.push([
        'engine RSS under 150 MB',
        rss.map(([k, x]) => `${k.replace('x', ' × ')} d: ${num(x)} MB`).join('; '),
        '–',
        met(rss.every(([, x]) => x < 150)),
      ]);
    }
  }
  const practice = by('practice');
  const peak = (get(practice, 'rows') as string[][] | undefined)?.find((r) => r[0]?.startsWith('peak RSS'));
  if (peak)
    rows.push(['practice layer peak RSS, 1,000,000 appointments, under 150 MB', peak[1]!, '–', '(see 5.)']);

  if (day && res) {
    const pairs: [string, number, number][] = [
      ['clinic day', n(get(day, 'naive', 'writesA')), n(get(day, 'product', 'writesA'))],
      ...Object.entries(res).map(
        ([k, v]) =>
          [`resync ${k}`, n(get(v, 'naive', 'writes')), n(get(v, 'fullResync', 'writes'))] as [
            string,
            number,
            number,
          ],
      ),
      ...Object.entries(act ?? {}).map(
        ([k, v]) =>
          [
            `activation ${k}`,
            n(get(v, 'naive', 'figures', 'writes')),
            n(get(v, 'product', 'figures', 'writes')),
          ] as [string, number, number],
      ),
    ];
    const cu = by('catch-up');
    if (cu) pairs.push(['catch-up', n(get(cu, 'naive', 'writes')), n(get(cu, 'product', 'writes'))]);
    const short = pairs.filter(([, nv, pv]) => !(pv === 0 ? nv > 0 : nv / pv >= 10)).map(([k]) => k);
    rows.push([
      '≥ 10× fewer writes than naive where naive wastes writes',
      pairs.map(([k, nv, pv]) => `${k} ${ratio(nv, pv)}`).join('; '),
      '–',
      short.length ? `**not met** for ${short.join(', ')}` : 'met',
    ]);
  }

  if (!rows.length) return [];
  return [
    '## Targets at a glance',
    '',
    '| target (issue 6) | product | naive baseline | |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}
