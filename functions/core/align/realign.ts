/**
 * The second alignment pass (hunalign's `-realign`, adapted to clauses): the clause pairs the first pass
 * is sure of, and that agree with their sure neighbours on the order, become
 * - a bilingual word table between the edition and each reference edition, learned from those pairs
 *   alone, which scores every candidate span against every clause as an extra similarity; and
 * - anchors of the order: a span lying between two sure pairs whose clauses run forward is expected to
 *   hold a clause between them, and pays for a clause far outside.
 * Nothing here knows a language: the table is learned per edition from its own first pass.
 */
import type { CharterStructure, ReviewedEdition } from '../structure/types.ts';
import { foldedWords } from './fold.ts';
import type { DecodedSpan, Span } from './lattice.ts';
import { type Piece, spanText } from './pieces.ts';
import {
  learnWordTable,
  type PreparedWords,
  prepareWords,
  preparedSimilarity,
  type WordTable,
} from './word-table.ts';

/** Posterior a first-pass pair needs to count as sure. */
const SURE = 0.6;
/** Sure pairs needed before a word table is learned. */
const MIN_PAIRS = 6;
/** Weight of the learned similarity (per standard deviation above the clause mean). */
const TABLE_WEIGHT = 0.7;
/** Clauses of slack around the range two anchors allow. */
const SLACK = 1;
/** Cost per clause outside the allowed range, and its cap. */
const OUTSIDE_STEP = 0.5;
const OUTSIDE_CAP = 4;

/** A first-pass pair kept as an anchor: its piece range and clause. */
export interface OrderAnchor {
  from: number;
  to: number;
  clause: number;
}

/**
 * Sure pairs of the first pass that agree with a sure neighbour: the next (or previous) sure pair holds a
 * later (earlier) clause, no further ahead than the path steps between them allow. A lone sure pair out of
 * step with both neighbours is more likely a wrong detour than a moved clause.
 */
export function orderAnchors(
  path: readonly DecodedSpan[],
  confidence: (step: DecodedSpan) => number,
): OrderAnchor[] {
  const sure: { step: number; anchor: OrderAnchor }[] = [];
  path.forEach((s, i) => {
    if (s.clause >= 0 && confidence(s) >= SURE)
      sure.push({ step: i, anchor: { from: s.span.from, to: s.span.to, clause: s.clause } });
  });
  const agrees = (a: (typeof sure)[number], b: (typeof sure)[number]) => {
    const [first, second] = a.step < b.step ? [a, b] : [b, a];
    const ahead = second.anchor.clause - first.anchor.clause;
    return ahead >= 0 && ahead <= second.step - first.step + 2;
  };
  return sure
    .filter((s, i) => (i > 0 && agrees(sure[i - 1]!, s)) || (i + 1 < sure.length && agrees(s, sure[i + 1]!)))
    .map((s) => s.anchor);
}

/** Clause range allowed between two anchors, with slack; unbounded where there is no anchor on a side. */
export interface OrderRange {
  low: number;
  high: number;
}

/**
 * The clauses a span may plausibly hold given the anchors around it: those between the clause of the
 * anchor before it and the clause of the anchor after it (with slack). Null where the anchors around the
 * span run backwards (a moved section): then the order says nothing.
 */
export function orderRange(
  anchors: readonly OrderAnchor[],
  span: Pick<Span, 'from' | 'to'>,
): OrderRange | null {
  let lo = 0;
  let hi = anchors.length;
  // Anchors are in reading order: the last one ending at or before the span, the first starting after it.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (anchors[mid]!.to <= span.from) lo = mid + 1;
    else hi = mid;
  }
  const left = lo > 0 ? anchors[lo - 1] : undefined;
  let r = lo;
  while (r < anchors.length && anchors[r]!.from < span.to) r++;
  const right = anchors[r];
  if (left && right && left.clause > right.clause) return null;
  return {
    low: left ? left.clause - SLACK : Number.NEGATIVE_INFINITY,
    high: right ? right.clause + SLACK : Number.POSITIVE_INFINITY,
  };
}

/** The clause lies outside a range bounded by anchors on both sides. */
function enclosed(range: OrderRange | null, clause: number): boolean {
  return (
    range !== null &&
    Number.isFinite(range.low) &&
    Number.isFinite(range.high) &&
    (clause < range.low || clause > range.high)
  );
}

/** Cost of a clause outside the range: 0 inside, growing with the distance outside. */
export function orderCost(range: OrderRange | null, clause: number): number {
  if (!range) return 0;
  const outside = clause < range.low ? range.low - clause : clause > range.high ? clause - range.high : 0;
  return outside > 0 ? -Math.min(OUTSIDE_CAP, OUTSIDE_STEP * (1 + outside)) : 0;
}

function wordSet(text: string): Set<string> {
  return new Set(foldedWords(text));
}

/** Inputs of {@link realign}. */
export interface RealignInput {
  structure: CharterStructure;
  references: readonly ReviewedEdition[];
  pieces: readonly Piece[];
  spansFrom: Span[][];
  path: readonly DecodedSpan[];
  /** First-pass posterior of a span holding a clause. */
  posterior: (span: Span, clause: number) => number;
}

