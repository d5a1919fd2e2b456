/**
 * Aligns one edition to its charter's canonical clauses: segments the text, lets each segment be cut
 * where a heading or lead-in runs into the next item, scores every span against every clause (against its
 * candidate clauses in a long charter, see candidates.ts), and picks the globally best assignment over the
 * whole edition (a sparse lattice, decoded with Viterbi), with each clause used once. Confidences are
 * forward-backward posteriors of the chosen assignment.
 */
import { fillGaps } from './gap-fill.ts';
import { calibrateClauses, type LayoutDamage } from './confidence/index.ts';
import { findConflicts } from './conflicts.ts';
import { buildEvidenceModel, type PieceFeatures, scorePiece } from './evidence.ts';
import {
  type DecodedSpan,
  defaultWeights,
  posteriorOf,
  posteriors,
  type Span,
  type SpanPosterior,
  ViterbiDecoder,
} from './lattice.ts';
import {
  continuesInto,
  INLINE_BULLET,
  type Piece,
  piecesOf,
  spanSegments,
  spanSources,
  spanText,
  withoutReferenceMark,
} from './pieces.ts';
import { realign } from './realign.ts';
import { doubtfulLines, layOutLines } from './segment/reading-order.ts';
import { segmentLaidOut, toSourceLines } from './segment/segment-lines.ts';
import { decomposedTransitions } from './transitions.ts';
import type { AlignedClause, AlignOptions, AlignResult, ResidueItem } from './types.ts';

const MAX_REPAIRS = 20;

/** Realignment passes after the first by default (each learns from the one before). */
const REALIGN_PASSES = 1;

/** Cost of reading two consecutive paragraphs as one clause (a paragraph break the OCR invented). */
const JOIN_COST = -0.5;

/**
 * Adds spans covering two consecutive paragraphs whole, so that a clause the OCR broke in two (a blank
 * line inside a paragraph after a full line) can be read as one: the Gale-Church 2-1 bead.
 */
function addJoinedParagraphs(
  perSegment: ReturnType<typeof piecesOf>,
  spansFrom: Span[][],
  score: (span: Span, features: PieceFeatures) => void,
  pieces: Parameters<typeof spanText>[0],
): void {
  let base = 0;
  const starts = perSegment.map(({ pieces: p }) => {
    const at = base;
    base += p.length;
    return at;
  });
  for (let s = 0; s + 1 < perSegment.length; s++) {
    const first = perSegment[s]!.pieces[0]!.segment;
    const second = perSegment[s + 1]!.pieces[0]!.segment;
    if (first.kind !== 'paragraph' || second.kind !== 'paragraph' || first.leadIn) continue;
    const span: Span = {
      segment: first.index,
      from: starts[s]!,
      to: starts[s + 1]! + perSegment[s + 1]!.pieces.length,
      candidates: new Int32Array(0),
      scores: new Float64Array(0),
      residue: 0,
      cut: true,
      cutCost: JOIN_COST,
    };
    const features: PieceFeatures = {
      text: spanText(pieces, span),
      kind: 'paragraph',
      leadIn: second.leadIn,
      footnoteRef: second.footnoteRef,
      bulletIndex: 0,
      groupSize: second.groupSize,
      whole: true,
    };
    score(span, features);
    spansFrom[span.from]!.push(span);
  }
}

/**
 * Where the references resemble this edition (most prose pieces stand out clearly against one
 * reference clause), prose that stands out against none belongs to no clause (an added foreword, a
 * publisher's note) and leans to residue. In an edition that resembles the references little (a
 * distant language), low contrast says nothing and nothing changes.
 */
function favourResidueForUnmatchedProse(contrasts: ReadonlyMap<Span, number>): void {
  const values = [...contrasts.values()].filter((c) => !Number.isNaN(c)).sort((a, b) => a - b);
  if (values.length < 5) return;
  const median = values[Math.floor(values.length / 2)]!;
  if (median < 3.2) return;
  for (const [span, contrast] of contrasts) {
    if (!Number.isNaN(contrast) && contrast < 2.5) span.residue += Math.min(2, 1.2 * (2.5 - contrast));
  }
}

