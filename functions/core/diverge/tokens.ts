/** Tokens the checks compare across languages: numbers, names, acronyms and Latin-script titles. */
import { foldText } from '../align/fold.ts';

/** A word of a clause with where it stands. */
export interface WordToken {
  text: string;
  /** Lower case, diacritics folded. */
  folded: string;
  /** First word of the text or of a sentence. */
  initial: boolean;
  /** First word of a quotation or parenthesis. */
  opening: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;
const SENTENCE_END = /[.!?:;•–—]\s*$/u;
const QUOTE_OPEN = /[(“”"«»„'‘’[]\s*$/u;

/** Words of `text` (letters and digits; hyphens, apostrophes and colons split words). */
export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const before = text.slice(Math.max(0, match.index - 4), match.index);
    const initial = !/\S/.test(text.slice(0, match.index)) || SENTENCE_END.test(before);
    tokens.push({ text: match[0], folded: foldText(match[0]), initial, opening: QUOTE_OPEN.test(before) });
  }
  return tokens;
}

/**
 * Numbers written with digits, separators removed ("2007-2013" gives 2007 and 2013). Digits inside a word
 * ("6msesidigt", an OCR misreading of a letter) are not numbers.
 */
export function numberTokens(text: string): string[] {
  return [...text.matchAll(/(?<![\p{L}\d])\d+(?:[.,]\d+)*(?![\p{L}\d])/gu)].map((m) =>
    m[0].replace(/[.,]/g, '').replace(/^0+(?=\d)/, ''),
  );
}

const hasLetter = (s: string) => /\p{L}/u.test(s);
const isUpper = (s: string) => s === s.toUpperCase() && s !== s.toLowerCase();
const isCapitalised = (s: string) => {
  const first = s[0]!;
  return first !== first.toLowerCase() && first === first.toUpperCase();
};

/** Share of the letters of `text` written in capitals. */
export function upperShare(text: string): number {
  const letters = [...text].filter((ch) => ch.toLowerCase() !== ch.toUpperCase());
  if (letters.length === 0) return 0;
  return letters.filter((ch) => ch === ch.toUpperCase()).length / letters.length;
}

/**
 * Names of a clause: acronyms (two or more capitals), and capitalised words that are not common words of the
 * language. With a lexicon, a capitalised word is a name when its lower-case form is not a word (this keeps
 * proper nouns the dictionary lists, and foreign title words); at a sentence start only a proper noun the
 * lexicon lists counts (a common word the lexicon lacks must not become a name). Without a lexicon, a
 * capitalised word counts when it opens no sentence, quotation or parenthesis. In a text set in capitals only
 * lexicon-unknown words count.
 */
export function nameTokens(text: string, isWord?: (word: string) => boolean): WordToken[] {
  const allCaps = upperShare(text) > 0.6;
  const names: WordToken[] = [];
  for (const token of wordTokens(text)) {
    const word = token.text;
    if (!hasLetter(word) || /\d/.test(word)) continue;
    if (allCaps) {
      if (isWord && word.length > 1 && !isWord(word.toLowerCase()) && !isWord(capitalise(word)))
        names.push(token);
      continue;
    }
    if (word.length >= 2 && isUpper(word)) {
      names.push(token);
      continue;
    }
    // An acronym run into an ending or a word (EUs, EUinstitutioner after a joined hyphen) is that acronym.
    const fused = /^(\p{Lu}{2,})(\p{Ll}+)$/u.exec(word);
    if (fused && (fused[2]!.length <= 2 || isWord?.(fused[2]!))) {
      names.push({ ...token, text: fused[1]!, folded: foldText(fused[1]!) });
      continue;
    }
    if (!isCapitalised(word) || word.length < 2) continue;
    if (!isWord) {
      if (!token.initial && !token.opening) names.push(token);
    } else if (!isWord(word.toLowerCase()) && (!token.initial || isWord(word))) names.push(token);
  }
  return names;
}

function capitalise(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1).toLowerCase();
}

/** Settings of {@link namesMatch}. */
export interface NameMatchSettings {
  maxEditDistance: number;
  minSharedPrefix: number;
  minPrefixShare: number;
}

/**
 * True when two folded words name the same thing across languages: equal; one a short inflection of the
 * other (Rom/Roma, London/Londons: at most two letters more); a long shared prefix (Milano/Milanoerklaeringen,
 * European/europaeiske); a two-letter acronym opening the other (EU/EUs/Europa); or a small edit distance (one
 * edit from four letters on: Rome/Roma).
 */
export function namesMatch(a: string, b: string, settings: NameMatchSettings): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 3) return long.startsWith(short);
  if (long.startsWith(short) && long.length - short.length <= 2) return true;
  let prefix = 0;
  while (prefix < short.length && short[prefix] === long[prefix]) prefix++;
  if (prefix >= settings.minSharedPrefix && prefix >= settings.minPrefixShare * short.length) return true;
  // One edit is allowed from four letters on (Rome/Roma), more in proportion to the length.
  const allowed = Math.max(short.length >= 4 ? 1 : 0, settings.maxEditDistance * long.length);
  if (long.length - short.length > allowed) return false;
  return editDistance(a, b) <= allowed;
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
