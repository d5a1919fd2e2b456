import { describe, expect, it } from 'vitest';
import type { Confusion } from '../types.ts';
import { fitDocumentModel, staticModel } from './document-model.ts';

const lost: Confusion = { intended: 'ä', seen: 'a', cost: 2.5, kind: 'diacritic-lost' };
const misread: Confusion = { intended: 'ä', seen: 'd', cost: 3.5, kind: 'diacritic-misread' };
const confusions = [lost, misread];

describe('fitDocumentModel', () => {
  it('makes a confusion cheap where the document needed it often, dear where its letters came through', () => {
    const damaged = fitDocumentModel(
      {
        words: new Map([
          ['städer', 20],
          ['väg', 5],
        ]),
        used: new Map([[lost, 18]]),
      },
      confusions,
    );
    const clean = fitDocumentModel(
      {
        words: new Map([
          ['städer', 20],
          ['väg', 5],
        ]),
        used: new Map(),
      },
      confusions,
    );
    expect(damaged.editCost(lost)).toBeLessThan(1);
    expect(clean.editCost(lost)).toBeGreaterThan(staticModel.editCost(lost));
    expect(damaged.evidenced?.(lost)).toBe(true);
    expect(clean.evidenced?.(lost)).toBe(false);
    expect(damaged.evidenced?.(misread)).toBe(false);
  });

  it('takes a given loss rate for lost diacritics only', () => {
    const model = fitDocumentModel({ words: new Map([['väg', 1]]), used: new Map() }, confusions, 0.5);
    expect(model.editCost(lost)).toBeCloseTo(Math.log(2));
    expect(model.editCost(misread)).toBeGreaterThan(1);
  });

  it('counts the words of the first reading for the document prior', () => {
    const model = fitDocumentModel(
      {
        words: new Map([
          ['Städer', 2],
          ['städer', 1],
        ]),
        used: new Map(),
      },
      confusions,
    );
    expect(model.words?.counts.get('städer')).toBe(3);
    expect(model.words?.total).toBe(3);
  });
});
