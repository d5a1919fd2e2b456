import { describe, expect, it } from 'vitest';
import { dice } from '../align/fold.ts';
import { buildContext, type EditionView } from './context.ts';
import { fitSpreadModel, matchMargin, similarity, spreadZ } from './pair-stats.ts';
import { median } from './stats.ts';
import { editionOf, structureOf, testThresholds } from './test-fixtures.ts';

describe('fitSpreadModel', () => {
  // Log ratios around 0.1: short clauses (20 letters) scatter by about 0.3, long ones (400) by about 0.05.
  const wobble = [-1, -0.5, 0, 0.5, 1, -0.8, 0.8, -0.3, 0.3, 0];
  const points = [
    ...wobble.map((w) => ({ value: 0.1 + 0.3 * w, size: 20 })),
    ...wobble.map((w) => ({ value: 0.1 + 0.05 * w, size: 400 })),
  ];

  it('centres on the median and widens the spread for short clauses', () => {
    const model = fitSpreadModel(points, 0.01);
    expect(model.center).toBeCloseTo(0.1, 5);
    const short = Math.sqrt(model.base + model.perLetter / 20);
    const long = Math.sqrt(model.base + model.perLetter / 400);
    expect(short).toBeGreaterThan(4 * long);
  });

  it('scores the same deviation as far stronger in a long clause', () => {
    const model = fitSpreadModel(points, 0.01);
    expect(Math.abs(spreadZ(model, 0.1 - 0.4, 400))).toBeGreaterThan(5);
    expect(Math.abs(spreadZ(model, 0.1 - 0.4, 20))).toBeLessThan(2);
  });

  it('never lets the spread fall below the floor', () => {
    const flat = fitSpreadModel(
      Array.from({ length: 10 }, (_, i) => ({ value: 0.2, size: 10 + i * 50 })),
      0.05,
    );
    expect(Math.sqrt(flat.base + flat.perLetter / 1000)).toBeGreaterThanOrEqual(0.05 - 1e-9);
  });
});

describe('similarity', () => {
  const structure = structureOf([
    ['a', 'paragraph'],
    ['b', 'paragraph'],
    ['c', 'paragraph'],
  ]);
  const { editions } = buildContext(
    structure,
    [
      editionOf('sv', {
        a: 'Staden ska främja integration',
        b: 'Alla invånare har lika rättigheter',
        c: 'Kort',
      }),
      editionOf('nb', { a: 'Byen skal fremme integrering', b: 'Alle innbyggere har like rettigheter' }),
    ],
    testThresholds,
  );
  const [sv, nb] = editions as [EditionView, EditionView];

  it('is the trigram Dice of the two clauses, the same asked either way round', () => {
    const value = similarity(sv, nb, 'b', 'a');
    expect(value).toBe(dice(sv.clauses.get('b')!.grams, nb.clauses.get('a')!.grams));
    expect(similarity(nb, sv, 'a', 'b')).toBe(value);
    expect(similarity(sv, nb, 'b')).toBe(dice(sv.clauses.get('b')!.grams, nb.clauses.get('b')!.grams));
  });

  it('compares an edition with itself', () => {
    expect(similarity(sv, sv, 'a', 'a')).toBe(1);
    expect(similarity(sv, sv, 'a', 'c')).toBe(similarity(sv, sv, 'c', 'a'));
    expect(similarity(sv, sv, 'a', 'c')).toBeLessThan(0.5);
  });

  it('scores the counterpart against the best other clause', () => {
    const margin = matchMargin(sv, nb, 'b', ['a', 'b']);
    expect(margin).toBeCloseTo(similarity(sv, nb, 'b') - similarity(sv, nb, 'b', 'a'), 12);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, -1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('orders -0 and 0 and places NaN as a comparator sort does', () => {
    const byComparator = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    for (const values of [
      [0, -0, 1],
      [-0, 0, -1],
      [0, -0],
      [-0, 5, 0, -5],
      [1, Number.NaN, 2],
      [Number.NaN, 3, 1, 2],
    ])
      expect(
        Object.is(median(values), byComparator(values)) ||
          (Number.isNaN(median(values)) && Number.isNaN(byComparator(values))),
      ).toBe(true);
  });
});