/** What the second pass learned (for reports and tests). */
export interface RealignOutcome {
  anchors: OrderAnchor[];
  tables: WordTable[];
}

/**
 * Adds the learned word-table similarity and the anchor order cost to the clause scores of every span
 * over pieces the first pass was unsure of (weighted by that doubt), in place. Returns null (and changes
 * nothing) when there is no reference, the first pass gave too few sure pairs to learn from, or it was sure of
 * every piece.
 */
export function realign(input: RealignInput): RealignOutcome | null {
  const { structure, references, pieces, spansFrom, path, posterior } = input;
  const anchors = orderAnchors(path, (step) => posterior(step.span, step.clause));
  if (anchors.length < MIN_PAIRS) return null;
  const editionWords = new Map<Span, Set<string>>();
  const wordsOf = (span: Span) => {
    let set = editionWords.get(span);
    if (!set) {
      set = wordSet(spanText(pieces, span));
      editionWords.set(span, set);
    }
    return set;
  };
  const anchorKeys = new Set(anchors.map((a) => `${a.from} ${a.clause}`));
  const anchorSpans = path.filter((s) => anchorKeys.has(`${s.span.from} ${s.clause}`));
  const isAnchorSpan = new Set(anchorSpans);
  const tables: WordTable[] = [];
  const referenceWords: (Set<string> | null)[][] = [];
  for (const reference of references) {
    const clauseWords = structure.clauses.map((c) => {
      const text = reference.clauses[c.id];
      return text ? wordSet(text) : null;
    });
    const pairs = anchorSpans
      .filter((s) => clauseWords[s.clause])
      .map((s) => ({ source: [...wordsOf(s.span)], target: [...clauseWords[s.clause]!] }));
    if (pairs.length < MIN_PAIRS) continue;
    tables.push(learnWordTable(pairs));
    referenceWords.push(clauseWords);
  }
  // Without a reference there is nothing to learn, and the order alone would only echo the first pass.
  if (!tables.length) return null;
  // How sure the first pass was of each piece: the new evidence counts where it was unsure.
  // A sure pair out of step with its sure neighbours, lying between two anchors that run forward and
  // outside the range they allow, is held open to the new evidence; at the edges of the anchored text a
  // sure detour (a heading printed out of place) stays sure.
  const sureOfPiece = new Float64Array(pieces.length);
  for (const step of path) {
    if (step.clause < 0) continue;
    const p = posterior(step.span, step.clause);
    if (!isAnchorSpan.has(step) && enclosed(orderRange(anchors, step.span), step.clause)) continue;
    for (let i = step.span.from; i < step.span.to; i++) sureOfPiece[i] = p;
  }
  // Each reference clause's words prepared once per table, as they are compared with many spans.
  const preparedReferences = tables.map(() => new Map<number, PreparedWords>());
  const referenceOf = (r: number, c: number, target: Set<string>) => {
    let prepared = preparedReferences[r]!.get(c);
    if (!prepared) {
      prepared = prepareWords(tables[r]!, target, 'target');
      preparedReferences[r]!.set(c, prepared);
    }
    return prepared;
  };
  // Spans whose scores the new evidence changed: with none, a second decode would only repeat the first.
  let touched = 0;
  for (const list of spansFrom) {
    for (const span of list) {
      let sure = 0;
      for (let i = span.from; i < span.to; i++) sure = Math.max(sure, sureOfPiece[i]!);
      const weight = 1 - sure;
      if (weight <= 0.01) continue;
      touched++;
      const words = wordsOf(span);
      // Scores and similarities are kept for the span's candidate clauses (every clause of a short charter).
      const sims = new Float64Array(span.candidates.length).fill(Number.NaN);
      tables.forEach((table, r) => {
        const source = prepareWords(table, words, 'source');
        span.candidates.forEach((c, i) => {
          const target = referenceWords[r]![c];
          if (!target) return;
          const s = preparedSimilarity(source, referenceOf(r, c, target));
          if (Number.isNaN(sims[i]!) || s > sims[i]!) sims[i] = s;
        });
      });
      addStandardised(span, sims, weight);
      const range = orderRange(anchors, span);
      // Outside the anchored text the order yields to what the first pass believed: a sure detour
      // keeps most of its score. Between two anchors running forward the order holds.
      if (range)
        span.candidates.forEach((c, i) => {
          const trust = 1 - posterior(span, c);
          span.scores[i]! += weight * orderCost(range, c) * trust;
        });
    }
  }
  if (touched === 0) return null;
  return { anchors, tables };
}

/** Adds the similarity, standardised over the candidates that have one, to the span's candidate scores. */
function addStandardised(span: Span, sims: Float64Array, weight: number): void {
  let count = 0;
  let sum = 0;
  for (const s of sims) {
    if (Number.isNaN(s)) continue;
    count++;
    sum += s;
  }
  if (count < 2) return;
  const mean = sum / count;
  let variance = 0;
  for (const s of sims) if (!Number.isNaN(s)) variance += (s - mean) ** 2;
  const sd = Math.sqrt(variance / count);
  sims.forEach((s, i) => {
    if (Number.isNaN(s)) return;
    const z = (s - mean) / (sd + 0.02);
    span.scores[i]! += weight * TABLE_WEIGHT * Math.max(-1, Math.min(4, z - 1.2));
  });
}
