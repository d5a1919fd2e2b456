/**
 * Aligns one edition to its charter's canonical clauses: segments the text, lets each segment be cut
 * where a heading or lead-in runs into the next item, scores every span against every clause, and picks
 * the globally best assignment over the whole edition (a lattice, decoded with Viterbi), with each
 * clause used once. Confidences are forward-backward posteriors of the chosen assignment.
 */
import { buildEvidenceModel, type PieceFeatures, scorePiece } from './evidence.ts';
import {
  type DecodedSpan,
  defaultWeights,
  posteriors,
  type Span,
  transitionMatrix,
  viterbi,
} from './lattice.ts';
import { segmentLines, toSourceLines } from './segment/segment-lines.ts';
import type { Segment, SourceSpan } from './segment/types.ts';
import type { AlignedClause, AlignOptions, AlignResult, ResidueItem } from './types.ts';

interface Piece {
  segment: Segment;
  /** Character range in the segment text. */
  from: number;
  to: number;
}

const MAX_REPAIRS = 20;

/** A place where a segment may be cut, with the cost of cutting there (log-odds, negative). */
export interface CutPoint {
  at: number;
  cost: number;
}

/**
 * Places where a segment may be cut in two: a lead-in's colon followed by a capitalised word, or, in a
 * one-line heading, a capitalised word (two headings run together, e.g. a title and a section heading).
 * A cut is cheaper where the left part ends in a capitalised word and the right part reads in sentence case.
 */
export function cutPoints(segment: Segment): CutPoint[] {
  if (segment.kind === 'debris') return [];
  const text = segment.text;
  const cuts = new Map<number, number>();
  for (const m of text.matchAll(/[:][*†\d]?\s+(?=[^\p{L}\p{N}]*\p{Lu}|[-–—•*+«·°▪■►‣◦]\s+\p{L})/gu)) {
    const at = m.index + m[0].length;
    if (at < text.length - 1) cuts.set(at, -0.4);
  }
  const headingLike = segment.lines.length === 1 && !/[.;!?,][)”"’]?$/u.test(text) && /\p{Ll}/u.test(text);
  if (headingLike) {
    const words = [...text.matchAll(/\S+/g)];
    words.forEach((w, i) => {
      if (i < 1 || !/^\p{Lu}/u.test(w[0]) || cuts.has(w.index)) return;
      const leftCapital = /^\p{Lu}/u.test(words[i - 1]![0]);
      const rightCapitals = words.slice(i).filter((x) => /^\p{Lu}/u.test(x[0])).length;
      cuts.set(w.index, -1 + (leftCapital ? 0.3 : 0) + (rightCapitals === 1 ? 0.3 : 0));
    });
  }
  return [...cuts].map(([at, cost]) => ({ at, cost })).sort((a, b) => a.at - b.at);
}

function piecesOf(segments: readonly Segment[]): { pieces: Piece[]; costs: number[] }[] {
  return segments.map((segment) => {
    const cuts = cutPoints(segment);
    const bounds = [0, ...cuts.map((c) => c.at), segment.text.length];
    const pieces: Piece[] = [];
    for (let i = 0; i + 1 < bounds.length; i++)
      pieces.push({ segment, from: bounds[i]!, to: bounds[i + 1]! });
    return { pieces, costs: cuts.map((c) => c.cost) };
  });
}

const INLINE_BULLET = /^[-–—•*+«·°▪■►‣◦]\s+(?=\p{L})/u;

function spanText(pieces: readonly Piece[], span: Span): string {
  const first = pieces[span.from]!;
  const last = pieces[span.to - 1]!;
  const text = first.segment.text.slice(first.from, last.to).trim();
  // A piece cut off after a lead-in may start with the bullet mark the line ran into.
  return first.from > 0 ? text.replace(INLINE_BULLET, '') : text;
}

