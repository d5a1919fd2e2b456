import { describe, expect, it } from 'vitest';
import { cognateIndex, cognateShare, dice, foldedSimilarity, foldText, trigramSet } from './fold.ts';

describe('foldText', () => {
  it('folds case, diacritics and Nordic letters, and drops punctuation', () => {
    expect(foldText('Städer, Ørsted og Ærø!')).toBe('stader orsted og aero');
  });
});

describe('similarities', () => {
  it('scores OCR that lost its diacritics as nearly equal', () => {
    expect(foldedSimilarity('för våra städer', 'for vara stader')).toBe(1);
    expect(foldedSimilarity('för våra städer', 'for vdra stdder')).toBeGreaterThan(0.8);
    expect(foldedSimilarity('för våra städer', 'helt annan text')).toBeLessThan(0.5);
  });

  it('finds cognates across related languages', () => {
    const sv = foldText('integrationspolitik i europeiska städer').split(' ');
    const da = cognateIndex(foldText('integrationspolitikken i europæiske storbyer').split(' '));
    expect(cognateShare(sv, da)).toBeCloseTo(2 / 3);
  });

  it('gives the Dice coefficient of trigram sets', () => {
    expect(dice(trigramSet('abc'), trigramSet('abc'))).toBe(1);
    expect(dice(trigramSet('abc'), trigramSet('xyz'))).toBe(0);
  });
});
