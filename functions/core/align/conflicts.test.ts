import { describe, expect, it } from 'vitest';
import { findConflicts } from './conflicts.ts';
import type { DecodedSpan, Span } from './lattice.ts';
import type { Piece } from './pieces.ts';
import type { Segment } from './segment/types.ts';

function segment(index: number, text: string): Segment {
  return {
    index,
    kind: 'paragraph',
    lines: [text],
    text,
    spans: [],
    side: 'unknown',
    leadIn: false,
    footnoteRef: false,
    bulletIndex: 0,
    groupSize: 0,
    firstLine: index,
  };
}

function span(seg: number, from: number, to: number, scores: Record<number, number>): Span {
  const candidates = Object.keys(scores).map(Number);
  return {
    segment: seg,
    from,
    to,
    candidates: Int32Array.from(candidates),
    scores: Float64Array.from(candidates.map((c) => scores[c]!)),
    residue: 0,
    cut: false,
    cutCost: 0,
  };
}

describe('findConflicts', () => {
  // Segment 0 cut in two pieces; segments 1 and 2 whole.
  const segments = [
    segment(0, 'First sentence of a paragraph. Second sentence of it.'),
    segment(1, 'Another paragraph.'),
    segment(2, 'A paragraph much further on.'),
  ];
  const pieces: Piece[] = [
    { segment: segments[0]!, from: 0, to: 31 },
    { segment: segments[0]!, from: 31, to: 53 },
    { segment: segments[1]!, from: 0, to: 18 },
    { segment: segments[2]!, from: 0, to: 28 },
  ];

  it("keeps a clause with every piece of the best span's segment, dropping only the other segments", () => {
    const path: DecodedSpan[] = [
      { span: span(0, 0, 1, { 5: 2 }), clause: 5 },
      { span: span(0, 1, 2, { 5: 6 }), clause: 5 },
      { span: span(1, 2, 3, { 6: 3 }), clause: 6 },
      { span: span(2, 3, 4, { 5: 4 }), clause: 5 },
    ];
    const [conflict, ...rest] = findConflicts(path, pieces);
    expect(rest).toEqual([]);
    expect(conflict!.clause).toBe(5);
    expect(conflict!.keep).toBe(path[1]);
    // Dropping the first piece would ban its segment, the keeper's own, from the clause.
    expect(conflict!.drop).toEqual([path[3]]);
  });

  it('drops every piece of a segment that loses the clause', () => {
    const path: DecodedSpan[] = [
      { span: span(0, 0, 1, { 5: 2 }), clause: 5 },
      { span: span(0, 1, 2, { 5: 3 }), clause: 5 },
      { span: span(1, 2, 3, { 6: 3 }), clause: 6 },
      { span: span(2, 3, 4, { 5: 7 }), clause: 5 },
    ];
    const [conflict] = findConflicts(path, pieces);
    expect(conflict!.keep).toBe(path[3]);
    expect(conflict!.drop).toEqual([path[0], path[1]]);
  });
});
