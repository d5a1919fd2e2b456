/**
 * Two columns read across: an OCR line that holds the end of a left-column line and the start of a
 * right-column line. Finds the split by general cues (a bullet mark or a capitalised word after sentence
 * punctuation mid-line, a word hyphen that was a line end) weighed against the column width.
 */
import { debrisPrefixLength, endsTerminal, isDebris } from './line-marks.ts';
import type { ColumnSide, SourceLine } from './types.ts';

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
  /** The right column's previous line, when a line just above was cut and its right half is unfinished. */
  previousRight?: string;
}

const MID_BULLET = /^[•*+\-–—«»·°▪■►‣◦][ \t]+\p{L}/u;

/** Cue strength for cutting between `left` and `right` (bullet, sentence end, hyphen, gutter speck). */
export function cueAt(left: string, right: string, conjunctions: ReadonlySet<string>): number {
  // A speck from the gutter glued to the first word of the right column: "‘och utbildning;".
  const speck = /^[‘'`](?=\p{L})(?![^\s]*[’'])/u.test(right) ? 0.8 : 0;
  return speck + cueOf(left, right, conjunctions);
}

function cueOf(left: string, right: string, conjunctions: ReadonlySet<string>): number {
  if (MID_BULLET.test(right)) {
    const dash = /^[-–—]/.test(right);
    const lowerAfter = /^\S\s+\p{Ll}/u.test(right);
    return dash && lowerAfter && !endsTerminal(left) ? 0.8 : 3;
  }
  const upper = /^[^\p{L}\p{N}]*\p{Lu}/u.test(right);
  if (/[.!?:][)”"’»*†\d]?$/u.test(left)) return upper ? 2.5 : 1.8;
  // A heading or lead-in beside the end of a line: "… i stader Som arbetsgivare kommer vi att:".
  if (upper && /\p{Ll}$/u.test(left) && /:[*\d]?$/u.test(right)) return 1;
  if (/;[)”"’»]?$/u.test(left)) return upper ? 2.5 : 1.2;
  // The end test first: the pattern alone is tried from every start of the line.
  const hyphen = left.endsWith('-') && /\p{L}{2,}-$/u.exec(left);
  if (hyphen) {
    const next = /^\p{L}+/u.exec(right)?.[0] ?? '';
    if (next.length > 3 && !conjunctions.has(next.toLowerCase())) return 2.5;
  }
  if (/[,]$/.test(left)) return -0.5;
  return 0;
}

/** How well the right half continues the right column's unfinished paragraph (small letters: it does). */
function continuesOpenParagraph(right: string): number {
  if (/^[^\p{L}\p{N}]*\p{Ll}/u.test(right)) return 2;
  return MID_BULLET.test(right) ? -2 : -1;
}

/**
 * A short right half that reads as the last line of the right column's open paragraph: the left half is
 * a full column line ending at clause punctuation, and the right half starts in lower case with a word
 * that would not have fitted on the right column's previous line (so that line had to break there).
 */
function continuesRightTail(left: string, right: string, previousRight: string, width: number): boolean {
  if (right.length >= width * 0.5 || !/[.;:!?][)”"’»]?$/u.test(left)) return false;
  if (left.length < width * 0.85 || !/^\p{Ll}/u.test(right)) return false;
  const word = /^\S+/.exec(right)?.[0] ?? '';
  return previousRight.length + 1 + word.length > width;
}

/** Every cut of `line` at a word boundary whose halves could each be a line of a column `width` wide. */
export function* candidateCuts(
  line: string,
  width: number,
): Generator<{ at: number; left: string; right: string }> {
  for (let at = 1; at < line.length; at++) {
    if (line[at - 1] !== ' ' || line[at] === ' ') continue;
    const left = line.slice(0, at).trimEnd();
    const right = line.slice(at);
    if (left.length < 3 || right.length < 3) continue;
    if (left.length > width * 1.15 || right.length > width * 1.2) continue;
    yield { at, left, right };
  }
}

/**
 * The best place to cut `line` into a left and a right column, or null when the line reads as one
 * column. `line` is trimmed; the cut always falls at the start of a word.
 */
export function findColumnSplit(
  line: string,
  { width, conjunctions = new Set(), previousRight }: ColumnSplitOptions,
): ColumnSplit | null {
  const length = line.length;
  // A right column whose paragraph goes on in the lines just above (a line there was cut) is local evidence
  // of two columns: a short right half may be that paragraph's last line.
  const openRight = previousRight !== undefined;
  if (length < width * (openRight ? 1.05 : 1.15)) return null;
  const short = length < width * 1.1;
  let best: ColumnSplit | null = null;
  for (const { at, left, right } of candidateCuts(line, width)) {
    const cue = cueAt(left, right, conjunctions);
    if (openRight && continuesRightTail(left, right, previousRight, width)) {
      // A full left line ended at clause punctuation, the rest joining the right column's open paragraph.
      const score = cue + continuesOpenParagraph(right) - (2.5 * Math.abs(left.length - width)) / width;
      if (!best || score > best.score) best = { at, score };
      continue;
    }
    let score = cue;
    if (!endsTerminal(right)) score -= (4 * Math.abs(right.length - width)) / width;
    // A left half that had to break (the next line's first word would not fit) is a full column line
    // whatever punctuation it ends with.
    const fullLeft = cue <= 0;
    if (fullLeft) score -= (2.5 * Math.abs(left.length - width)) / width;
    if (!best || score > best.score) best = { at, score };
  }
  if (!best) return null;
  const forced = length >= width * 1.3;
  if (short) return best.score >= 1.5 ? best : null;
  return forced || best.score >= 1 ? best : null;
}

/**
 * Width each line is judged against: the document's typical width, the width of a run of uniformly wider
 * lines (a footnote set wider), or the width of the ordinary lines around it when those run a little long.
 */
export function lineWidths(lines: SourceLine[], width: number): number[] {
  const lengths = lines.map((l) => l.text.length);
  const widths = lengths.map(() => width);
  const wide = (n: number) => n >= width * 1.1 && n < width * 1.45;
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j < lines.length && wide(lengths[j]!)) j++;
    const run = lengths.slice(i, j);
    if (run.length >= 3 && Math.max(...run) - Math.min(...run) <= width * 0.15) {
      const median = [...run].sort((a, b) => a - b)[Math.floor(run.length / 2)]!;
      for (let k = i; k < j; k++) widths[k] = median;
      i = j;
      continue;
    }
    i = Math.max(j, i + 1);
  }
  for (let k = 0; k < lines.length; k++) {
    if (widths[k] !== width || !lengths[k]) continue;
    const around: number[] = [];
    for (const step of [-1, 1]) {
      for (
        let m = k + step, seen = 0;
        m >= 0 && m < lines.length && lengths[m] && seen < 2;
        m += step, seen++
      ) {
        if (lengths[m]! >= 20 && lengths[m]! <= width * 1.05) around.push(lengths[m]!);
      }
    }
    if (around.length >= 2) {
      const median = [...around].sort((a, b) => a - b)[Math.floor(around.length / 2)]!;
      widths[k] = Math.max(width, median);
    }
  }
  return widths;
}

/** A piece of a line after column splitting, with its source offset. */
export interface LinePiece {
  text: string;
  start: number;
  side: ColumnSide;
  debris: boolean;
}

/** One line cut into its column halves (or a debris prefix and the rest), with source offsets. */
export function splitLine(
  line: SourceLine,
  width: number,
  conjunctions: ReadonlySet<string>,
  context: { previousRight?: string } = {},
): LinePiece[] {
  const pieces: LinePiece[] = [];
  let text = line.text;
  let start = line.start;
  const debris = debrisPrefixLength(text);
  if (debris > 0 && debris < text.length) {
    pieces.push({ text: text.slice(0, debris).trim(), start, side: 'left', debris: true });
    start += debris;
    text = text.slice(debris);
    pieces.push({ text, start, side: 'right', debris: isDebris(text) });
    return pieces;
  }
  const at = findColumnSplit(text, { width, conjunctions, ...context })?.at;
  if (at === undefined) return [{ text, start, side: 'unknown', debris: isDebris(text) }];
  const left = text.slice(0, at).trimEnd();
  const right = text.slice(at);
  return [
    { text: left, start, side: 'left', debris: isDebris(left) },
    { text: right, start: start + at, side: 'right', debris: isDebris(right) },
  ];
}
