import type { FrequencyList } from '../../core/text/types.ts';

const CARRIAGE_RETURN = 13;
const SPACE = 32;
const ZERO = 48;
const NINE = 57;

/**
 * Parses a frequency list: one `word count` pair per line; words are lower-cased and merged.
 * Written as one pass over character codes: four 50,000-line lists load at every CLI start.
 */
export function parseFrequencyList(text: string): FrequencyList {
  const counts = new Map<string, number>();
  const words: string[] = [];
  let total = 0;
  let sorted = true;
  let previous = Number.POSITIVE_INFINITY;
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = length;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === CARRIAGE_RETURN) stop--;
    // The count: digits at the end of the line, after the last space.
    let count = 0;
    let scale = 1;
    let at = stop - 1;
    while (at >= start) {
      const code = text.charCodeAt(at);
      if (code < ZERO || code > NINE) break;
      count += (code - ZERO) * scale;
      scale *= 10;
      at--;
    }
    if (at > start && at < stop - 1 && text.charCodeAt(at) === SPACE && count > 0) {
      let word = text.slice(start, at).trim();
      // Lists are lower case already; lower-case only a line that is not.
      if (hasUpperCase(word)) word = word.toLowerCase();
      if (word) {
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

function hasUpperCase(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 192 && word.charAt(i) !== word.charAt(i).toLowerCase()))
      return true;
  }
  return false;
}
