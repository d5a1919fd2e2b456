import type { Nodes, Root, Text, Word } from 'nlcst';
import { retext } from 'retext';
import type { VFile } from 'vfile';
import { eachSentenceAndWord } from '../nlcst-walk/index.ts';
import { reportChange } from '../change-log.ts';
import { mostFrequent } from '../most-frequent.ts';
import type { Confusion, ConfusionModel, FrequencyList, LanguageResources } from '../types.ts';
import { type DocumentModel, fitDocumentModel, staticModel } from './document-model.ts';
import { addSpeckEvidence, speckEvidence } from '../retext-specks/index.ts';
import { colonSpecks, commaForPeriod, commaForSemicolon } from './punctuation.ts';
import { brokenWords, foreignSpans } from './spans.ts';
import { type Candidate, costTable, createLexiconReader, JOIN_COST, lettersInUse } from './lexicon-reader.ts';
import {
  collectGlued,
  collectMidSentenceCapitals,
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
   * Cost (nats) of any letter of the alphabet read as any other, before the document shows which
   * substitutions its OCR makes. Default 6.5.
   */
  substitutionCost?: number;
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
/** Default cost (nats) of one letter read as any other (see {@link FixOcrOptions.substitutionCost}). */
const SUBSTITUTION_COST = 6.5;
/** Share of the language's words from which a lexicon word counts as likely (not a rare form like "dét"). */
const LIKELY_SHARE = 1e-5;
/** Small Latin letters an OCR model may write for another letter, whatever the language. */
const LATIN_SMALL = 'abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ';
/** Occurrences of a reading beside the same neighbours for the word pairs to count. */
const MIN_PAIR_EVIDENCE = 2;
/** Weight (in occurrences) of a word's prior against the document's pairs in the word-pair model. */
const CONTEXT_PRIOR = 5;
/** Most frequent words of another language sampled to tell whether the edition's lexicon shares them. */
const DISTINCT_SAMPLE = 300;
/** Share of those the edition's lexicon may know for the other language to count as distinct. */
const DISTINCT_SHARE = 0.5;
/** Share of another language's words a word must reach to count as one of its common words. */
const FOREIGN_COMMON_SHARE = 1e-5;
/** Share of unreadable words from which a document's OCR counts as damaged (substitutions at their base cost). */
const DAMAGED_SHARE = 0.05;
/** Nats by which a reading needing a free substitution must beat the next reading to be taken. */
const AMBIGUITY_MARGIN = 1.1;
/** Share of the language's words a word must reach to be read in small letters for a mid-sentence capital. */
const COMMON_WORD_SHARE = 2e-4;
/** Share of a word's uses its form with a full stop must reach to count as an abbreviation. */
const ABBREVIATION_SHARE = 0.01;
/** Signs of a damaged scan (specks, a commonest word capitalised) before rarer capitals are read small. */
const MIN_CASE_EVIDENCE = 1;
/** Words a text needs before it can show that its OCR did no damage. */
const MIN_WORDS_TO_JUDGE = 150;
/** Times a document must write a word in small letters for one capitalised use of it to be read small. */
const MIN_SMALL_USES = 2;
/** Share of the language's words a lower-case one-letter word must reach to be read for a lone capital. */
const LONE_CAPITAL_SHARE = 1e-3;

/** A word in capitals long enough to be no acronym of initials. */
const CAPITALS_WORD = /^\p{Lu}{4,}$/u;

/** Specks a document must show before a colon after a function word, or before a sentence, is read as one. */
const MIN_COLON_EVIDENCE = 2;
/** Unknown words of a document that must need the same confusion for it to count as the OCR's habit. */
const MIN_HABIT_USES = 2;

/** A word predicate that answers each word once. */
function remembered(test: (word: string) => boolean): (word: string) => boolean {
  const answers = new Map<string, boolean>();
  return (word) => {
    let answer = answers.get(word);
    if (answer === undefined) {
      answer = test(word);
      answers.set(word, answer);
    }
    return answer;
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

  const { documentText } = options;
  if (documentText !== undefined && typeof documentText !== 'string') {
    throw new TypeError('retext-fix-ocr: options.documentText must be a string');
  }
  const substitutionCost = options.substitutionCost ?? SUBSTITUTION_COST;
  if (!isPositiveNumber(substitutionCost))
    throw new TypeError('retext-fix-ocr: options.substitutionCost must be a positive number');
  const fix = correctorFor(resources, confusions, {
    maxCost,
    maxEdits,
    margin,
    unknownWordCost,
    foreignWordCost,
    substitutionCost,
    fixedRate,
  });
  return (tree: Root, file: VFile) => fix(tree, file, documentText);
}

/** The numeric settings of a corrector (validated options with their defaults). */
interface CorrectorSettings {
  maxCost: number;
  maxEdits: number;
  margin: number;
  unknownWordCost: number;
  foreignWordCost: number;
  substitutionCost: number;
  fixedRate: number | undefined;
}

/** What a corrector reads differently in each document: its fitted model and the readings it allows. */
interface DocumentReadings {
  model: DocumentModel;
  /** Readings of a known word that could beat it under the document's costs. */
  realWordCandidates: (word: string) => Candidate[];
  /** An unknown word read again at the document's costs. */
  readAgain: (word: string, analysis: Analysis) => Analysis;
}

type Corrector = (tree: Root, file: VFile, documentText: string | undefined) => void;

const correctors = new WeakMap<LanguageResources, WeakMap<ConfusionModel, Map<string, Corrector>>>();

/**
 * The corrector of a language, confusion model and settings, built once per process: its tables and its
 * readings of each word (which depend on nothing else) serve every document and every fragment of one.
 */
function correctorFor(
  resources: LanguageResources,
  confusions: ConfusionModel,
  settings: CorrectorSettings,
): Corrector {
  let byModel = correctors.get(resources);
  if (!byModel) {
    byModel = new WeakMap();
    correctors.set(resources, byModel);
  }
  let bySettings = byModel.get(confusions);
  if (!bySettings) {
    bySettings = new Map();
    byModel.set(confusions, bySettings);
  }
  const key = Object.values(settings).join('\u0000');
  let found = bySettings.get(key);
  if (!found) {
    found = createCorrector(resources, confusions, settings);
    bySettings.set(key, found);
  }
  return found;
}

/** Most distinct words a corrector remembers the readings of before it starts afresh. */
const MAX_REMEMBERED_WORDS = 100_000;
/** Documents whose fitted model (and its readings) a corrector keeps, for the fragments of each. */
const MAX_DOCUMENTS = 4;

function createCorrector(
  resources: LanguageResources,
  confusions: ConfusionModel,
  settings: CorrectorSettings,
): Corrector {
  const { maxCost, maxEdits, margin, unknownWordCost, foreignWordCost, substitutionCost, fixedRate } =
    settings;
  const { lexicon, frequency } = resources;
  const foreign = [...(resources.foreign?.values() ?? [])];
  const unknownLogP = Math.log(FLOOR_COUNT / (frequency.total + 1)) - unknownWordCost;
  const [topWord] = mostFrequent(frequency, 1);
  const topLogP = topWord !== undefined ? logP(frequency, topWord) : 0;

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
  // Any small letter read as any other, at a cost the document fits to what its OCR does.
  const listed = new Set(usable.map((c) => `${c.intended}\u0000${c.seen}`));
  const small = [...alphabet].filter((ch) => /^\p{Ll}$/u.test(ch));
  // OCR writes letters of other alphabets too ("dét" for "det"): any small Latin letter may be seen.
  const seenLetters = new Set([...small, ...LATIN_SMALL]);
  for (const intended of small) {
    for (const seen of seenLetters) {
      if (intended === seen || listed.has(`${intended}\u0000${seen}`)) continue;
      usable.push({ intended, seen, cost: substitutionCost, kind: 'substitution' });
    }
  }
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
    lexicon.has(word) || (!LOWER.test(word) && lexicon.has(word.toLowerCase())) || linkedCompound(word);
  const listedOnly = (word: string) =>
    !inLexicon(word) && !DIGIT.test(word) && frequency.count(word) >= commonCount;

  /**
   * A compound of two words of at least three letters joined by a linking "s", as Germanic languages
   * make them ("integrering" + s + "strategi"), which the dictionary's own compounding may lack.
   */
  function linkedCompound(word: string): boolean {
    if (!/^\p{Ll}{7,}$/u.test(word)) return false;
    for (let at = 3; at <= word.length - 4; at++) {
      if (word.charAt(at) !== 's') continue;
      if (lexicon.has(word.slice(0, at)) && lexicon.has(word.slice(at + 1))) return true;
    }
    return false;
  }

  // Languages whose common words the edition's lexicon mostly lacks: a run of their words is a quote,
  // a name or a title, not OCR damage (a Norwegian word in a Swedish text may well be a damaged one).
  const distinctForeign = foreign.filter((list) => {
    const top = mostFrequent(list, DISTINCT_SAMPLE);
    return top.filter((word) => lexicon.has(word)).length < DISTINCT_SHARE * top.length;
  });
  const spanWords = {
    // Known, or readable as a word of the edition through a cheap confusion ("pa" for "på").
    known: remembered((word: string) => {
      if (inLexicon(word)) return true;
      const analysis = analyse(word);
      return analysis.listed || bestForUnknown(analysis, staticModel) !== undefined;
    }),
    foreign: remembered((word: string) =>
      distinctForeign.some((list) => list.count(word.toLowerCase()) >= list.total * FOREIGN_COMMON_SHARE),
    ),
  };

  const reader = createLexiconReader(lexicon, maxEdits);
  const search = reader.search;
  // Free substitutions are read only at the document's own cost (see substitutionCostOf).
  const staticTable = costTable(
    usable,
    (c) => (c.kind === 'substitution' ? Number.POSITIVE_INFINITY : c.cost),
    true,
    maxCost,
  );

  /**
   * Cost (nats) of one letter read as any other in a document, from its share of words in small
   * letters that neither the lexicon nor a cheap confusion explains: the option's cost when that share
   * shows a damaged scan, more as the share falls, so that a clean text (names and rare words only)
   * gets a cost past every budget.
   */
  function substitutionCostOf(parts: Part[]): number {
    let words = 0;
    let unread = 0;
    for (const part of parts) {
      if (part.symbol || !/^\p{Ll}{2,}$/u.test(part.observed)) continue;
      words++;
      const analysis = analyse(part.observed, part.symbol, part.lone);
      if (analysis.known || analysis.listed || analysis.keepLogP > unknownLogP) continue;
      if (!bestForUnknown(analysis, staticModel)) unread++;
    }
    if (words === 0 || unread === 0) return Number.POSITIVE_INFINITY;
    return substitutionCost + Math.max(0, Math.log(DAMAGED_SHARE / (unread / words)));
  }

  /** A common word of the language, as written or in lower case (for the parts of a split). */
  const isCommon = (word: string) =>
    !DIGIT.test(word) &&
    frequency.count(word) >= commonCount &&
    (lexicon.has(word) || lexicon.has(word.toLowerCase()) || frequency.count(word) >= commonCount * 10);

  /**
   * Two common words that OCR ran together ("ochför" -> "och för"), when they are more likely than the
   * unknown word; otherwise undefined. With `shortPartOnly`, one of them must be a short word.
   */
  function splitJoined(word: string, keepLogP: number, shortPartOnly = false): string | undefined {
    if (!/^\p{L}+$/u.test(word) || [...word].length < 5) return undefined;
    let best: string | undefined;
    // A word the frequency list holds, though rarely ("favourable" beside a US dictionary), is a word.
    const listedLogP = frequency.count(word) > 0 ? logP(frequency, word) - LISTED_ONLY_COST : keepLogP;
    let bestScore = Math.max(keepLogP, listedLogP);
    // A one-letter word runs onto the next only when it is one of the language's commonest ("aregular").
    for (let at = 1; at <= word.length - 2; at++) {
      const left = word.slice(0, at);
      const right = word.slice(at);
      if (at === 1 && !(lexicon.has(left.toLowerCase()) && veryCommon(left))) continue;
      if (!isCommon(left) || !isCommon(right)) continue;
      if (shortPartOnly && Math.min([...left].length, [...right].length) > SHORT_WORD) continue;
      const value = logP(frequency, left) + logP(frequency, right) - SPLIT_COST;
      if (value > bestScore) {
        best = `${left} ${right}`;
        bestScore = value;
      }
    }
    return best;
  }

  /** Two common words of the language, each of two letters or more, written together in small letters. */
  function twoCommonWords(word: string): boolean {
    if (!/^\p{Ll}{4,}$/u.test(word)) return false;
    for (let at = 2; at <= word.length - 2; at++) {
      if (isCommon(word.slice(0, at)) && isCommon(word.slice(at))) return true;
    }
    return false;
  }

  const conjunction = resources.settings.conjunctions?.[0];
  const ampersandLogP = conjunction ? logP(frequency, conjunction) - AMPERSAND_COST : unknownLogP;

  const analyses = new Map<string, Analysis>();
  function analyse(word: string, symbol = false, lone = false): Analysis {
    const key = symbol ? `${lone ? '\u0001' : '\u0000'}${word}` : word;
    let found = analyses.get(key);
    if (found) return found;
    const known = !symbol && inLexicon(word) && !accentedCompound(word);
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
    found = { known, candidates: allowedReadings(word, candidates.values()), keepLogP, listed };
    analyses.set(key, found);
    return found;
  }

  /**
   * A word with an accent the lexicon accepts only as a compound made on the fly, that no text writes,
   * and that reads as a dictionary word the language writes once an accent a speck gave it is taken off
   * ("regionåle": "region" + "åle", read "regionale"): an OCR-damaged word, not a known one.
   */
  function accentedCompound(word: string): boolean {
    if (!/^\p{Ll}+$/u.test(word) || !/[^\p{ASCII}]/u.test(word) || frequency.count(word) > 0) return false;
    if (reader.compoundParts(word) <= 1) return false;
    const readings = new Map<string, Candidate>();
    search(word, readings, staticTable, maxCost);
    return [...readings.values()].some(
      (candidate) =>
        candidate.parts === 1 &&
        frequency.count(candidate.word) > 0 &&
        candidate.edits.every((edit) => edit.kind === 'diacritic-added' || edit.kind === 'diacritic-misread'),
    );
  }

  /**
   * A free substitution is only undone in a word in small letters, into a word the lexicon lists: a
   * capitalised word the lexicon lacks is more likely a name than a misread one.
   */
  function allowedReadings(word: string, candidates: Iterable<Candidate>): Candidate[] {
    const lower = LOWER.test(word);
    // Nor is a compound made on the fly read through one: "integreringsspørsmål" is no "integreringa" + "spørsmål".
    return [...candidates].filter(
      (candidate) =>
        !candidate.edits.some((edit) => edit.kind === 'substitution') || (lower && candidate.parts === 1),
    );
  }

  /** An accent lost or added on the same letter, or a letter with a diacritic restored. */
  function accentOnly(edit: Confusion): boolean {
    return edit.kind === 'diacritic-lost' || edit.kind === 'diacritic-added' || restoresDiacritic(edit);
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

  /**
   * How much more (or less) likely a word is between its neighbours than alone, in nats: the
   * document's own word pairs as first read, smoothed toward the word's prior. So "det år viktigt"
   * reads "är" in a text that elsewhere writes "det är" (a word-pair model learned from the
   * document's confident words, backed off to the frequency list).
   */
  function contextLogP(
    word: string,
    before: string | undefined,
    after: string | undefined,
    model: DocumentModel,
  ) {
    const { pairs, words } = model;
    if (!pairs || !words) return 0;
    const prior = (x: string) =>
      (1 - DOCUMENT_WEIGHT) * Math.exp(logP(frequency, x)) +
      (DOCUMENT_WEIGHT * (words.counts.get(x) ?? 0)) / words.total;
    const w = word.toLowerCase();
    let total = 0;
    if (before !== undefined) {
      const b = before.toLowerCase();
      const given =
        ((pairs.get(`${b}\u0000${w}`) ?? 0) + CONTEXT_PRIOR * prior(w)) /
        ((words.counts.get(b) ?? 0) + CONTEXT_PRIOR);
      total += Math.log(given / prior(w));
    }
    if (after !== undefined) {
      const a = after.toLowerCase();
      const given =
        ((pairs.get(`${w}\u0000${a}`) ?? 0) + CONTEXT_PRIOR * prior(a)) /
        ((words.counts.get(w) ?? 0) + CONTEXT_PRIOR);
      total += Math.log(given / prior(a));
    }
    return total;
  }

  /** Occurrences of a word pair in the document as first read (0 without a neighbour). */
  function pairCount(first: string | undefined, second: string | undefined, model: DocumentModel): number {
    if (first === undefined || second === undefined) return 0;
    return model.pairs?.get(`${first.toLowerCase()}\u0000${second.toLowerCase()}`) ?? 0;
  }

  /** The best reading of a word outside the lexicon, when more likely than keeping it. */
  function bestForUnknown(
    analysis: Analysis,
    model: DocumentModel,
    context: (word: string) => number = () => 0,
  ): Candidate | undefined {
    let best: Candidate | undefined;
    let bestScore = analysis.keepLogP;
    let runnerUp = Number.NEGATIVE_INFINITY;
    for (const candidate of analysis.candidates) {
      const value = readingLogP(candidate, model) - channelCost(candidate, model) + context(candidate.word);
      if (value > bestScore) {
        if (best) runnerUp = bestScore;
        best = candidate;
        bestScore = value;
      } else runnerUp = Math.max(runnerUp, value);
    }
    // A reading that needs a letter no habit of the OCR explains must stand clear of the others.
    if (best?.edits.some((edit) => edit.kind === 'substitution') && bestScore - runnerUp < AMBIGUITY_MARGIN)
      return undefined;
    return best;
  }

  /**
   * A reading of a valid word that is clearly more likely than the word itself (by `margin`, more when
   * it needs confusions other than lost diacritics) and than any other reading; otherwise undefined.
   */
  function bestForKnown(
    word: string,
    candidates: Candidate[],
    model: DocumentModel,
    context: (word: string) => number = () => 0,
  ): Candidate | undefined {
    // A word read as a compound made on the fly weighs less than one the dictionary lists whole.
    const keep = logP(frequency, word) - (reader.compoundParts(word) - 1) * JOIN_COST;
    let best: Candidate | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    let runnerUp = keep;
    for (const candidate of candidates) {
      if (candidate.parts > 1) continue;
      const value = score(candidate, model) + context(candidate.word);
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

  /** The document's model with its cost of free substitutions. */
  function withSubstitutions(model: DocumentModel, cost: number): DocumentModel {
    return {
      ...model,
      editCost: (c) => (c.kind === 'substitution' ? cost : model.editCost(c)),
      evidenced: (c) => c.kind !== 'substitution' && (model.evidenced?.(c) ?? false),
    };
  }

  /** Reads the document once at the data file's costs and fits the costs to what that reading needed. */
  function fitDocument(parts: Part[]): DocumentModel {
    const words = new Map<string, number>();
    const used = new Map<Confusion, number>();
    const pairs = new Map<string, number>();
    let previous: string | undefined;
    for (const part of parts) {
      const analysis = analyse(part.observed, part.symbol, part.lone);
      // A lone digit read as a letter is no evidence of the confusion: it would vouch for itself.
      const lone = part.lone === true;
      const best =
        analysis.known || analysis.listed || lone ? undefined : bestForUnknown(analysis, staticModel);
      const read = best?.word ?? part.observed;
      words.set(read, (words.get(read) ?? 0) + 1);
      for (const edit of best?.edits ?? []) used.set(edit, (used.get(edit) ?? 0) + 1);
      const key = read.toLowerCase();
      if (previous !== undefined)
        pairs.set(`${previous}\u0000${key}`, (pairs.get(`${previous}\u0000${key}`) ?? 0) + 1);
      previous = key;
    }
    return { ...fitDocumentModel({ words, used }, usable, fixedRate), pairs };
  }

  /** Parts in capitals inside a sentence, beside words in small letters, that the commonest-word rule left. */
  const midCapitals = new WeakSet<Part>();
  let loweredCommon = 0;
  const partsOf = (tree: Root) => {
    loweredCommon = 0;
    const parts: Part[] = [];
    const taken = new Set<Nodes>();
    const midSentence = new Set<Nodes>();
    eachSentenceAndWord(
      tree,
      (sentence) => {
        collectGlued(sentence, symbolSeen, parts, taken);
        collectSymbols(sentence, symbolSeen, parts, digitSeen, taken);
        collectMidSentenceCapitals(sentence, midSentence);
      },
      (word) => {
        if (!taken.has(word)) collectParts(word, parts);
      },
    );
    // A capital the language does not write there, on one of its commonest words: read small
    // ("mellan invandrare Och staden"); titles and names in capitals ("till Processen för") are rarer words.
    for (const part of parts) {
      if (!midSentence.has(part.parent as Nodes) || part.nodes.length !== part.parent.children.length)
        continue;
      const small = part.observed.charAt(0).toLowerCase() + part.observed.slice(1);
      if (lexicon.has(part.observed) || !lexicon.has(small)) continue;
      if (frequency.count(small) >= COMMON_WORD_SHARE * frequency.total) {
        part.observed = small;
        loweredCommon++;
      } else midCapitals.add(part);
    }
    return parts;
  };

  /**
   * In a damaged scan, a capital of the same shape as its small letter (C, O, P, S, V, ...) on a word
   * inside a sentence is read small when the document writes that word in small letters twice or more and
   * capitalises it nowhere else inside a sentence ("nya Principer för" beside "principer"):
   * a term or name the text capitalises on purpose comes capitalised more than once.
   */
  function lowerDocumentCapitals(parts: Part[]) {
    const written = new Map<string, number>();
    const capitalised = new Map<string, number>();
    for (const part of parts) {
      written.set(part.observed, (written.get(part.observed) ?? 0) + 1);
      if (midCapitals.has(part)) capitalised.set(part.observed, (capitalised.get(part.observed) ?? 0) + 1);
    }
    for (const part of parts) {
      if (!midCapitals.has(part) || capitalised.get(part.observed) !== 1) continue;
      const small = part.observed.charAt(0).toLowerCase() + part.observed.slice(1);
      if ((written.get(small) ?? 0) >= MIN_SMALL_USES) part.observed = small;
    }
  }

  /**
   * A capital letter alone between words in small letters ("frihet I världen") stands for the small
   * one when the language has no such capital word and writes the small one very often.
   */
  function loneCapital(text: string, observed: string): boolean {
    return (
      /^\p{Lu}$/u.test(text) &&
      !lexicon.has(text) &&
      frequency.count(observed) >= LONE_CAPITAL_SHARE * frequency.total
    );
  }

  /** Marks a word in small letters that no reading explains: left as it is, counted by a quality score. */
  function mark(part: Part, file: VFile) {
    if (!/^\p{Ll}{2,}$/u.test(part.observed)) return;
    const first = part.nodes[0]!;
    const last = part.nodes[part.nodes.length - 1]!;
    const place =
      first.position && last.position ? { start: first.position.start, end: last.position.end } : undefined;
    reportChange(
      file,
      () => `Unknown word \`${part.text}\` left as it is`,
      place,
      'unknown-word',
      SOURCE,
      part.text,
      part.text,
    );
  }

  const punctuationWords = {
    conjunctions: resources.settings.conjunctions,
    isWord: (word: string) => inLexicon(word),
    // A frequency list keeps sentence-final tokens too ("is." in subtitles): a form with a stop is an
    // abbreviation only when it is a fair share of the word's uses ("etc.", "bl.a.").
    isAbbreviation: (word: string) =>
      lexicon.has(`${word}.`) ||
      lexicon.has(`${word.toLowerCase()}.`) ||
      frequency.count(`${word.toLowerCase()}.`) >=
        ABBREVIATION_SHARE * (frequency.count(word.toLowerCase()) + 1),
  };

  /** A document's fitted model and the readings that depend on it, kept for its fragments. */
  const documents = new Map<string, DocumentReadings>();

  /** One of the language's commonest words (a function word: "of", "a", "og"). */
  const veryCommon = (word: string) =>
    frequency.count(word.toLowerCase()) >= LONE_CAPITAL_SHARE * frequency.total;

  /** A word of the language that is not rare (or a common word its list has and the lexicon lacks). */
  const likelyWord = remembered(
    (word: string) =>
      (inLexicon(word) && frequency.count(word.toLowerCase()) >= LIKELY_SHARE * frequency.total) ||
      listedOnly(word),
  );

  /** A word neither likely nor readable as a lexicon word through one cheap confusion. */
  const unreadable = (word: string) => {
    if (likelyWord(word)) return false;
    const analysis = analyse(word);
    return analysis.known || (analysis.keepLogP <= unknownLogP && !bestForUnknown(analysis, staticModel));
  };

  /**
   * Joins two words OCR broke apart ("dét te" -> "dette"): one of them is rare or unreadable on its
   * own and together they are one dictionary word, as written or read at the document's costs.
   */
  function joinBrokenWords(
    tree: Root,
    file: VFile,
    read: (word: string) => Candidate | undefined,
    damaged: boolean,
  ): boolean {
    let joinedAny = false;
    for (const broken of brokenWords(tree, likelyWord)) {
      // A pair overlapping one joined before is gone from its sentence.
      if (!broken.sentence.children.includes(broken.nodes[0])) continue;
      if (!unreadable(broken.left) && !unreadable(broken.right)) continue;
      const joined = broken.left + broken.right;
      let reading: string | undefined;
      if (inLexicon(joined)) reading = joined;
      // Two lexicon words (one of them rare) are read otherwise only in a document whose OCR shows
      // damage ("dét te" among misread words); in a clean one they join only into a word as written.
      // A reading is never made across one of the language's commonest words ("of fife" is no "office").
      else if (
        (!inLexicon(broken.left) || !inLexicon(broken.right) || damaged) &&
        !veryCommon(broken.left) &&
        !veryCommon(broken.right)
      ) {
        const best = read(joined);
        if (best && best.parts === 1) reading = withCase(joined, best.word);
      }
      // The joined word must be one the language writes, not only one its compounding allows.
      if (!reading || !likelyWord(reading)) continue;
      joinedAny = true;
      const [first, , last] = broken.nodes;
      const text = `${broken.left} ${broken.right}`;
      const place =
        first.position && last.position ? { start: first.position.start, end: last.position.end } : undefined;
      replacePart({ parent: broken.sentence, nodes: broken.nodes, text, observed: joined }, reading);
      reportChange(
        file,
        () => `Join \`${text}\` into \`${reading}\` (OCR)`,
        place,
        'ocr-join',
        SOURCE,
        text,
        reading,
      );
    }
    return joinedAny;
  }

  /**
   * A word in capitals (a title, a heading) is no acronym when, in small letters, it is no word of the
   * language but becomes one once lost diacritics are put back ("RATTIGHETERNA" -> "RÄTTIGHETERNA"): in a
   * text that shows lost diacritics, it takes that reading, in capitals. Acronyms and names in capitals
   * ("EUROCITIES", "PROGRESS") have no such reading and stay.
   */
  function restoreCapitals(tree: Root, file: VFile, model: DocumentModel) {
    const words: Word[] = [];
    eachSentenceAndWord(
      tree,
      () => {},
      (word) => {
        const [only] = word.children;
        if (word.children.length === 1 && only?.type === 'TextNode' && CAPITALS_WORD.test(only.value))
          words.push(word);
      },
    );
    for (const word of words) {
      const text = (word.children[0] as Text).value;
      const lower = text.toLowerCase();
      if (inLexicon(text) || inLexicon(lower)) continue;
      const analysis = analyse(lower);
      if (analysis.known || analysis.listed) continue;
      const restorations = analysis.candidates.filter(
        (candidate) => candidate.parts === 1 && candidate.edits.every(restoresDiacritic),
      );
      const best = bestForUnknown({ ...analysis, candidates: restorations }, model);
      if (!best) continue;
      const expected = best.word.toUpperCase();
      const part: Part = { parent: word, nodes: word.children, text, observed: lower };
      replacePart(part, expected);
      reportChange(
        file,
        () => `Replace \`${text}\` with \`${expected}\` (OCR)`,
        word.position,
        'ocr-word',
        SOURCE,
        text,
        expected,
      );
    }
  }

  /** The readings that depend on a document's fitted model: built once per model. */
  function readingsFor(model: DocumentModel): DocumentReadings {
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
    let documentTable: ReturnType<typeof costTable> | undefined;
    const secondReadings = new Map<string, Analysis>();
    const readAgain = (word: string, analysis: Analysis) => {
      let found = secondReadings.get(word);
      if (!found) {
        documentTable ??= costTable(usable, model.editCost, true, maxCost);
        const into = new Map<string, Candidate>();
        // A long word has few lexicon neighbours: more confusions may be undone before a reading is a guess.
        const budget = maxCost + LONG_WORD_BUDGET * Math.max(0, [...word].length - 8);
        search(word.toLowerCase(), into, documentTable, budget);
        found = { ...analysis, candidates: allowedReadings(word, into.values()) };
        secondReadings.set(word, found);
      }
      return found;
    };
    return { model, realWordCandidates, readAgain };
  }

  /** The fitted model of a whole document (a fragment's source), and its readings, once per document. */
  function documentReadings(documentText: string): DocumentReadings {
    let found = documents.get(documentText);
    if (!found) {
      const documentParts = partsOf(retext().parse(documentText));
      found = readingsFor(withSubstitutions(fitDocument(documentParts), substitutionCostOf(documentParts)));
      if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
      documents.set(documentText, found);
    }
    return found;
  }

  return (tree: Root, file: VFile, documentText: string | undefined) => {
    if (analyses.size > MAX_REMEMBERED_WORDS) analyses.clear();
    let parts = partsOf(tree);
    // A commonest word capitalised inside a sentence is a sign of a damaged scan, as a speck is.
    const capitalsLowered = loweredCommon;
    addSpeckEvidence(file, capitalsLowered);
    const { model, realWordCandidates, readAgain } =
      documentText === undefined
        ? readingsFor(withSubstitutions(fitDocument(parts), substitutionCostOf(parts)))
        : documentReadings(documentText);

    // Words broken in two are joined first, read at the document's costs; then the parts are read again.
    const readJoined = (word: string) => {
      const analysis = analyse(word);
      if (analysis.known || analysis.listed) return undefined;
      return bestForUnknown(analysis, model) ?? bestForUnknown(readAgain(word, analysis), model);
    };
    const anySubstitution = usable.find((c) => c.kind === 'substitution');
    const damaged = anySubstitution !== undefined && model.editCost(anySubstitution) <= maxCost;
    if (joinBrokenWords(tree, file, readJoined, damaged)) parts = partsOf(tree);
    // Case misreads are evidenced by a commonest word capitalised inside a sentence, or by specks.
    if (damaged || speckEvidence(file) >= MIN_CASE_EVIDENCE) lowerDocumentCapitals(parts);
    // In a text that shows no damage, a long word the lexicon lacks is more likely a compound it does not
    // know than two long words that lost their space: only a short word run onto another is read apart.
    const lossShown = lossConfusion !== undefined && (model.evidenced?.(lossConfusion) ?? false);
    // A text too short to show how its OCR failed counts as damaged, as before any of this was known.
    const showsDamage =
      damaged ||
      lossShown ||
      speckEvidence(file) >= MIN_CASE_EVIDENCE ||
      (model.words?.total ?? 0) < MIN_WORDS_TO_JUDGE;
    const protectedWords = foreignSpans(tree, spanWords);
    parts = parts.filter((part) => !protectedWords.has(part.parent as Nodes));

    parts.forEach((part, index) => {
      const analysis = analyse(part.observed, part.symbol, part.lone);
      const lone = part.lone === true;
      const before = parts[index - 1]?.observed;
      const after = parts[index + 1]?.observed;
      // The word pairs speak only when the document clearly writes the reading beside these neighbours
      // more often than the word read: a repeated OCR error must not vouch for itself.
      const context = (word: string) => {
        const seen = pairCount(before, word, model) + pairCount(word, after, model);
        const kept = pairCount(before, part.observed, model) + pairCount(part.observed, after, model);
        if (seen < MIN_PAIR_EVIDENCE || seen <= kept) return 0;
        return Math.max(
          0,
          contextLogP(word, before, after, model) - contextLogP(part.observed, before, after, model),
        );
      };
      // A lone digit is too rare to fit its confusion's cost on: it keeps the data file's.
      let choice = analysis.known
        ? bestForKnown(part.observed, realWordCandidates(part.observed), model, context)
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
      // A text that shows no damage has its unknown words as written (names, words the lexicon lacks),
      // unless only an accent, or a confusion the document commits habitually (the same one needed by
      // several of its unknown words: a native model's "t" for "f"), stands between them and a word.
      if (
        choice &&
        !showsDamage &&
        !analysis.known &&
        !part.symbol &&
        !choice.edits.every((edit) => accentOnly(edit) || (model.uses?.(edit) ?? 0) >= MIN_HABIT_USES)
      ) {
        choice = undefined;
      }
      // Two common words written together ("hvadenten") are an old spelling, not a damaged word that no
      // text writes: such a reading (in no frequency list) loses to keeping the word.
      const writtenTogether =
        !!choice && !analysis.known && frequency.count(choice.word) === 0 && twoCommonWords(part.observed);
      if (writtenTogether) choice = undefined;
      const split =
        !writtenTogether && !choice && !analysis.known && !part.symbol && analysis.keepLogP <= unknownLogP
          ? splitJoined(part.observed, analysis.keepLogP, !showsDamage)
          : undefined;
      // Undo a case confusion only when it gives a dictionary word: iPhone stays.
      const expected = choice
        ? withCase(part.observed, choice.word)
        : (split ??
          ((!lone || loneCapital(part.text, part.observed)) && lexicon.has(part.observed)
            ? part.observed
            : part.text));
      if (expected === part.text) {
        if (!analysis.known && !analysis.listed && !part.symbol && analysis.keepLogP <= unknownLogP)
          mark(part, file);
        return;
      }
      const first = part.nodes[0]!;
      const last = part.nodes[part.nodes.length - 1]!;
      const place =
        first.position && last.position ? { start: first.position.start, end: last.position.end } : undefined;
      replacePart(part, expected);
      reportChange(
        file,
        () => `Replace \`${part.text}\` with \`${expected}\` (OCR)`,
        place,
        split ? 'ocr-split' : analysis.known && choice ? 'ocr-real-word' : 'ocr-word',
        SOURCE,
        part.text,
        expected,
      );
    });
    if (lossShown) restoreCapitals(tree, file, model);
    addSpeckEvidence(file, commaForPeriod(tree, punctuationWords, file));
    const colonWords = { ...punctuationWords, isFunctionWord: veryCommon };
    addSpeckEvidence(file, colonSpecks(tree, colonWords, file, speckEvidence(file) >= MIN_COLON_EVIDENCE));
    commaForSemicolon(tree, punctuationWords, file);
  };
}
