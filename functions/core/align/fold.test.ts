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

  it('counts shared members exactly whatever order sets are compared in, new members included', () => {
    // Dice from its definition, to compare with: twice the shared members over the two sizes.
    const byDefinition = (a: Set<string>, b: Set<string>) =>
      (2 * [...a].filter((m) => b.has(m)).length) / (a.size + b.size);
    const texts = [
      'the cities commit to integration',
      'integration of migrants in cities',
      'städerna åtar sig integration',
      'a text of words no other text has yet: quixotic zephyr',
      'cities',
    ];
    const sets = texts.map((t) => trigramSet(t));
    // Each set against every set, both ways, then again in reverse order: the first argument changes between
    // calls, and sets met for the first time bring members never numbered before.
    const order = [...sets.keys()].flatMap((i) => [...sets.keys()].map((j) => [i, j] as const));
    for (const [i, j] of [...order, ...order.reverse()])
      expect(dice(sets[i]!, sets[j]!)).toBe(byDefinition(sets[i]!, sets[j]!));
    const late = trigramSet('entirely unseen zzqx members');
    expect(dice(sets[0]!, late)).toBe(byDefinition(sets[0]!, late));
    expect(dice(late, sets[0]!)).toBe(byDefinition(late, sets[0]!));
  });
});
