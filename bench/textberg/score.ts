/**
 * Strict and lax bead precision, recall and F1, a faithful port of vecalign's `score.py` (`_precision` and
 * `score_multiple`): precision over the test beads (one-sided beads included), recall over the gold beads
 * with deletions and insertions left out of both sides; counts are summed over documents before dividing.
 */

/** One alignment bead: [German sentence indexes, French sentence indexes]. */
export type Bead = [number[], number[]];

/** [tpStrict, fpStrict, tpLax, fpLax] for precision, and the same with gold and test swapped for recall. */
export interface BeadCounts {
  precision: [number, number, number, number];
  recall: [number, number, number, number];
}

const keyOf = ([src, tgt]: Bead) => `${src.join(',')}:${tgt.join(',')}`;

function precisionCounts(gold: readonly Bead[], test: readonly Bead[]): [number, number, number, number] {
  const dedupe = (beads: readonly Bead[]) => {
    const map = new Map<string, Bead>();
    for (const b of beads) if (b[0].length || b[1].length) map.set(keyOf(b), b);
    return map;
  };
  const goldSet = dedupe(gold);
  const testSet = dedupe(test);
  const srcToGoldTgt = new Map<number, Set<number>>();
  for (const [src, tgt] of goldSet.values()) {
    for (const s of src) {
      const set = srcToGoldTgt.get(s) ?? new Set<number>();
      for (const t of tgt) set.add(t);
      srcToGoldTgt.set(s, set);
    }
  }
  let tpStrict = 0;
  let fpStrict = 0;
  let tpLax = 0;
  let fpLax = 0;
  for (const [key, [src, tgt]] of testSet) {
    if (goldSet.has(key)) {
      tpStrict++;
      tpLax++;
      continue;
    }
    const targets = new Set<number>();
    for (const s of src) for (const t of srcToGoldTgt.get(s) ?? []) targets.add(t);
    fpStrict++;
    if (tgt.some((t) => targets.has(t))) tpLax++;
    else fpLax++;
  }
  return [tpStrict, fpStrict, tpLax, fpLax];
}

/** Counts of one document. */
export function beadCounts(gold: readonly Bead[], test: readonly Bead[]): BeadCounts {
  const noDeletions = (beads: readonly Bead[]) => beads.filter(([s, t]) => s.length && t.length);
  return {
    precision: precisionCounts(gold, test),
    recall: precisionCounts(noDeletions(test), noDeletions(gold)),
  };
}

/** Counts summed over documents. */
export function sumCounts(all: readonly BeadCounts[]): BeadCounts {
  const add = (a: number[], b: number[]) => a.map((x, i) => x + b[i]!) as [number, number, number, number];
  return all.reduce(
    (acc, c) => ({ precision: add(acc.precision, c.precision), recall: add(acc.recall, c.recall) }),
    {
      precision: [0, 0, 0, 0],
      recall: [0, 0, 0, 0],
    } as BeadCounts,
  );
}

/** Strict and lax precision, recall and F1 of summed counts (0 where a denominator is 0). */
export function beadScores(c: BeadCounts) {
  const ratio = (a: number, b: number) => (a + b === 0 ? 0 : a / (a + b));
  const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
  const precisionStrict = ratio(c.precision[0], c.precision[1]);
  const precisionLax = ratio(c.precision[2], c.precision[3]);
  const recallStrict = ratio(c.recall[0], c.recall[1]);
  const recallLax = ratio(c.recall[2], c.recall[3]);
  return {
    precisionStrict,
    recallStrict,
    f1Strict: f1(precisionStrict, recallStrict),
    precisionLax,
    recallLax,
    f1Lax: f1(precisionLax, recallLax),
  };
}