/** Maps a character range of a segment's joined text back to source spans (approximate inside lines). */
function sourceSpans(segment: Segment, from: number, to: number): SourceSpan[] {
  if (from === 0 && to >= segment.text.length) return segment.spans;
  const out: SourceSpan[] = [];
  let offset = 0;
  segment.lines.forEach((line, i) => {
    const span = segment.spans[i]!;
    const start = offset;
    const end = offset + line.length;
    const lo = Math.max(from, start);
    const hi = Math.min(to, end);
    if (lo < hi) {
      const lead = span.end - span.start - line.length;
      out.push({ start: span.start + lead + (lo - start), end: span.start + lead + (hi - start) });
    }
    offset = end + 1;
  });
  return out.length ? out : segment.spans;
}

/** Drops a footnote reference mark glued to the end of a segment ("vi att:*", "vil vi:1"). */
function withoutReferenceMark(text: string, step: DecodedSpan, pieces: readonly Piece[]): string {
  const segment = pieces[step.span.to - 1]!.segment;
  const endsSegment = pieces[step.span.to - 1]!.to >= segment.text.length;
  if (!segment.footnoteRef || !endsSegment) return text;
  return text.replace(/(?<=[\p{L}:;.,)”"])([*†‡¹²³⁴⁵⁶⁷⁸⁹]|\d{1,2})\s*$/u, '');
}

function continuesInto(first: string, second: string): boolean {
  return !/[.!?;:][)”"’]?$/u.test(first.trimEnd()) && /^[^\p{L}]*\p{Ll}/u.test(second);
}

const defaultClean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Aligns the edition `text` to the canonical clauses of `options.structure`. */
export function alignEdition(text: string, options: AlignOptions): AlignResult {
  const { structure, references, lang } = options;
  const clean = options.cleanFragment ?? defaultClean;
  const lines = options.prepareLines ? options.prepareLines(text) : toSourceLines(text);
  const segments = segmentLines(lines, { conjunctions: options.conjunctions });
  const model = buildEvidenceModel(structure, references);

  const perSegment = piecesOf(segments);
  const pieces = perSegment.flatMap((p) => p.pieces);
  const editionChars = segments.filter((s) => s.kind !== 'debris').reduce((n, s) => n + s.text.length, 0);
  const referenceChars = model.meanLength.reduce((a, b) => a + b, 0);
  const lengthRatio = referenceChars > 0 ? editionChars / referenceChars : 1;

  // Each segment is read whole or cut once: a prefix and a suffix span around one cut point.
  const spansFrom: Span[][] = pieces.map(() => []);
  let base = 0;
  for (const { pieces: segmentPieces, costs } of perSegment) {
    const k = segmentPieces.length;
    const segment = segmentPieces[0]!.segment;
    const ranges: [number, number][] = [[0, k]];
    for (let c = 1; c < k; c++) ranges.push([0, c], [c, k]);
    for (const [i, j] of ranges) {
      const whole = i === 0 && j === k;
      const span: Span = {
        segment: segment.index,
        from: base + i,
        to: base + j,
        clauses: [],
        residue: 0,
        cut: i > 0,
        cutCost: i > 0 ? costs[i - 1]! : 0,
      };
      const text = spanText(pieces, span);
      const features: PieceFeatures = {
        text,
        kind: whole || segment.lines.length > 1 ? segment.kind : 'heading',
        leadIn: j === k ? segment.leadIn : /:[*†\d]?\s*$/u.test(text),
        footnoteRef: j === k ? segment.footnoteRef : false,
        bulletIndex: whole ? segment.bulletIndex : 0,
        groupSize: j === k ? segment.groupSize : 0,
        whole,
      };
      if (!whole && i > 0 && segment.kind === 'bullet') features.kind = 'paragraph';
      if (i > 0 && INLINE_BULLET.test(segment.text.slice(segmentPieces[i]!.from))) features.kind = 'bullet';
      const scores = scorePiece(model, features, lengthRatio);
      span.clauses = scores.clauses;
      span.residue = scores.residue;
      spansFrom[base + i]!.push(span);
    }
    base += k;
  }

  const weights = defaultWeights;
  const transitions = transitionMatrix(structure, weights);
  const banned = new Set<string>();
  const forbidden = (span: Span, clause: number) => banned.has(`${span.segment}:${clause}`);

  let path: DecodedSpan[] = [];
  for (let round = 0; round <= MAX_REPAIRS; round++) {
    path = viterbi(spansFrom, pieces.length, transitions, weights, forbidden);
    const conflicts = findConflicts(path, pieces);
    if (conflicts.length === 0) break;
    for (const { clause, keep, drop } of conflicts) {
      void keep;
      for (const d of drop) banned.add(`${d.span.segment}:${clause}`);
    }
  }

  const post = posteriors(spansFrom, pieces.length, transitions, weights, forbidden);
  const byClause = new Map<number, DecodedSpan[]>();
  const residue: ResidueItem[] = [];
  for (const step of path) {
    if (step.clause < 0) {
      const first = pieces[step.span.from]!;
      const last = pieces[step.span.to - 1]!;
      const residueText = spanText(pieces, step.span);
      if (residueText) {
        residue.push({
          text: residueText,
          spans: sourceSpans(first.segment, first.from, last.to),
          confidence: post.get(step.span)?.residue ?? 0,
        });
      }
      continue;
    }
    const list = byClause.get(step.clause) ?? [];
    list.push(step);
    byClause.set(step.clause, list);
  }

  const clauses: AlignedClause[] = [];
  structure.clauses.forEach((clause, c) => {
    const steps = byClause.get(c);
    if (!steps) return;
    let texts = steps.map((s) => spanText(pieces, s.span));
    let ordered = steps;
    if (steps.length === 2 && continuesInto(texts[1]!, texts[0]!) && !continuesInto(texts[0]!, texts[1]!)) {
      ordered = [steps[1]!, steps[0]!];
      texts = [texts[1]!, texts[0]!];
    }
    const spans = ordered.flatMap((s) => {
      const first = pieces[s.span.from]!;
      const last = pieces[s.span.to - 1]!;
      return sourceSpans(first.segment, first.from, last.to);
    });
    const confidence = Math.min(...ordered.map((s) => post.get(s.span)?.clauses[c] ?? 0));
    clauses.push({
      id: clause.id,
      text: clean(texts.map((t, i) => withoutReferenceMark(t, ordered[i]!, pieces)).join('\n')),
      confidence: Math.max(0, Math.min(1, confidence)),
      spans,
      segments: [...new Set(ordered.map((s) => s.span.segment))],
    });
  });
  const found = new Set(clauses.map((c) => c.id));
  return {
    charter: structure.charter,
    lang,
    clauses,
    residue,
    missing: structure.clauses.filter((c) => !found.has(c.id)).map((c) => c.id),
    segments,
  };
}

interface Conflict {
  clause: number;
  keep: DecodedSpan;
  drop: DecodedSpan[];
}

/**
 * Clauses given to more than one span. Spans next to each other in reading order (nothing but residue
 * between) or two halves of one sentence (the first unfinished, the other starting in lower case) are a
 * clause split in two places and stay together; otherwise the best-supported span keeps the clause.
 */
function findConflicts(path: readonly DecodedSpan[], pieces: readonly Piece[]): Conflict[] {
  const positions = new Map<number, number[]>();
  path.forEach((step, i) => {
    if (step.clause < 0) return;
    const list = positions.get(step.clause) ?? [];
    list.push(i);
    positions.set(step.clause, list);
  });
  const conflicts: Conflict[] = [];
  for (const [clause, at] of positions) {
    if (at.length < 2) continue;
    const between = path
      .slice(at[0], at[at.length - 1]! + 1)
      .filter((s) => s.clause >= 0 && s.clause !== clause);
    if (between.length === 0) continue;
    if (at.length === 2) {
      const a = spanText(pieces, path[at[0]!]!.span);
      const b = spanText(pieces, path[at[1]!]!.span);
      if (continuesInto(a, b) || continuesInto(b, a)) continue;
    }
    const steps = at.map((i) => path[i]!);
    const keep = steps.reduce((best, s) => (s.span.clauses[clause]! > best.span.clauses[clause]! ? s : best));
    conflicts.push({ clause, keep, drop: steps.filter((s) => s !== keep) });
  }
  return conflicts;
}
