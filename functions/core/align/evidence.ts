/**
 * Evidence that a piece of an edition is a given clause: similarity to the same clause in the reference
 * editions (character trigrams and cognates after folding diacritics), anchors, kind and list structure,
 * and length (Gale-Church). Scores are log-odds-like: positive supports the clause, negative speaks against.
 */
import { keptBuilds } from '../kept-builds.ts';
import type { CharterStructure, ClauseDef, ReviewedEdition } from '../structure/types.ts';
import {
  type AnchorIndex,
  anchorIndex,
  type CompiledAnchor,
  compileAnchor,
  findAnchorsIndexed,
} from './anchors.ts';
import { buildCandidateIndex, type CandidateIndex, selectCandidates } from './candidates.ts';
import { type CognateIndex, cognateIndex, cognateShare, foldText, trigramSet } from './fold.ts';
import type { SegmentKind } from './segment/types.ts';
import { buildTokenIndex, sharedTokenScores, type TokenIndex } from './shared-tokens.ts';

/** What the evidence needs to know about a candidate piece of text. */
export interface PieceFeatures {
  text: string;
  kind: SegmentKind;
  leadIn: boolean;
  footnoteRef: boolean;
  bulletIndex: number;
  groupSize: number;
  /** True when the piece is the whole of its segment. */
  whole: boolean;
  /** Where the piece starts in the edition, as a share of its text (0-1): narrows a long charter's candidates. */
  position?: number;
}

interface ReferenceText {
  /** Ids of the folded trigrams (see EvidenceModel.gramIds). */
  grams: Int32Array;
  words: CognateIndex;
  length: number;
}

/** Precomputed reference and anchor data for one charter. */
export interface EvidenceModel {
  structure: CharterStructure;
  anchors: CompiledAnchor[][];
  allAnchors: CompiledAnchor[];
  anchorIndex: AnchorIndex;
  /** Picks the clauses a piece is scored against (every clause of a short charter). */
  candidates: CandidateIndex;
  /** Number of clauses with at least one reference. */
  withReferences: number;
  references: ReferenceText[][];
  /** Mean reference length per clause, 0 when no reference has it. */
  meanLength: number[];
  hasReferences: boolean;
  /** Trigram -> id over all reference texts. */
  gramIds: Map<string, number>;
  /** Scratch marks, one per trigram id. */
  marks: Uint8Array;
  /** Numbers and names of the references, by clause. */
  tokens: TokenIndex;
  /** The sampled clauses' references indexed by trigram (built on first use; see {@link sampledSimilarities}). */
  sampleIndex?: SampleIndex;
}

/**
 * The references of the candidate index's sampled clauses, as postings: for each trigram id the slots of the
 * sampled references holding it. Every span of a long charter is compared with the same sample, so counting
 * shared trigrams from the piece's side costs its trigrams' postings instead of every sampled reference's.
 */
interface SampleIndex {
  /** Slots of each sampled clause's references: refStart[k] to refStart[k + 1]. */
  refStart: Int32Array;
  /** Trigram count of each slot's reference. */
  slotGrams: Int32Array;
  /** Postings: the slots of trigram id g are slots[offsets[g]] to slots[offsets[g + 1]]. */
  offsets: Int32Array;
  slots: Int32Array;
  /** Scratch shared-trigram counts, one per slot. */
  counts: Int32Array;
}

/**
 * Models built lately, by what they are built from (the charter's clauses and the references' clause texts): the
 * ingests of one charter's editions share their references, so a warm process builds each model once. A model
 * is read only (its `marks` are scratch, left zero after each use).
 */
const builtModels = keptBuilds<EvidenceModel>(4);

/** Builds the reference side of the evidence (once per charter and references: see {@link builtModels}). */
export function buildEvidenceModel(
  structure: CharterStructure,
  references: readonly ReviewedEdition[],
): EvidenceModel {
  const key = JSON.stringify([
    structure.charter,
    structure.clauses,
    references.map((edition) => structure.clauses.map((clause) => edition.clauses[clause.id] ?? null)),
  ]);
  return builtModels(key, () => newEvidenceModel(structure, references));
}

function newEvidenceModel(
  structure: CharterStructure,
  references: readonly ReviewedEdition[],
): EvidenceModel {
  const anchors = structure.clauses.map((c) => c.anchors.map(compileAnchor));
  const byKey = new Map<string, CompiledAnchor>();
  for (const list of anchors) for (const a of list) byKey.set(a.key, a);
  const gramIds = new Map<string, number>();
  const idsOf = (grams: Set<string>) =>
    Int32Array.from(grams, (g) => {
      let id = gramIds.get(g);
      if (id === undefined) {
        id = gramIds.size;
        gramIds.set(g, id);
      }
      return id;
    });
  const refs = structure.clauses.map((clause) =>
    references
      .map((edition) => edition.clauses[clause.id])
      .filter((text): text is string => typeof text === 'string' && text.length > 0)
      .map((text) => {
        const folded = foldText(text);
        return {
          grams: idsOf(trigramSet(folded, true)),
          words: cognateIndex(folded.split(' ')),
          length: text.length,
        };
      }),
  );
  const meanLength = refs.map((list) =>
    list.length ? list.reduce((n, r) => n + r.length, 0) / list.length : 0,
  );
  const allAnchors = [...byKey.values()];
  return {
    structure,
    anchors,
    allAnchors,
    anchorIndex: anchorIndex(allAnchors),
    candidates: buildCandidateIndex({
      grams: refs.map((list) => list.map((r) => r.grams)),
      gramCount: gramIds.size,
      anchorKeys: anchors.map((list) => list.map((a) => a.key)),
      meanLength,
    }),
    withReferences: refs.filter((list) => list.length > 0).length,
    references: refs,
    meanLength,
    hasReferences: refs.some((list) => list.length > 0),
    gramIds,
    marks: new Uint8Array(gramIds.size),
    tokens: buildTokenIndex(structure, references),
  };
}

