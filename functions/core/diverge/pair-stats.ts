/** What is usual between two editions, learned from the charter's own clauses with robust statistics. */
import { dice } from '../align/fold.ts';
import type { DetectionContext, EditionView } from './context.ts';
import { median, type RobustScale, robustScale } from './stats.ts';

/** Length ratios of a pair: median log ratio and a spread that widens for short clauses. */
export interface LengthModel {
  center: number;
  /** sigma(size)^2 = base + perLetter / size, fitted on the shorter and the longer half of the clauses. */
  base: number;
  perLetter: number;
  n: number;
}

/** Usual statistics of an ordered pair of editions (`a` compared with `b`). */
export interface PairStats {
  a: EditionView;
  b: EditionView;
  /** Clause ids both editions have, in canonical order. */
  shared: string[];
  length: LengthModel;
  /** Margin of each shared clause of `a`: similarity to its counterpart in `b` minus the best other clause's. */
  margins: Map<string, number>;
  margin: RobustScale;
  /** Share of `a`'s clauses whose best match in `b` is their own counterpart. */
  reliability: number;
}

const cache = new WeakMap<DetectionContext, Map<string, PairStats>>();

/** Statistics of `a` compared with `b`, computed once per context. */
export function pairStats(context: DetectionContext, a: EditionView, b: EditionView): PairStats {
  let byPair = cache.get(context);
  if (!byPair) {
    byPair = new Map();
    cache.set(context, byPair);
  }
  const key = `${a.lang}\u0000${b.lang}`;
  let stats = byPair.get(key);
  if (!stats) {
    stats = computePairStats(context, a, b);
    byPair.set(key, stats);
  }
  return stats;
}

/** Log length ratio of clause `id` between `a` and `b`. */
export function logLengthRatio(a: EditionView, b: EditionView, id: string): number {
  return Math.log(a.clauses.get(id)!.size / b.clauses.get(id)!.size);
}

/** Mean size of clause `id` in `a` and `b`. */
export function meanSize(a: EditionView, b: EditionView, id: string): number {
  return (a.clauses.get(id)!.size + b.clauses.get(id)!.size) / 2;
}

/** The spread the length model expects for a clause of `size` letters. */
export function lengthSigma(model: LengthModel, size: number): number {
  return Math.sqrt(model.base + model.perLetter / size);
}

/** Similarity of `a`'s clause `id` to `b`'s clause `other` (character trigram Dice). */
export function similarity(a: EditionView, b: EditionView, id: string, other = id): number {
  return dice(a.clauses.get(id)!.grams, b.clauses.get(other)!.grams);
}

/** Similarity to the counterpart minus the best similarity to any other clause of `b`. */
export function matchMargin(a: EditionView, b: EditionView, id: string, shared: readonly string[]): number {
  let best = 0;
  for (const other of shared) if (other !== id) best = Math.max(best, similarity(a, b, id, other));
  return similarity(a, b, id) - best;
}

function computePairStats(context: DetectionContext, a: EditionView, b: EditionView): PairStats {
  const { minSigma } = context.thresholds;
  const shared = context.structure.clauses
    .map((c) => c.id)
    .filter((id) => a.clauses.has(id) && b.clauses.has(id));
  const margins = new Map(shared.map((id) => [id, matchMargin(a, b, id, shared)]));
  const marginValues = [...margins.values()];
  return {
    a,
    b,
    shared,
    length: fitLengthModel(
      shared.map((id) => ({ ratio: logLengthRatio(a, b, id), size: meanSize(a, b, id) })),
      minSigma,
    ),
    margins,
    margin: robustScale(marginValues, minSigma),
    reliability: marginValues.length ? marginValues.filter((m) => m > 0).length / marginValues.length : 0,
  };
}

/**
 * Fits the length model: the median log ratio, then a robust spread in the shorter and in the longer half of
 * the clauses, solved for sigma^2 = base + perLetter / size through the two halves' median sizes.
 */
export function fitLengthModel(
  points: readonly { ratio: number; size: number }[],
  minSigma: number,
): LengthModel {
  const center = median(points.map((p) => p.ratio));
  const bySize = [...points].sort((x, y) => x.size - y.size);
  const half = bySize.length >> 1;
  const shortHalf = bySize.slice(0, Math.max(half, 1));
  const longHalf = bySize.slice(half);
  const spread = (ps: typeof points) =>
    Math.max(1.4826 * median(ps.map((p) => Math.abs(p.ratio - center))), minSigma);
  const s1 = spread(shortHalf);
  const s2 = spread(longHalf);
  const n1 = median(shortHalf.map((p) => p.size));
  const n2 = median(longHalf.map((p) => p.size));
  let perLetter = n1 < n2 ? (s1 * s1 - s2 * s2) / (1 / n1 - 1 / n2) : 0;
  if (!(perLetter > 0)) perLetter = 0;
  const base = Math.max(s2 * s2 - perLetter / n2, minSigma * minSigma);
  return { center, base, perLetter, n: points.length };
}
