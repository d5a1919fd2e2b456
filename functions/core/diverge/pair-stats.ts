/** What is usual between two editions, learned from the charter's own clauses with robust statistics. */
import { dice } from '../align/fold.ts';
import type { DetectionContext, EditionView } from './context.ts';
import { median } from './stats.ts';

/**
 * A robust location and a spread that widens for short clauses: sigma(size)^2 = base + perLetter / size,
 * fitted through the robust spreads of the shorter and the longer half of the clauses.
 */
export interface SpreadModel {
  center: number;
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
  /** Log length ratios a/b. */
  length: SpreadModel;
  /** Margin of each shared clause of `a`: similarity to its counterpart in `b` minus the best other clause's. */
  margins: Map<string, number>;
  margin: SpreadModel;
  /** Share of `a`'s clauses whose best match in `b` is their own counterpart. */
  reliability: number;
}

const cache = new WeakMap<EditionView, WeakMap<EditionView, { minSigma: number; stats: PairStats }>>();

/**
 * Statistics of `a` compared with `b`, computed once per pair of views (views are kept across runs for
 * unchanged editions, so an ingest computes only the new edition's pairs).
 */
export function pairStats(context: DetectionContext, a: EditionView, b: EditionView): PairStats {
  let byB = cache.get(a);
  if (!byB) {
    byB = new WeakMap();
    cache.set(a, byB);
  }
  const { minSigma } = context.thresholds;
  let found = byB.get(b);
  if (!found || found.minSigma !== minSigma) {
    found = { minSigma, stats: computePairStats(context, a, b) };
    byB.set(b, found);
  }
  return found.stats;
}

/** Log length ratio of clause `id` between `a` and `b`. */
export function logLengthRatio(a: EditionView, b: EditionView, id: string): number {
  return Math.log(a.clauses.get(id)!.size / b.clauses.get(id)!.size);
}

/** Larger size of clause `id` in `a` and `b` (a cut or padded text should not widen its own spread). */
export function largerSize(a: EditionView, b: EditionView, id: string): number {
  return Math.max(a.clauses.get(id)!.size, b.clauses.get(id)!.size);
}

/** Robust z of `value` for a clause of `size` letters under `model`. */
export function spreadZ(model: SpreadModel, value: number, size: number): number {
  return (value - model.center) / Math.sqrt(model.base + model.perLetter / size);
}

const diceCache = new WeakMap<Set<string>, WeakMap<Set<string>, number>>();

/** The Dice values remembered for trigram set `x`, by the other set. */
function dicesOf(x: Set<string>): WeakMap<Set<string>, number> {
  let byY = diceCache.get(x);
  if (!byY) {
    byY = new WeakMap();
    diceCache.set(x, byY);
  }
  return byY;
}

/** Dice of `x` and `y`, remembered in `byY` (the values of `x`). */
function cachedDice(x: Set<string>, byY: WeakMap<Set<string>, number>, y: Set<string>): number {
  let value = byY.get(y);
  if (value === undefined) {
    // Dice is symmetric: the pair compared the other way round (b with a) is reused.
    value = diceCache.get(y)?.get(x) ?? dice(x, y);
    byY.set(y, value);
  }
  return value;
}

/** Similarity of `a`'s clause `id` to `b`'s clause `other` (character trigram Dice), cached by trigram set. */
export function similarity(a: EditionView, b: EditionView, id: string, other = id): number {
  const x = a.clauses.get(id)!.grams;
  return cachedDice(x, dicesOf(x), b.clauses.get(other)!.grams);
}

/** Similarity to the counterpart minus the best similarity to any other clause of `b`. */
export function matchMargin(a: EditionView, b: EditionView, id: string, shared: readonly string[]): number {
  const x = a.clauses.get(id)!.grams;
  const byY = dicesOf(x);
  let best = 0;
  for (const other of shared)
    if (other !== id) best = Math.max(best, cachedDice(x, byY, b.clauses.get(other)!.grams));
  return cachedDice(x, byY, b.clauses.get(id)!.grams) - best;
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
    length: fitSpreadModel(
      shared.map((id) => ({ value: logLengthRatio(a, b, id), size: largerSize(a, b, id) })),
      minSigma,
    ),
    margins,
    margin: fitSpreadModel(
      shared.map((id) => ({ value: margins.get(id)!, size: largerSize(a, b, id) })),
      minSigma,
    ),
    reliability: marginValues.length ? marginValues.filter((m) => m > 0).length / marginValues.length : 0,
  };
}

/**
 * Fits a {@link SpreadModel}: the median value, then a robust spread (1.4826 MAD, at least `minSigma`) in the
 * shorter and in the longer half of the clauses, solved for base and perLetter through the halves' median sizes.
 */
export function fitSpreadModel(
  points: readonly { value: number; size: number }[],
  minSigma: number,
): SpreadModel {
  const center = median(points.map((p) => p.value));
  const bySize = [...points].sort((x, y) => x.size - y.size);
  const half = bySize.length >> 1;
  const shortHalf = bySize.slice(0, Math.max(half, 1));
  const longHalf = bySize.slice(half);
  const spread = (ps: typeof points) =>
    Math.max(1.4826 * median(ps.map((p) => Math.abs(p.value - center))), minSigma);
  const s1 = spread(shortHalf);
  const s2 = spread(longHalf);
  const n1 = median(shortHalf.map((p) => p.size));
  const n2 = median(longHalf.map((p) => p.size));
  let perLetter = n1 < n2 ? (s1 * s1 - s2 * s2) / (1 / n1 - 1 / n2) : 0;
  if (!(perLetter > 0)) perLetter = 0;
  const base = Math.max(s2 * s2 - perLetter / n2, minSigma * minSigma);
  return { center, base, perLetter, n: points.length };
}
