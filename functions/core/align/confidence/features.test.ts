import { describe, expect, it } from 'vitest';
import { cutDoubt, edgeClasses, orderDoubt, pairsBackwards } from './features.ts';

describe('the pairsBackwards feature of the confidence model', () => {
  it('finds the text whose words read backwards by the pairs of the rest of the edition', () => {
    const texts = [
      'Everyone has the right to education in the city.',
      'Everyone has the right to work and to free choice of employment.',
      'Everyone has the right to rest and leisure.',
      'right the has Everyone to life and security.',
    ];
    const scores = pairsBackwards(texts);
    expect(scores[3]!).toBeGreaterThan(0.5);
    for (const score of scores.slice(0, 3)) expect(score).toBeLessThanOrEqual(0);
  });
});

describe('orderDoubt', () => {
  const clause = { spans: [{ start: 100, end: 200 }] };
  it('counts a doubtful line by its doubt once it makes up a fifth of the clause, less when it is smaller', () => {
    const whole = { readAcross: 0, reversed: 0.1, doubtful: [{ start: 150, end: 190, doubt: 0.5 }] };
    expect(orderDoubt(clause, whole)).toBeCloseTo(0.5);
    const small = { readAcross: 0, reversed: 0.1, doubtful: [{ start: 195, end: 260, doubt: 0.5 }] };
    expect(orderDoubt(clause, small)).toBeCloseTo(0.5 * (5 / 100 / 0.2));
  });
  it('combines several lines and ignores lines outside the clause', () => {
    const layout = {
      readAcross: 0,
      reversed: 0.1,
      doubtful: [
        { start: 100, end: 130, doubt: 0.5 },
        { start: 130, end: 160, doubt: 0.5 },
        { start: 300, end: 400, doubt: 0.9 },
      ],
    };
    expect(orderDoubt(clause, layout)).toBeCloseTo(0.75);
    expect(orderDoubt(clause, { readAcross: 0, reversed: 0 })).toBe(0);
  });
});

describe('edgeClasses', () => {
  it('tells a text that starts in small letters or ends unfinished from one that reads whole', () => {
    expect(edgeClasses('Everyone has the right to rest.')).toEqual({ start: 0, end: 0 });
    expect(edgeClasses('  to promote equal access to services;')).toEqual({ start: 1, end: 1 });
    expect(edgeClasses('— 12 Article')).toEqual({ start: 3, end: 2 });
    expect(edgeClasses('2. Everyone has the right -')).toEqual({ start: 2, end: 3 });
    // Quotation marks and brackets round a text are not its edges.
    expect(edgeClasses('« (Everyone has the right to rest.) »')).toEqual({ start: 0, end: 0 });
  });
});

describe('cutDoubt', () => {
  const clause = { spans: [{ start: 100, end: 200 }] };
  const layout = (cuts: Array<{ start: number; end: number; margin: number }>) => ({
    readAcross: 1,
    reversed: 0,
    cuts,
  });
  it('takes a line cut as surely as its best rival as a coin toss, a clear cut as sure', () => {
    expect(cutDoubt(clause, layout([{ start: 120, end: 150, margin: 0 }]))).toBeCloseTo(0.5);
    expect(cutDoubt(clause, layout([{ start: 120, end: 150, margin: 20 }]))).toBeLessThan(1e-6);
    expect(cutDoubt(clause, layout([{ start: 120, end: 150, margin: Number.POSITIVE_INFINITY }]))).toBe(0);
  });
  it('combines the lines the clause holds and ignores the others', () => {
    const cuts = [
      { start: 90, end: 110, margin: 0 },
      { start: 150, end: 180, margin: 0 },
      { start: 200, end: 260, margin: 0 },
    ];
    expect(cutDoubt(clause, layout(cuts))).toBeCloseTo(0.75);
    expect(cutDoubt(clause, { readAcross: 0, reversed: 0 })).toBe(0);
  });
});
