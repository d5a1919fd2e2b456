import type { FrequencyList } from '../../core/text/types.ts';

/** Parses a frequency list: one `word count` pair per line; words are lower-cased and merged. */
export function parseFrequencyList(text: string): FrequencyList {
  const counts = new Map<string, number>();
  let total = 0;
  for (const line of text.split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space <= 0) continue;
    const count = Number(line.slice(space + 1));
    if (!Number.isFinite(count) || count <= 0) continue;
    const word = line.slice(0, space).trim().toLowerCase();
    counts.set(word, (counts.get(word) ?? 0) + count);
    total += count;
  }
  const words = [...counts.keys()];
  // Lists come most frequent first; sort only when one does not.
  if (words.some((word, i) => i > 0 && counts.get(words[i - 1]!)! < counts.get(word)!)) {
    words.sort((a, b) => counts.get(b)! - counts.get(a)!);
  }
  return {
    count: (word) => counts.get(word.toLowerCase()) ?? 0,
    total,
    words,
  };
}
