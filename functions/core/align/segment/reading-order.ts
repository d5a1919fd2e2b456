/**
 * An edition's text in reading order, as the aligner reads it before segmenting: lines whose words came out
 * backwards turned round, columns laid out side by side or read straight across put one after the other,
 * running headers, footers and page numbers left out. The cleaner cleans this text, so that the clean edition
 * reads in order even where the print had columns.
 */
import { splitAtGutters } from './layout-gutters.ts';
import { restoreReversedLines } from './reversed-lines.ts';
import { layoutLines, type SegmentOptions, toSourceLines } from './segment-lines.ts';
import type { SourceLine } from './types.ts';

/** The source lines in reading order, each pointing back at where it came from. */
export function readingOrderLines(text: string, options: SegmentOptions = {}): SourceLine[] {
  return layoutLines(splitAtGutters(restoreReversedLines(toSourceLines(text))), options).lines;
}

/** The text in reading order, one source line per line. */
export function readingOrderText(text: string, options: SegmentOptions = {}): string {
  return readingOrderLines(text, options)
    .map((line) => line.text)
    .join('\n');
}