function kindScore(piece: PieceFeatures, clause: ClauseDef): number {
  const k = clause.kind;
  let score: number;
  switch (piece.kind) {
    case 'heading':
      if (k === 'heading') score = piece.leadIn === clause.leadIn ? 0.8 : -0.3;
      else if (clause.leadIn && piece.leadIn) score = 0.5;
      else score = -1;
      break;
    case 'paragraph':
      if (k === 'paragraph' || k === 'colophon') score = piece.leadIn === clause.leadIn ? 0.6 : 0;
      else if (k === 'heading') score = piece.leadIn && clause.leadIn ? 0.2 : -0.6;
      else if (k === 'bullet') score = piece.leadIn ? -0.8 : -0.2;
      else score = -0.3;
      break;
    case 'bullet':
      if (k === 'bullet') score = 0.8;
      else if (k === 'footnote') score = -0.6;
      else score = -0.7;
      break;
    case 'footnote':
      score = k === 'footnote' ? 1.5 : -0.8;
      break;
    default:
      score = -3;
  }
  if (piece.footnoteRef) score += clause.footnoteRef ? 1 : -0.3;
  if (piece.bulletIndex > 0 && clause.bulletIndex > 0) {
    score += piece.bulletIndex === clause.bulletIndex ? 0.4 : -0.2;
    if (piece.groupSize === clause.groupSize) score += 0.2;
  } else if (piece.leadIn && clause.leadIn && piece.groupSize > 0) {
    score += piece.groupSize === clause.groupSize ? 0.4 : -0.1;
  }
  return score;
}

function anchorScore(found: ReadonlySet<string>, own: readonly CompiledAnchor[]): number {
  let matched = 0;
  for (const a of own) if (found.has(a.key)) matched++;
  const unexplained = found.size - matched;
  let score = -Math.min(1.2, 0.4 * unexplained);
  if (own.length > 0) score += matched === 0 ? -0.3 : (1.5 * matched) / own.length + 0.3 * matched;
  return score;
}

/** Dice coefficient of the piece's trigrams (marked in `model.marks`) and one reference's. */
function markedDice(model: EvidenceModel, size: number, ref: ReferenceText): number {
  let shared = 0;
  for (const id of ref.grams) shared += model.marks[id]!;
  return size + ref.grams.length ? (2 * shared) / (size + ref.grams.length) : 0;
}

