/**
 * An edition's text in reading order, as the aligner reads it before segmenting: lines whose words came out
 * backwards turned round, columns laid out side by side or read straight across put one after the other,
 * running headers, footers and page numbers left out. The cleaner cleans this text, so that the clean edition
 * reads in order even where the print had columns; the pipeline lays an edition out once for both.
 */
import { splitAtGutters } from './layout-gutters.ts';
import { scatteredSheetLines, unweaveStreams } from './line-streams.ts';
import { judgeReversedLines } from './reversed-lines.ts';
import { type LaidOutLines, layoutLines, type SegmentOptions, toSourceLines } from './segment-lines.ts';
import type { SourceLine } from './types.ts';

/** An edition's lines at each layout step. */
export interface EditionLayout {
  /** The lines as extracted. */
  source: SourceLine[];
  /** The same lines, those whose words came out backwards turned round. */
  restored: SourceLine[];
  /**
   * Per line, the probability that its word order is still wrong (see {@link judgeReversedLines}), or that the
   * words around it are out of order (a sheet of scattered words, see {@link scatteredSheetLines}).
   */
  reversalDoubt?: number[];
  /** Columns put in reading order, page furniture left out (see {@link layoutLines}). */
  laidOut: LaidOutLines;
}

/** Doubt that the word order of a line on a sheet of scattered words is right. */
const SCATTERED_DOUBT = 0.5;

/** Lays out an edition's lines: reversed lines turned round, gutters split, furniture and read-across undone. */
export function layOutLines(source: SourceLine[], options: SegmentOptions = {}): EditionLayout {
  const { lines: restored, doubt: reversal } = judgeReversedLines(source);
  // Words scattered one to a block are in an order no layout step can restore.
  const scattered = scatteredSheetLines(source);
  const doubt = scattered.some(Boolean)
    ? source.map((_, i) =>
        scattered[i] ? Math.max(SCATTERED_DOUBT, reversal?.[i] ?? 0) : (reversal?.[i] ?? 0),
      )
    : reversal;
  const laidOut = layoutLines(splitAtGutters(restored), options);
  // Lines read straight across columns are no blocks of columns woven together.
  const readAcross = laidOut.pages.some((page) => page.layout.columns > 1);
  return {
    source,
    restored,
    reversalDoubt: doubt,
    laidOut: readAcross ? laidOut : { ...laidOut, lines: unweaveStreams(laidOut.lines) },
  };
}

/** The source lines in reading order, each pointing back at where it came from. */
export function readingOrderLines(text: string, options: SegmentOptions = {}): SourceLine[] {
  return layOutLines(toSourceLines(text), options).laidOut.lines;
}

/** The text in reading order, one source line per line. */
export function readingOrderText(text: string, options: SegmentOptions = {}): string {
  return textOfLines(readingOrderLines(text, options));
}

/** Lines joined as text, one per line. */
export function textOfLines(lines: readonly SourceLine[]): string {
  return lines.map((line) => line.text).join('\n');
}

/** Doubt below which a line's word order is taken as settled. */
const MIN_DOUBT = 0.02;

/** The source lines whose word order is in doubt, as source ranges with the probability that it is wrong. */
export function doubtfulLines(
  source: readonly SourceLine[],
  doubt: readonly number[] | undefined,
): Array<{ start: number; end: number; doubt: number }> {
  if (!doubt) return [];
  return source.flatMap((line, i) =>
    (doubt[i] ?? 0) >= MIN_DOUBT
      ? [{ start: line.start, end: line.start + line.text.length, doubt: doubt[i]! }]
      : [],
  );
}
