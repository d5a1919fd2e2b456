/**
 * Evidence about each aligned clause gathered after decoding, independently of the lattice: how well its text
 * matches the references of the clause it was given against the best other clause, whether its length fits,
 * whether its reading-order neighbours are its canonical neighbours, and how readable the edition is as a whole.
 * The lattice posterior alone says how sure the decoder is among the paths it considered; these say whether the
 * answer holds up, which is what a confidence must promise.
 */
import { keptBuilds } from '../../kept-builds.ts';
import type { CharterStructure, ReviewedEdition } from '../../structure/types.ts';
import { dice, foldedWords, foldText, trigramSet } from '../fold.ts';
import type { AlignedClause } from '../types.ts';

/** Names of the features, in the order of {@link ClauseFeatures.values}. */
export const FEATURE_NAMES = [
  'posteriorLogit',
  'support',
  'margin',
  'isBest',
  'lengthMisfit',
  'orderFit',
  'editionMargin',
  'editionSupport',
  'editionPosterior',
  'noReferences',
  'headingTooLong',
  'shortText',
  'readability',
  'editionReadability',
  'unjudgedText',
  'readAcrossLines',
  'reversedLines',
  'pairsBackwards',
  'startUnlike',
  'endUnlike',
  'cutDoubt',
] as const;

/** How damaged the edition's layout was, as shares of its text lines. */
export interface LayoutDamage {
  /** Lines on pages found read straight across two or three printed columns. */
  readAcross: number;
  /** Lines whose words came out backwards and were turned round. */
  reversed: number;
  /**
   * Source lines whose word order is in doubt (turned round or left as printed), with the probability that it
   * is still wrong; lines not listed are not in doubt.
   */
  doubtful?: ReadonlyArray<{ start: number; end: number; doubt: number }>;
  /**
   * Column lines of pages read across, as source ranges, with the margin by which the layout's reading beat
   * the best reading that cuts the line otherwise (larger is surer).
   */
  cuts?: ReadonlyArray<{ start: number; end: number; margin: number }>;
}

/** What the features know of the edition besides its clauses. */
export interface ConfidenceContext {
  /** How readable a text is in the edition's language, in [0, 1]; absent when not judged. */
  readability?: (text: string) => number;
  layout?: LayoutDamage;
}

/** One aligned clause's feature vector. */
export interface ClauseFeatures {
  id: string;
  values: number[];
}

/** A trigram posting list is skipped when it holds more clauses than this: it says little and costs much. */
const MAX_POSTINGS = 200;
/** Candidates ranked by rare shared trigrams whose exact similarity is then computed. */
const CANDIDATES = 6;

interface ReferenceIndex {
  /** Trigram sets of each clause's reference texts. */
  grams: Set<string>[][];
  /** Mean reference length per clause, 0 without references. */
  meanLength: number[];
  /** The kind of first and last character most of each clause's references have ({@link edgeClasses}), or -1. */
  startClass: number[];
  endClass: number[];
  /** Trigram -> clauses whose references hold it. */
  postings: Map<string, number[]>;
}

/** Reference indexes built lately, by the clause ids and the references' clause texts (see {@link indexReferences}). */
const builtIndexes = keptBuilds<ReferenceIndex>(4);

/** The references' trigrams by clause, once per charter and references in a warm process (read only). */
function indexReferences(
  structure: CharterStructure,
  references: readonly ReviewedEdition[],
): ReferenceIndex {
  // The clause ids too: without references every charter's texts would make the same key.
  const key = JSON.stringify([
    structure.clauses.map((clause) => clause.id),
    references.map((edition) => structure.clauses.map((clause) => edition.clauses[clause.id] ?? null)),
  ]);
  return builtIndexes(key, () => newReferenceIndex(structure, references));
}

