// The report's shape (one table per scenario, product beside the naive baseline) and its number formatting.

export interface Row {
  measure: string;
  product: string;
  naive: string;
  /** How many times the naive figure is the product's ("×12"), or "–". */
  ratio: string;
  bound: string;
  target: string;
}

export interface Table {
  title: string;
  notes: string[];
  rows: Row[];
}

export interface ScenarioResult {
  id: string;
  title: string;
  tables: Table[];
  notes: string[];
  /** Raw figures (written as JSON beside the report when asked). */
  raw: Record<string, unknown>;
  wallMs: number;
}

export const dash = '–';

export function num(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || Number.isNaN(x)) return dash;
  if (x === Infinity) return 'never';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || Number.isNaN(x) ? dash : `${(x * 100).toFixed(digits)} %`;

export const minutes = (x: number | null | undefined): string =>
  x === null || x === undefined ? dash : x === Infinity ? 'never' : `${x.toFixed(1)} min`;

export const seconds = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? dash : ms === Infinity ? 'never' : `${(ms / 1000).toFixed(1)} s`;

/** naive / product, for figures where lower is better. */
export function ratio(naive: number | null | undefined, product: number | null | undefined): string {
  if (naive === null || naive === undefined || product === null || product === undefined) return dash;
  if (Number.isNaN(naive) || Number.isNaN(product)) return dash;
  if (naive === Infinity && product === Infinity) return dash;
  if (naive === Infinity) return '∞ (naive never)';
  if (product === Infinity) return '0 (product never)';
  if (product === 0) return naive === 0 ? '=' : '∞';
  const r = naive / product;
  return `×${r >= 10 ? r.toFixed(0) : r.toFixed(1)}`;
}

export function row(
  measure: string,
  product: string,
  naive: string,
  r: string = dash,
  bound: string = dash,
  target: string = dash,
): Row {
  return { measure, product, naive, ratio: r, bound, target };
}

export function renderTable(t: Table): string {
  const lines = [`#### ${t.title}`, ''];
  for (const n of t.notes) lines.push(n, '');
  lines.push('| measure | product | naive baseline | naive ÷ product | lower bound | target |');
  lines.push('|---|---:|---:|---:|---:|---|');
  for (const r of t.rows) {
    lines.push(`| ${r.measure} | ${r.product} | ${r.naive} | ${r.ratio} | ${r.bound} | ${r.target} |`);
  }
  return lines.join('\n');
}
