/**
 * Pieces of segments: the places where a segment may be cut in two (two headings run together, a lead-in
 * running into its first item), the text of a run of pieces, and its offsets in the source.
 */
import type { DecodedSpan, Span } from './lattice.ts';
import type { Segment, SourceSpan } from './segment/types.ts';

/** A run of characters of one segment's text, between two cut points. */
export interface Piece {
  segment: Segment;
  /** Character range in the segment text. */
  from: number;
  to: number;
}

/** A place where a segment may be cut, with the cost of cutting there (log-odds, negative). */
export interface CutPoint {
  at: number;
  cost: number;
}

/** Cost of cutting a segment where it was joined across a blank line. */
const SOFT_BREAK_COST = -0.3;

/**
 * Places where a segment may be cut in two: a lead-in's colon followed by a capitalised word, or, in a
 * one-line heading, a capitalised word (two headings run together, e.g. a title and a section heading).
 * A cut is cheaper where the left part ends in a capitalised word and the right part reads in sentence case.
 */
export function cutPoints(segment: Segment, softBreaks = true): CutPoint[] {
  if (segment.kind === 'debris') return [];
  const text = segment.text;
  const cuts = new Map<number, number>();
  for (const m of text.matchAll(/[:][*†\d]?\s+(?=[^\p{L}\p{N}]*\p{Lu}|[-–—•*+«·°▪■►‣◦]\s+\p{L})/gu)) {
    const at = m.index + m[0].length;
    if (at < text.length - 1) cuts.set(at, -0.4);
  }
  // Lines joined across a blank line (one sentence's clauses set apart, a paragraph a page broke) or at a
  // sentence end: where the widths showed no paragraph end.
  for (const at of softBreaks ? (segment.softBreaks ?? []) : []) {
    if (at > 0 && at < text.length - 1 && !cuts.has(at)) cuts.set(at, SOFT_BREAK_COST);
  }
  const headingLike = segment.lines.length === 1 && !/[.;!?,][)”"’]?$/u.test(text) && /\p{Ll}/u.test(text);
  if (headingLike) {
    const words = [...text.matchAll(/\S+/g)];
    words.forEach((w, i) => {
      // A heading run into another leaves at least two words on the right ("Gennemførelse af charteret").
      if (i < 1 || i > words.length - 2 || !/^\p{Lu}/u.test(w[0]) || cuts.has(w.index)) return;
      const leftCapital = /^\p{Lu}/u.test(words[i - 1]![0]);
      const rightCapitals = words.slice(i).filter((x) => /^\p{Lu}/u.test(x[0])).length;
      cuts.set(w.index, -1 + (leftCapital ? 0.3 : 0) + (rightCapitals === 1 ? 0.3 : 0));
    });
  }
  return [...cuts].map(([at, cost]) => ({ at, cost })).sort((a, b) => a.at - b.at);
}

/** The pieces of each segment and the cost of each of its cuts. */
export function piecesOf(
  segments: readonly Segment[],
  softBreaks = true,
): { pieces: Piece[]; costs: number[] }[] {
  return segments.map((segment) => {
    const cuts = cutPoints(segment, softBreaks);
    const bounds = [0, ...cuts.map((c) => c.at), segment.text.length];
    const pieces: Piece[] = [];
    for (let i = 0; i + 1 < bounds.length; i++)
      pieces.push({ segment, from: bounds[i]!, to: bounds[i + 1]! });
    return { pieces, costs: cuts.map((c) => c.cost) };
  });
}

/** A bullet mark at the start of a piece cut off after a lead-in. */
export const INLINE_BULLET = /^[-–—•*+«·°▪■►‣◦]\s+(?=\p{L})/u;

/** The pieces of a span grouped by segment, in reading order: [segment, first piece, last piece]. */
function groups(pieces: readonly Piece[], span: Span): [Segment, Piece, Piece][] {
  const out: [Segment, Piece, Piece][] = [];
  for (let i = span.from; i < span.to; i++) {
    const piece = pieces[i]!;
    const last = out[out.length - 1];
    if (last && last[0] === piece.segment) last[2] = piece;
    else out.push([piece.segment, piece, piece]);
  }
  return out;
}

/** Text of a span of pieces (a bullet mark the cut exposed is dropped); segments joined by line breaks. */
export function spanText(pieces: readonly Piece[], span: Span): string {
  return groups(pieces, span)
    .map(([segment, first, last]) => {
      const text = segment.text.slice(first.from, last.to).trim();
      // A piece cut off after a lead-in may start with the bullet mark the line ran into.
      return first.from > 0 ? text.replace(INLINE_BULLET, '') : text;
    })
    .join('\n');
}

/** Source offsets of a span's text. */
export function spanSources(pieces: readonly Piece[], span: Span): SourceSpan[] {
  return groups(pieces, span).flatMap(([segment, first, last]) => sourceSpans(segment, first.from, last.to));
}

/** Indexes of the segments a span covers. */
export function spanSegments(pieces: readonly Piece[], span: Span): number[] {
  return groups(pieces, span).map(([segment]) => segment.index);
}

/** Text of a span's last segment and whether the span reaches its end (for footnote marks). */
export function spanEnd(pieces: readonly Piece[], span: Span): { segment: Segment; atEnd: boolean } {
  const last = pieces[span.to - 1]!;
  return { segment: last.segment, atEnd: last.to >= last.segment.text.length };
}

/** Maps a character range of a segment's joined text back to source spans (approximate inside lines). */
export function sourceSpans(segment: Segment, from: number, to: number): SourceSpan[] {
  if (from === 0 && to >= segment.text.length) return segment.spans;
  const out: SourceSpan[] = [];
  let offset = 0;
  segment.lines.forEach((line, i) => {
    const span = segment.spans[i]!;
    const start = offset;
    const end = offset + line.length;
    const lo = Math.max(from, start);
    const hi = Math.min(to, end);
    if (lo < hi) {
      const lead = span.end - span.start - line.length;
      out.push({ start: span.start + lead + (lo - start), end: span.start + lead + (hi - start) });
    }
    offset = end + 1;
  });
  return out.length ? out : segment.spans;
}

/** Drops a footnote reference mark glued to the end of a segment ("vi att:*", "vil vi:1"). */
export function withoutReferenceMark(text: string, step: DecodedSpan, pieces: readonly Piece[]): string {
  const { segment, atEnd } = spanEnd(pieces, step.span);
  if (!segment.footnoteRef || !atEnd) return text;
  return text.replace(/(?<=[\p{L}:;.,)”"])([*†‡¹²³⁴⁵⁶⁷⁸⁹]|\d{1,2})\s*$/u, '');
}

/** `first` runs on into `second`: it lacks final punctuation and `second` starts in lower case. */
export function continuesInto(first: string, second: string): boolean {
  return !/[.!?;:][)”"’]?$/u.test(first.trimEnd()) && /^[^\p{L}]*\p{Ll}/u.test(second);
}
