import { describe, expect, it } from 'vitest';
import { orderDoubt, pairsBackwards } from './features.ts';

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