const defaultClean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Pieces a segment may have for every run of them to be a span (otherwise one cut at most). */
const MAX_RUN_PIECES = 12;

/** Sure first-pass pairs needed to estimate an edition's length ratio from them. */
const RATIO_PAIRS = 6;
/** Posterior a pair needs to count as sure for the length ratio. */
const RATIO_SURE = 0.6;
/** How far (in log ratio) the sure pairs' ratio must differ from the whole text's to score again. */
const RATIO_CHANGE = 0.25;

/**
 * Bounds of the length ratio assumed before any pair is known: a translation is rarely more than a fifth
 * shorter or a quarter longer than its references.
 */
const PLAUSIBLE_RATIO = { low: 0.8, high: 1.25 } as const;

/**
 * The whole text's length over the whole charter's, kept within the plausible bounds. Far below them the
 * edition holds only part of the charter (an abridged edition, a run of sections, the headings alone); far
 * above them it holds text the charter does not (a foreword, a page's furniture). Either way the whole text's
 * ratio says how much of the charter is there, not how long a translated clause is: scaling every clause's
 * expected length by it made long clauses look too long for their own clause and fit short ones instead,
 * shifting the whole assignment. The pairs the first pass is sure of then measure the edition's own ratio.
 */
export function plausibleRatio(wholeTextRatio: number): number {
  return Math.min(PLAUSIBLE_RATIO.high, Math.max(PLAUSIBLE_RATIO.low, wholeTextRatio));
}

/**
 * The edition's length over its references' on the pairs a decoded path is sure of, or null with too few
 * of them.
 */
function lengthRatioOf(
  path: readonly DecodedSpan[],
  post: ReadonlyMap<Span, SpanPosterior>,
  pieces: readonly Piece[],
  meanLength: readonly number[],
): number | null {
  let own = 0;
  let reference = 0;
  let pairs = 0;
  for (const step of path) {
    if (step.clause < 0 || !meanLength[step.clause]) continue;
    if (posteriorOf(post, step.span, step.clause) < RATIO_SURE) continue;
    own += spanText(pieces, step.span).length;
    reference += meanLength[step.clause]!;
    pairs++;
  }
  return pairs >= RATIO_PAIRS && reference > 0 ? own / reference : null;
}

