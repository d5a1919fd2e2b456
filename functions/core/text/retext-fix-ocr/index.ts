import type { Nodes, Root } from 'nlcst';
import { retext } from 'retext';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Confusion, ConfusionModel, FrequencyList, LanguageResources } from '../types.ts';
import { type DocumentModel, fitDocumentModel, staticModel } from './document-model.ts';
import { type Candidate, costTable, createLexiconReader, JOIN_COST, lettersInUse } from './lexicon-reader.ts';
import {
  collectGlued,
  collectParts,
  collectSymbols,
  DIGIT,
  LOWER,
  type Part,
  replacePart,
  withCase,
} from './word-parts.ts';

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

/** What is known about one distinct observed word. */
interface Analysis {
  known: boolean;
  candidates: Candidate[];
  /** ln P of keeping an unknown word: a genuine unknown word, a quoted foreign word or a symbol. */
  keepLogP: number;
  /** In the frequency list but not the dictionary: read otherwise only through confusions the document shows. */
  listed: boolean;
}

const SOURCE = 'retext-fix-ocr';
/** Marks that stand alone in lists and sums, whatever letter they resemble inside a word. */
const LIST_MARKS = new Set(['+', '*', '-', '•', '·', '°']);
/** Prior cost (nats) of "&" standing for the language's "and" in running text rather than being written out. */
const AMPERSAND_COST = 4.6;
/** Extra margin (nats) for a real-word fix that needs confusions other than lost diacritics. */
const MISREAD_MARGIN = 2.3;
/** Fitted cost (nats) below which a confusion is the document's habit: its rate is above 1/e. */
const HABITUAL_EDIT_COST = 1;
/** Budget (nats, data-file costs) of the first, cheap search for readings of an unknown word. */
const FIRST_BUDGET = 4;
/** Costliest confusion (nats, fitted to the document) tried when reading a valid word as another. */
const REAL_WORD_EDIT_COST = 3;
/** Count given to words missing from a frequency list. */
const FLOOR_COUNT = 0.5;
/** A number with a two-letter unit or ordinal (1st, 10km), or a word whose first letters OCR read as digits. */
const NUMBER_WITH_UNIT = /^\p{N}+\p{L}{1,2}$/u;
/** ln P of such a token being meant as written: a reading must be a common word to beat it ("6ka" -> "öka"). */
const NUMBER_WITH_UNIT_LOGP = Math.log(1e-6);
/**
 * ln P of a single digit standing alone between lower-case words being meant as a number: style
 * guides write small numbers in words in running prose, so only a very common one-letter word read
 * as a digit ("for 4 fremme" -> "for å fremme") beats it.
 */
