import type { Nodes, Parent, Root, Sentence, Text, Word } from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';
import { retext } from 'retext';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type {
  Confusion,
  ConfusionModel,
  FrequencyList,
  LanguageResources,
  Lexicon,
  LexiconCursor,
} from '../types.ts';

/** Options of {@link retextFixOcr}. */
export interface FixOcrOptions {
  /** Lexicon, frequency list and settings of the text's language (and optionally foreign frequency lists). */
  resources: LanguageResources;
  /** OCR confusions used to generate candidates. */
  confusions: ConfusionModel;
  /** Highest summed cost (nats) of confusions other than lost diacritics in one candidate. Default 8. */
  maxCost?: number;
  /** Most substitutions tried in one word. Default 6. */
  maxEdits?: number;
  /** Nats by which a candidate must beat a valid word to replace it. Default ln 2. */
  margin?: number;
  /** Prior cost (nats) of a word that is in no lexicon or list being genuine (a name, a rare word). Default 5. */
  unknownWordCost?: number;
  /** Prior cost (nats) of a word of another language's frequency list being quoted in the text. Default 4. */
  foreignWordCost?: number;
  /** Share of diacritic letters the text lost; estimated from the document when not given. */
  diacriticLossRate?: number;
  /**
   * The whole document a short text comes from (a segment of an edition): confusion costs are fitted
   * on it rather than on the text itself, which is too short to show how the OCR failed.
   */
  documentText?: string;
}

/** One way to read an observed word as a lexicon word. */
interface Candidate {
  /** The lexicon word, cased as found. */
  word: string;
  /** Confusions applied to read the observed word as this one. */
  edits: Confusion[];
  /** Compound parts of the word (1 = a dictionary word). */
  parts: number;
}

/** What is known about one distinct observed word. */
interface Analysis {
  known: boolean;
  candidates: Candidate[];
  /** ln P of keeping an unknown word: a genuine unknown word, a quoted foreign word or a symbol. */
  keepLogP: number;
}

/** Costs fitted to one document. */
interface DocumentModel {
  editCost: (confusion: Confusion) => number;
  /** True when the document's unknown words needed confusions of this kind more than once. */
  evidenced?: (confusion: Confusion) => boolean;
  /** How often each word (lower case) occurs in the document as first read; total words. */
  words?: { counts: Map<string, number>; total: number };
}

