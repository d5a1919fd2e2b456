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

/**
 * Dice values of every clause of view `a` (rows) with every clause of view `b` (columns), in the views' clause
 * order, filled as they are asked for (NaN: not yet). Clauses are compared by the hundred thousand (every clause
 * of a pair against every clause): a flat table costs no hashing per value, unlike maps keyed by trigram set.
 */
interface DiceTable {
  rows: Map<string, number>;
  cols: Map<string, number>;
  width: number;
  values: Float64Array;
  /** The table of `b` with `a` (itself when a is b): Dice is symmetric, a value found fills both. */
  mirror: DiceTable;
}

const clauseIndexes = new WeakMap<EditionView, Map<string, number>>();

/** Clause id -> position in the view's clause order. */
function clauseIndex(view: EditionView): Map<string, number> {
  let index = clauseIndexes.get(view);
  if (!index) {
    index = new Map([...view.clauses.keys()].map((id, i) => [id, i]));
    clauseIndexes.set(view, index);
  }
  return index;
}

// Dice values by trigram set as well: views share the sets of equal texts (context.ts keeps features per text),
// so a new edition that repeats clauses of others (a re-upload, a corrected edition) reuses their values.
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

const diceTables = new WeakMap<EditionView, WeakMap<EditionView, DiceTable>>();

function newTable(a: EditionView, b: EditionView): DiceTable {
  const rows = clauseIndex(a);
  const cols = clauseIndex(b);
  const table = {
    rows,
    cols,
    width: cols.size,
    values: new Float64Array(rows.size * cols.size).fill(Number.NaN),
  } as DiceTable;
  table.mirror = table;
  return table;
}

function tableEntry(a: EditionView, b: EditionView): DiceTable | undefined {
  return diceTables.get(a)?.get(b);
}

function storeTable(a: EditionView, b: EditionView, table: DiceTable): void {
  let byB = diceTables.get(a);
  if (!byB) {
    byB = new WeakMap();
    diceTables.set(a, byB);
  }
  byB.set(b, table);
}

/** The Dice table of `a` with `b` (and of `b` with `a`), kept while both views live. */
function diceTable(a: EditionView, b: EditionView): DiceTable {
  let table = tableEntry(a, b);
  if (!table) {
    table = newTable(a, b);
    if (a !== b) {
      const mirror = newTable(b, a);
      table.mirror = mirror;
      mirror.mirror = table;
      storeTable(b, a, mirror);
    }
    storeTable(a, b, table);
  }
  return table;
}

/** Dice of row `i` (clause `id` of `a`) with column `j` (clause `other` of `b`), from the table or computed. */
function diceAt(
  table: DiceTable,
  a: EditionView,
  b: EditionView,
  id: string,
  other: string,
  i: number,
  j: number,
): number {
  let value = table.values[i * table.width + j]!;
  if (Number.isNaN(value)) {
    const x = a.clauses.get(id)!.grams;
    value = cachedDice(x, dicesOf(x), b.clauses.get(other)!.grams);
    table.values[i * table.width + j] = value;
    table.mirror.values[j * table.mirror.width + i] = value;
  }
  return value;
}

/** Similarity of `a`'s clause `id` to `b`'s clause `other` (character trigram Dice), kept per pair of views. */
export function similarity(a: EditionView, b: EditionView, id: string, other = id): number {
  const table = diceTable(a, b);
  return diceAt(table, a, b, id, other, table.rows.get(id)!, table.cols.get(other)!);
}

/**
 * {@link similarity} of `a` with `b`, the pair's table looked up once: for loops over many pairs of clauses.
 */
export function similarityOf(a: EditionView, b: EditionView): (id: string, other?: string) => number {
  const table = diceTable(a, b);
  return (id, other = id) => diceAt(table, a, b, id, other, table.rows.get(id)!, table.cols.get(other)!);
}

/** Similarity to the counterpart minus the best similarity to any other clause of `b`. */
export function matchMargin(a: EditionView, b: EditionView, id: string, shared: readonly string[]): number {
  const table = diceTable(a, b);
  const i = table.rows.get(id)!;
  let best = 0;
  for (const other of shared)
    if (other !== id) best = Math.max(best, diceAt(table, a, b, id, other, i, table.cols.get(other)!));
  return diceAt(table, a, b, id, id, i, table.cols.get(id)!) - best;
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
