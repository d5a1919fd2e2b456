/** Turns the routed blocks into typed segments in reading order: kind, text, offsets, list positions. */
import type { Block } from './blocks.ts';
import { listContext } from './blocks.ts';
import { endsTerminal, hasReferenceMark, startsLower, startsUpper } from './line-marks.ts';
import type { Segment, SegmentKind, SourceSpan } from './types.ts';

/** Joins a segment's lines, removing the hyphen of a word broken at a line end (not before a conjunction). */
export function joinLines(lines: readonly string[], conjunctions: ReadonlySet<string>): string {
  return joinLinesAt(lines, conjunctions).text;
}

/**
 * {@link joinLines}, with where each line starts in the text: -1 for a line joined to the one before inside a
 * word (a hyphen removed).
 */
function joinLinesAt(
  lines: readonly string[],
  conjunctions: ReadonlySet<string>,
): { text: string; starts: number[] } {
  let out = '';
  const starts: number[] = [];
  for (const line of lines) {
    if (!out) {
      starts.push(0);
      out = line;
      continue;
    }
    const hyphen = /(\p{L})-$/u.test(out);
    const next = /^\p{L}+/u.exec(line)?.[0] ?? '';
    if (hyphen && next && /^\p{Ll}/u.test(next) && !conjunctions.has(next.toLowerCase())) {
      starts.push(-1);
      out = out.slice(0, -1) + line;
    } else {
      starts.push(out.length + 1);
      out = `${out} ${line}`;
    }
  }
  return { text: out, starts };
}

/** Segments from the ordered blocks, with debris kept where it was. */
export function buildSegments(
  blocks: Block[],
  debris: Block[],
  context: {
    width: number;
    references: ReadonlySet<string>;
    conjunctions: ReadonlySet<string>;
    firstReference: number;
  },
): Segment[] {
  const { width, references, conjunctions, firstReference } = context;
  const segments: Segment[] = [];
  let previous: Segment | null = null;
  const all = [...blocks.map((b) => ({ b, debris: false })), ...debris.map((b) => ({ b, debris: true }))];
  // Debris is kept in reading position (by line) so that reports show it where it was.
  all.sort((x, y) => blockRank(x.b, blocks) - blockRank(y.b, blocks));
  for (const { b, debris: isDebrisBlock } of all) {
    const lines = b.parts.map((p) => p.text);
    const { text, starts } = joinLinesAt(lines, conjunctions);
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
    else if (
      startsLower(text) &&
      previous &&
      (previous.leadIn || previous.kind === 'bullet') &&
      listContext(previous.text)
    ) {
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
    // Where a line joined across a blank line starts, or a line that starts a sentence after one that ended a
    // sentence (a paragraph whose last line was full leaves no sign in the widths): not inside a word.
    const softBreaks = b.parts.flatMap((part, k) =>
      k > 0 && starts[k]! > 0 && (part.afterGap || sentenceBreak(b.parts[k - 1]!.text, part.text))
        ? [starts[k]!]
        : [],
    );
    if (softBreaks.length) segment.softBreaks = softBreaks;
    segments.push(segment);
    if (kind !== 'debris') previous = segment;
  }
  numberBullets(segments);
  return segments;
}

/** A line that ends a sentence followed by one that starts a sentence. */
function sentenceBreak(above: string, below: string): boolean {
  return /[.!?][)”"’»]?$/u.test(above) && /^[^\p{L}\p{N}]*\p{Lu}/u.test(below);
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