interface Part {
  /** The word (or, for a standalone symbol, the sentence) holding the nodes. */
  parent: Parent;
  nodes: Nodes[];
  /** The text as written. */
  text: string;
  /** The text with OCR case confusions undone ("fOr" -> "for"): what is corrected. */
  observed: string;
  /** A symbol standing alone between lower-case words, such as "&" for "å". */
  symbol?: boolean;
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const UPPER = /^\p{Lu}+$/u;
const CAPITALISED = /^\p{Lu}[^\p{Lu}]*$/u;
const LOWER = /^[^\p{Lu}]*$/u;

const SOURCE = 'retext-fix-ocr';
/** Prior cost (nats) of "&" standing for the language's "and" in running text rather than being written out. */
const AMPERSAND_COST = 4.6;
/** Extra margin (nats) for a real-word fix that needs confusions other than lost diacritics. */
const MISREAD_MARGIN = 2.3;
/** Budget (nats, data-file costs) of the first, cheap search for readings of an unknown word. */
const FIRST_BUDGET = 4;
/** Costliest confusion (nats, fitted to the document) tried when reading a valid word as another. */
const REAL_WORD_EDIT_COST = 3;
/** Times a document's unknown words must need a kind of confusion before it may change valid words. */
const MIN_EVIDENCE = 2;
/** Count given to words missing from a frequency list. */
const FLOOR_COUNT = 0.5;
/** Cost of each join in a compound (compounds are rarer than their parts suggest). */
const JOIN_COST = 1.2;
/** A number with a two-letter unit or ordinal (1st, 10km), or a word whose first letters OCR read as digits. */
const NUMBER_WITH_UNIT = /^\p{N}+\p{L}{1,2}$/u;
/** ln P of such a token being meant as written: a reading must be a common word to beat it ("6ka" -> "öka"). */
const NUMBER_WITH_UNIT_LOGP = Math.log(1e-6);
/** Cost (nats) of a lost space between two words. */
const SPLIT_COST = 4;
/** Weight of the document's own words in the prior of a reading of an unknown word. */
const DOCUMENT_WEIGHT = 0.2;
/** Cost per letter beyond four of keeping an unknown word (a long non-word is rarely genuine). */
const LENGTH_COST = 0.25;
/** Weight (in letters) of the data file's cost as prior of a document's confusion rates. */
const KIND_PRIOR = 10;
/** Weight (in letters) of a confusion kind's document rate as prior of one confusion's rate. */
const PAIR_PRIOR = 5;

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const alphabets = new WeakMap<FrequencyList, Set<string>>();

/** Letters making up at least 1 in 100,000 letters of the language's 3,000 most frequent words. */
function lettersInUse(frequency: FrequencyList): Set<string> {
  let found = alphabets.get(frequency);
  if (!found) {
    found = countLetters(frequency);
    alphabets.set(frequency, found);
  }
  return found;
}

function countLetters(frequency: FrequencyList): Set<string> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const word of frequency.words.slice(0, 3000)) {
    const weight = frequency.count(word);
    for (const ch of word) {
      counts.set(ch, (counts.get(ch) ?? 0) + weight);
      total += weight;
    }
  }
  return new Set([...counts].filter(([ch, n]) => LETTER.test(ch) && n >= total * 1e-5).map(([ch]) => ch));
}

/** A lexicon cursor that remembers its steps: words of one text share most of their prefixes. */
interface CachedCursor {
  readonly isWord: boolean;
  readonly parts: number;
  next(chars: string): CachedCursor | undefined;
}

function cached(cursor: LexiconCursor): CachedCursor {
  let steps: Map<string, CachedCursor | null> | undefined;
  return {
    isWord: cursor.isWord,
    parts: cursor.parts ?? 1,
    next(chars) {
      steps ??= new Map();
      let found = steps.get(chars);
      if (found === undefined) {
        const next = cursor.next(chars);
        found = next ? cached(next) : null;
        steps.set(chars, found);
      }
      return found ?? undefined;
    },
  };
}

/** A cursor for lexicons without prefix walks: accepts every prefix, checks whole words. */
function plainCursor(lexicon: Lexicon, prefix = ''): LexiconCursor {
  return {
    get isWord() {
      return prefix !== '' && lexicon.has(prefix);
    },
    next: (chars) => plainCursor(lexicon, prefix + chars),
  };
}

function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function logP(list: FrequencyList, word: string): number {
  return Math.log((list.count(word) + FLOOR_COUNT) / (list.total + 1));
}

/**
 * Corrects OCR-damaged words with a lexicon, an OCR confusion model and a frequency prior.
 *
 * Candidates come from applying confusions to the observed word, pruned letter by letter against the
 * lexicon, and are ranked noisy-channel style: ln P(candidate) from the frequency list minus the cost
 * of the confusions. The costs are fitted to each document: the share of diacritics it lost and the
 * confusions its unknown words need. A word outside the lexicon takes its best candidate when that is
 * more likely than the word being a genuine unknown or foreign word (`ocr-word`); a valid word is
 * replaced only by a form with restored diacritics that is clearly more likely (`ocr-real-word`).
 * Numbers, all-capital words, URLs and e-mail addresses are left alone.
 */
