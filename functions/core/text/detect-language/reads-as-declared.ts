/**
 * A cheap check that a text reads as the language it was declared in, so that the full identification (which
 * loads and searches the lexicons of every language the trigrams propose) runs only when the text may not.
 */
import type { FrequencyList } from '../types.ts';
import { MIN_SHARE, sampleWindows, trigramRanking } from './identify.ts';
import { CLEAR_MARGIN, detectLanguage } from './index.ts';

/** The declared language as {@link readsAsDeclared} weighs it. */
export interface DeclaredLanguage {
  /** Its code (`nb`). */
  lang: string;
  /** Its ISO 639-3 code, as the trigram identifier names it (`nob`). */
  iso6393: string;
  /** Share of the text's words its lexicon accepts, diacritics folded (see `lexiconShare`). */
  share: number;
}

/** Characters the trigrams and the frequency lists read, in windows spread over the text (as the identifier). */
const MAX_CHARS = 4000;
/** Fewest letters to decide on (as the identifier). */
const MIN_LETTERS = 40;

/**
 * True when independent signals all say the text is in the declared language: its lexicon accepts as large a
 * share of the words as the identifier requires to name a language; the trigram identifier's best language of
 * all 187 is the declared one (its lead over a relative is small: Swedish leads Norwegian by 1-3% of the score
 * on an edition); and, when the language has a frequency list, the words as written (no folded look-ups)
 * favour its list over every other language's by a clear margin, which tells close relatives apart (Danish and
 * Norwegian). The lists alone do not do: a language without one (French) cannot outvote the declared one.
 * False means "not shown", not "another language": the caller then runs the full identification.
 */
export async function readsAsDeclared(
  text: string,
  declared: DeclaredLanguage,
  lists: ReadonlyMap<string, FrequencyList>,
): Promise<boolean> {
  if (declared.share < MIN_SHARE) return false;
  const windows = sampleWindows(text, MAX_CHARS);
  const sample = windows.join('\n');
  if ((sample.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return false;
  if (lists.has(declared.lang)) {
    const words = detectLanguage(sample, lists, { fold: false });
    if (words.lang !== declared.lang || words.margin < CLEAR_MARGIN) return false;
  }
  return (await trigramRanking(windows))[0]?.[0] === declared.iso6393;
}
