/**
 * Segmentation: text lines -> headings, paragraphs, bullets and footnotes with source offsets.
 * Pages read across columns are first put in reading order (read-across.ts); a line that still holds the end
 * of one column and the start of another (clear cues, past the measure) is cut and its halves routed to their
 * own column streams. Re-joins paragraphs split by a page or column
 * break, and re-joins far-apart halves (a paragraph left unfinished and a later or earlier block starting
 * in lower case). Only general layout cues are used.
 */
import { buildSegments } from './build-segments.ts';
import {
  type Block,
  isFinished,
  isFinishedHeading,
  lastText,
  listContext,
  orderBlocks,
  rejoinFarHalves,
} from './blocks.ts';
import { lineWidths, splitLine } from './columns.ts';
import {
  endsListConjunction,
  endsTerminal,
  hasReferenceMark,
  leadingMark,
  lineMeasure,
  listOrdinals,
  referenceMarks,
  startsLower,
  startsUpper,
} from './line-marks.ts';
import { findPageFurniture } from './page-furniture.ts';
import { type ColumnLineCut, type ReadAcrossPage, unreadAcross } from './read-across.ts';
import type { ColumnSide, LinePart, Segment, SourceLine } from './types.ts';

/** Options of {@link segmentLines}. */
export interface SegmentOptions {
  /** Short words that may follow a suspended-compound hyphen ("jämlikhets- och"); keeps the hyphen. */
  conjunctions?: readonly string[];
  /** True when a word is a word of the edition's language; helps place cuts on two-column pages. */
  isWord?: (word: string) => boolean;
  /** Told how each page was read: its lines and its column layout (1 column, or columns read across). */
  onPages?: (pages: readonly ReadAcrossPage[]) => void;
}

const RECENT_LINES = 4;

/**
 * The line above had to break here: the next line's first word would not have fitted on it. A break
 * that was not forced ends a paragraph (or a heading) even without a blank line.
 */
function breakWasForced(above: string, below: string, width: number): boolean {
  const firstWord = /^\S+/.exec(below)?.[0] ?? '';
  // Character counts only approximate widths in proportional type: allow a tenth of the measure.
  return above.length + 1 + firstWord.length > width * 0.9;
}

/** A short line ending with a colon: a heading or lead-in, which always starts a new item. */
function isLeadInLine(text: string, width: number): boolean {
  return /:[*†\d]?$/u.test(text) && text.length < width * 0.8;
}

/**
 * Pairs of adjacent text lines, and how many of them run on into the next (an unfinished line followed by one
 * starting in lower case), as wrapped prose does; a list of titles or headings never does.
 */
function lineRuns(texts: readonly string[]): { pairs: number; continued: number } {
  let pairs = 0;
  let continued = 0;
  for (let i = 0; i + 1 < texts.length; i++) {
    const above = texts[i]!;
    const below = texts[i + 1]!;
    if (!above || !below) continue;
    pairs++;
    if (!endsTerminal(above) && startsLower(below)) continued++;
  }
  return { pairs, continued };
}

/** Splits the text into lines with offsets (line breaks \n, \r\n or \r). */
export function toSourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const pattern = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    lines.push({ text: text.slice(start, match.index), start });
    start = match.index + match[0].length;
  }
  lines.push({ text: text.slice(start), start });
  return lines;
}

