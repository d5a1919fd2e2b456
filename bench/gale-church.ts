/**
 * Baseline: a Gale-Church (1993) length-based monotonic aligner. It sees only segment lengths and the
 * expected clause lengths (mean length of each clause in the reference editions, scaled by the edition's
 * overall length ratio), and aligns the two sequences in order with 1-1, 1-0, 0-1, 2-1 and 1-2 beads.
 */
import type { Segment } from '../functions/core/align/segment/types.ts';
import type { CharterStructure, ReviewedEdition } from '../functions/core/structure/types.ts';

const PRIOR = { '1-1': 0.89, '1-0': 0.0099, '0-1': 0.0099, '2-1': 0.089, '1-2': 0.089 } as const;
const VARIANCE = 6.8;

function normalTail(z: number): number {
  // 2 * (1 - Phi(|z|)), Abramowitz-Stegun 26.2.17.
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return Math.max(2 * ((Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly), 1e-12);
}

function cost(segmentLength: number, clauseLength: number, bead: keyof typeof PRIOR): number {
  const l1 = Math.max(clauseLength, 1);
  const delta = (segmentLength - l1) / Math.sqrt(l1 * VARIANCE);
  return -Math.log(PRIOR[bead]) - Math.log(normalTail(delta));
}

/** Clause id -> text chosen by the baseline for the edition's segments. */
export function galeChurchAlign(
  segments: readonly Segment[],
  structure: CharterStructure,
  references: readonly ReviewedEdition[],
): Record<string, string> {
  const segs = segments.filter((s) => s.kind !== 'debris');
  const expected = structure.clauses.map((c) => {
    const lengths = references
      .map((r) => r.clauses[c.id]?.length)
      .filter((n): n is number => n !== undefined);
    return lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 0;
  });
  const ratio =
    segs.reduce((n, s) => n + s.text.length, 0) /
    Math.max(
      1,
      expected.reduce((a, b) => a + b, 0),
    );
  const clauseLen = expected.map((e) => e * ratio);
  const n = segs.length;
  const m = clauseLen.length;
  const best = Array.from({ length: n + 1 }, () => new Float64Array(m + 1).fill(Number.POSITIVE_INFINITY));
  const move = Array.from({ length: n + 1 }, () => new Array<[number, number]>(m + 1));
  best[0]![0] = 0;
  const steps: [number, number, keyof typeof PRIOR][] = [
    [1, 1, '1-1'],
    [1, 0, '1-0'],
    [0, 1, '0-1'],
    [2, 1, '2-1'],
    [1, 2, '1-2'],
  ];
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      for (const [di, dj, bead] of steps) {
        if (i < di || j < dj || best[i - di]![j - dj] === Number.POSITIVE_INFINITY) continue;
        const sl = segs.slice(i - di, i).reduce((a, s) => a + s.text.length, 0);
        const cl = clauseLen.slice(j - dj, j).reduce((a, b) => a + b, 0);
        const c = best[i - di]![j - dj]! + cost(sl, cl, bead);
        if (c < best[i]![j]!) {
          best[i]![j] = c;
          move[i]![j] = [di, dj];
        }
      }
    }
  }
  const out: Record<string, string> = {};
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const [di, dj] = move[i]![j]!;
    if (di > 0 && dj > 0)
      out[structure.clauses[j - dj]!.id] = segs
        .slice(i - di, i)
        .map((s) => s.text)
        .join(' ');
    i -= di;
    j -= dj;
  }
  return out;
}
