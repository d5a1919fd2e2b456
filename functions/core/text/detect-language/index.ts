import type { FrequencyList } from '../types.ts';
import { foldDiacritics } from './fold.ts';

export { foldDiacritics } from './fold.ts';
export {
  type Identification,
  type IdentifyData,
  type IdentifyOptions,
  identifyLanguage,
} from './identify.ts';

/** Result of {@link detectLanguage}. */
export interface DetectedLanguage {
  /** The most likely language, or null when the text is too short or matches no list well enough. */
  lang: string | null;
  /** Per language: the share of the text's words attributed to it (sums to the hit rate). */
  scores: Record<string, number>;
  /** Share of the text's words found in any list (exactly or without diacritics). */
  hitRate: number;
  /** Lead of the best language over the second, as a share of the words. */
  margin: number;
}

/** Options of {@link detectLanguage}. */
export interface DetectOptions {
  /** Fewest words to decide on. Default 3. */
  minWords?: number;
  /** Lowest share of words found in some list. Default 0.3. */
  minHitRate?: number;
  /** Words read from the text at most (the rest adds time, not accuracy). Default 5000. */
  maxWords?: number;
  /**
   * Look words up without diacritics when the words found as written leave the language open (folding
   * every list costs more than reading the text). Default true; false answers from the words as written.
   */
  fold?: boolean;
}

/** One language's list, with the probabilities of its words that carry diacritics, folded. */
interface Model {
  lang: string;
  list: FrequencyList;
  folded: Map<string, number>;
}

const models = new WeakMap<ReadonlyMap<string, FrequencyList>, Model[]>();

function buildModels(lists: ReadonlyMap<string, FrequencyList>): Model[] {
  let found = models.get(lists);
  if (found) return found;
  found = [...lists].map(([lang, list]) => {
    const folded = new Map<string, number>();
    for (const word of list.words) {
      // Words of ASCII letters only fold to themselves: the list itself answers for them.
      if (isAscii(word)) continue;
      const key = foldDiacritics(word);
      folded.set(key, (folded.get(key) ?? 0) + list.count(word) / list.total);
    }
    return { lang, list, folded };
  });
  models.set(lists, found);
  return found;
}

/**
 * Identifies the language of a text from word-frequency lists, without a dictionary.
 *
 * Each word is shared among the languages in proportion to its probability in each list, so words
 * common to several languages (Danish and Norwegian "og", "er") weigh little and distinctive ones
 * ("af" against "av", "nogle" against "noen") decide. A word found in no list is looked up without
 * diacritics, which keeps OCR text that lost them ("stader", "pa") recognisable.
 */
export function detectLanguage(
  text: string,
  lists: ReadonlyMap<string, FrequencyList>,
  options: DetectOptions = {},
): DetectedLanguage {
  const exact = score(text, [...lists], undefined, options);
  // Folding every list costs more than reading the text: only when exact words leave it open.
  if ((exact.lang !== null && exact.margin >= CLEAR_MARGIN) || options.fold === false) return exact;
  return score(text, [...lists], buildModels(lists), options);
}

/** Lead (share of words) above which words found as written decide without folded look-ups. */
export const CLEAR_MARGIN = 0.15;

function score(
  text: string,
  lists: [string, FrequencyList][],
  models: Model[] | undefined,
  options: DetectOptions,
): DetectedLanguage {
  const { minWords = 3, minHitRate = 0.3, maxWords = 5000 } = options;
  const totals = lists.map(() => 0);
  let words = 0;
  let hits = 0;
  for (const match of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    if (words >= maxWords) break;
    words++;
    const word = match[0];
    let probabilities = lists.map(([, list]) => list.count(word) / list.total);
    let sum = probabilities.reduce((a, b) => a + b, 0);
    if (sum === 0 && models) {
      const key = foldDiacritics(word);
      probabilities = models.map(
        (model) => (model.folded.get(key) ?? 0) + model.list.count(key) / model.list.total,
      );
      sum = probabilities.reduce((a, b) => a + b, 0);
    }
    if (sum === 0) continue;
    hits++;
    probabilities.forEach((p, i) => {
      totals[i]! += p / sum;
    });
  }
  const scores: Record<string, number> = {};
  lists.forEach(([lang], i) => {
    scores[lang] = words > 0 ? totals[i]! / words : 0;
  });
  const ranked = Object.entries(scores).sort((x, y) => y[1] - x[1]);
  const hitRate = words > 0 ? hits / words : 0;
  const margin = (ranked[0]?.[1] ?? 0) - (ranked[1]?.[1] ?? 0);
  const decided = words >= minWords && hitRate >= minHitRate && margin > 0;
  return { lang: decided ? ranked[0]![0] : null, scores, hitRate, margin };
}

function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 128) return false;
  return true;
}
