/**
 * Segmentation: text lines -> headings, paragraphs, bullets and footnotes with source offsets.
 * Undoes two columns read across (a line holding the end of one column and the start of the other is
 * cut and its halves routed to their own column streams), re-joins paragraphs split by a page or column
 * break, and re-joins far-apart halves (a paragraph left unfinished and a later or earlier block starting
 * in lower case). Only general layout cues are used.
 */
import { findColumnSplit } from './columns.ts';
import {
  debrisPrefixLength,
  endsListConjunction,
  endsTerminal,
  hasReferenceMark,
  isDebris,
  leadingMark,
  referenceMarks,
  startsLower,
  startsUpper,
  lineMeasure,
} from './line-marks.ts';
import type { ColumnSide, LinePart, Segment, SegmentKind, SourceLine, SourceSpan } from './types.ts';

/** Options of {@link segmentLines}. */
export interface SegmentOptions {
  /** Short words that may follow a suspended-compound hyphen ("jämlikhets- och"); keeps the hyphen. */
  conjunctions?: readonly string[];
}

interface Block {
  parts: LinePart[];
  side: ColumnSide;
  /** Paragraph started with a lower-case continuation that found nothing to continue. */
  orphan: boolean;
  lastLine: number;
  /** Line of the part that last extended the block, for the "recent" window. */
  touched: number;
  merged: boolean;
}

const RECENT_LINES = 4;

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

function tidy(line: SourceLine): SourceLine {
  // Control characters and U+FFFD are debris of the extraction; tabs and runs of spaces become one space.
  const cleaned = line.text.replace(/[\p{Cc}\uFFFD]/gu, (ch) => (ch === '\t' ? ' ' : '')).replace(/[ \t\u00A0]+/g, ' ');
  const lead = cleaned.length - cleaned.trimStart().length;
  return { text: cleaned.trim(), start: line.start + lead };
}

function lastText(block: Block): string {
  return block.parts[block.parts.length - 1]?.text ?? '';
}

function isFinishedHeading(block: Block, width: number): boolean {
  const last = lastText(block);
  return block.parts.length === 1 && last.length < width * 0.7;
}

function isFinished(block: Block, width: number): boolean {
  const last = lastText(block);
  if (endsTerminal(last) || endsListConjunction(last)) return true;
  // A short single line without final punctuation reads as a heading (unless it breaks a word).
  return (
    block.parts.length === 1 &&
    !block.parts[0]!.bullet &&
    last.length < width * 0.7 &&
    !/[,;]/.test(last) &&
    !/\p{L}-$/u.test(last)
  );
}

/**
 * Width each line is judged against: the document's typical width, the width of a run of uniformly wider
 * lines (a footnote set wider), or the width of the ordinary lines around it when those run a little long.
 */
