/**
 * Lines whose words came out in reverse order (a PDF text extraction of right-to-left runs, or of columns
 * drawn backwards): "paix la de et justice la de liberté," for "liberté, de la justice et de la paix". Each line
 * is read both ways against the word pairs of the rest of the document, the pairs across its line breaks
 * included, numbers counted as one class; a line that reads clearly better backwards is turned round. The document is its own language model, so this works in any language.
 */
import type { SourceLine } from './types.ts';
import { wordKey } from './word-key.ts';

/** Words a line needs before its order can be judged (with its breaks, a two-word line has three pairs). */
const MIN_WORDS = 2;
/** How much better (in log pair counts per pair, the line's breaks counted as pairs) the reversed reading must be. */
const MIN_GAIN_PER_PAIR = 0.45;
/** Pairs a line break that speaks either way counts for (the line above's last word or the line below's first). */
const BREAK_PAIRS = 2;
/** Pairs of a line the document has seen either way round, needed to judge it. */
const MIN_INFORMATIVE = 2;
/** Added to both counts of a pair (a pair seen once either way says little). */
const SMOOTHING = 0.5;
/** Word pairs a document needs before it can judge any line. */
const MIN_DOCUMENT_PAIRS = 200;

/** A word as the pair counts key it: numbers are one class ("Article 4" and "Article 8" are one pattern). */
function pairKey(word: string): string {
  const key = wordKey(word);
  return /^\p{N}+$/u.test(key) ? '#' : key;
}

function pairsOf(words: readonly string[]): string[] {
  const keys = words.map(pairKey);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < keys.length; i++) {
    if (keys[i] && keys[i + 1]) pairs.push(`${keys[i]} ${keys[i + 1]}`);
  }
  return pairs;
}

/** The pair a line break joins: the last word of one line and the first of the next. */
function junction(above: readonly string[] | undefined, below: readonly string[] | undefined): string | null {
  if (!above?.length || !below?.length) return null;
  const a = pairKey(above[above.length - 1]!);
  const b = pairKey(below[0]!);
  return a && b ? `${a} ${b}` : null;
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
    const add = (pair: string | null) => {
      if (!pair) return;
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
      total++;
    };
    reading.forEach((list, i) => {
      for (const pair of pairsOf(list)) add(pair);
      // Lines run on into the next: the pair across a line break is running text as well.
      add(junction(list, reading[i + 1]));
    });
    if (total < MIN_DOCUMENT_PAIRS) return [...lines];
    const next = words.map(
      (list, i) => judged[i]! && readsBackwards(list, reading[i]!, reading[i - 1], reading[i + 1], counts),
    );
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
  above: readonly string[] | undefined,
  below: readonly string[] | undefined,
  counts: ReadonlyMap<string, number>,
): boolean {
  const own = new Map<string, number>();
  const mine = [...pairsOf(reading), junction(above, reading), junction(reading, below)];
  for (const pair of mine) if (pair) own.set(pair, (own.get(pair) ?? 0) + 1);
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
  // The line breaks around it: read backwards, the line's last word follows the line above and its first
  // word goes on into the line below.
  const backwards = [...list].reverse();
  let breaks = 0;
  for (const [asPrinted, turned] of [
    [junction(above, list), junction(above, backwards)],
    [junction(list, below), junction(backwards, below)],
  ]) {
    if (!asPrinted || !turned) continue;
    const v = Math.log((count(turned) + SMOOTHING) / (count(asPrinted) + SMOOTHING));
    if (v !== 0) {
      informative++;
      breaks++;
    }
    gain += v;
  }
  // A sentence ends at the end of a line read the right way, and starts at its beginning.
  const cue = edgeCue(list);
  gain += CUE_WEIGHT * cue;
  if (cue !== 0) informative++;
  return (
    informative >= MIN_INFORMATIVE && gain >= MIN_GAIN_PER_PAIR * (forward.length + breaks * BREAK_PAIRS)
  );
}