/** A lone dot or comma after a word at the line end: a speck from the gutter, not punctuation. */
const TRAILING_SPECK = /(?<=[\p{L}\p{N}][^\s]*) [.,·'‘]\s*$/u;

/**
 * Whether `text` may end in a {@link TRAILING_SPECK} (its last character but spaces a speck after a space), the
 * test to make first: the pattern's look-behind is tried from every start of the line.
 */
function mayEndInSpeck(text: string): boolean {
  const end = text.trimEnd();
  return end.length >= 2 && end.at(-2) === ' ' && ".,·'‘".includes(end.at(-1)!);
}

function tidy(line: SourceLine): SourceLine {
  // Control characters and U+FFFD are debris of the extraction; tabs and runs of spaces become one space.
  const spaced = line.text
    .replace(/[\p{Cc}\uFFFD]/gu, (ch) => (ch === '\t' ? ' ' : ''))
    .replace(/[ \t\u00A0]+/g, ' ');
  // A lone dot or comma after a space at the line end is a speck from the gutter, not punctuation.
  const cleaned = mayEndInSpeck(spaced) ? spaced.replace(TRAILING_SPECK, '') : spaced;
  const lead = cleaned.length - cleaned.trimStart().length;
  return { text: cleaned.trim(), start: line.start + lead };
}

/**
 * The lines without page furniture (running headers, footers, page numbers) and the blank lines around
 * it, and the indexes (in the result) of lines that start a page. Where the text before a page break
 * ended a sentence on a page whose paragraphs are set apart by blank lines, one blank line stays.
 */
export function withoutPageFurniture(lines: readonly SourceLine[]): {
  lines: SourceLine[];
  pageStarts: Set<number>;
} {
  const furniture = findPageFurniture(lines);
  const nonBlank = lines.filter((l) => l.text.trim()).length;
  const blankSeparated = lines.length - nonBlank >= nonBlank * 0.1;
  const out: SourceLine[] = [];
  const pageStarts = new Set<number>();
  let gap = false;
  lines.forEach((line, i) => {
    const blank = !line.text.trim();
    if (furniture.lines.has(i)) {
      while (out.length && !out.at(-1)!.text.trim()) out.pop();
      gap = true;
      return;
    }
    if (gap && blank) return;
    if (gap) {
      const previous = out.at(-1)?.text.trim() ?? '';
      if (blankSeparated && previous && /[.!?:;][)”"’»]?$/u.test(previous))
        out.push({ text: '', start: line.start });
      gap = false;
    }
    if (furniture.pageStarts.has(i)) pageStarts.add(out.length);
    out.push(line);
  });
  return { lines: out, pageStarts };
}

/**
 * Segments the lines of an edition. `lines` carry their offsets in the source, so every segment can
 * point back at the text it came from.
 */
/** What {@link layoutLines} found: the lines in reading order, as far as it can put them so. */
export interface LaidOutLines {
  /** Page furniture removed, pages read across columns put back in reading order. */
  lines: SourceLine[];
  /** The lines without page furniture, as printed. */
  body: SourceLine[];
  /** Each page's layout. */
  pages: ReadAcrossPage[];
  /** The column lines of pages read across, with how sure their reading was. */
  cuts?: ColumnLineCut[];
}

/** The layout steps of {@link segmentLines}: page furniture removed, columns read across undone. */
export function layoutLines(input: readonly SourceLine[], options: SegmentOptions = {}): LaidOutLines {
  const conjunctions = new Set((options.conjunctions ?? []).map((w) => w.toLowerCase()));
  // Page furniture goes first; then each page read across columns is put back in reading order.
  const body = withoutPageFurniture(input);
  const reflowed = unreadAcross(body.lines, {
    isWord: options.isWord,
    conjunctions,
    breaks: body.pageStarts,
  });
  const readAcross = reflowed.pages.some((p) => p.layout.columns > 1);
  return {
    lines: readAcross ? reflowed.lines : body.lines,
    body: body.lines,
    pages: reflowed.pages,
    ...(readAcross ? { cuts: reflowed.cuts } : {}),
  };
}

export function segmentLines(input: readonly SourceLine[], options: SegmentOptions = {}): Segment[] {
  return segmentLaidOut(layoutLines(input, options), options);
}

/** Segments lines already laid out by {@link layoutLines} (with the same options). */
export function segmentLaidOut(laidOut: LaidOutLines, options: SegmentOptions = {}): Segment[] {
  const conjunctions = new Set((options.conjunctions ?? []).map((w) => w.toLowerCase()));
  options.onPages?.(laidOut.pages);
  const sourceLines = laidOut.lines;
  const lines = sourceLines.map(tidy);
  const measure = lineMeasure(lines.map((l) => l.text));
  // Columns read across only exist in text wrapped to a measure; unwrapped paragraphs are never cut,
  // and short-line tests (headings) use a nominal measure instead.
  // A list of short lines (titles, headings) is no wrapped text: none of its lines runs on into the next.
  const runs = lineRuns(lines.map((l) => l.text));
  const list = !(runs.pairs < 4 || runs.continued >= Math.max(2, runs.pairs * 0.08));
  // Text wrapped to a measure has lines that run on into the next; a paragraph a line (unwrapped text, blank
  // lines between) has none, however often its lengths happen to agree.
  const unwrapped = runs.continued === 0 && lines.length >= 8;
  const wrapped = measure.share >= 0.25 && measure.width <= 110 && !list && !unwrapped;
  const width = wrapped ? measure.width : list ? 80 : Math.min(measure.width, 80);
  const widths = wrapped ? lineWidths(lines, width) : lines.map(() => Number.POSITIVE_INFINITY);
  const references = referenceMarks(lines.map((l) => l.text));
  const ordinals = listOrdinals(lines.map((l) => l.text));

  const blocks: Block[] = [];
  const debrisBlocks: Block[] = [];
  const active: Record<ColumnSide, Block | null> = { left: null, right: null, unknown: null };
  let previousLine = -1;
  let last: Block | null = null;

  const open = (b: Block | null): b is Block => !!b && !isFinished(b, width);
  const nonBlank = lines.filter((l) => l.text).length;
  // On a page read across columns the blank lines fall where a column had a gap: they set nothing apart.
  const blankLinesMean = !laidOut.pages.some((p) => p.layout.columns > 1);
  // Paragraphs are separated by blank lines when blank lines are common.
  const blankSeparated = lines.length - nonBlank >= nonBlank * 0.1;
  const firstReference = lines.findIndex((l) => hasReferenceMark(l.text));
  // A short unpunctuated line with a blank line (or the end) after it is a heading on its own.
  const standsAlone = (index: number) => {
    const text = lines[index]!.text;
    const next = lines[index + 1];
    return !next?.text && text.length < width * 0.7 && !/[.,;:!?]$/.test(text);
  };

  lines.forEach((line, lineIndex) => {
    if (!line.text) return;
    const rightStream = active.right;
    const recentRight = rightStream && lineIndex - rightStream.touched <= RECENT_LINES ? rightStream : null;
    const rightOpen = recentRight ? open(recentRight) : undefined;
    const pieces = splitLine(line, widths[lineIndex]!, conjunctions, {
      previousRight: recentRight && rightOpen ? lastText(recentRight) : undefined,
    });
    const adjacent = previousLine === lineIndex - 1;
    const startedHere: Block[] = [];
    for (const piece of pieces) {
      const mark = leadingMark(piece.text, references, ordinals);
      const text = piece.text.slice(mark.length);
      const part: LinePart = {
        text,
        span: { start: piece.start, end: piece.start + piece.text.length },
        line: lineIndex,
        side: piece.side,
        bullet: mark.bullet,
        mark: mark.mark,
        gluedMark: mark.glued,
      };
      if (piece.debris) {
        debrisBlocks.push({
          parts: [part],
          side: piece.side,
          orphan: false,
          lastLine: lineIndex,
          touched: lineIndex,
          merged: false,
        });
        continue;
      }
      const lower = startsLower(text);
      const previousBlock = last as Block | null;
      const dashInSentence =
        mark.bullet &&
        /^[-–—]/.test(piece.text) &&
        lower &&
        adjacent &&
        piece.side === 'unknown' &&
        !!previousBlock &&
        previousBlock.touched === lineIndex - 1 &&
        open(previousBlock);
      if (dashInSentence) {
        // "... projektet\n- et peer reviewed projekt": a dash inside a sentence, not a bullet.
        part.text = piece.text;
        part.bullet = false;
        previousBlock.parts.push(part);
        previousBlock.touched = lineIndex;
        previousBlock.lastLine = lineIndex;
        continue;
      }
      const newItem = mark.bullet || mark.mark !== null;
      let target: Block | null = null;
      if (!newItem) {
        const recent = (b: Block | null): b is Block =>
          open(b) && !startedHere.includes(b) && lineIndex - b.touched <= RECENT_LINES;
        const candidates: Block[] = [];
        const own = active[piece.side];
        if (piece.side !== 'unknown' && recent(own)) candidates.push(own);
        for (const b of [active.unknown, active.left, active.right]) {
          if (!recent(b) || candidates.includes(b)) continue;
          candidates.push(b);
        }
        if (piece.side === 'unknown' && candidates.length > 1) {
          // A single-column line continues the stream whose last line broke a word, else the longest line.
          candidates.sort(
            (a, b) =>
              b.touched - a.touched ||
              Number(/\p{L}-$/u.test(lastText(b))) - Number(/\p{L}-$/u.test(lastText(a))) ||
              lastText(b).length - lastText(a).length,
          );
        }
        const previousOpen = last as Block | null;
        if (
          lower &&
          adjacent &&
          piece.side === 'unknown' &&
          previousOpen &&
          previousOpen.touched === lineIndex - 1 &&
          !endsTerminal(lastText(previousOpen)) &&
          !endsListConjunction(lastText(previousOpen)) &&
          !candidates.includes(previousOpen)
        ) {
          // A lower-case line right under an unpunctuated short line continues it (a heading-like first line).
          candidates.unshift(previousOpen);
        }
        const candidate = candidates[0] ?? null;
        const previous = last as Block | null;
        if (
          !candidate &&
          previous &&
          blankSeparated &&
          adjacent &&
          piece.side === 'unknown' &&
          previous.side === 'unknown' &&
          previous.touched === lineIndex - 1 &&
          startsUpper(text) &&
          !isLeadInLine(text, width) &&
          !standsAlone(lineIndex) &&
          /[.!?][)”"’»]?$/u.test(lastText(previous)) &&
          breakWasForced(lastText(previous), text, widths[lineIndex - 1]!) &&
          !isFinishedHeading(previous, width)
        ) {
          // A sentence ending where the line had to break anyway, with no blank line after it, does not end
          // the paragraph.
          target = previous;
        } else if (candidate) {
          // A capitalised single-column line continues the line right above it only where that line had to
          // break (a name at a line start); after a break that was not forced it starts a new paragraph.
          // A line ending with a comma does not end a paragraph, unless a blank line and a capital say it does
          // (clauses that end in commas: "Whereas ...,").
          const blankAbove = candidate.touched < lineIndex - 1 && !lines[lineIndex - 1]?.text;
          const afterComma =
            /,$/.test(lastText(candidate)) &&
            (piece.side === 'unknown' || piece.side === candidate.side) &&
            !(blankSeparated && blankAbove && !lower);
          const capitalContinues =
            afterComma ||
            (!lower &&
              adjacent &&
              candidate.touched === lineIndex - 1 &&
              (piece.side === 'unknown' || piece.side === candidate.side) &&
              startsUpper(text) &&
              !isLeadInLine(text, width) &&
              breakWasForced(lastText(candidate), text, widths[lineIndex - 1]!));
          if (lower || capitalContinues || !/^\p{L}/u.test(text)) target = candidate;
        }
      }
      if (target) {
        if (blankLinesMean && target.touched < lineIndex - 1 && !lines[lineIndex - 1]?.text)
          part.afterGap = true;
        target.parts.push(part);
        target.touched = lineIndex;
        target.lastLine = lineIndex;
        if (target.side === 'unknown' && piece.side !== 'unknown') target.side = piece.side;
        active[piece.side === 'unknown' ? target.side : piece.side] = target;
        last = target;
        continue;
      }
      const sameColumn = piece.side !== 'unknown' ? (active[piece.side] ?? last) : last;
      const orphan = !newItem && lower && !(sameColumn && listContext(lastText(sameColumn)));
      let side = piece.side;
      if (side === 'unknown' && (active.left || active.right)) {
        // A new item from a single-column line goes to the column that is not waiting for its continuation.
        if (open(active.left) && !open(active.right) && active.right) side = 'right';
        else if (open(active.right) && !open(active.left) && active.left) side = 'left';
      }
      const block: Block = {
        parts: [part],
        side,
        orphan,
        lastLine: lineIndex,
        touched: lineIndex,
        merged: false,
      };
      blocks.push(block);
      startedHere.push(block);
      active[side] = block;
      if (side !== 'unknown' && piece.side === 'unknown') active.unknown = block;
      last = block;
    }
    previousLine = lineIndex;
  });

  rejoinFarHalves(blocks, width);
  return buildSegments(orderBlocks(blocks.filter((b) => !b.merged)), debrisBlocks, {
    width,
    references,
    conjunctions,
    firstReference,
  });
}
