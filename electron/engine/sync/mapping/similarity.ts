// Name similarity for mapping suggestions: names are normalised (case, accents, titles, punctuation) and compared
// by token overlap and bigram Dice coefficient. 0 = nothing in common, 1 = the same name.
const TITLES = new Set(['dr', 'lek', 'med', 'prof', 'hab', 'mgr', 'dent', 'n', 'lic', 'dra']);

export function normaliseName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !TITLES.has(w))
    .join(' ');
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const t = s.replace(/ /g, '');
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

export function similarity(a: string, b: string): number {
  const x = normaliseName(a);
  const y = normaliseName(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const tx = new Set(x.split(' '));
  const ty = new Set(y.split(' '));
  const common = [...tx].filter((w) => ty.has(w)).length;
  const tokens = common / Math.max(tx.size, ty.size);
  const bx = bigrams(x);
  const by = bigrams(y);
  let inter = 0;
  for (const [g, n] of bx) inter += Math.min(n, by.get(g) ?? 0);
  const total = [...bx.values()].reduce((s, n) => s + n, 0) + [...by.values()].reduce((s, n) => s + n, 0);
  const dice = total ? (2 * inter) / total : 0;
  return Math.max(tokens, dice);
}

/** The best candidate above `threshold`, or null. */
export function bestMatch<T>(
  name: string,
  candidates: readonly T[],
  nameOf: (c: T) => string,
  threshold = 0.6,
): T | null {
  let best: T | null = null;
  let score = threshold;
  for (const c of candidates) {
    const s = similarity(name, nameOf(c));
    if (s > score || (s === 1 && score < 1)) {
      best = c;
      score = s;
    }
  }
  return best;
}
