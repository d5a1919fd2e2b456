/**
 * Text quality: how readable a stored text is in its language, told from the share of its words the language's
 * lexicon accepts. Distinct from the alignment confidence (is this the right clause?): a clause can be placed
 * with certainty and still hold OCR damage.
 */
import type { FrequencyList, Lexicon } from '../types.ts';

/** What the score needs of a language: its lexicon, and optionally its own and other languages' word lists. */
export interface QualityResources {
  lexicon: Pick<Lexicon, 'has'>;
  /** The language's frequency list: common words a dictionary lacks (cspell's Bokmål has no "noen") pass. */
  frequency?: FrequencyList;
  /** Frequency lists of other languages: words of a quoted foreign title or name pass (see below). */
  foreign?: ReadonlyMap<string, FrequencyList>;
}

/** Options of {@link textQuality}. */
export interface TextQualityOptions {
  /**
   * Words the cleaner reported as unknown and left as they were (`unknown-word` messages, by `actual`): they
   * count as unreadable even where this unit would excuse them (a capitalised word).
   */
  uncorrected?: Iterable<string>;
  /**
   * Fewest letters a text is judged on: a shorter text's unknown letters are divided by this instead of its
   * own length, so one odd word in a two-word heading does not make it unreadable. Default 24.
   */
  minLetters?: number;
}

/** The quality of one text. */
export interface TextQuality {
  /** Share of the text's word letters in words of the language, in [0, 1]; 1 for a text without words. */
  score: number;
  /** The words (and stray marks) counted as unreadable, once each, in the order they first appear. */
  unknownWords: string[];
}

/** Shortest part of a compound read as two lexicon words. */
const MIN_PART = 4;

/** Default of {@link TextQualityOptions.minLetters}. */
export const MIN_LETTERS = 24;

