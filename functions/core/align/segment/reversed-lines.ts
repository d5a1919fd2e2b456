/**
 * Lines whose words came out in reverse order (a PDF text extraction of right-to-left runs, or of columns
 * drawn backwards): "paix la de et justice la de liberté," for "liberté, de la justice et de la paix". Each line
 * is read both ways against the word pairs of the rest of the document; a line that reads clearly better
 * backwards is turned round. The document is its own language model, so this works in any language.
 */
import type { SourceLine } from './types.ts';
import { wordKey } from './word-key.ts';

/** Words a line needs before its order can be judged. */
const MIN_WORDS = 4;
/** How much better (in log pair counts per pair) the reversed reading must be. */
const MIN_GAIN_PER_PAIR = 0.35;
/** Pairs of a line the document has seen either way round, needed to judge it. */
const MIN_INFORMATIVE = 2;
/** Added to both counts of a pair (a pair seen once either way says little). */
const SMOOTHING = 0.5;
/** Word pairs a document needs before it can judge any line. */
const MIN_DOCUMENT_PAIRS = 200;

function pairsOf(words: readonly string[]): string[] {
  const keys = words.map(wordKey);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < keys.length; i++) {
    if (keys[i] && keys[i + 1]) pairs.push(`${keys[i]} ${keys[i + 1]}`);
  }
  return pairs;
}

/** Rounds of turning lines and counting pairs again. */
const ROUNDS = 3;
/** Weight of a sentence edge at the wrong end of a line, in pair votes. */
const CUE_WEIGHT = 1.5;

/**
 * +1 when the sentence edges say the line runs backwards, -1 when they say it runs forwards, 0 when they say
 * nothing.
 */
function edgeCue(words: readonly string[]): number {
  const closes = (w: string) => /\p{L}[.!?;:]["»”’)]*$/u.test(w);
  const opens = (w: string) => /^["«„“(]*\p{Lu}\p{Ll}/u.test(w);
  const first = words[0]!;
  const last = words[words.length - 1]!;
  // A sentence closing on the first word and another opening on the last: the line runs backwards. (Either
  // alone is common in a line read the right way: "services. If the ..." or "... the European".)
  if (closes(first) && opens(last)) return 1;
  if (closes(last) || (opens(first) && !opens(last))) return -1;
  return 0;
}

/** Lines with reversed word order turned round; the others returned as they are. */
export function restoreReversedLines(lines: readonly SourceLine[]): SourceLine[] {
  const words = lines.map((line) => line.text.trim().split(/\s+/u).filter(Boolean));
  const judged = words.map((list, i) => list.length >= MIN_WORDS && /\p{L}/u.test(lines[i]!.text));
  let flipped = words.map(() => false);
  // The pairs are counted over the current reading of every line: once the clearest reversed lines are turned
  // round, their pairs stop speaking for the wrong order, and the next round sees the others better.
  for (let round = 0; round < ROUNDS; round++) {
    const counts = new Map<string, number>();
    let total = 0;
    const reading = words.map((list, i) => (flipped[i] ? [...list].reverse() : list));
    for (const list of reading) {
      for (const pair of pairsOf(list)) {
        counts.set(pair, (counts.get(pair) ?? 0) + 1);
        total++;
      }
    }
    if (total < MIN_DOCUMENT_PAIRS) return [...lines];
    const next = words.map((list, i) => judged[i]! && readsBackwards(list, reading[i]!, counts));
    if (next.every((f, i) => f === flipped[i])) break;
    flipped = next;
  }
  return lines.map((line, i) => {
    if (!flipped[i]) return line;
    const indent = /^\s*/u.exec(line.text)![0];
    return { ...line, text: `${indent}${[...words[i]!].reverse().join(' ')}` };
  });
}

/**
 * True when the line as printed (`list`) reads clearly better backwards. Each pair votes by how much more often
 * the document writes it the other way round, leaving out the line's own pairs (its current `reading`), so a
 * line does not vouch for itself.
 */
function readsBackwards(
  list: readonly string[],
  reading: readonly string[],
  counts: ReadonlyMap<string, number>,
): boolean {
  const own = new Map<string, number>();
  for (const pair of pairsOf(reading)) own.set(pair, (own.get(pair) ?? 0) + 1);
  const count = (pair: string) => (counts.get(pair) ?? 0) - (own.get(pair) ?? 0);
  const forward = pairsOf(list);
  let gain = 0;
  let informative = 0;
  for (const pair of forward) {
    const [a, b] = pair.split(' ') as [string, string];
    const v = Math.log((count(`${b} ${a}`) + SMOOTHING) / (count(pair) + SMOOTHING));
    if (v !== 0) informative++;
    gain += v;
  }
  // A sentence ends at the end of a line read the right way, and starts at its beginning.
  const cue = edgeCue(list);
  gain += CUE_WEIGHT * cue;
  if (cue !== 0) informative++;
  return informative >= MIN_INFORMATIVE && gain >= MIN_GAIN_PER_PAIR * forward.length;
}