function lineWidths(lines: SourceLine[], width: number): number[] {
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
      for (let m = k + step, seen = 0; m >= 0 && m < lines.length && lengths[m] && seen < 2; m += step, seen++) {
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

function splitLine(
  line: SourceLine,
  index: number,
  width: number,
  conjunctions: ReadonlySet<string>,
): { text: string; start: number; side: ColumnSide; debris: boolean }[] {
  const pieces: { text: string; start: number; side: ColumnSide; debris: boolean }[] = [];
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
  const split = findColumnSplit(text, { width, conjunctions });
  if (!split) return [{ text, start, side: 'unknown', debris: isDebris(text) }];
  void index;
  const left = text.slice(0, split.at).trimEnd();
  const right = text.slice(split.at);
  return [
    { text: left, start, side: 'left', debris: isDebris(left) },
    { text: right, start: start + split.at, side: 'right', debris: isDebris(right) },
  ];
}

function joinLines(lines: readonly string[], conjunctions: ReadonlySet<string>): string {
  let out = '';
  for (const line of lines) {
    if (!out) {
      out = line;
      continue;
    }
    const hyphen = /(\p{L})-$/u.test(out);
    const next = /^\p{L}+/u.exec(line)?.[0] ?? '';
    if (hyphen && next && /^\p{Ll}/u.test(next) && !conjunctions.has(next.toLowerCase())) {
      out = out.slice(0, -1) + line;
    } else {
      out = `${out} ${line}`;
    }
  }
  return out;
}

/**
 * Segments the lines of an edition. `lines` carry their offsets in the source, so every segment can
 * point back at the text it came from.
 */
export function segmentLines(sourceLines: readonly SourceLine[], options: SegmentOptions = {}): Segment[] {
  const conjunctions = new Set((options.conjunctions ?? []).map((w) => w.toLowerCase()));
  const lines = sourceLines.map(tidy);
  const measure = lineMeasure(lines.map((l) => l.text));
  const width = measure.width;
  // Columns read across only exist in text wrapped to a measure; unwrapped paragraphs are never cut.
  const wrapped = measure.share >= 0.25 && width <= 110;
  const widths = wrapped ? lineWidths(lines, width) : lines.map(() => Number.POSITIVE_INFINITY);
  const references = referenceMarks(lines.map((l) => l.text));

  const blocks: Block[] = [];
  const debrisBlocks: Block[] = [];
  const active: Record<ColumnSide, Block | null> = { left: null, right: null, unknown: null };
  let previousLine = -1;
  let last: Block | null = null;

  const open = (b: Block | null): b is Block => !!b && !isFinished(b, width);
  const nonBlank = lines.filter((l) => l.text).length;
  // Paragraphs are separated by blank lines when blank lines are common.
  const blankSeparated = lines.length - nonBlank >= nonBlank * 0.1;
  const firstReference = lines.findIndex((l) => hasReferenceMark(l.text));

  lines.forEach((line, lineIndex) => {
    if (!line.text) return;
    const pieces = splitLine(line, lineIndex, widths[lineIndex]!, conjunctions);
    const adjacent = previousLine === lineIndex - 1;
    const startedHere: Block[] = [];
    for (const piece of pieces) {
      const mark = leadingMark(piece.text, references);
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
        debrisBlocks.push({ parts: [part], side: piece.side, orphan: false, lastLine: lineIndex, touched: lineIndex, merged: false });
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
        for (const b of [active.unknown, active.left, active.right]) if (recent(b) && !candidates.includes(b)) candidates.push(b);
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
          /[.!?][)”"’»]?$/u.test(lastText(previous)) &&
          lastText(previous).length >= widths[lineIndex - 1]! * 0.75 &&
          !isFinishedHeading(previous, width)
        ) {
          // A full-width line ending a sentence, with no blank line after it, is not the end of the paragraph.
          target = previous;
        } else if (candidate) {
          // A capitalised single-column line continues only a full line right above it (a name at a line
          // start); after a short unfinished line it starts a new paragraph.
          const capitalContinues =
            !lower &&
            adjacent &&
            piece.side === 'unknown' &&
            candidate.touched === lineIndex - 1 &&
            startsUpper(text) &&
            lastText(candidate).length >= widths[lineIndex - 1]! * 0.85;
          if (lower || capitalContinues || !/^\p{L}/u.test(text)) target = candidate;
        }
      }
      if (target) {
        target.parts.push(part);
        target.touched = lineIndex;
        target.lastLine = lineIndex;
        if (target.side === 'unknown' && piece.side !== 'unknown') target.side = piece.side;
        active[piece.side === 'unknown' ? target.side : piece.side] = target;
        last = target;
        continue;
      }
      const orphan = !newItem && lower && !(last && listContext(lastText(last)));
      let side = piece.side;
      if (side === 'unknown' && (active.left || active.right)) {
        // A new item from a single-column line goes to the column that is not waiting for its continuation.
        if (open(active.left) && !open(active.right) && active.right) side = 'right';
        else if (open(active.right) && !open(active.left) && active.left) side = 'left';
      }
      const block: Block = { parts: [part], side, orphan, lastLine: lineIndex, touched: lineIndex, merged: false };
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

function listContext(text: string): boolean {
  return /[;:][)”"’*\d]?$/u.test(text.trimEnd()) || endsListConjunction(text);
}

/**
 * Re-joins a paragraph left unfinished with an orphan continuation (a block starting in lower case that
 * continues nothing), nearest first. With many orphans (lists that lost their marks, shuffled blocks)
 * layout alone cannot tell which half goes where: the halves stay apart and the aligner joins the two
 * that go to one clause.
 */
function rejoinFarHalves(blocks: Block[], width: number): void {
  const dangling = blocks.filter((b) => !b.orphan && !isFinished(b, width) && !b.parts[0]!.mark);
  const orphans = blocks.filter((b) => b.orphan);
  if (orphans.length === 0 || orphans.length > 2) return;
  const pairs: { d: Block; o: Block; cost: number }[] = [];
  for (const d of dangling) {
    for (const o of orphans) {
      const distance = o.parts[0]!.line > d.lastLine ? o.parts[0]!.line - d.lastLine : d.parts[0]!.line - o.lastLine + 2;
      pairs.push({ d, o, cost: Math.abs(distance) });
    }
  }
  pairs.sort((a, b) => a.cost - b.cost);
  const used = new Set<Block>();
  for (const { d, o } of pairs) {
    if (used.has(d) || used.has(o)) continue;
    used.add(d);
    used.add(o);
    d.parts.push(...o.parts);
    o.merged = true;
  }
}

/** Reading order: blocks by first line, except that inside a two-column stretch the left column comes first. */
function orderBlocks(blocks: Block[]): Block[] {
  const byLine = [...blocks].sort((a, b) => a.parts[0]!.line - b.parts[0]!.line);
  const out: Block[] = [];
  let i = 0;
  while (i < byLine.length) {
    if (byLine[i]!.side === 'unknown') {
      out.push(byLine[i]!);
      i++;
      continue;
    }
    let j = i;
    let lastSided = i;
    while (j < byLine.length) {
      if (byLine[j]!.side !== 'unknown') lastSided = j;
      else if (j - lastSided > 2) break;
      j++;
    }
    const stretch = byLine.slice(i, lastSided + 1);
    out.push(...stretch.filter((b) => b.side !== 'right'), ...stretch.filter((b) => b.side === 'right'));
    i = lastSided + 1;
  }
  return out;
}

function buildSegments(
  blocks: Block[],
  debris: Block[],
  context: { width: number; references: ReadonlySet<string>; conjunctions: ReadonlySet<string>; firstReference: number },
): Segment[] {
  const { width, references, conjunctions, firstReference } = context;
  const segments: Segment[] = [];
  let previous: Segment | null = null;
  const all = [...blocks.map((b) => ({ b, debris: false })), ...debris.map((b) => ({ b, debris: true }))];
  // Debris is kept in reading position (by line) so that reports show it where it was.
  all.sort((x, y) => blockRank(x.b, blocks) - blockRank(y.b, blocks));
  for (const { b, debris: isDebrisBlock } of all) {
    const lines = b.parts.map((p) => p.text);
    const text = joinLines(lines, conjunctions);
    const spans: SourceSpan[] = b.parts.map((p) => p.span);
    const first = b.parts[0]!;
    const meanLength = lines.reduce((n, l) => n + l.length, 0) / lines.length;
    let kind: SegmentKind;
    if (isDebrisBlock) kind = 'debris';
    else if (
      first.mark !== null &&
      references.has(first.mark) &&
      first.line > firstReference &&
      (!first.bullet || meanLength > width * 1.08 || first.gluedMark)
    ) {
      kind = 'footnote';
    } else if (first.bullet) kind = 'bullet';
    else if (startsLower(text) && previous && (previous.leadIn || previous.kind === 'bullet') && listContext(previous.text)) {
      kind = 'bullet';
    } else if (
      lines.length === 1 &&
      text.length <= width * 1.15 &&
      !/[.;,][)”"’]?$/u.test(text) &&
      (endsColon(text) || text.length < width * 0.7 || (startsUpper(text) && !endsTerminal(text)))
    ) {
      kind = 'heading';
    } else kind = 'paragraph';
    const segment: Segment = {
      index: segments.length,
      kind,
      lines,
      text,
      spans,
      side: b.side,
      leadIn: kind !== 'debris' && endsColon(text),
      footnoteRef: kind !== 'footnote' && kind !== 'debris' && hasReferenceMark(lines[lines.length - 1]!),
      bulletIndex: 0,
      groupSize: 0,
      firstLine: first.line,
    };
    segments.push(segment);
    if (kind !== 'debris') previous = segment;
  }
  numberBullets(segments);
  return segments;
}

function blockRank(block: Block, ordered: Block[]): number {
  const at = ordered.indexOf(block);
  if (at >= 0) return at;
  // Debris goes right after the last ordered block that starts on or before its line.
  const line = block.parts[0]!.line;
  let rank = -0.5;
  ordered.forEach((b, i) => {
    if (b.parts[0]!.line <= line) rank = i + 0.5;
  });
  return rank;
}

function endsColon(text: string): boolean {
  return /:[)”"’]?[*†\d]?$/u.test(text.trimEnd());
}

function numberBullets(segments: Segment[]): void {
  let lead: Segment | null = null;
  let members: Segment[] = [];
  const close = () => {
    if (lead) lead.groupSize = members.length;
    for (const m of members) m.groupSize = members.length;
    lead = null;
    members = [];
  };
  for (const segment of segments) {
    if (segment.kind === 'debris') continue;
    if (segment.kind === 'bullet') {
      members.push(segment);
      segment.bulletIndex = members.length;
      continue;
    }
    close();
    if (segment.leadIn) lead = segment;
  }
  close();
}
