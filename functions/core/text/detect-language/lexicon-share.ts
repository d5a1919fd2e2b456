/** How much of a text a language's lexicon accepts, as written or with its diacritics lost or misread. */
import type { Lexicon, LexiconCursor } from '../types.ts';
import { foldDiacritics } from './fold.ts';

/** Letters a letter without diacritics may stand for (`a` -> à á â ã ä å ā ą ...), both cases. */
const VARIANTS = (() => {
  const variants = new Map<string, Set<string>>();
  const add = (base: string, letter: string) => {
    const set = variants.get(base) ?? new Set([base]);
    set.add(letter);
    variants.set(base, set);
  };
  // Latin-1 Supplement and Latin Extended-A and -B: every letter whose diacritic-free form is one letter.
  for (let code = 0xc0; code <= 0x24f; code++) {
    const letter = String.fromCharCode(code);
    if (!/\p{L}/u.test(letter)) continue;
    const base = foldDiacritics(letter);
    if (base.length === 1 && base !== letter && /[a-z]/iu.test(base)) add(base, letter);
  }
  return variants;
})();

/** Letters written as two without diacritics: `ß` -> `ss`, `æ` -> `ae`, `œ` -> `oe`. */
const DIGRAPHS: ReadonlyArray<[string, string]> = [
  ['ss', 'ß'],
  ['ae', 'æ'],
  ['oe', 'œ'],
  ['Ae', 'Æ'],
  ['AE', 'Æ'],
  ['Oe', 'Œ'],
  ['OE', 'Œ'],
];

/** Most cursor steps one folded look-up may take (a long word of vowels branches widely). */
const MAX_STEPS = 4000;

/**
 * True when the lexicon has a word that, written without diacritics, is `folded`'s letters: the reading of
 * OCR that lost or misread them ("Wurde" -> "Würde", "egalite" -> "égalité", "czlowieka" -> "człowieka").
 */
export function acceptsFolded(lexicon: Lexicon, word: string): boolean {
  const start = lexicon.start?.();
  const folded = foldDiacritics(word);
  if (!start) return lexicon.has(folded);
  let steps = 0;
  const walk = (cursor: LexiconCursor, at: number): boolean => {
    if (++steps > MAX_STEPS) return false;
    if (at === folded.length) return cursor.isWord;
    const ch = folded[at]!;
    for (const letter of VARIANTS.get(ch) ?? [ch]) {
      const next = cursor.next(letter);
      if (next && walk(next, at + 1)) return true;
    }
    for (const [pair, letter] of DIGRAPHS) {
      if (folded.startsWith(pair, at)) {
        const next = cursor.next(letter);
        if (next && walk(next, at + pair.length)) return true;
      }
    }
    return false;
  };
  return walk(start, 0);
}

/** What a lexicon accepts of a text's words. */
export interface LexiconShare {
  /** Share of the words the lexicon has as written (or lower-cased). */
  exact: number;
  /** Share of the words it has as written or through {@link acceptsFolded}. */
  folded: number;
  /** Words read. */
  words: number;
}

/**
 * The share of `words` a lexicon accepts, each word as written, lower-cased, or (for the folded share)
 * with its diacritics read as any the language has.
 */
export function lexiconShare(lexicon: Lexicon, words: readonly string[]): LexiconShare {
  let exact = 0;
  let folded = 0;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (lexicon.has(word) || (lower !== word && lexicon.has(lower))) {
      exact++;
      folded++;
    } else if (acceptsFolded(lexicon, word) || (lower !== word && acceptsFolded(lexicon, lower))) folded++;
  }
  const n = Math.max(1, words.length);
  return { exact: exact / n, folded: folded / n, words: words.length };
}
