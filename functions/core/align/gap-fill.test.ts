import { describe, expect, it } from 'vitest';
import { fillGaps } from './gap-fill.ts';
import type { DecodedSpan, Span } from './lattice.ts';

const span = (segment: number): Span => ({
  segment,
  from: segment,
  to: segment + 1,
  candidates: new Int32Array(0),
  scores: new Float64Array(0),
  residue: 0,
  cut: false,
  cutCost: 0,
});

/** A path over one span per segment: each entry is the clause of segment i (-1: left out). */
const pathOf = (clauses: number[]): DecodedSpan[] => clauses.map((clause, i) => ({ span: span(i), clause }));

const input = (lengths: number[], expected: number[]) => ({
  spanLength: (step: DecodedSpan) => lengths[step.span.segment]!,
  expectedLength: (clause: number) => expected[clause]!,
  clauses: expected.length,
});

describe('fillGaps', () => {
  it('pairs the spans left out between two pairs with the clauses missing there, in order', () => {
    const filled = fillGaps(pathOf([0, -1, -1, 3, 4]), input([50, 20, 40, 60, 30], [50, 22, 38, 60, 30]));
    expect(filled.map((s) => s.clause)).toEqual([0, 1, 2, 3, 4]);
  });

  it('fills a gap at the start and at the end of the edition', () => {
    const filled = fillGaps(pathOf([-1, 1, 2, -1]), input([30, 40, 50, 25], [28, 40, 50, 30]));
    expect(filled.map((s) => s.clause)).toEqual([0, 1, 2, 3]);
  });

  it('pairs a gap of unequal counts by length: two spans to one clause, a span or a clause left out', () => {
    // Two spans that together make the one missing clause's length.
    expect(
      fillGaps(pathOf([0, -1, -1, 2]), input([50, 20, 40, 60], [50, 60, 60])).map((s) => s.clause),
    ).toEqual([0, 1, 1, 2]);
    // Three spans for two clauses: the one that fits neither stays out.
    expect(
      fillGaps(pathOf([0, -1, -1, -1, 3]), input([50, 100, 900, 200, 60], [50, 100, 200, 60])).map(
        (s) => s.clause,
      ),
    ).toEqual([0, 1, -1, 2, 3]);
    // Two spans for four clauses: each goes to the clause of its length.
    expect(
      fillGaps(pathOf([0, -1, -1, 5]), input([50, 300, 40, 60], [50, 30, 300, 100, 40, 60])).map(
        (s) => s.clause,
      ),
    ).toEqual([0, 2, 4, 5]);
  });

  it('leaves a gap whose lengths do not agree', () => {
    // A span three times its clause's length.
    expect(fillGaps(pathOf([0, -1, 2]), input([50, 90, 60], [50, 30, 60])).map((s) => s.clause)).toEqual([
      0, -1, 2,
    ]);
    // Debris (length 0) and a clause no reference holds (expected 0).
    expect(fillGaps(pathOf([0, -1, 2]), input([50, 0, 60], [50, 30, 60])).map((s) => s.clause)).toEqual([
      0, -1, 2,
    ]);
    expect(fillGaps(pathOf([0, -1, 2]), input([50, 30, 60], [50, 0, 60])).map((s) => s.clause)).toEqual([
      0, -1, 2,
    ]);
  });

  it('fills no gap framed by a step back in the clause order, nor one whose clause is given elsewhere', () => {
    expect(
      fillGaps(pathOf([3, -1, 1]), input([50, 30, 60, 40], [50, 30, 60, 40])).map((s) => s.clause),
    ).toEqual([3, -1, 1]);
    expect(
      fillGaps(pathOf([0, -1, 2, 1]), input([50, 30, 60, 40], [50, 30, 60])).map((s) => s.clause),
    ).toEqual([0, -1, 2, 1]);
  });

  it('joins a lone span to the neighbouring clause whose length it completes, and only then', () => {
    // Clause 1 holds 40 of its expected 90 characters; the span left out after it holds 45.
    const joined = fillGaps(pathOf([0, 1, -1, 2]), input([50, 40, 45, 60], [50, 90, 60]));
    expect(joined.map((s) => s.clause)).toEqual([0, 1, 1, 2]);
    // Clauses already of their length: the span stays out.
    const kept = fillGaps(pathOf([0, 1, -1, 2]), input([50, 90, 45, 60], [50, 90, 60]));
    expect(kept.map((s) => s.clause)).toEqual([0, 1, -1, 2]);
  });
});