export default function retextFixOcr(options: FixOcrOptions) {
  if (!options || typeof options !== 'object') throw new TypeError('retext-fix-ocr: options are required');
  const { resources, confusions } = options;
  if (!resources?.lexicon || typeof resources.lexicon.has !== 'function' || !resources.frequency) {
    throw new TypeError('retext-fix-ocr: options.resources needs a lexicon and a frequency list');
  }
  if (!confusions || !Array.isArray(confusions.confusions)) {
    throw new TypeError('retext-fix-ocr: options.confusions must be a confusion model');
  }
  const maxCost = options.maxCost ?? 8;
  const maxEdits = options.maxEdits ?? 6;
  const margin = options.margin ?? Math.log(2);
  const unknownWordCost = options.unknownWordCost ?? 5;
  const foreignWordCost = options.foreignWordCost ?? 4;
  for (const [name, value] of Object.entries({
    maxCost,
    maxEdits,
    margin,
    unknownWordCost,
    foreignWordCost,
  })) {
    if (!isPositiveNumber(value))
      throw new TypeError(`retext-fix-ocr: options.${name} must be a positive number`);
  }
  const fixedRate = options.diacriticLossRate;
  if (fixedRate !== undefined && !(fixedRate > 0 && fixedRate < 1)) {
    throw new TypeError('retext-fix-ocr: options.diacriticLossRate must be between 0 and 1');
  }

  const { lexicon, frequency } = resources;
  const foreign = [...(resources.foreign?.values() ?? [])];
  const unknownLogP = Math.log(FLOOR_COUNT / (frequency.total + 1)) - unknownWordCost;
  const topLogP = frequency.words.length > 0 ? logP(frequency, frequency.words[0]!) : 0;

  // Symbols that OCR writes for a letter ("&" for "å"), which may stand alone for a one-letter word.
  const symbolSeen = new Set(
    confusions.confusions
      .filter((c) => !/\p{L}|\p{N}/u.test(c.seen) && /^\p{L}$/u.test(c.intended))
      .map((c) => c.seen),
  );
  // Only confusions restoring letters the language writes: its frequency list tells which.
  const alphabet = lettersInUse(frequency);
  const usable = confusions.confusions.filter((c) =>
    [...c.intended.toLowerCase()].every((ch) => alphabet.has(ch)),
  );

  // Dictionaries miss some common words (cspell's Bokmål lacks "noen"): a word frequent in the
  // language's list counts as known too, unless it has digits (subtitle lists keep OCR slips like "0g").
  const commonCount = Math.max(20, frequency.total * 1e-6);
  const isKnown = (word: string) =>
    lexicon.has(word) ||
    (!LOWER.test(word) && lexicon.has(word.toLowerCase())) ||
    (!DIGIT.test(word) && frequency.count(word) >= commonCount);

  // Cursor per walked prefix, shared by every word this attacher sees.
  const root = cached(lexicon.start?.() ?? plainCursor(lexicon));
  /** Confusions with their cost under one cost function, cheapest first, indexed for the walk. */
  interface CostTable {
    bySeen: Map<string, { confusion: Confusion; cost: number }[]>;
    drops: { confusion: Confusion; cost: number }[];
  }
  function costTable(costOf: (confusion: Confusion) => number, freeLosses: boolean, cap: number): CostTable {
    const table: CostTable = { bySeen: new Map(), drops: [] };
    for (const confusion of usable) {
      const free = freeLosses && confusion.kind === 'diacritic-lost';
      const cost = free ? 0 : costOf(confusion);
      if (cost > cap) continue;
      if (confusion.seen === '') {
        table.drops.push({ confusion, cost });
        continue;
      }
      const first = confusion.seen.charAt(0);
      const list = table.bySeen.get(first) ?? [];
      list.push({ confusion, cost });
      table.bySeen.set(first, list);
    }
    for (const list of table.bySeen.values()) list.sort((x, y) => x.cost - y.cost);
    table.drops.sort((x, y) => x.cost - y.cost);
    return table;
  }
  const staticTable = costTable(staticCost, true, maxCost);

  /**
   * Reads `word` as lexicon words through the confusions of `table`, walking the lexicon letter by
   * letter, at most `budget` in all. Lost diacritics may be free (words outside the lexicon: a text may
   * lose every one of them); they then count toward `maxEdits` only. One dropped letter may be restored.
   */
  function search(word: string, into: Map<string, Candidate>, table: CostTable, budget: number) {
    const edits: Confusion[] = [];
    const costs = new Map<string, number>();
    let drops = 0;
    const walk = (at: number, cursor: CachedCursor, out: string, cost: number) => {
      // A letter the OCR left out inside the word, at most one: restore it without reading anything.
      if (drops === 0 && at > 0 && edits.length < maxEdits) {
        for (const { confusion, cost: dropCost } of table.drops) {
          const nextCost = cost + dropCost;
          if (nextCost > budget) break;
          const next = cursor.next(confusion.intended);
          if (!next) continue;
          drops++;
          edits.push(confusion);
          walk(at, next, out + confusion.intended, nextCost);
          edits.pop();
          drops--;
        }
      }
      if (at === word.length) {
        if (cursor.isWord && out !== word) {
          const total = cost + (cursor.parts - 1) * JOIN_COST;
          if (total <= budget && total < (costs.get(out) ?? Number.POSITIVE_INFINITY)) {
            costs.set(out, total);
            into.set(out, { word: out, edits: [...edits], parts: cursor.parts });
          }
        }
        return;
      }
      const ch = word.charAt(at);
      if (LETTER.test(ch)) {
        const next = cursor.next(ch);
        if (next) walk(at + 1, next, out + ch, cost);
      }
      if (edits.length >= maxEdits) return;
      for (const { confusion, cost: editCost } of table.bySeen.get(ch) ?? []) {
        const nextCost = cost + editCost;
        if (nextCost > budget) break;
        if (!word.startsWith(confusion.seen, at)) continue;
        const next = cursor.next(confusion.intended);
        if (!next) continue;
        edits.push(confusion);
        walk(at + confusion.seen.length, next, out + confusion.intended, nextCost);
        edits.pop();
      }
    };
    walk(0, root, '', 0);
  }

  const compoundParts = (word: string) => {
    const cursor = root.next(word) ?? root.next(word.toLowerCase());
    return cursor?.isWord ? cursor.parts : 1;
  };

  /** A common word of the language, as written or in lower case (for the parts of a split). */
  const isCommon = (word: string) =>
    !DIGIT.test(word) &&
    frequency.count(word) >= commonCount &&
    (lexicon.has(word) || lexicon.has(word.toLowerCase()) || frequency.count(word) >= commonCount * 10);

  /**
   * Two common words that OCR ran together ("ochför" -> "och för"), when they are more likely than the
   * unknown word; otherwise undefined.
   */
  function splitJoined(word: string, keepLogP: number): string | undefined {
    if (!/^\p{L}+$/u.test(word) || [...word].length < 5) return undefined;
    let best: string | undefined;
    let bestScore = keepLogP;
    for (let at = 2; at <= word.length - 2; at++) {
      const left = word.slice(0, at);
      const right = word.slice(at);
      if (!isCommon(left) || !isCommon(right)) continue;
      const value = logP(frequency, left) + logP(frequency, right) - SPLIT_COST;
      if (value > bestScore) {
        best = `${left} ${right}`;
        bestScore = value;
      }
    }
    return best;
  }

  const conjunction = resources.settings.conjunctions?.[0];
  const ampersandLogP = conjunction ? logP(frequency, conjunction) - AMPERSAND_COST : unknownLogP;

  const analyses = new Map<string, Analysis>();
  function analyse(word: string, symbol = false): Analysis {
    const key = symbol ? `\u0000${word}` : word;
    let found = analyses.get(key);
    if (found) return found;
    const known = !symbol && isKnown(word);
    const candidates = new Map<string, Candidate>();
    const lower = word.toLowerCase();
    // A long string is less likely a genuine unknown word than a damaged known one.
    let keepLogP = unknownLogP - LENGTH_COST * Math.max(0, [...word].length - 4);
    let foreignWord = false;
    if (symbol) keepLogP = word === '&' ? ampersandLogP : unknownLogP;
    else if (NUMBER_WITH_UNIT.test(word)) keepLogP = Math.max(keepLogP, NUMBER_WITH_UNIT_LOGP);
    else if (!DIGIT.test(word)) {
      for (const list of foreign) {
        if (list.count(lower) === 0) continue;
        foreignWord = true;
        keepLogP = Math.max(keepLogP, logP(list, lower) - foreignWordCost);
      }
    }
    // Readings of a known word depend on the document's costs: see realWordCandidates.
    // Cheap readings first (lost diacritics and one other confusion); costlier ones only if none, and
    // not for a word of another language's list, which only a cheap reading could beat.
    for (const budget of foreignWord ? [FIRST_BUDGET] : [FIRST_BUDGET, maxCost]) {
      if (known || candidates.size > 0 || budget > maxCost) break;
      search(lower, candidates, staticTable, budget);
      if (lower !== word) {
        // Names and other capitalised dictionary words are found only from the word as written.
        const cased = new Map<string, Candidate>();
        search(word, cased, staticTable, budget);
        for (const [key, candidate] of cased) {
          if (!candidates.has(key.toLowerCase())) candidates.set(key, candidate);
        }
      }
    }
    found = { known, candidates: [...candidates.values()], keepLogP };
    analyses.set(key, found);
    return found;
  }

  /** Restores the observed word's case pattern on a candidate found in lower case. */
  function withCase(observed: string, candidate: string): string {
    if (candidate !== candidate.toLowerCase()) return candidate;
    if (UPPER.test(observed) && observed.length > 1) return candidate.toUpperCase();
    if (/^\P{L}*\p{Lu}/u.test(observed)) return capitalise(candidate);
    return candidate;
  }

  function channelCost(candidate: Candidate, model: DocumentModel): number {
    let cost = (candidate.parts - 1) * JOIN_COST;
    for (const edit of candidate.edits) cost += model.editCost(edit);
    return cost;
  }

  function staticCost(confusion: Confusion): number {
    return confusion.cost;
  }

  function score(candidate: Candidate, model: DocumentModel): number {
    return logP(frequency, candidate.word) - channelCost(candidate, model);
  }

  /**
   * ln P of a reading of an unknown word: the frequency list mixed with the document's own words as
   * first read, so that "stéder" in a text about cities reads as the "städer" it uses elsewhere.
   */
  function readingLogP(candidate: Candidate, model: DocumentModel): number {
    const global = Math.exp(logP(frequency, candidate.word));
    const local = model.words
      ? (model.words.counts.get(candidate.word.toLowerCase()) ?? 0) / model.words.total
      : 0;
    return Math.log((1 - DOCUMENT_WEIGHT) * global + DOCUMENT_WEIGHT * local);
  }

  /** The best reading of a word outside the lexicon, when more likely than keeping it. */
  function bestForUnknown(analysis: Analysis, model: DocumentModel): Candidate | undefined {
    let best: Candidate | undefined;
    let bestScore = analysis.keepLogP;
    for (const candidate of analysis.candidates) {
      const value = readingLogP(candidate, model) - channelCost(candidate, model);
      if (value > bestScore) {
        best = candidate;
        bestScore = value;
      }
    }
    return best;
  }

  /**
   * A reading of a valid word that is clearly more likely than the word itself (by `margin`, more when
   * it needs confusions other than lost diacritics) and than any other reading; otherwise undefined.
   */
  function bestForKnown(word: string, candidates: Candidate[], model: DocumentModel): Candidate | undefined {
    // A word read as a compound made on the fly weighs less than one the dictionary lists whole.
    const keep = logP(frequency, word) - (compoundParts(word) - 1) * JOIN_COST;
    let best: Candidate | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    let runnerUp = keep;
    for (const candidate of candidates) {
      if (candidate.parts > 1) continue;
      const value = score(candidate, model);
      const misread = candidate.edits.some((edit) => edit.kind !== 'diacritic-lost');
      if (value < keep + margin + (misread ? MISREAD_MARGIN : 0)) continue;
      if (value > bestScore) {
        runnerUp = Math.max(runnerUp, bestScore);
        best = candidate;
        bestScore = value;
      } else runnerUp = Math.max(runnerUp, value);
    }
    return best && bestScore - runnerUp >= margin ? best : undefined;
  }

  const staticModel: DocumentModel = { editCost: (c) => c.cost };
  const intendedForms = [...new Set(usable.map((c) => c.intended))];
  const singleForms = new Set(intendedForms.filter((form) => [...form].length === 1));
  const longerForms = intendedForms.filter((form) => [...form].length > 1);
  const kinds = [...new Set(confusions.confusions.map((c) => c.kind))];
  const kindCost = new Map(
    kinds.map((kind) => [
      kind,
      Math.min(...confusions.confusions.filter((c) => c.kind === kind).map((c) => c.cost)),
    ]),
  );

  /**
   * Fits confusion costs to the document. Its words are read once with the data file's costs (known
   * words as they are, unknown words as their best candidate); a confusion's rate in this document is
   * then how often it was needed over how often its intended letters occur in that reading, smoothed
   * toward the rate of its kind, itself smoothed toward the data file's cost. So a text that lost its
   * diacritics gets cheap diacritic restoration (and real-word fixes such as for -> för), a clean text
   * gets expensive ones. A fixed `diacriticLossRate` overrides the rate of lost diacritics.
   */
  function fitDocument(parts: Part[]): DocumentModel {
    const used = new Map<Confusion, number>();
    const reading = new Map<string, number>();
    for (const part of parts) {
      const analysis = analyse(part.observed, part.symbol);
      const best = analysis.known ? undefined : bestForUnknown(analysis, staticModel);
      const read = best?.word ?? part.observed;
      reading.set(read, (reading.get(read) ?? 0) + 1);
      for (const edit of best?.edits ?? []) used.set(edit, (used.get(edit) ?? 0) + 1);
    }
    const occurrences = new Map<string, number>();
    for (const [read, count] of reading) {
      for (const ch of read) {
        if (singleForms.has(ch)) occurrences.set(ch, (occurrences.get(ch) ?? 0) + count);
      }
      for (const form of longerForms) {
        let at = read.indexOf(form);
        while (at !== -1) {
          occurrences.set(form, (occurrences.get(form) ?? 0) + count);
          at = read.indexOf(form, at + form.length);
        }
      }
    }
    const kindRate = new Map<string, number>();
    const kindUses = new Map<string, number>();
    for (const kind of kinds) {
      let needed = 0;
      let chances = 0;
      for (const confusion of confusions.confusions) {
        if (confusion.kind !== kind) continue;
        needed += used.get(confusion) ?? 0;
        chances += occurrences.get(confusion.intended) ?? 0;
      }
      const prior = Math.exp(-kindCost.get(kind)!);
      kindRate.set(kind, (needed + KIND_PRIOR * prior) / (chances + KIND_PRIOR));
      kindUses.set(kind, needed);
    }
    const costs = new Map<Confusion, number>();
    for (const confusion of confusions.confusions) {
      const needed = used.get(confusion) ?? 0;
      const chances = occurrences.get(confusion.intended) ?? 0;
      const rate =
        fixedRate !== undefined && confusion.kind === 'diacritic-lost'
          ? fixedRate
          : (needed + PAIR_PRIOR * kindRate.get(confusion.kind)!) / (chances + PAIR_PRIOR);
      costs.set(confusion, Math.max(0, -Math.log(rate)));
    }
    const counts = new Map<string, number>();
    let total = 0;
    for (const [read, count] of reading) {
      const key = read.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + count);
      total += count;
    }
    return {
      editCost: (c) => costs.get(c) ?? c.cost,
      evidenced: (c) => (kindUses.get(c.kind) ?? 0) >= MIN_EVIDENCE,
      words: { counts, total: Math.max(1, total) },
    };
  }

  const partsOf = (tree: Root) => {
    const parts: Part[] = [];
    visit(tree, (node) => {
      if (node.type === 'WordNode') {
        collectParts(node, parts);
        return 'skip';
      }
      if (node.type === 'SentenceNode') collectSymbols(node, symbolSeen, parts);
      return undefined;
    });
    return parts;
  };

  const { documentText } = options;
  if (documentText !== undefined && typeof documentText !== 'string') {
    throw new TypeError('retext-fix-ocr: options.documentText must be a string');
  }
  let documentModel: DocumentModel | undefined;

  return (tree: Root, file: VFile) => {
    const parts = partsOf(tree);
    if (documentText !== undefined) documentModel ??= fitDocument(partsOf(retext().parse(documentText)));
    const model = documentModel ?? fitDocument(parts);
    const readings = new Map<string, Candidate[]>();
    // A valid word is only worth reading otherwise through confusions this document commits often.
    // It also takes evidence: a clean text shows no losses, so "for" (went) stays "for" there.
    const realWordTable = costTable(
      (c) => (model.evidenced?.(c) ? model.editCost(c) : Number.POSITIVE_INFINITY),
      false,
      REAL_WORD_EDIT_COST,
    );
    /** Readings of a known word that could beat it under this document's costs. */
    const realWordCandidates = (word: string) => {
      let found = readings.get(word);
      if (!found) {
        const into = new Map<string, Candidate>();
        const budget = Math.min(maxCost, topLogP - logP(frequency, word) - margin);
        if (budget > 0) search(word.toLowerCase(), into, realWordTable, budget);
        found = [...into.values()];
        readings.set(word, found);
      }
      return found;
    };

    // An unknown word no reading at the data file's costs explains may need several confusions this
    // document commits often: search again at the document's costs.
    const documentTable = costTable(model.editCost, true, maxCost);
    const secondReadings = new Map<string, Analysis>();
    const readAgain = (word: string, analysis: Analysis) => {
      let found = secondReadings.get(word);
      if (!found) {
        const into = new Map<string, Candidate>();
        search(word.toLowerCase(), into, documentTable, maxCost);
        found = { ...analysis, candidates: [...into.values()] };
        secondReadings.set(word, found);
      }
      return found;
    };

    for (const part of parts) {
      const analysis = analyse(part.observed, part.symbol);
      let choice = analysis.known
        ? bestForKnown(part.observed, realWordCandidates(part.observed), model)
        : bestForUnknown(analysis, model);
      if (!choice && !analysis.known && !part.symbol && analysis.keepLogP <= unknownLogP) {
        choice = bestForUnknown(readAgain(part.observed, analysis), model);
      }
      const split =
        !choice && !analysis.known && !part.symbol && analysis.keepLogP <= unknownLogP
          ? splitJoined(part.observed, analysis.keepLogP)
          : undefined;
      // Undo a case confusion only when it gives a dictionary word: iPhone stays.
      const expected = choice
        ? withCase(part.observed, choice.word)
        : (split ?? (lexicon.has(part.observed) ? part.observed : part.text));
      if (expected === part.text) continue;
      const first = part.nodes[0]!;
      const last = part.nodes[part.nodes.length - 1]!;
      const place =
        first.position && last.position ? { start: first.position.start, end: last.position.end } : undefined;
      replacePart(part, expected);
      const message = file.message(`Replace \`${part.text}\` with \`${expected}\` (OCR)`, {
        place,
        ruleId: split ? 'ocr-split' : analysis.known && choice ? 'ocr-real-word' : 'ocr-word',
        source: SOURCE,
      });
      message.actual = part.text;
      message.expected = [expected];
    }
  };
}