function newReferenceIndex(
  structure: CharterStructure,
  references: readonly ReviewedEdition[],
): ReferenceIndex {
  const grams = structure.clauses.map((clause) =>
    references
      .map((edition) => edition.clauses[clause.id])
      .filter((text): text is string => typeof text === 'string' && text.length > 0)
      .map((text) => trigramSet(text)),
  );
  const meanLength = structure.clauses.map((clause) => {
    const texts = references
      .map((edition) => edition.clauses[clause.id])
      .filter((text): text is string => typeof text === 'string' && text.length > 0);
    return texts.length ? texts.reduce((n, t) => n + t.length, 0) / texts.length : 0;
  });
  const texts = structure.clauses.map((clause) =>
    references
      .map((edition) => edition.clauses[clause.id])
      .filter((text): text is string => typeof text === 'string' && text.trim().length > 0),
  );
  const startClass = texts.map((list) => majority(list.map((t) => edgeClasses(t).start)));
  const endClass = texts.map((list) => majority(list.map((t) => edgeClasses(t).end)));
  const postings = new Map<string, number[]>();
  grams.forEach((sets, c) => {
    const seen = new Set<string>();
    for (const set of sets) for (const g of set) seen.add(g);
    for (const g of seen) {
      const list = postings.get(g);
      if (list) list.push(c);
      else postings.set(g, [c]);
    }
  });
  return { grams, meanLength, startClass, endClass, postings };
}