/** Aligns the edition `text` to the canonical clauses of `options.structure`. */
export function alignEdition(text: string, options: AlignOptions): AlignResult {
  const { structure, references, lang } = options;
  const clean = options.cleanFragment ?? defaultClean;
  const segmentOptions = { conjunctions: options.conjunctions, isWord: options.isWord };
  // Words that came out backwards are turned round on the lines as extracted, then columns laid out side by
  // side or read across are put in reading order (or the caller did so already, with the same options).
  const {
    source: sourceLines,
    restored,
    laidOut,
    reversalDoubt,
  } = options.layout ??
  layOutLines(options.prepareLines ? options.prepareLines(text) : toSourceLines(text), segmentOptions);
  const segments = segmentLaidOut(laidOut, segmentOptions);
  let readAcrossLines = 0;
  for (const page of laidOut.pages) if (page.layout.columns > 1) readAcrossLines += page.lines.length;
  // How damaged the page's layout was: lines read across columns, lines whose words came out backwards.
  const textLines = Math.max(1, sourceLines.filter((l) => /\S/u.test(l.text)).length);
  const layout: LayoutDamage = {
    readAcross: Math.min(1, readAcrossLines / textLines),
    reversed: restored.filter((l, i) => l.text !== sourceLines[i]!.text).length / textLines,
    doubtful: doubtfulLines(sourceLines, reversalDoubt),
    ...(laidOut.cuts?.length ? { cuts: laidOut.cuts } : {}),
  };
  const model = buildEvidenceModel(structure, references);

  // Without references nothing tells where a sentence's clauses set apart end: such segments stay whole.
  const perSegment = piecesOf(segments, model.hasReferences);
  const pieces = perSegment.flatMap((p) => p.pieces);
  const editionChars = segments.filter((s) => s.kind !== 'debris').reduce((n, s) => n + s.text.length, 0);
  const referenceChars = model.meanLength.reduce((a, b) => a + b, 0);
  let lengthRatio = plausibleRatio(referenceChars > 0 ? editionChars / referenceChars : 1);

  // Where each piece starts, as a share of the edition's text (narrows a long charter's candidates).
  const pieceStarts: number[] = [];
  let offset = 0;
  for (const { pieces: segmentPieces } of perSegment) {
    for (const piece of segmentPieces) pieceStarts.push(offset + piece.from);
    offset += segmentPieces[0]!.segment.text.length + 1;
  }
  const positionOf = (piece: number) => (offset > 0 ? pieceStarts[piece]! / offset : 0);

  const contrasts = new Map<Span, number>();
  // Every span with what it was scored on, so that it can be scored again with a better length ratio.
  const scored: Array<{ span: Span; features: PieceFeatures }> = [];
  const score = (span: Span, features: PieceFeatures, record = true) => {
    const scores = scorePiece(model, features, lengthRatio);
    span.candidates = scores.candidates;
    span.scores = Float64Array.from(scores.clauses);
    span.residue = scores.residue;
    contrasts.set(span, scores.contrast);
    if (record) scored.push({ span, features });
  };
  // Each segment is read whole or cut once: a prefix and a suffix span around one cut point.
  const spansFrom: Span[][] = pieces.map(() => []);
  let base = 0;
  for (const { pieces: segmentPieces, costs } of perSegment) {
    const k = segmentPieces.length;
    const segment = segmentPieces[0]!.segment;
    const ranges: [number, number][] = [[0, k]];
    for (let c = 1; c < k; c++) ranges.push([0, c], [c, k]);
    // A segment joined across blank lines or sentence ends may hold several clauses: every
    // run of its pieces is a span, as long as the pieces are few.
    if (segment.softBreaks?.length && k <= MAX_RUN_PIECES && model.hasReferences)
      for (let i = 1; i < k; i++) for (let j = i + 1; j < k; j++) ranges.push([i, j]);
    for (const [i, j] of ranges) {
      const whole = i === 0 && j === k;
      const span: Span = {
        segment: segment.index,
        from: base + i,
        to: base + j,
        candidates: new Int32Array(0),
        scores: new Float64Array(0),
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
      features.position = positionOf(span.from);
      score(span, features);
      spansFrom[base + i]!.push(span);
    }
    base += k;
    options.budget?.check('scoring the segments');
  }
  addJoinedParagraphs(
    perSegment,
    spansFrom,
    (span, features) => {
      features.position = positionOf(span.from);
      score(span, features);
    },
    pieces,
  );

  favourResidueForUnmatchedProse(contrasts);

  const weights = defaultWeights;
  const transitions = decomposedTransitions(structure, weights);
  // A pairing banned by a repair: (segment, clause) as segment * clauses + clause.
  const n = structure.clauses.length;
  const banned = new Set<number>();
  const forbidden = (span: Span, clause: number) => banned.has(span.segment * n + clause);
  const spansOfSegment = new Map<number, Span[]>();
  for (const list of spansFrom) {
    for (const span of list) {
      const same = spansOfSegment.get(span.segment);
      if (same) same.push(span);
      else spansOfSegment.set(span.segment, [span]);
    }
  }

  const local = !model.candidates.all;
  // A long charter's repairs re-decode only what they change, so a long edition may have more of them
  // (one per 20 pieces, at most 10 x as many), as long as together they re-decode no more than 10 lattices.
  const maxRepairs = local
    ? Math.min(10 * MAX_REPAIRS, Math.max(MAX_REPAIRS, Math.ceil(pieces.length / 20)))
    : MAX_REPAIRS;
  const decode = () => {
    const decoder = new ViterbiDecoder(spansFrom, pieces.length, transitions, weights, forbidden);
    let budget = 10 * pieces.length;
    let best = decoder.decode();
    for (let round = 0; round <= maxRepairs; round++) {
      const conflicts = findConflicts(best, pieces);
      if (conflicts.length === 0) break;
      const changed = new Set<Span>();
      for (const { clause, drop } of conflicts) {
        for (const d of drop) {
          banned.add(d.span.segment * n + clause);
          for (const span of spansOfSegment.get(d.span.segment) ?? []) changed.add(span);
        }
      }
      // The last round's bans weigh on the confidences only (as they always have). A short charter decodes
      // again whole, cheaply.
      if (round === maxRepairs || (local && budget <= 0)) break;
      options.budget?.check('repairing the decoded assignment');
      best = decoder.decode(local ? [...changed] : undefined);
      budget -= decoder.processed;
    }
    return { path: best, post: posteriors(spansFrom, pieces.length, transitions, weights, forbidden) };
  };
  let { path, post } = decode();
  // The pairs the first pass is sure of give the edition's own length ratio.
  const sureRatio = lengthRatioOf(path, post, pieces, model.meanLength);
  if (sureRatio !== null && Math.abs(Math.log(sureRatio / lengthRatio)) > RATIO_CHANGE) {
    lengthRatio = sureRatio;
    for (const { span, features } of scored) score(span, features, false);
    favourResidueForUnmatchedProse(contrasts);
    banned.clear();
    ({ path, post } = decode());
  }
  const firstPost = post;
  // Later passes: a word table and order anchors learned from the pairs the previous pass is sure of.
  const firstScores = new Map(spansFrom.flat().map((span) => [span, span.scores.slice()]));
  for (let pass = 1; pass <= (options.realignPasses ?? REALIGN_PASSES); pass++) {
    options.budget?.check('realigning');
    const previous = post;
    for (const [span, scores] of firstScores) span.scores = scores.slice();
    const learned = realign({
      structure,
      references,
      pieces,
      spansFrom,
      path,
      posterior: (span, clause) => posteriorOf(previous, span, clause),
    });
    if (!learned) break;
    banned.clear();
    ({ path, post } = decode());
  }
  // Spans left out between two pairs, as many as the clauses missing there, of fitting lengths, are paired.
  if (model.hasReferences)
    path = fillGaps(path, {
      spanLength: (step) =>
        pieces[step.span.from]!.segment.kind === 'debris' ? 0 : spanText(pieces, step.span).length,
      expectedLength: (clause) => (model.meanLength[clause] ?? 0) * lengthRatio,
      clauses: n,
    });
  const byClause = new Map<number, DecodedSpan[]>();
  const residue: ResidueItem[] = [];
  for (const step of path) {
    if (step.clause < 0) {
      const residueText = spanText(pieces, step.span);
      if (residueText) {
        residue.push({
          text: residueText,
          spans: spanSources(pieces, step.span),
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
    options.budget?.check('cleaning the clause texts');
    let texts = steps.map((s) => spanText(pieces, s.span));
    let ordered = steps;
    if (steps.length === 2 && continuesInto(texts[1]!, texts[0]!) && !continuesInto(texts[0]!, texts[1]!)) {
      ordered = [steps[1]!, steps[0]!];
      texts = [texts[1]!, texts[0]!];
    }
    const spans = ordered.flatMap((s) => spanSources(pieces, s.span));
    // After a realign, a pair is only as sure as both passes agree (geometric mean of their posteriors).
    const sureOf = (s: DecodedSpan) => {
      const last = posteriorOf(post, s.span, c);
      return post === firstPost ? last : Math.sqrt(last * posteriorOf(firstPost, s.span, c));
    };
    const confidence = Math.min(...ordered.map(sureOf));
    clauses.push({
      id: clause.id,
      text: clean(texts.map((t, i) => withoutReferenceMark(t, ordered[i]!, pieces)).join('\n'), spans),
      confidence: Math.max(0, Math.min(1, confidence)),
      spans,
      segments: [...new Set(ordered.flatMap((s) => spanSegments(pieces, s.span)))],
    });
  });
  const calibrated = calibrateClauses(clauses, structure, references, {
    readability: options.readability,
    layout,
  });
  const found = new Set(calibrated.map((c) => c.id));
  return {
    charter: structure.charter,
    lang,
    clauses: calibrated,
    residue,
    missing: structure.clauses.filter((c) => !found.has(c.id)).map((c) => c.id),
    segments,
    layout,
  };
}