/** Splits a word at its punctuation ("EU-kommisjonen", "EU:s") into parts worth correcting. */
function collectParts(word: Word, into: Part[]) {
  const whole = nlcstToString(word);
  if (/@.*\.|^www\.|:\/\/|\.(com|org|net|eu)$/i.test(whole)) return;
  let run: Nodes[] = [];
  const flush = () => {
    if (run.length > 0) {
      const text = run.map((node) => nlcstToString(node)).join('');
      if (worthCorrecting(text)) into.push({ parent: word, nodes: run, text, observed: uncased(text) });
    }
    run = [];
  };
  for (const child of word.children) {
    if (child.type === 'PunctuationNode') flush();
    else run.push(child);
  }
  flush();
}

function worthCorrecting(text: string): boolean {
  if (!LETTER.test(text)) return false;
  // Acronyms and names in capitals are left alone.
  if (UPPER.test(text) && text.length > 1) return false;
  // A number with a one-letter unit (2011, 5g, 10x) rather than letters read as digits ("6kar"); but a
  // leading 0 before small letters is an o read as a digit ("0g" for "og"). See NUMBER_WITH_UNIT.
  if (DIGIT.test(text) && /^\P{L}*\p{L}?$/u.test(text) && !/^0\p{Ll}+$/u.test(text)) return false;
  // Mixed case inside a word (iPhone, McKinsey) is deliberate unless OCR confused a letter's case.
  if (!LOWER.test(text) && !CAPITALISED.test(text) && !/[^\p{L}]/u.test(text)) return uncased(text) !== text;
  return true;
}

