import { describe, expect, it } from 'vitest';
import { learnWordTable, tableSimilarity, translationsOf } from './word-table.ts';

/** A small deterministic random generator, so the pairs are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Two invented languages that share no spelling: concept i is `s<i>x` on one side and `t<i>q` on the other.
const concepts = 30;
const sourceWord = (i: number) => `s${i}x`;
const targetWord = (i: number) => `t${i}q`;

function pairs(count: number, seed: number) {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const picked = new Set<number>();
    while (picked.size < 5) picked.add(Math.floor(next() * concepts));
    const ids = [...picked];
    return { source: ids.map(sourceWord), target: ids.map(targetWord).reverse() };
  });
}

describe('learnWordTable', () => {
  it('learns that words which always occur in the same pairs are translations', () => {
    const table = learnWordTable(pairs(60, 7));
    for (const i of [0, 7, 19, 29]) expect(translationsOf(table, sourceWord(i))[0]?.[0]).toBe(targetWord(i));
  });

  it('associates nothing with a word seen in only one pair', () => {
    const data = pairs(40, 3);
    data[0] = { source: [...data[0]!.source, 'lonely'], target: [...data[0]!.target, 'seul'] };
    const table = learnWordTable(data);
    expect(translationsOf(table, 'lonely')).toEqual([]);
  });

  it('does not link a word that occurs apart from its would-be partner as often as with it', () => {
    // `a` and `b` each occur in half of the pairs, independently of each other.
    const data = Array.from({ length: 40 }, (_, i) => ({
      source: i % 2 === 0 ? ['a', 'x'] : ['x'],
      target: Math.floor(i / 2) % 2 === 0 ? ['b', 'y'] : ['y'],
    }));
    const table = learnWordTable(data, { minScore: 0.6 });
    expect(translationsOf(table, 'a').map(([t]) => t)).not.toContain('b');
  });
});

describe('tableSimilarity', () => {
  it('scores a translation above an unrelated text of the same length', () => {
    const table = learnWordTable(pairs(60, 11));
    const source = new Set([1, 2, 3, 4].map(sourceWord));
    const translation = new Set([4, 3, 2, 1].map(targetWord));
    const unrelated = new Set([10, 11, 12, 13].map(targetWord));
    expect(tableSimilarity(table, source, translation)).toBeGreaterThan(0.5);
    expect(tableSimilarity(table, source, unrelated)).toBeLessThan(0.2);
  });

  it('is 0 when neither text has a word the table knows', () => {
    const table = learnWordTable(pairs(20, 5));
    expect(tableSimilarity(table, new Set(['unknown']), new Set(['inconnu']))).toBe(0);
  });
});