const LONE_DIGIT_LOGP = Math.log(1e-4);
/** Cost (nats) of a word of the frequency list that the dictionary lacks being genuine. */
const LISTED_ONLY_COST = 1;
/** Extra budget (nats) per letter beyond eight when reading an unknown word at the document's costs. */
const LONG_WORD_BUDGET = 0.5;
/** Letters of a word short enough to read at the full budget whatever the cheap readings found. */
const SHORT_WORD = 3;
/** Cost (nats) of a lost space between two words. */
const SPLIT_COST = 4;
/** Weight of the document's own words in the prior of a reading of an unknown word. */
const DOCUMENT_WEIGHT = 0.2;
/** Cost per letter beyond four of keeping an unknown word (a long non-word is rarely genuine). */
const LENGTH_COST = 0.25;

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
 * more likely than the word being a genuine unknown or foreign word (`ocr-word`), or else is split
 * into two common words run together (`ocr-split`); a valid word is replaced only by a reading that is
 * clearly more likely, through confusions the document shows (`ocr-real-word`: "for" -> "för" in a
 * text that lost its diacritics, never in a clean one). A symbol standing alone between lower-case
 * words may be a letter ("for & fremme" -> "for å fremme"). Numbers, all-capital words, URLs and
 * e-mail addresses are left alone.
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

  // Symbols that OCR writes for a letter ("&" for "å", "|" for "i"), which may stand alone for a
  // one-letter word; a plus sign alone is a list mark or an operator, not a "t".
  const symbolSeen = new Set(
    confusions.confusions
      .filter((c) => !/\p{L}|\p{N}/u.test(c.seen) && /^\p{L}$/u.test(c.intended) && !LIST_MARKS.has(c.seen))
      .map((c) => c.seen),
  );

  // Only confusions restoring letters the language writes: its frequency list tells which.
  const alphabet = lettersInUse(frequency);
  const usable = confusions.confusions.filter((c) =>
    [...c.intended.toLowerCase()].every((ch) => alphabet.has(ch)),
  );
  // Digits OCR writes for a letter with a diacritic it does not know ("4" for "å"), which may stand
  // alone for a one-letter word of this language.
  const digitSeen = new Set(
    usable
      .filter(
        (c) => c.kind === 'diacritic-misread' && /^\p{Nd}$/u.test(c.seen) && /^\p{Ll}$/u.test(c.intended),
      )
      .map((c) => c.seen),
  );

  // Dictionaries miss some common words (cspell's Bokmål lacks "noen"): a word frequent in the
  // language's list is kept unless a reading is clearly more likely ("til" in a Swedish text that
  // drops letters, where "till" is 2,000 times as common). Not with digits: subtitle lists keep OCR
  // slips like "0g".
  const commonCount = Math.max(20, frequency.total * 1e-6);
  const inLexicon = (word: string) =>
    lexicon.has(word) || (!LOWER.test(word) && lexicon.has(word.toLowerCase()));
  const listedOnly = (word: string) =>
    !inLexicon(word) && !DIGIT.test(word) && frequency.count(word) >= commonCount;

  const reader = createLexiconReader(lexicon, maxEdits);
  const search = reader.search;
  const staticTable = costTable(usable, (c) => c.cost, true, maxCost);

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
  function analyse(word: string, symbol = false, lone = false): Analysis {
    const key = symbol ? `${lone ? '\u0001' : '\u0000'}${word}` : word;
    let found = analyses.get(key);
    if (found) return found;
    const known = !symbol && inLexicon(word);
    const listed = !symbol && !known && listedOnly(word);
    const candidates = new Map<string, Candidate>();
    const lower = word.toLowerCase();
    // A long string is less likely a genuine unknown word than a damaged known one.
    let keepLogP = unknownLogP - LENGTH_COST * Math.max(0, [...word].length - 4);
    let foreignWord = false;
    if (symbol) keepLogP = word === '&' ? ampersandLogP : lone ? LONE_DIGIT_LOGP : unknownLogP;
    else if (NUMBER_WITH_UNIT.test(word)) keepLogP = Math.max(keepLogP, NUMBER_WITH_UNIT_LOGP);
    else if (listed) keepLogP = logP(frequency, word) - LISTED_ONLY_COST;
    if (!symbol && !DIGIT.test(word)) {
      for (const list of foreign) {
        if (list.count(lower) === 0) continue;
        foreignWord = true;
        keepLogP = Math.max(keepLogP, logP(list, lower) - foreignWordCost);
      }
    }
    // Readings of a known word depend on the document's costs: see realWordCandidates.
    // Cheap readings first (lost diacritics and one other confusion); costlier ones only if none, and
    // not for a word of another language's list, which only a cheap reading could beat.
    const short = [...lower].length <= SHORT_WORD;
    for (const budget of foreignWord && !listed && !short ? [FIRST_BUDGET] : [FIRST_BUDGET, maxCost]) {
      // A short word's cheap reading may lose to a costlier one ("tl": "ti" by l/i, "til" by a lost
      // i), and its full search is cheap: only a longer word stops at its first readings.
      if (known || budget > maxCost || (candidates.size > 0 && !short)) break;
      search(lower, candidates, staticTable, budget);
      if (lower !== word) {
        // Names and other capitalised dictionary words are found only from the word as written.
        const cased = new Map<string, Candidate>();
        search(word, cased, staticTable, budget);
        for (const [key, candidate] of cased) {
          if (!candidates.has(key.toLowerCase())) candidates.set(key, candidate);
        }
      }
      // A listed word, or a lone letter, is only read as one with a letter its OCR may not know
      // ("fr" -> "för", "til A skape" -> "til å skape").
      if (listed || (lone && !DIGIT.test(word))) {
        for (const [key, candidate] of candidates) {
          if (!candidate.edits.every(restoresDiacritic)) candidates.delete(key);
        }
      }
    }
    found = { known, candidates: [...candidates.values()], keepLogP, listed };
    analyses.set(key, found);
    return found;
  }

  function restoresDiacritic(edit: Confusion): boolean {
    return /[^\p{ASCII}]/u.test(edit.intended) && !/[^\p{ASCII}]/u.test(edit.seen);
  }

  function channelCost(candidate: Candidate, model: DocumentModel): number {
    let cost = (candidate.parts - 1) * JOIN_COST;
    for (const edit of candidate.edits) cost += model.editCost(edit);
    return cost;
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
    const keep = logP(frequency, word) - (reader.compoundParts(word) - 1) * JOIN_COST;
    let best: Candidate | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    let runnerUp = keep;
    for (const candidate of candidates) {
      if (candidate.parts > 1) continue;
      const value = score(candidate, model);
      // A misread the document commits most of the time (a model that writes å for ö) counts as a loss.
      const misread = candidate.edits.some(
        (edit) => edit.kind !== 'diacritic-lost' && model.editCost(edit) > HABITUAL_EDIT_COST,
      );
      if (value < keep + margin + (misread ? MISREAD_MARGIN : 0)) continue;
      if (value > bestScore) {
        runnerUp = Math.max(runnerUp, bestScore);
        best = candidate;
        bestScore = value;
      } else runnerUp = Math.max(runnerUp, value);
    }
    return best && bestScore - runnerUp >= margin ? best : undefined;
  }

  const lossConfusion = usable.find((c) => c.kind === 'diacritic-lost');
  /**
   * A lone digit is read as a letter only in a text whose OCR evidently commits that confusion or
   * loses diacritics: a clean text's "4 barn" stays.
   */
  function digitEvidenced(choice: Candidate, model: DocumentModel): boolean {
    const lossShown = lossConfusion !== undefined && (model.evidenced?.(lossConfusion) ?? false);
    return choice.edits.every((edit) => lossShown || (model.evidenced?.(edit) ?? false));
  }

  /** Reads the document once at the data file's costs and fits the costs to what that reading needed. */
  function fitDocument(parts: Part[]): DocumentModel {
    const words = new Map<string, number>();
    const used = new Map<Confusion, number>();
    for (const part of parts) {
      const analysis = analyse(part.observed, part.symbol, part.lone);
      // A lone digit read as a letter is no evidence of the confusion: it would vouch for itself.
      const lone = part.lone === true;
      const best =
        analysis.known || analysis.listed || lone ? undefined : bestForUnknown(analysis, staticModel);
      const read = best?.word ?? part.observed;
      words.set(read, (words.get(read) ?? 0) + 1);
      for (const edit of best?.edits ?? []) used.set(edit, (used.get(edit) ?? 0) + 1);
    }
    return fitDocumentModel({ words, used }, usable, fixedRate);
  }

  const partsOf = (tree: Root) => {
    const parts: Part[] = [];
    const taken = new Set<Nodes>();
    visit(tree, (node) => {
      if (node.type === 'WordNode') {
        if (!taken.has(node)) collectParts(node, parts);
        return 'skip';
      }
      if (node.type === 'SentenceNode') {
        collectGlued(node, symbolSeen, parts, taken);
        collectSymbols(node, symbolSeen, parts, digitSeen, taken);
      }
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
      usable,
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
    const documentTable = costTable(usable, model.editCost, true, maxCost);
    const secondReadings = new Map<string, Analysis>();
    const readAgain = (word: string, analysis: Analysis) => {
      let found = secondReadings.get(word);
      if (!found) {
        const into = new Map<string, Candidate>();
        // A long word has few lexicon neighbours: more confusions may be undone before a reading is a guess.
        const budget = maxCost + LONG_WORD_BUDGET * Math.max(0, [...word].length - 8);
        search(word.toLowerCase(), into, documentTable, budget);
        found = { ...analysis, candidates: [...into.values()] };
        secondReadings.set(word, found);
      }
      return found;
    };

    for (const part of parts) {
      const analysis = analyse(part.observed, part.symbol, part.lone);
      const lone = part.lone === true;
      // A lone digit is too rare to fit its confusion's cost on: it keeps the data file's.
      let choice = analysis.known
        ? bestForKnown(part.observed, realWordCandidates(part.observed), model)
        : bestForUnknown(analysis, lone ? staticModel : model);
      // A digit is read as a letter only in a text whose OCR commits that kind of confusion.
      if (choice && lone && !digitEvidenced(choice, model)) {
        choice = undefined;
      }
      if (choice && analysis.listed && !choice.edits.every((edit) => model.evidenced?.(edit))) {
        choice = undefined;
      }
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
        : (split ?? (!lone && lexicon.has(part.observed) ? part.observed : part.text));
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
