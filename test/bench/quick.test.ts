// The benchmark suite still runs end to end (`--quick` sizes) and produces a structurally complete report.
// No timing assertions: figures are only checked for being present and sane.
import { runBench, renderReport } from '../../bench/run';

test('bench --quick runs every scenario and renders a complete report', async () => {
  const report = await runBench({ mode: 'quick', log: () => undefined });
  const ids = report.scenarios.map((s) => s.id);
  expect(ids).toEqual(['activation', 'clinic-day', 'resync', 'catch-up', 'practice']);
  for (const s of report.scenarios) {
    expect(s.tables.length).toBeGreaterThan(0);
    for (const t of s.tables) {
      expect(t.rows.length).toBeGreaterThan(0);
      for (const r of t.rows) {
        expect(r.measure).not.toBe('');
        expect(r.product).not.toBe('');
        expect(r.naive).not.toBe('');
      }
    }
  }
  const activation = report.scenarios.find((s) => s.id === 'activation')!;
  const raw = Object.values(activation.raw)[0] as {
    lowerBound: number;
    product: { figures: { writes: number; tooMany: number; neverCovered: number } };
    naive: { figures: { writes: number } };
  };
  expect(raw.lowerBound).toBeGreaterThan(0);
  expect(raw.product.figures.writes).toBeGreaterThanOrEqual(raw.lowerBound);
  expect(raw.naive.figures.writes).toBeGreaterThan(0);
  expect(raw.product.figures.tooMany).toBe(0);
  expect(raw.product.figures.neverCovered).toBe(0);

  const md = renderReport(report);
  expect(md).toContain('# Benchmarks');
  expect(md).toMatch(/machine: .+cores, Node v\d+/);
  expect(md).toMatch(/commit: \S+/);
  for (const s of report.scenarios) expect(md).toContain(`## ${s.title}`);
}, 240_000);
