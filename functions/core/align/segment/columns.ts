/**
 * Two columns read across: an OCR line that holds the end of a left-column line and the start of a
 * right-column line. Finds the split by general cues (a bullet mark or a capitalised word after sentence
 * punctuation mid-line, a word hyphen that was a line end) weighed against the column width.
 */
import { endsTerminal } from './line-marks.ts';

/** Where to cut a line, and how sure the cut is. */
export interface ColumnSplit {
  /** Index of the first character of the right half. */
  at: number;
  score: number;
}

/** Options of {@link findColumnSplit}. */
export interface ColumnSplitOptions {
  /** Typical width of a full column line (see typicalLineWidth). */
  width: number;
  /** Short words that may follow a suspended-compound hyphen ("jämlikhets- och"). */
  conjunctions?: ReadonlySet<string>;
}

const MID_BULLET = /^[•*+\-–—«»·°▪■►‣◦][ \t]+\p{L}/u;

function cueAt(left: string, right: string, conjunctions: ReadonlySet<string>): number {
  if (MID_BULLET.test(right)) {
    const dash = /^[-–—]/.test(right);
    const lowerAfter = /^\S\s+\p{Ll}/u.test(right);
    return dash && lowerAfter && !endsTerminal(left) ? 0.8 : 3;
  }
  const upper = /^[^\p{L}\p{N}]*\p{Lu}/u.test(right);
  if (/[.!?:][)”"’»*†\d]?$/u.test(left)) return upper ? 2.5 : 1.8;
  if (/;[)”"’»]?$/u.test(left)) return upper ? 2.5 : 1.2;
  const hyphen = /\p{L}{2,}-$/u.exec(left);
  if (hyphen) {
    const next = /^\p{L}+/u.exec(right)?.[0] ?? '';
    if (next.length > 3 && !conjunctions.has(next.toLowerCase())) return 2.5;
  }
  if (/[,]$/.test(left)) return -0.5;
  return 0;
}

/**
 * The best place to cut `line` into a left and a right column, or null when the line reads as one
 * column. `line` is trimmed; the cut always falls at the start of a word.
 */
export function findColumnSplit(line: string, { width, conjunctions = new Set() }: ColumnSplitOptions): ColumnSplit | null {
  const length = line.length;
  if (length < width * 1.15) return null;
  let best: ColumnSplit | null = null;
  for (let at = 1; at < length; at++) {
    if (line[at - 1] !== ' ' || line[at] === ' ') continue;
    const left = line.slice(0, at).trimEnd();
    const right = line.slice(at);
    if (left.length < 3 || right.length < 3) continue;
    if (left.length > width * 1.15 || right.length > width * 1.2) continue;
    const cue = cueAt(left, right, conjunctions);
    let score = cue;
    if (!endsTerminal(right)) score -= (4 * Math.abs(right.length - width)) / width;
    if (cue <= 0) score -= (2.5 * Math.abs(left.length - width)) / width;
    if (!best || score > best.score) best = { at, score };
  }
  if (!best) return null;
  const forced = length >= width * 1.3;
  return forced || best.score >= 1 ? best : null;
}
