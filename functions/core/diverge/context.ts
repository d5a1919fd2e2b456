/** Per-edition views of the clauses, computed once and shared by the checks. */
import { keptBuilds } from '../kept-builds.ts';
import { foldedWords, trigramSet } from '../align/fold.ts';
import type { ClauseDef, CharterStructure } from '../structure/types.ts';
import { nameTokens, numberTokens, type WordToken, wordTokens } from './tokens.ts';
import type { DivergenceEdition, DivergenceThresholds, ResidueEntry } from './types.ts';

/** One clause of one edition, prepared for comparison. */
export interface ClauseView {
  def: ClauseDef;
  text: string;
  confidence: number;
  /** Text quality; null or absent when unknown. */
  quality?: number | null;
  unknownWords?: readonly string[];
  /** Folded words. */
  words: string[];
  /** Every word token (for finding a name of another edition anywhere in this text). */
  tokens: WordToken[];
  grams: Set<string>;
  /** Letters and digits. */
  size: number;
  names: WordToken[];
  numbers: string[];
}

/** One edition prepared for comparison. */
export interface EditionView {
  lang: string;
  clauses: Map<string, ClauseView>;
  residue: ResidueEntry[];
  isWord?: (word: string) => boolean;
}

/** Everything a check reads. */
export interface DetectionContext {
  charter: string;
  structure: CharterStructure;
  editions: EditionView[];
  thresholds: DivergenceThresholds;
}

/** Letters and digits of `text`. */
export function textSize(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}

type TextFeatures = Omit<ClauseView, 'def' | 'confidence' | 'quality' | 'unknownWords'>;

// Features depend on the text and the lexicon only; kept per lexicon so re-runs on mostly unchanged editions
// (every ingest, the benchmark's trials) reuse them, and so `similarity` can reuse Dice values by set identity.
const featureCache = new WeakMap<object, Map<string, TextFeatures>>();
const noLexicon = {};
const MAX_CACHED_TEXTS = 5000;

function textFeatures(text: string, isWord?: (word: string) => boolean): TextFeatures {
  const owner = isWord ?? noLexicon;
  let byText = featureCache.get(owner);
  if (!byText) {
    byText = new Map();
    featureCache.set(owner, byText);
  }
  let features = byText.get(text);
  if (!features) {
    features = {
      text,
      words: foldedWords(text),
      tokens: wordTokens(text),
      grams: trigramSet(text),
      size: textSize(text),
      names: nameTokens(text, isWord),
      numbers: numberTokens(text),
    };
    if (byText.size >= MAX_CACHED_TEXTS) byText.clear();
    byText.set(text, features);
  }
  return features;
}

/** Prepares a clause's text. */
export function clauseView(
  def: ClauseDef,
  text: string,
  confidence: number,
  isWord?: (word: string) => boolean,
): ClauseView {
  return { ...textFeatures(text, isWord), def, confidence };
}

// Views of the editions already seen, by lexicon and content: an edition unchanged since the last run (every
// edition but the new one, at each ingest) gets the same view object, so the checks' caches keyed by views
// (pair statistics, echoes, name look-ups) serve it again and a run compares only the new edition's pairs.
const viewCache = new WeakMap<object, (key: string, build: () => EditionView) => EditionView>();
const MAX_CACHED_VIEWS = 256;

const structureKeys = new WeakMap<CharterStructure, string>();

/** Everything a view depends on besides the lexicon, as one string. */
function viewKey(structure: CharterStructure, edition: DivergenceEdition): string {
  let structureKey = structureKeys.get(structure);
  if (structureKey === undefined) {
    structureKey = JSON.stringify([structure.charter, structure.clauses]);
    structureKeys.set(structure, structureKey);
  }
  return JSON.stringify([structureKey, edition.lang, edition.clauses, edition.residue ?? []]);
}

/** Builds the views; clauses unknown to the structure and empty texts are left out. */
export function buildContext(
  structure: CharterStructure,
  editions: readonly DivergenceEdition[],
  thresholds: DivergenceThresholds,
): DetectionContext {
  const views = editions.map((edition) => {
    let byKey = viewCache.get(edition.isWord ?? noLexicon);
    if (!byKey) {
      byKey = keptBuilds<EditionView>(MAX_CACHED_VIEWS);
      viewCache.set(edition.isWord ?? noLexicon, byKey);
    }
    return byKey(viewKey(structure, edition), () => buildView(structure, edition));
  });
  return { charter: structure.charter, structure, editions: views, thresholds };
}

function buildView(structure: CharterStructure, edition: DivergenceEdition): EditionView {
  const defs = new Map(structure.clauses.map((def) => [def.id, def]));
  {
    const clauses = new Map<string, ClauseView>();
    for (const def of structure.clauses) {
      const clause = edition.clauses[def.id];
      if (!clause || !defs.has(def.id) || textSize(clause.text) === 0) continue;
      const view = clauseView(def, clause.text, clause.confidence, edition.isWord);
      clauses.set(def.id, { ...view, quality: clause.quality, unknownWords: clause.unknownWords });
    }
    dropCommonWords(clauses);
    const residue = (edition.residue ?? []).map((r) => (typeof r === 'string' ? { text: r } : r));
    return { lang: edition.lang, clauses, residue, isWord: edition.isWord };
  }
}

/**
 * Leaves out of each clause's names the capitalised words the same edition also writes in lower case elsewhere,
 * give or take an ending of one or two letters (a common word that opens a sentence or a title, or one the
 * lexicon lacks): the edition is its own lexicon. Acronyms stay.
 */
function dropCommonWords(clauses: Map<string, ClauseView>): void {
  // Lower-case words and their forms without one or two final letters, so inflected forms meet (Kommissionens).
  const stems = new Set<string>();
  const stemsOf = (word: string) => [word, word.slice(0, -1), word.slice(0, -2)].filter((w) => w.length >= 4);
  for (const clause of clauses.values()) {
    for (const token of clause.tokens) {
      if (token.text === token.text.toLowerCase()) for (const stem of stemsOf(token.text)) stems.add(stem);
    }
  }
  const common = (word: string) => stemsOf(word.toLowerCase()).some((stem) => stems.has(stem));
  for (const [id, clause] of clauses) {
    const names = clause.names.filter((n) => n.text === n.text.toUpperCase() || !common(n.text));
    if (names.length !== clause.names.length) clauses.set(id, { ...clause, names });
  }
}

/** Editions that have clause `id`. */
export function editionsWith(context: DetectionContext, id: string): EditionView[] {
  return context.editions.filter((e) => e.clauses.has(id));
}

/**
 * Editions outvoted by their partners: `divergent(a, b)` says whether `a` differs from `b` at the clause
 * under test; an edition is returned when it differs from a strict majority of the others. With two
 * editions both are returned when they differ, since neither can be preferred.
 */
export function outvoted(
  editions: readonly EditionView[],
  divergent: (a: EditionView, b: EditionView) => boolean,
): EditionView[] {
  return editions.filter((a) => {
    const partners = editions.filter((b) => b !== a);
    if (partners.length === 0) return false;
    const against = partners.filter((b) => divergent(a, b)).length;
    return against * 2 > partners.length;
  });
}
