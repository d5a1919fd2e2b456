/** The best cheap reading of a word outside the lexicon, for rules outside the OCR corrector. */
import type { ConfusionModel, FrequencyList, LanguageResources } from '../types.ts';
import { type Candidate, costTable, createLexiconReader, lettersInUse } from './lexicon-reader.ts';

/** Budget (nats, data-file costs) of a cheap reading: lost diacritics and one other confusion. */
const CHEAP_BUDGET = 4;

function logP(list: FrequencyList, word: string): number {
  return Math.log((list.count(word) + 0.5) / (list.total + 1));
}

/**
 * A function giving the lexicon word an OCR-damaged form most likely stands for through cheap
 * confusions of the data file (lost diacritics free, at most one other), or undefined when the word
 * is in the lexicon or has no such reading. Used by retext-dehyphenate: "forklaring" (for "för" +
 * "klaring" split at a line end) is a damaged "förklaring", not a compound to hyphenate.
 */
export function cheapReading(
  resources: LanguageResources,
  confusions: ConfusionModel,
): (word: string) => string | undefined {
  const { lexicon, frequency } = resources;
  const alphabet = lettersInUse(frequency);
  const usable = confusions.confusions.filter((c) =>
    [...c.intended.toLowerCase()].every((ch) => alphabet.has(ch)),
  );
  const table = costTable(usable, (c) => c.cost, true, CHEAP_BUDGET);
  const reader = createLexiconReader(lexicon, 6);
  const cache = new Map<string, string | undefined>();
  return (word) => {
    if (cache.has(word)) return cache.get(word);
    let best: Candidate | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    if (!lexicon.has(word) && !lexicon.has(word.toLowerCase())) {
      const found = new Map<string, Candidate>();
      reader.search(word.toLowerCase(), found, table, CHEAP_BUDGET);
      for (const candidate of found.values()) {
        if (candidate.parts !== 1) continue;
        const value = logP(frequency, candidate.word) - candidate.edits.reduce((sum, e) => sum + e.cost, 0);
        if (value > bestScore) {
          best = candidate;
          bestScore = value;
        }
      }
    }
    cache.set(word, best?.word);
    return best?.word;
  };
}
