import { describe, expect, it } from 'vitest';
import { pairsBackwards, referenceOrderReversed } from './features.ts';

describe('word-order features of the confidence model', () => {
  it('sees a heading extracted backwards against its references, and not one printed the right way', () => {
    const references = ['Artikel 4.', 'Article 4'];
    expect(referenceOrderReversed('4. Artikel', references)).toBeGreaterThan(0.4);
    expect(referenceOrderReversed('Artikel 4.', references)).toBe(0);
  });

  it('sees a sentence whose shared words run backwards, more surely the more words it shares', () => {
    const reference = 'Everyone has the right to life, liberty and security of person.';
    const turned = 'person. of security and liberty life, to right the has Everyone';
    expect(referenceOrderReversed(turned, [reference])).toBeGreaterThan(0.6);
    expect(referenceOrderReversed(reference, [reference])).toBe(0);
  });

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
