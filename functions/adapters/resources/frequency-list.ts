import type { FrequencyList } from '../../core/text/types.ts';

/** Parses a frequency list: one `word count` pair per line; words are lower-cased and merged. */
export function parseFrequencyList(text: string): FrequencyList {
  const counts = new Map<string, number>();
  const words: string[] = [];
  let total = 0;
  let sorted = true;
  let previous = Number.POSITIVE_INFINITY;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const space = text.lastIndexOf(' ', end);
    if (space > start) {
      const count = Number(text.slice(space + 1, end));
      let word = text.slice(start, space).trim();
      // Lists are lower case already; lower-case only the rare line that is not.
      if (word !== word.toLowerCase()) word = word.toLowerCase();
      if (word && Number.isFinite(count) && count > 0) {
        const known = counts.get(word);
        if (known === undefined) words.push(word);
        counts.set(word, (known ?? 0) + count);
        total += count;
        if (count > previous) sorted = false;
        previous = count;
      }
    }
    start = end + 1;
  }
  // Lists come most frequent first; sort only when one does not.
  if (!sorted) words.sort((a, b) => counts.get(b)! - counts.get(a)!);
  return {
    count: (word) => counts.get(word) ?? counts.get(word.toLowerCase()) ?? 0,
    total,
    words,
  };
}
