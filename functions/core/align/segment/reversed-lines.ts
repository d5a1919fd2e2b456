/**
 * Lines whose words came out in reverse order (a PDF text extraction of right-to-left runs, or of columns
 * drawn backwards): "paix la de et justice la de liberté," for "liberté, de la justice et de la paix". Each line
 * is read both ways against the word pairs of the rest of the document; a line that reads clearly better
 * backwards is turned round. The document is its own language model, so this works in any language.
 */
import type { SourceLine } from './types.ts';

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

const key = (word: string) => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

function pairsOf(words: readonly string[]): string[] {
  const keys = words.map(key);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < keys.length; i++) {
    if (keys[i] && keys[i + 1]) pairs.push(`${keys[i]} ${keys[i + 1]}`);
  }
  return pairs;
}

/** Weight of a sentence edge at the wrong end of a line, in pair votes. */
const CUE_WEIGHT = 1.5;

/**
 * +1 for each sign that the line runs backwards (a sentence's closing word first, a sentence's capitalised opening
 * word last), -1 for each sign that it runs forwards.
 */
function edgeCue(words: readonly string[]): number {
  const closes = (w: string) => /\p{L}[.!?;:]["»”’)]*$/u.test(w);
  const opens = (w: string) => /^["«„“(]*\p{Lu}\p{Ll}/u.test(w);
  const first = words[0]!;
  const last = words[words.length - 1]!;
  let cue = 0;
  if (closes(first)) cue++;
  if (closes(last)) cue--;
  if (opens(last) && !opens(first)) cue++;
  if (opens(first) && !opens(last)) cue--;
  return cue;
}

/** Lines with reversed word order turned round; the others returned as they are. */
export function restoreReversedLines(lines: readonly SourceLine[]): SourceLine[] {
  const words = lines.map((line) => line.text.trim().split(/\s+/u).filter(Boolean));
  const counts = new Map<string, number>();
  let total = 0;
  for (const list of words) {
    for (const pair of pairsOf(list)) {
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
      total++;
    }
  }
  if (total < MIN_DOCUMENT_PAIRS) return [...lines];
  // Each pair votes by how much more often the document writes it the other way round; the line's own pairs
  // are left out, so a line does not vouch for itself.
  const vote = (a: string, b: string, own: ReadonlyMap<string, number>) => {
    const ab = (counts.get(`${a} ${b}`) ?? 0) - (own.get(`${a} ${b}`) ?? 0);
    const ba = (counts.get(`${b} ${a}`) ?? 0) - (own.get(`${b} ${a}`) ?? 0);
    return Math.log((ba + SMOOTHING) / (ab + SMOOTHING));
  };
  return lines.map((line, i) => {
    const list = words[i]!;
    if (list.length < MIN_WORDS || !/^[\s\S]*\p{L}/u.test(line.text)) return line;
    const forward = pairsOf(list);
    const own = new Map<string, number>();
    for (const pair of forward) own.set(pair, (own.get(pair) ?? 0) + 1);
    let gain = 0;
    let informative = 0;
    for (const pair of forward) {
      const [a, b] = pair.split(' ') as [string, string];
      const v = vote(a, b, own);
      if (v !== 0) informative++;
      gain += v;
    }
    // A sentence ends at the end of a line read the right way, and starts at its beginning.
    const cue = edgeCue(list);
    gain += CUE_WEIGHT * cue;
    if (cue !== 0) informative++;
    if (informative < MIN_INFORMATIVE || gain < MIN_GAIN_PER_PAIR * forward.length) return line;
    const reversedWords = [...list].reverse();
    const indent = /^\s*/u.exec(line.text)![0];
    return { ...line, text: `${indent}${reversedWords.join(' ')}` };
  });
}