/** Trigram ids of a piece that occur in some reference. */
function knownGramIds(model: EvidenceModel, grams: Set<string>): number[] {
  const ids: number[] = [];
  for (const g of grams) {
    const id = model.gramIds.get(g);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

function buildSampleIndex(model: EvidenceModel): SampleIndex {
  const sample = model.candidates.sample;
  const refStart = new Int32Array(sample.length + 1);
  const refs: ReferenceText[] = [];
  sample.forEach((i, k) => {
    refs.push(...model.references[i]!);
    refStart[k + 1] = refs.length;
  });
  const offsets = new Int32Array(model.marks.length + 1);
  for (const ref of refs) for (const id of ref.grams) offsets[id + 1]!++;
  for (let g = 0; g < model.marks.length; g++) offsets[g + 1]! += offsets[g]!;
  const slots = new Int32Array(offsets[model.marks.length]!);
  const fill = offsets.slice(0, model.marks.length);
  refs.forEach((ref, slot) => {
    for (const id of ref.grams) slots[fill[id]!++] = slot;
  });
  return {
    refStart,
    slotGrams: Int32Array.from(refs, (r) => r.grams.length),
    offsets,
    slots,
    counts: new Int32Array(refs.length),
  };
}

/**
 * {@link bestDice} of the piece (trigram ids `ids`, `size` trigrams) against each sampled clause, in the
 * sample's order: the same values, counted through the sample's postings.
 */
function sampledSimilarities(model: EvidenceModel, size: number, ids: readonly number[]): number[] {
  model.sampleIndex ??= buildSampleIndex(model);
  const { refStart, slotGrams, offsets, slots, counts } = model.sampleIndex;
  counts.fill(0);
  for (const id of ids) for (let p = offsets[id]!; p < offsets[id + 1]!; p++) counts[slots[p]!]!++;
  return Array.from(model.candidates.sample, (_, k) => {
    if (refStart[k] === refStart[k + 1]) return Number.NaN;
    let best = 0;
    for (let slot = refStart[k]!; slot < refStart[k + 1]!; slot++) {
      const total = size + slotGrams[slot]!;
      best = Math.max(best, total ? (2 * counts[slot]!) / total : 0);
    }
    return best;
  });
}

/** Best Dice of the piece (trigrams marked) against the references of clause `i`; NaN without references. */
function bestDice(model: EvidenceModel, size: number, i: number): number {
  const refs = model.references[i]!;
  if (!refs.length) return Number.NaN;
  let best = 0;
  for (const r of refs) best = Math.max(best, markedDice(model, size, r));
  return best;
}

/**
 * Similarity of each listed clause's references to the piece (aligned with `list`; NaN for clauses without
 * references), and the mean and spread of the similarities over all clauses: computed over `list` when it
 * holds every clause, else estimated on the candidate index's sample of clauses.
 */
function referenceSimilarities(
  model: EvidenceModel,
  size: number,
  ids: readonly number[],
  words: string[],
  list: Int32Array,
): { sims: number[]; mean: number; sd: number } {
  for (const id of ids) model.marks[id] = 1;
  const sims = Array.from(list, (i) => bestDice(model, size, i));
  const complete = list.length === model.structure.clauses.length;
  const sampled = complete ? [] : sampledSimilarities(model, size, ids);
  for (const id of ids) model.marks[id] = 0;
  // Cognates (words within a small edit distance after folding) are dearer: only for the best candidates.
  const ranked = sims
    .map((s, i) => ({ s, i }))
    .filter((x) => !Number.isNaN(x.s))
    .sort((a, b) => b.s - a.s)
    .slice(0, 4);
  const mixed = sims.map((s) => s * 0.9);
  for (const { s, i } of ranked) {
    const cognates = Math.max(...model.references[list[i]!]!.map((r) => cognateShare(words, r.words)));
    mixed[i] = 0.5 * s + 0.5 * cognates;
  }
  const valid = (complete ? mixed : sampled.map((s) => s * 0.9)).filter((s) => !Number.isNaN(s));
  const mean = valid.length ? valid.reduce((a, b) => a + b, 0) / valid.length : 0;
  const sd = valid.length ? Math.sqrt(valid.reduce((a, b) => a + (b - mean) ** 2, 0) / valid.length) : 0;
  return { sims: mixed, mean, sd };
}

/**
 * Evidence scores of one piece against its candidate clauses (every clause of a short charter; see
 * candidates.ts), aligned with `candidates`, and for residue.
 */
export function scorePiece(
  model: EvidenceModel,
  piece: PieceFeatures,
  lengthRatio: number,
): { candidates: Int32Array; clauses: number[]; residue: number; contrast: number } {
  const folded = foldText(piece.text);
  const words = folded ? folded.split(' ') : [];
  const found = findAnchorsIndexed(words, model.anchorIndex);
  const grams = trigramSet(folded, true);
  const ids = knownGramIds(model, grams);
  const list = selectCandidates(model.candidates, {
    gramIds: ids,
    anchorKeys: found,
    position: piece.position,
  });
  const { sims, mean, sd } = model.hasReferences
    ? referenceSimilarities(model, grams.size, ids, words, list)
    : { sims: [], mean: 0, sd: 0 };
  const valid = sims.filter((s) => !Number.isNaN(s));
  const shared = model.hasReferences ? sharedTokenScores(model.tokens, piece.text) : null;

  const clauses = Array.from(list, (i, at) => {
    const clause = model.structure.clauses[i]!;
    if (piece.kind === 'debris') return -4;
    let score = 0.4 + kindScore(piece, clause) + anchorScore(found, model.anchors[i]!);
    const sim = sims[at];
    if (sim !== undefined && !Number.isNaN(sim)) {
      const z = (sim - mean) / (sd + 0.01);
      score += 0.9 * Math.max(-2, Math.min(5, z - 1.2));
      const expected = model.meanLength[i]! * lengthRatio;
      const delta = (piece.text.length - expected) / Math.sqrt(Math.max(expected, 10) * 6.8);
      score -= 0.25 * Math.min(delta * delta, 12);
      if (shared) score += 0.5 * shared[i]!;
    }
    return score;
  });
  // Long running text is hardly ever residue; debris and short all-capital mastheads usually are.
  let residue = -Math.min(1.5, 0.05 * words.length);
  if (piece.kind === 'debris') residue += 2;
  const letters = piece.text.replace(/[^\p{L}]/gu, '');
  const masthead = letters.length > 0 && letters === letters.toUpperCase() && words.length <= 4;
  if (masthead) residue += 0.8;
  // How much more the piece resembles its closest reference clause than the rest (NaN without references).
  const informative =
    valid.length > 0 && model.withReferences >= model.structure.clauses.length / 2 && words.length >= 8;
  const contrast = informative ? Math.max(...valid.map((v) => (v - mean) / (sd + 0.01))) : Number.NaN;
  return {
    candidates: list,
    contrast,
    clauses: masthead ? clauses.map((c) => c - 0.5) : clauses,
    residue,
  };
}
