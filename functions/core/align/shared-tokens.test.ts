import { describe, expect, it } from 'vitest';
import type { CharterStructure, ClauseDef } from '../structure/types.ts';
import { buildTokenIndex, sharedTokenScores, stableTokens } from './shared-tokens.ts';

const clause = (id: string, order: number): ClauseDef => ({
  id,
  kind: 'paragraph',
  group: id,
  section: 's',
  anchors: [],
  footnoteRef: false,
  order,
  leadIn: false,
  bulletIndex: 0,
  groupSize: 0,
});
const structure: CharterStructure = {
  charter: 't',
  title: 't',
  clauses: ['a', 'b', 'c', 'd'].map(clause),
};
const reference = {
  charter: 't',
  lang: 'fr',
  clauses: {
    a: "La face nord du Makalu, haute d'environ 600 m, en 1956.",
    b: 'Au petit matin du 9 septembre 1956.',
    c: 'La cordée atteignit le sommet du Lhotse en 1956.',
    d: 'Nous redescendîmes le lendemain.',
  },
  residue: [],
};

describe('stableTokens', () => {
  it('keeps numbers and capitalised names, not the first word or lower-case words', () => {
    expect([...stableTokens('Die 600 m hohe Nordwand des Makalu, 1956')].sort()).toEqual([
      '1956',
      '600',
      'makalu',
      'nordwand',
    ]);
  });
});

describe('sharedTokenScores', () => {
  const index = buildTokenIndex(structure, [reference]);
  it('favours the clause holding a rare shared name or number over the others', () => {
    const scores = sharedTokenScores(index, 'Am frühen Morgen des 9. September 1956')!;
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    expect(scores[1]).toBeGreaterThan(scores[3]!);
    const lhotse = sharedTokenScores(index, 'Die Seilschaft erreichte den Gipfel des Lhotse')!;
    expect(lhotse[2]).toBeGreaterThan(0);
    expect(lhotse[0]).toBe(0);
  });
  it('gives a number every clause but one holds little weight, and nothing for unknown tokens', () => {
    const common = sharedTokenScores(index, 'Im Jahr 1956')!;
    expect(common[0]! - common[3]!).toBeLessThan(0.5);
    expect(sharedTokenScores(index, 'Wir stiegen am Tag danach ab')).toBeNull();
  });
});
