/**
 * A frequency list compiled to one binary file, read in one go and searched in place: no text to split, no
 * string per word built at load, no index to sort. Layout (little-endian):
 *
 * - `u32` magic, `u32` n (distinct words);
 * - `f64[n]` counts, in the list's order (most frequent first; repeated words merged into their first line);
 * - `u32[n]` the words' indices in UTF-8 byte order (the search order);
 * - `u32[n + 1]` byte offsets of the words in the text block;
 * - the words in UTF-8, each followed by a line feed.
 */
import type { FrequencyList } from '../../core/text/types.ts';
import type { FrequencyIndex, FrequencyLines } from './frequency-list.ts';
import { createFrequencyList } from './frequency-list.ts';

const MAGIC = 0x51464143; // "CAFQ"
const LINE_FEED = 10;
/** Most words a list remembers the count of before it starts afresh. */
const MAX_REMEMBERED = 200_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Compiles a list from its lines and index (as `createFrequencyList` takes them) into the binary layout. */
export function compileFrequencyList(lines: FrequencyLines, index: FrequencyIndex): Uint8Array {
  const list = createFrequencyList(lines, index);
  const words = list.words;
  const n = words.length;
  const encoded = words.map((word) => encoder.encode(word));
  const order = Array.from(encoded.keys()).sort((a, b) => compareBytes(encoded[a]!, encoded[b]!));
  const textBytes = encoded.reduce((sum, bytes) => sum + bytes.length + 1, 0);
  const textStart = 8 + n * 8 + n * 4 + (n + 1) * 4;
  const out = new Uint8Array(textStart + textBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, n, true);
  const counts = new Float64Array(n);
  for (let i = 0; i < n; i++) counts[i] = list.count(words[i]!);
  out.set(new Uint8Array(counts.buffer), 8);
  out.set(new Uint8Array(Uint32Array.from(order).buffer), 8 + n * 8);
  const offsets = new Uint32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = at;
    out.set(encoded[i]!, textStart + at);
    at += encoded[i]!.length;
    out[textStart + at] = LINE_FEED;
    at += 1;
  }
  offsets[n] = at;
  out.set(new Uint8Array(offsets.buffer), 8 + n * 8 + n * 4);
  return out;
}

/** Reads a compiled list; throws on a file that is not one. The bytes are used in place, not copied. */
export function readCompiledFrequencyList(bytes: Uint8Array): FrequencyList {
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  if (aligned.byteLength < 12 || view.getUint32(0, true) !== MAGIC)
    throw new Error('not a compiled frequency list');
  const n = view.getUint32(4, true);
  const textStart = 8 + n * 8 + n * 4 + (n + 1) * 4;
  if (aligned.byteLength < textStart) throw new Error('truncated compiled frequency list');
  const counts = new Float64Array(aligned.buffer, aligned.byteOffset + 8, n);
  const order = new Uint32Array(aligned.buffer, aligned.byteOffset + 8 + n * 8, n);
  const offsets = new Uint32Array(aligned.buffer, aligned.byteOffset + 8 + n * 12, n + 1);
  const text = aligned.subarray(textStart, textStart + offsets[n]!);
  if (text.byteLength !== offsets[n]) throw new Error('truncated compiled frequency list');
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i]!;

  const find = (word: string): number => {
    const key = encoder.encode(word);
    let low = 0;
    let high = n - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const at = order[middle]!;
      const difference = compareRange(text, offsets[at]!, offsets[at + 1]! - 1, key);
      if (difference === 0) return counts[at]!;
      if (difference < 0) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  };
  const answers = new Map<string, number>();
  let words: string[] | undefined;
  return {
    count: (word) => {
      let answer = answers.get(word);
      if (answer === undefined) {
        answer = find(word) || (word !== word.toLowerCase() ? find(word.toLowerCase()) : 0);
        if (answers.size >= MAX_REMEMBERED) answers.clear();
        answers.set(word, answer);
      }
      return answer;
    },
    total,
    get words() {
      words ??= n === 0 ? [] : decoder.decode(text.subarray(0, text.byteLength - 1)).split('\n');
      return words;
    },
    // The most frequent words come first in the text block: decode only theirs.
    top: (count) => {
      const k = Math.max(0, Math.min(n, Math.floor(count)));
      if (words) return words.slice(0, k);
      return k === 0 ? [] : decoder.decode(text.subarray(0, offsets[k]! - 1)).split('\n');
    },
  };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Compares the bytes `text[start, end)` with `key`. */
function compareRange(text: Uint8Array, start: number, end: number, key: Uint8Array): number {
  const length = Math.min(end - start, key.length);
  for (let i = 0; i < length; i++) {
    const difference = text[start + i]! - key[i]!;
    if (difference !== 0) return difference;
  }
  return end - start - key.length;
}
