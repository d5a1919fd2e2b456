/** Check: two clauses of one edition that read like each other's counterparts (their texts exchanged). */
import type { DivergenceFinding } from '../reviews/types.ts';
import type { DetectionContext, EditionView } from './context.ts';
import { similarityOf } from './pair-stats.ts';
import { severityOf, snippet } from './severity.ts';

/**
 * How much better `a`'s clauses `x` and `y` match `b` when exchanged: the smaller of what each gains
 * (sim(x, b's y) - sim(x, b's x), and the same for y). Both must gain for a real exchange; a clause merely
 * replaced by a copy of another gains on one side only.
 */
export function exchangeGain(
  a: EditionView,
  b: EditionView,
  x: string,
  y: string,
  sim: (id: string, other?: string) => number = similarityOf(a, b),
): number {
  return Math.min(sim(x, y) - sim(x), sim(y, x) - sim(y));
}

/** The gains of one edition's clause pairs against another edition. */
interface PairGains {
  key: string;
  /** {@link exchangeGain} of every pair of ids (i < j, row by row); NaN where the other lacks a clause. */
  gains: Float64Array;
  /** The pairs whose gain exceeds the minimum. */
  gaining: number[];
}

const gainCache = new WeakMap<EditionView, WeakMap<EditionView, PairGains>>();

/** Row and column of pair number `pair` among `n` ids (i < j, row by row). */
function pairAt(pair: number, n: number): [number, number] {
  let i = 0;
  let left = pair;
  while (left >= n - 1 - i) {
    left -= n - 1 - i;
    i++;
  }
  return [i, i + 1 + left];
}

/**
 * The exchange gains of every pair of `ids` of `a` against `b`, once per pair of views (views are kept across
 * runs, so an ingest computes only the new edition's pairs).
 */
function exchangeGains(a: EditionView, b: EditionView, ids: readonly string[], minGain: number): PairGains {
  let byB = gainCache.get(a);
  if (!byB) {
    byB = new WeakMap();
    gainCache.set(a, byB);
  }
  const key = `${minGain}\u0000${ids.join('\u0000')}`;
  const found = byB.get(b);
  if (found?.key === key) return found;
  const gains = new Float64Array((ids.length * (ids.length - 1)) / 2);
  const gaining: number[] = [];
  const sim = similarityOf(a, b);
  for (let i = 0, pair = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++, pair++) {
      const [x, y] = [ids[i]!, ids[j]!];
      gains[pair] = b.clauses.has(x) && b.clauses.has(y) ? exchangeGain(a, b, x, y, sim) : Number.NaN;
      if (gains[pair]! > minGain) gaining.push(pair);
    }
  }
  const result = { key, gains, gaining };
  byB.set(b, result);
  return result;
}

/**
 * Two findings (kind meaning-drift, one per clause) for each pair of clauses of an edition that match a
 * strict majority of the other editions better exchanged than in place, by more than `swap.minGain`.
 * Strength: 1 + the median gain.
 */
export function swappedClauses(context: DetectionContext): DivergenceFinding[] {
  const findings: DivergenceFinding[] = [];
  const { minGain } = context.thresholds.swap;
  const allIds = context.structure.clauses.map((c) => c.id);
  for (const a of context.editions) {
    const ids = allIds.filter((id) => a.clauses.has(id));
    const gainsWith = new Map(
      context.editions.filter((b) => b !== a).map((b) => [b, exchangeGains(a, b, ids, minGain)]),
    );
    // Only a pair that gains with at least one partner can gain with a majority of them.
    const candidates = new Set<number>();
    for (const { gaining } of gainsWith.values()) for (const pair of gaining) candidates.add(pair);
    for (const pair of [...candidates].sort((p, q) => p - q)) {
      const [i, j] = pairAt(pair, ids.length);
      const [x, y] = [ids[i]!, ids[j]!];
      const partners = context.editions.filter((b) => b !== a && b.clauses.has(x) && b.clauses.has(y));
      if (partners.length === 0) continue;
      const gains = partners.map((b) => gainsWith.get(b)!.gains[pair]!);
      if (gains.filter((g) => g > minGain).length * 2 <= partners.length) continue;
      const gain = gains.sort((p, q) => p - q)[gains.length >> 1]!;
      for (const [here, there] of [
        [x, y],
        [y, x],
      ] as const) {
        findings.push({
          charter: context.charter,
          clause: here,
          langs: [a.lang],
          kind: 'meaning-drift',
          severity: severityOf('meaning-drift', 1 + gain, context.thresholds),
          reason: `reads like ${there} of ${partners.map((b) => b.lang).join(', ')}, and ${there} here like ${here}: exchanged?`,
          evidence: {
            actual: [snippet(a.clauses.get(here)!.text)],
            expected: partners.map((b) => `${b.lang}: ${snippet(b.clauses.get(here)!.text)}`),
            comparedWith: partners.map((b) => b.lang),
            score: { value: gain, limit: minGain },
          },
        });
      }
    }
  }
  return findings;
}
