/**
 * Cuts for a page read across two columns, chosen together by dynamic programming over consecutive lines
 * rather than one line at a time: each column is a stream of wrapped lines, so a cut is judged by how its
 * halves continue the halves of the line above (a full line broke because the stream's next word did not
 * fit; an unfinished line continues in lower case; a word hyphenated at a line end joins the stream's
 * next word into a word).
 */
import { candidateCuts, cueAt } from './columns.ts';
import { endsTerminal } from './line-marks.ts';

/** Inputs of {@link planColumnCuts}. */
export interface ColumnPlanOptions {
  /** Column width each line is judged against. */
  widths: readonly number[];
  /** Short words that may follow a suspended-compound hyphen ("jämlikhets- och"). */
  conjunctions: ReadonlySet<string>;
  /** True when a word is a word of the language (joins across a line-end hyphen are checked with it). */
  isWord?: (word: string) => boolean;
  /**
   * Lines whose halves are fixed by other cues (a gutter speck marks where one column had a gap): they
   * keep their halves and still tell the plan how the lines around them continue.
   */
  fixed?: ReadonlyArray<{ left: string; right: string } | undefined>;
}

interface Candidate {
  /** Index of the right half's first character, null for a line left whole, undefined for a fixed line. */
  at: number | null | undefined;
  left: string;
  right: string;
  unary: number;
}

const firstWord = (text: string) => /^\S+/.exec(text)?.[0];
const fits = (line: string, word: string | undefined, measure: number) =>
  !!word && line.length + 1 + word.length <= measure;

/** Bonus when the two lines of one stream read as a wrapped continuation, penalty when they cannot. */
export function streamContinuity(
  above: string,
  below: string,
  measure: number,
  isWord?: (word: string) => boolean,
): number {
  if (!above || !below) return 0;
  const terminal = endsTerminal(above);
  const lower = /^[^\p{L}\p{N}]*\p{Ll}/u.test(below);
  let score = 0;
  // A line that was not finished had to break: the next word of its stream would not have fitted.
  if (!terminal && fits(above, firstWord(below), measure)) score -= 1.5;
  if (!terminal) score += lower ? 1 : -0.5;
  // After a sentence end a stream goes on in capitals; list items after ";" or ":" may start in lower case.
  else if (lower && /[.!?][)”"’»*†\d]?$/u.test(above)) score -= 1;
  const hyphen = /(\p{L}+)-$/u.exec(above);
  const next = /^\p{L}+/u.exec(below)?.[0];
  if (hyphen && next && isWord) {
    const joined = hyphen[1]! + next;
    if (isWord(joined) || isWord(joined.toLowerCase())) score += 1.5;
  }
  return score;
}

function candidatesOf(line: string, width: number, conjunctions: ReadonlySet<string>): Candidate[] {
  const length = line.length;
  const out: Candidate[] = [];
  if (length < width * 1.2)
    out.push({ at: null, left: line, right: '', unary: length < width * 0.55 ? 0 : 1.2 });
  if (length < width * 0.55) return out;
  for (const { at, left, right } of candidateCuts(line, width)) {
    // A comma at a column line end is ordinary; how the streams go on weighs such cuts instead.
    const cue = Math.max(0, cueAt(left, right, conjunctions));
    let unary = cue;
    if (!endsTerminal(right)) unary -= (2 * Math.abs(right.length - width)) / width;
    if (!endsTerminal(left)) unary -= (2.5 * Math.abs(left.length - width)) / width;
    out.push({ at, left, right, unary });
  }
  // A line no cut fits (a long line of unknown layout) is left whole.
  if (out.length === 0) out.push({ at: null, left: line, right: '', unary: 0 });
  return out;
}

/**
 * The cut of each line of a two-column page: the index where its right half starts, null for a line left
 * whole (one column only, or blank), undefined for lines left to other rules.
 */
export function planColumnCuts(
  lines: readonly string[],
  options: ColumnPlanOptions,
): Array<number | null | undefined> {
  const plan: Array<number | null | undefined> = lines.map(() => undefined);
  const run: number[] = [];
  const flush = () => {
    if (run.length) decode(run);
  };
  const decode = (indexes: number[]) => {
    const cands = indexes.map((i) => {
      const fixed = options.fixed?.[i];
      if (fixed) return [{ at: undefined, left: fixed.left, right: fixed.right, unary: 0 }];
      return candidatesOf(lines[i]!, options.widths[i]!, options.conjunctions);
    });
    const best: number[][] = [cands[0]!.map((c) => c.unary)];
    const back: number[][] = [cands[0]!.map(() => -1)];
    for (let k = 1; k < indexes.length; k++) {
      const width = options.widths[indexes[k]!]!;
      const scores: number[] = [];
      const from: number[] = [];
      for (const cur of cands[k]!) {
        let top = Number.NEGATIVE_INFINITY;
        let arg = -1;
        cands[k - 1]!.forEach((prev, p) => {
          let s = best[k - 1]![p]!;
          // A line left whole breaks the chain: its column is not known.
          if (prev.at !== null && cur.at !== null) {
            const w = 2;
            s += w * streamContinuity(prev.left, cur.left, width, options.isWord);
            s += w * streamContinuity(prev.right, cur.right, width, options.isWord);
          }
          if (s > top) {
            top = s;
            arg = p;
          }
        });
        scores.push(top + cur.unary);
        from.push(arg);
      }
      best.push(scores);
      back.push(from);
    }
    const lastScores = best[best.length - 1]!;
    let pick = lastScores.indexOf(Math.max(...lastScores));
    for (let k = indexes.length - 1; k >= 0; k--) {
      plan[indexes[k]!] = cands[k]![pick]!.at;
      pick = back[k]![pick]!;
    }
  };
  lines.forEach((line, i) => {
    // The OCR's blank lines fall anywhere on such a page: they do not break a stream.
    if (line) run.push(i);
  });
  flush();
  return plan;
}
