import { describe, expect, it } from 'vitest';
import { compileAnchor, findAnchors } from './anchors.ts';
import { foldedWords } from './fold.ts';

const anchors = [
  compileAnchor(['Milan', 'Milano']),
  compileAnchor(['European Fund for the Integration of Third Country Nationals']),
  compileAnchor(['2011']),
  compileAnchor(['Rome', 'Roma', 'Rom']),
];
const found = (text: string) => [...findAnchors(foldedWords(text), anchors)].sort();

describe('findAnchors', () => {
  it('finds a place name in any of its spellings and inflections', () => {
    expect(found('i Milano-deklarationen 2007')).toEqual(['Milan']);
    expect(found('Milanoerklæringen fra 2007')).toEqual(['Milan']);
  });

  it('finds a multi-word English title, even when the OCR cut its last word short', () => {
    expect(found('the European Fund for the Integration of Third Country Nat')).toEqual([
      'European Fund for the Integration of Third Country Nationals',
    ]);
    expect(found('the European Fund for the Integration of migrants')).toEqual([]);
  });

  it('matches whole words only', () => {
    expect(found('under 20112 och romantik')).toEqual([]);
    expect(found('Leeds, London och Rom')).toEqual(['Rome']);
  });
});
