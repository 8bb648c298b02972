// Scenario 5 — practice DB scale: runs bench/practice.bench.ts (the practice layer's own benchmark: idle poll,
// one-edit detection, full horizon recompute, peak RSS on a generated reference-schema DB) in a child process and
// takes its table over. The naive baseline has no practice layer of its own (it uses the same adapter), so this
// table has the product's figures only.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { ScenarioResult, Table } from '../report';
import { row } from '../report';

export interface PracticeSize {
  appointments: number;
}

export function practiceScenario(size: PracticeSize): ScenarioResult {
  const t = performance.now();
  const script = path.join(import.meta.dirname, '..', 'practice.bench.ts');
  const tsx = path.join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [script, '--appointments', String(size.appointments)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const out = r.stdout ?? '';
  const heading = out
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('Practice layer benchmark'));
  const rows = out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|') && !l.startsWith('| measure') && !l.startsWith('|---'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((x) => x.trim()),
    )
    .filter((cells) => cells.length >= 3);
  const table: Table = {
    title: heading ?? `Practice layer, ${size.appointments.toLocaleString('en-US')} appointments`,
    notes:
      r.status === 0
        ? []
        : [
            `practice.bench.ts failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`,
          ],
    rows: rows.map(([measure, result, target]) => row(measure!, result!, 'same adapter', '–', '–', target!)),
  };
  return {
    id: 'practice',
    title: '5. Practice DB scale',
    tables: [table],
    notes: [
      'From `bench/practice.bench.ts` (run as a child process, the measuring half in plain Node on an esbuild bundle): the ' +
        'generated database is reused from the OS temp folder when present.',
    ],
    raw: { size, exit: r.status, rows },
    wallMs: performance.now() - t,
  };
}