/** Letters whose capital has the shape of the small letter, which OCR mixes up (fOr, stOd); I for l. */
const CASE_LOOKALIKES = new Set('CKOPSUVWXZI');

/** Undoes OCR case confusions inside a word: capitals after a small letter that look like small ones. */
function uncased(text: string): string {
  if (UPPER.test(text) || LOWER.test(text.slice(1))) return text;
  let out = text.charAt(0);
  for (let i = 1; i < text.length; i++) {
    const ch = text.charAt(i);
    const before = text.charAt(i - 1);
    if (CASE_LOOKALIKES.has(ch) && before !== before.toUpperCase())
      out += ch === 'I' ? 'l' : ch.toLowerCase();
    else out += ch;
  }
  return out;
}

/**
 * Collects symbols standing alone between two lower-case words ("for & fremme"): OCR may have written
 * them for a one-letter word. Capitalised neighbours ("Migration & Integration") mark a real symbol.
 */
function collectSymbols(sentence: Sentence, symbols: ReadonlySet<string>, into: Part[]) {
  const children = sentence.children;
  const lowerWord = (node: Nodes | undefined) =>
    node?.type === 'WordNode' && /^\p{Ll}+$/u.test(nlcstToString(node));
  children.forEach((node, i) => {
    if (node.type !== 'SymbolNode' || !symbols.has(node.value)) return;
    if (children[i - 1]?.type !== 'WhiteSpaceNode' || children[i + 1]?.type !== 'WhiteSpaceNode') return;
    if (!lowerWord(children[i - 2]) || !lowerWord(children[i + 2])) return;
    into.push({ parent: sentence, nodes: [node], text: node.value, observed: node.value, symbol: true });
  });
}

/** Replaces the part's nodes by one text node holding the correction (a word node for a symbol). */
function replacePart(part: Part, value: string) {
  const first = part.nodes[0]!;
  const last = part.nodes[part.nodes.length - 1]!;
  const text: Text = { type: 'TextNode', value };
  if (first.position && last.position)
    text.position = { start: first.position.start, end: last.position.end };
  const replacement: Nodes = part.symbol
    ? { type: 'WordNode', children: [text], position: text.position }
    : text;
  const children = part.parent.children as Nodes[];
  children.splice(children.indexOf(first), part.nodes.length, replacement);
}
