import type { FrequencyList } from '../../core/text/types.ts';

/** Most words a list remembers the count of before it starts afresh. */
const MAX_REMEMBERED = 200_000;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const ZERO = 48;
const NINE = 57;

/** The lines of a frequency list, in file order: lower-cased words and their counts. */
export interface FrequencyLines {
  words: string[];
  counts: Float64Array;
}

/**
 * What a list needs besides its lines: the words in alphabetical order (indices into the lines, each word
 * once) and the counts with repeated words merged into their first line. Cached on disk by the loader.
 */
export interface FrequencyIndex {
  order: Uint32Array;
  counts: Float64Array;
}

/** Reads `word count` lines in one pass over character codes; malformed lines are skipped. */
export function splitFrequencyList(text: string): FrequencyLines {
  const words: string[] = [];
  const counts: number[] = [];
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = length;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === CARRIAGE_RETURN) stop--;
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
        words.push(word);
        counts.push(count);
      }
    }
    start = end + 1;
  }
  return { words, counts: Float64Array.from(counts) };
}

/** Sorts the words alphabetically, each once, adding the counts of repeated words to their first line. */
export function indexFrequencyList({ words, counts }: FrequencyLines): FrequencyIndex {
  const all = Array.from(words.keys()).sort((a, b) => compare(words[a]!, words[b]!) || a - b);
  const merged = Float64Array.from(counts);
  const order: number[] = [];
  for (const i of all) {
    const kept = order[order.length - 1];
    if (kept !== undefined && words[kept] === words[i]) {
      merged[kept]! += merged[i]!;
      merged[i] = 0;
    } else order.push(i);
  }
  return { order: Uint32Array.from(order), counts: merged };
}

/** A frequency list over its lines and index: look-ups by binary search, no hash table to build. */
export function createFrequencyList(lines: FrequencyLines, index: FrequencyIndex): FrequencyList {
  const { words } = lines;
  const { order, counts } = index;
  let total = 0;
  for (const i of order) total += counts[i]!;
  const find = (word: string): number => {
    let low = 0;
    let high = order.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const at = order[middle]!;
      const difference = compare(words[at]!, word);
      if (difference === 0) return counts[at]!;
      if (difference < 0) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  };
  let byFrequency: string[] | undefined;
  const listWords = () => {
    // Lists come most frequent first: keep the file order of the indexed lines unless it is not.
    const kept = new Uint8Array(words.length);
    for (const i of order) kept[i] = 1;
    const lines: number[] = [];
    for (let i = 0; i < words.length; i++) if (kept[i]) lines.push(i);
    if (lines.some((line, k) => k > 0 && counts[lines[k - 1]!]! < counts[line]!)) {
      lines.sort((a, b) => counts[b]! - counts[a]! || a - b);
    }
    return lines.map((i) => words[i]!);
  };
  // The cleaner asks for the same words again and again: answer each from memory after the first search.
  const answers = new Map<string, number>();
  return {
    count: (word) => {
      let answer = answers.get(word);
      if (answer === undefined) {
        answer = find(word) || (hasUpperCase(word) ? find(word.toLowerCase()) : 0);
        if (answers.size >= MAX_REMEMBERED) answers.clear();
        answers.set(word, answer);
      }
      return answer;
    },
    total,
    get words() {
      byFrequency ??= listWords();
      return byFrequency;
    },
  };
}

/** Parses a frequency list (`word count` lines); words are lower-cased and merged. */
export function parseFrequencyList(text: string): FrequencyList {
  const lines = splitFrequencyList(text);
  return createFrequencyList(lines, indexFrequencyList(lines));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hasUpperCase(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 192 && word.charAt(i) !== word.charAt(i).toLowerCase()))
      return true;
  }
  return false;
}