/** Opening and closing quotation marks and brackets at a text's edges, with spaces. */
const OPENING = /^[\s\p{Ps}\p{Pi}\p{Pf}"']+/u;
const CLOSING = /[\s\p{Pe}\p{Pi}\p{Pf}"']+$/u;

/**
 * The kinds of a text's first character (capital, small letter, digit, other) and last one (sentence end,
 * clause end such as `;` or `:`, letter or digit, other). A clause cut short or run into from the neighbouring
 * column often starts or ends unlike the same clause in the other languages.
 */
export function edgeClasses(text: string): { start: number; end: number } {
  // Quotation marks and brackets around the text say nothing of where it starts or ends.
  const trimmed = text.replace(OPENING, '').replace(CLOSING, '');
  const first = trimmed.charAt(0);
  const last = trimmed.slice(-1);
  const start = /\p{Lu}/u.test(first) ? 0 : /\p{Ll}/u.test(first) ? 1 : /\p{N}/u.test(first) ? 2 : 3;
  const end = /[.!?]/u.test(last) ? 0 : /[;:,]/u.test(last) ? 1 : /[\p{L}\p{N}]/u.test(last) ? 2 : 3;
  return { start, end };
}

/**
 * Per clause, whether its edge is unlike its references' ({@link edgeClasses}; -1: no reference class), weighed
 * by how often the edition's clauses are like theirs: an edition that never ends its sentences as the
 * references do (another convention, punctuation lost) says nothing by it.
 */
function unlike(edges: ReadonlyArray<{ own: number; reference: number }>): number[] {
  const judged = edges.filter((e) => e.reference >= 0);
  const alike = judged.length ? judged.filter((e) => e.own === e.reference).length / judged.length : 0;
  return edges.map((e) => (e.reference >= 0 && e.own !== e.reference ? alike : 0));
}

/** The value more than half of `values` hold, or -1. */
function majority(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [v, n] of counts) if (n > values.length / 2) return v;
  return -1;
}

/**
 * The probability that a column line of a page read across that the clause's text holds was cut wrongly,
 * taking each line's margin (how much better its reading scored than the best other cut of it) as log-odds:
 * noisy-or over the lines the clause overlaps. 0 on pages not read across.
 */
export function cutDoubt(clause: Pick<AlignedClause, 'spans'>, layout: LayoutDamage | undefined): number {
  const cuts = layout?.cuts;
  if (!cuts?.length) return 0;
  let sure = 1;
  for (const cut of cuts) {
    const overlaps = clause.spans.some((s) => Math.min(s.end, cut.end) > Math.max(s.start, cut.start));
    if (overlaps) sure *= 1 - 1 / (1 + Math.exp(Math.min(cut.margin, 50)));
  }
  return 1 - sure;
}

function diceWith(grams: Set<string>, refs: readonly Set<string>[]): number {
  let best = 0;
  for (const ref of refs) {
    if (!grams.size || !ref.size) continue;
    best = Math.max(best, dice(grams, ref));
  }
  return best;
}

/** Similarity to the assigned clause's references and to the best other clause's. */
function supportOf(
  grams: Set<string>,
  assigned: number,
  index: ReferenceIndex,
): { own: number; other: number } {
  const counts = new Map<number, number>();
  for (const g of grams) {
    const list = index.postings.get(g);
    if (!list || list.length > MAX_POSTINGS) continue;
    for (const c of list) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .filter(([c]) => c !== assigned)
    .sort((a, b) => b[1] - a[1])
    .slice(0, CANDIDATES);
  let other = 0;
  for (const [c] of ranked) other = Math.max(other, diceWith(grams, index.grams[c]!));
  return { own: diceWith(grams, index.grams[assigned]!), other };
}

/** Share of a clause's text that, read in the wrong word order, is enough to make the text wrong. */
const WRONG_ORDER_SHARE = 0.2;

/**
 * The probability that a clause's text holds a line in the wrong word order (left reversed, or turned round
 * wrongly) large enough to make it wrong: each doubtful line it was taken from counts by its doubt, in full
 * once it makes up {@link WRONG_ORDER_SHARE} of the clause's source text.
 */
export function orderDoubt(clause: Pick<AlignedClause, 'spans'>, layout: LayoutDamage | undefined): number {
  const lines = layout?.doubtful;
  if (!lines?.length) return 0;
  const total = clause.spans.reduce((n, s) => n + Math.max(0, s.end - s.start), 0);
  if (!total) return 0;
  let sure = 1;
  for (const line of lines) {
    let overlap = 0;
    for (const span of clause.spans)
      overlap += Math.max(0, Math.min(span.end, line.end) - Math.max(span.start, line.start));
    if (overlap > 0) sure *= 1 - line.doubt * Math.min(1, overlap / total / WRONG_ORDER_SHARE);
  }
  return 1 - sure;
}

/** Pairs a window of {@link pairsBackwards} spans: about one short line's worth. */
const PAIR_WINDOW = 4;

/** Consecutive word pairs of a text, numbers as one class. */
function wordPairs(text: string): string[] {
  const keys = foldedWords(text).map((w) => (/^\p{N}+$/u.test(w) ? '#' : w));
  const pairs: string[] = [];
  for (let i = 0; i + 1 < keys.length; i++) pairs.push(`${keys[i]} ${keys[i + 1]}`);
  return pairs;
}

/**
 * For each text, how much better its most backward-reading stretch (a few consecutive word pairs) reads
 * backwards by the word pairs of the edition's other texts: the mean log ratio of each pair's count the other
 * way round to its count as written, over pairs the edition writes either way. Positive where a line whose words
 * came out reversed was left as it was; the edition is its own language model.
 */
export function pairsBackwards(texts: readonly string[]): number[] {
  const perText = texts.map(wordPairs);
  const counts = new Map<string, number>();
  for (const pairs of perText) for (const p of pairs) counts.set(p, (counts.get(p) ?? 0) + 1);
  return perText.map((pairs) => {
    const own = new Map<string, number>();
    for (const p of pairs) own.set(p, (own.get(p) ?? 0) + 1);
    const count = (p: string) => (counts.get(p) ?? 0) - (own.get(p) ?? 0);
    const gains = pairs.map((p) => {
      const space = p.indexOf(' ');
      const forward = count(p);
      const turned = count(`${p.slice(space + 1)} ${p.slice(0, space)}`);
      return forward + turned === 0 ? 0 : Math.log((turned + 0.5) / (forward + 0.5));
    });
    if (!gains.length) return 0;
    const width = Math.min(PAIR_WINDOW, gains.length);
    let sum = 0;
    for (let i = 0; i < width; i++) sum += gains[i]!;
    let worst = sum;
    for (let i = width; i < gains.length; i++) {
      sum += gains[i]! - gains[i - width]!;
      worst = Math.max(worst, sum);
    }
    return clamp(worst / PAIR_WINDOW, -2, 2);
  });
}

function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/**
 * Feature vectors of an edition's aligned clauses.
 * @param posteriors the decoder's posterior of each clause (same order as `clauses`)
 * @param context readability of texts and layout damage of the edition
 */
export function clauseFeatures(
  clauses: readonly AlignedClause[],
  posteriors: readonly number[],
  structure: CharterStructure,
  references: readonly ReviewedEdition[],
  context: ConfidenceContext = {},
): ClauseFeatures[] {
  const { readability, layout } = context;
  const index = indexReferences(structure, references);
  const orderOf = new Map(structure.clauses.map((c, i) => [c.id, i]));
  const rows = clauses.map((clause, k) => {
    const c = orderOf.get(clause.id) ?? 0;
    const grams = trigramSet(clause.text);
    const hasRefs = index.grams[c]!.length > 0;
    const { own, other } = hasRefs ? supportOf(grams, c, index) : { own: 0, other: 0 };
    return { clause, c, own, other, hasRefs, posterior: posteriors[k] ?? 0 };
  });

  // Length expected from the references, scaled by this edition's own length ratio over the clauses it has.
  let editionChars = 0;
  let referenceChars = 0;
  for (const r of rows) {
    if (!r.hasRefs) continue;
    editionChars += r.clause.text.length;
    referenceChars += index.meanLength[r.c]!;
  }
  const ratio = referenceChars > 0 ? editionChars / referenceChars : 1;

  // Reading order: the clauses sorted by their first segment (segments are in reading order, columns undone; a
  // source offset is not, on a page read across columns), then by where their text starts in the source.
  const bySource = rows
    .map((r, k) => ({ k, at: (r.clause.segments[0] ?? 0) * 1e9 + (r.clause.spans[0]?.start ?? 0) }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.k);
  const orderFit = new Array<number>(rows.length).fill(0);
  bySource.forEach((k, pos) => {
    const neighbours = [bySource[pos - 1], bySource[pos + 1]].filter((n): n is number => n !== undefined);
    if (!neighbours.length) {
      orderFit[k] = 1;
      return;
    }
    const near = neighbours.filter((n) => Math.abs(rows[n]!.c - rows[k]!.c) <= 2).length;
    orderFit[k] = near / neighbours.length;
  });

  const withRefs = rows.filter((r) => r.hasRefs);
  const editionMargin = median(withRefs.map((r) => r.own - r.other));
  const editionSupport = median(withRefs.map((r) => r.own));
  const editionPosterior = median(rows.map((r) => r.posterior));
  // A text too damaged to read cannot be the clause's text however sure its place is (read-across garbage).
  const readable = rows.map((r) => (readability ? clamp(readability(r.clause.text), 0, 1) : 1));
  const editionReadability = median(readable);
  const backwardsPairs = pairsBackwards(rows.map((r) => r.clause.text));
  const edges = rows.map((r) => edgeClasses(r.clause.text));
  const startUnlike = unlike(
    rows.map((r, k) => ({ own: edges[k]!.start, reference: index.startClass[r.c]! })),
  );
  const endUnlike = unlike(rows.map((r, k) => ({ own: edges[k]!.end, reference: index.endClass[r.c]! })));
  return rows.map((r, k) => {
    const words = foldText(r.clause.text).split(' ').filter(Boolean).length;
    const expected = index.meanLength[r.c]! * ratio;
    const lengthMisfit =
      r.hasRefs && expected > 0
        ? clamp(Math.abs(Math.log((r.clause.text.length + 5) / (expected + 5))), 0, 3)
        : 0;
    const p = clamp(r.posterior, 1e-4, 1 - 1e-4);
    const kind = structure.clauses[r.c]!.kind;
    const values = [
      clamp(Math.log(p / (1 - p)), -6, 6) / 6,
      r.own,
      clamp(r.own - r.other, -1, 1),
      r.hasRefs && r.own >= r.other ? 1 : 0,
      lengthMisfit,
      orderFit[k]!,
      editionMargin,
      editionSupport,
      editionPosterior,
      r.hasRefs ? 0 : 1,
      kind === 'heading' && words > 20 ? 1 : 0,
      1 / (1 + words),
      readable[k]!,
      editionReadability,
      readability ? 0 : 1,
      layout?.readAcross ?? 0,
      layout?.reversed ?? 0,
      backwardsPairs[k]!,
      startUnlike[k]!,
      endUnlike[k]!,
      cutDoubt(r.clause, layout),
    ];
    return { id: r.clause.id, values };
  });
}