/** Marks that stand alone in text for a reason (dashes, list marks, quotes, French spaced punctuation). */
const STANDALONE_MARKS = /^[-–—&§%+=/*•·…«»“”„"‘’()[\]:;?!]+$/u;
/** A list item's label: a letter, a roman numeral or a number with a closing parenthesis. */
const LIST_LABEL = /^\(?(?:\p{L}|[ivxlc]{1,5}|\p{N}{1,3})\)$/u;
/** An ellipsis written with full stops, maybe in brackets: "...", "(...)", "[…]". */
const ELLIPSIS = /^[([]?\.{2,}[)\]]?[.,;:]?$/u;
const LETTER = /\p{L}/u;
/** A token ending a sentence or a heading's lead-in. */
const SENTENCE_END = /[.!?:]["”»’)]*$/u;
const DIGIT = /\p{N}/u;
const UPPER = /^\p{Lu}+$/u;
const LOWER = /^\p{Ll}+$/u;
const CAPITAL_FIRST = /^\p{Lu}\p{Ll}*$/u;
/** A capitalised word or a name with a capital inside (McKinsey, DeWitt). */
const NAME = /^\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?$/u;
/** A number with a unit or ordinal ending of one or two letters (10km, 1st, 3e). */
const NUMBER_WITH_UNIT = /^\p{N}+(?:[.,]\p{N}+)*\p{L}{1,2}$/u;
/** URLs, e-mail addresses and domain names. */
const ADDRESS = /@.*\.|^www\.|:\/\/|\.(com|org|net|eu|int)$/iu;
/** Hyphens and slashes joining the parts of a word (EU-kommissionen, co-financing, och/eller). */
const JOINERS = /[-‐‑–/]/u;

type Verdict =
  /** A word of the language: counts for the text. */
  | 'known'
  /** Unreadable: counts against. */
  | 'unknown'
  /** A name, acronym, number or address: not judged. */
  | 'excused'
  /** Lower-case word of another language's list: known when it stands beside a name or another such word. */
  | 'foreign';

interface Token {
  text: string;
  letters: number;
  verdict: Verdict;
  /** Capitalised or set in capitals (a title or name word). */
  nameLike: boolean;
}

/**
 * Scores how readable `text` is in the language of `resources`: the letters of its words that are words of the
 * language, over all the letters of its judged words (or {@link MIN_LETTERS}, whichever is more). Words are
 * case-folded against the lexicon; hyphenated words are judged part by part; numbers, acronyms, addresses and
 * capitalised words the lexicon lacks (names) are not judged; a lower-case word of another language passes
 * when it stands in a run of such words or next to a capitalised one (an English title in a Swedish text).
 * Stray marks standing alone (`'`, `~`, `|`, a lone `,`) count against the text as one letter each.
 *
 * @returns null when the language has no lexicon (its quality is unknown, not perfect).
 */
export function textQuality(
  text: string,
  resources: QualityResources | null | undefined,
  options: TextQualityOptions = {},
): TextQuality | null {
  if (!resources?.lexicon) return null;
  const minLetters = options.minLetters ?? MIN_LETTERS;
  if (!(minLetters >= 0)) throw new TypeError('textQuality: options.minLetters must be 0 or more');
  const uncorrected =
    options.uncorrected instanceof Set ? options.uncorrected : new Set(options.uncorrected ?? []);
  const judge = judgeOf(resources);

  const tokens: Token[] = [];
  let initial = true;
  for (const raw of text.split(/\s+/u)) {
    if (raw === '') continue;
    const opensSentence = initial;
    initial = SENTENCE_END.test(raw);
    // A list label ("a)", "(iv)") is not a word.
    if (LIST_LABEL.test(raw)) continue;
    if (!LETTER.test(raw) && !DIGIT.test(raw)) {
      if (!STANDALONE_MARKS.test(raw) && !ELLIPSIS.test(raw))
        tokens.push({ text: raw, letters: 1, verdict: 'unknown', nameLike: false });
      continue;
    }
    const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (uncorrected.has(word) || uncorrected.has(raw)) {
      tokens.push({ text: word, letters: letterCount(word), verdict: 'unknown', nameLike: false });
      continue;
    }
    // A suspended compound ("jämlikhets- och") keeps its hyphen: the part may be a compound's first part only.
    const suspended = /\p{L}[-‐‑]$/u.test(raw.replace(/[,;]+$/u, ''));
    tokens.push(...judge(word, suspended, opensSentence));
  }

  resolveForeign(tokens);
  let known = 0;
  let unknown = 0;
  const unknownWords: string[] = [];
  for (const token of tokens) {
    if (token.verdict === 'known') known += token.letters;
    else if (token.verdict === 'unknown') {
      unknown += token.letters;
      if (!unknownWords.includes(token.text)) unknownWords.push(token.text);
    }
  }
  const judged = Math.max(known + unknown, minLetters);
  const score = judged === 0 ? 1 : 1 - unknown / judged;
  return { score: Math.round(score * 1000) / 1000, unknownWords };
}

type Judge = (word: string, suspended: boolean, opensSentence: boolean) => Token[];

const judges = new WeakMap<QualityResources, Judge>();
/** Most verdicts remembered per language before they are dropped (a long-lived process reads many texts). */
const MAX_VERDICTS = 50_000;

/**
 * The word judge of `resources`, built once, remembering its verdicts: a verdict depends on the word, its two
 * flags and the language only, and every clause is scored more than once (the aligner's confidence, the
 * stored quality). Callers get fresh tokens (resolveForeign rewrites verdicts).
 */
function judgeOf(resources: QualityResources): Judge {
  let judge = judges.get(resources);
  if (!judge) {
    const judgeWord = wordJudge(resources);
    const verdicts = new Map<string, Token[]>();
    judge = (word, suspended, opensSentence) => {
      const key = `${suspended ? 1 : 0}${opensSentence ? 1 : 0}${word}`;
      let tokens = verdicts.get(key);
      if (!tokens) {
        if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
        tokens = judgeWord(word, suspended, opensSentence);
        verdicts.set(key, tokens);
      }
      return tokens.map((token) => ({ ...token }));
    };
    judges.set(resources, judge);
  }
  return judge;
}

/** Judges one word (punctuation around it stripped) into tokens: one per part of a hyphenated word. */
function wordJudge(resources: QualityResources) {
  const { lexicon, frequency } = resources;
  const common = frequency ? Math.max(20, frequency.total * 1e-6) : Number.POSITIVE_INFINITY;
  const foreign = [...(resources.foreign?.values() ?? [])];
  // Case is folded for a capitalised word or one set in capitals, not for a capital inside small letters.
  const inLexicon = (word: string) =>
    lexicon.has(word) ||
    ((UPPER.test(word) || CAPITAL_FIRST.test(word)) &&
      (lexicon.has(word.toLowerCase()) || lexicon.has(word.charAt(0) + word.slice(1).toLowerCase())));
  /**
   * A word of the lexicon, or a compound of two (with a linking s or e: "integrerings+spørsmål") that the
   * dictionary's own compound rules do not cover.
   */
  const isWord = (word: string): boolean => {
    if (inLexicon(word)) return true;
    const lower = word.toLowerCase();
    if (!LOWER.test(lower) || lower.length < MIN_PART * 2 + 1) return false;
    for (let at = MIN_PART; at <= lower.length - MIN_PART - 1; at++) {
      const left = lower.slice(0, at);
      if (!inLexicon(lower.slice(at))) continue;
      if (inLexicon(left) || (/[se]$/u.test(left) && left.length > MIN_PART && inLexicon(left.slice(0, -1))))
        return true;
    }
    return false;
  };
  const listed = (word: string) => (frequency?.count(word.toLowerCase()) ?? 0) >= common;
  const foreignListed = (word: string) => foreign.some((list) => list.count(word.toLowerCase()) > 0);
  /** A lexicon prefix that a compound may continue ("jämlikhets" of "jämlikhets- och"). */
  const compoundStart = (part: string) =>
    isWord(part) ||
    (part.length >= 3 && /s$/u.test(part) && isWord(part.slice(0, -1))) ||
    (lexicon as Lexicon).start?.().next(part.toLowerCase()) !== undefined;

  const inSomeList = (word: string) => (frequency?.count(word.toLowerCase()) ?? 0) > 0 || foreignListed(word);

  const one = (part: string, suspended: boolean, opensSentence: boolean): Token => {
    const letters = letterCount(part);
    const token = (verdict: Verdict, nameLike = false): Token => ({ text: part, letters, verdict, nameLike });
    if (ADDRESS.test(part)) return token('excused');
    if (DIGIT.test(part)) {
      // Numbers, a number with a unit, and codes in capitals (A4, COM2005) are not words; digits among small
      // letters are letters the OCR misread ("6ka" for "öka").
      if (!LETTER.test(part) || NUMBER_WITH_UNIT.test(part) || !/\p{Ll}/u.test(part)) return token('excused');
      return token('unknown');
    }
    if (isWord(part)) return token('known', !LOWER.test(part));
    if (suspended && compoundStart(part)) return token('known');
    if (LOWER.test(part)) {
      if (listed(part)) return token('known');
      return token(foreignListed(part) ? 'foreign' : 'unknown');
    }
    // Acronyms and words set in capitals the lexicon lacks (EUROCITIES), and names (Amsterdam, McKinsey): not
    // judged; but a sentence mostly opens with a common word, so a capitalised word there must be a name some
    // word list knows. Any other mix of cases is an OCR case slip ("mAngfald", "fOr").
    if (UPPER.test(part)) return token('excused', true);
    if (NAME.test(part)) return token(opensSentence && !inSomeList(part) ? 'unknown' : 'excused', true);
    return token('unknown');
  };

  return (word: string, suspended: boolean, opensSentence: boolean): Token[] => {
    if (word === '') return [];
    const whole = one(word, suspended, opensSentence);
    const divisible = JOINERS.test(word) || /['’:]/u.test(word);
    if (whole.verdict === 'known' || whole.verdict === 'excused' || !divisible) return [whole];
    // Parts of a hyphenated word, and a word's clitics: EU:s, l'Europe, the Commission's. Every part but the
    // last may be a compound's first part ("co-", "jämlikhets-").
    const parts = word.split(JOINERS);
    return parts.flatMap((part, i) =>
      clitics(part)
        .filter((piece) => LETTER.test(piece) || DIGIT.test(piece))
        .map((piece, j) =>
          one(piece, i < parts.length - 1 || suspended, opensSentence && i === 0 && j === 0),
        ),
    );
  };
}

/** A word without its elided article (l', d') or genitive ending ('s, :s), split at the apostrophe or colon. */
function clitics(part: string): string[] {
  const pieces = part.split(/['’:]/u);
  if (pieces.length === 1) return pieces;
  return pieces.filter((piece, i) => {
    // A genitive or plural ending after an apostrophe or colon (EU:s, NGO's), or an elided article (l', qu').
    if (i > 0 && /^\p{L}{1,2}$/u.test(piece) && LOWER.test(piece)) return false;
    if (i < pieces.length - 1 && /^\p{L}{1,2}$/u.test(piece)) return false;
    return piece !== '';
  });
}

/**
 * Lower-case words of another language's list are read as quoted when they stand in a run of such words or
 * beside a capitalised word ("European Fund for the Integration"); alone among the language's words they are
 * OCR damage that happens to spell a foreign word.
 */
function resolveForeign(tokens: Token[]): void {
  const foreignOrName = (token: Token | undefined) =>
    token !== undefined && (token.verdict === 'foreign' || token.nameLike);
  const quoted = tokens.map(
    (token, i) =>
      token.verdict === 'foreign' && (foreignOrName(tokens[i - 1]) || foreignOrName(tokens[i + 1])),
  );
  tokens.forEach((token, i) => {
    if (token.verdict === 'foreign') token.verdict = quoted[i] ? 'known' : 'unknown';
  });
}

function letterCount(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}
