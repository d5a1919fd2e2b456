import { describe, expect, it } from 'vitest';
import { pairsBackwards } from './features.ts';

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
