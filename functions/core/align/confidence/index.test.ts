import { describe, expect, it } from 'vitest';
import { structureOf } from '../../diverge/test-fixtures.ts';
import type { ReviewedEdition } from '../../structure/types.ts';
import type { AlignedClause } from '../types.ts';
import {
  type CalibrationModel,
  calibrateClauses,
  calibratedConfidence,
  checkCalibrationModel,
  clauseFeatures,
  FEATURE_NAMES,
} from './index.ts';

const structure = structureOf([
  ['a', 'paragraph'],
  ['b', 'paragraph'],
  ['c', 'paragraph'],
  ['d', 'paragraph'],
]);
const reference: ReviewedEdition = {
  charter: 't',
  lang: 'xx',
  clauses: {
    a: 'Cities welcome newcomers and offer them language courses in the first year',
    b: 'The council publishes a yearly report on housing and employment of migrants',
    c: 'Schools give every child the same chances whatever the origin of the parents',
    d: 'Partners from civil society are consulted before each new programme starts',
  },
  residue: [],
};
const aligned = (id: string, text: string, start: number): AlignedClause => ({
  id,
  text,
  confidence: 1,
  spans: [{ start, end: start + text.length }],
  segments: [],
});
const at = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);

describe('clauseFeatures', () => {
  it("sees a clause holding another clause's text: not the best match, negative margin", () => {
    const clauses = [
      aligned('a', reference.clauses.a!, 0),
      aligned('b', reference.clauses.c!, 100),
      aligned('d', reference.clauses.d!, 200),
    ];
    const [a, b] = clauseFeatures(clauses, [1, 1, 1], structure, [reference]);
    expect(a!.values[at('isBest')]).toBe(1);
    expect(a!.values[at('margin')]).toBeGreaterThan(0.5);
    expect(b!.values[at('isBest')]).toBe(0);
    expect(b!.values[at('margin')]).toBeLessThan(-0.5);
  });

  it('marks a clause that ends unlike its references, by how often the edition ends like them', () => {
    const ending = (text: string, end: string) => `${text}${end}`;
    const texts = ['a', 'b', 'c', 'd'].map((id) => reference.clauses[id]!);
    // The references end without punctuation: an edition ending its clauses with a full stop is another
    // convention, not a clause cut at the wrong place.
    const allUnlike = texts.map((t, i) => aligned('abcd'[i]!, ending(t, '.'), i * 100));
    const unlikeAll = clauseFeatures(allUnlike, [1, 1, 1, 1], structure, [reference]);
    expect(unlikeAll.map((f) => f.values[at('endUnlike')])).toEqual([0, 0, 0, 0]);
    // Three end as the references do and one runs on into a comma: only that one is marked, by 3/4.
    const oneUnlike = texts.map((t, i) => aligned('abcd'[i]!, i === 1 ? ending(t, ' and,') : t, i * 100));
    const unlikeOne = clauseFeatures(oneUnlike, [1, 1, 1, 1], structure, [reference]);
    expect(unlikeOne.map((f) => f.values[at('endUnlike')])).toEqual([0, 0.75, 0, 0]);
    expect(unlikeOne.map((f) => f.values[at('startUnlike')])).toEqual([0, 0, 0, 0]);
  });

  it('marks clauses without references and reading-order breaks', () => {
    const clauses = [aligned('d', 'x y z', 0), aligned('a', 'p q r', 50), aligned('b', 'r s t', 90)];
    const features = clauseFeatures(clauses, [0.5, 0.5, 0.5], structure, []);
    expect(features.every((f) => f.values[at('noReferences')] === 1)).toBe(true);
    expect(features[0]!.values[at('orderFit')]).toBe(0);
    expect(features[2]!.values[at('orderFit')]).toBe(1);
  });
});

describe('clauseFeatures in a warm process', () => {
  it('keeps the reference indexes of two charters without references apart', () => {
    const small = structureOf([['s1', 'paragraph']]);
    expect(clauseFeatures([aligned('s1', 'p q r', 0)], [0.5], small, [])).toHaveLength(1);
    // A larger charter after it: its clauses past the first are no clauses of the small one.
    const large = structureOf([
      ['l1', 'paragraph'],
      ['l2', 'paragraph'],
      ['l3', 'paragraph'],
      ['l4', 'paragraph'],
      ['l5', 'paragraph'],
      ['l6', 'paragraph'],
    ]);
    const clauses = [aligned('l1', 'p q r', 0), aligned('l6', 'x y z', 50)];
    const features = clauseFeatures(clauses, [0.5, 0.5], large, []);
    expect(features.map((f) => f.values[at('noReferences')])).toEqual([1, 1]);
  });
});

describe('calibrateClauses', () => {
  it('on the structure alone, gives no clause more than the decoder posterior', () => {
    // A model sure of everything: with references it speaks, without them the posterior caps it.
    const sure: CalibrationModel = {
      features: [...FEATURE_NAMES],
      mean: FEATURE_NAMES.map(() => 0),
      scale: FEATURE_NAMES.map(() => 1),
      weights: FEATURE_NAMES.map(() => 0),
      bias: 10,
      isotonic: { x: [0, 1], y: [0, 1] },
      fittedOn: 'test',
    };
    const clauses = [
      { ...aligned('a', reference.clauses.a!, 0), posterior: 0.2 },
      { ...aligned('b', reference.clauses.b!, 100), posterior: 0.7 },
    ];
    const alone = calibrateClauses(clauses, structure, [], {}, sure);
    expect(alone.map((c) => c.confidence)).toEqual([0.2, 0.7]);
    const withReference = calibrateClauses(clauses, structure, [reference], {}, sure);
    expect(withReference.every((c) => c.confidence > 0.99)).toBe(true);
  });
});

describe('calibration model', () => {
  const identity: CalibrationModel = {
    features: [...FEATURE_NAMES],
    mean: FEATURE_NAMES.map(() => 0),
    scale: FEATURE_NAMES.map(() => 1),
    weights: FEATURE_NAMES.map((_, i) => (i === 0 ? 6 : 0)),
    bias: 0,
    isotonic: { x: [0, 0.5, 0.5, 1], y: [0.1, 0.1, 0.8, 0.8] },
    fittedOn: 'test',
  };

  it('maps the logistic score through the isotonic knots', () => {
    const values = FEATURE_NAMES.map(() => 0);
    values[0] = Math.log(0.9 / 0.1) / 6;
    expect(calibratedConfidence(identity, values)).toBeCloseTo(0.8, 5);
    values[0] = Math.log(0.2 / 0.8) / 6;
    expect(calibratedConfidence(identity, values)).toBeCloseTo(0.1, 5);
  });

  it('refuses a model of the wrong shape', () => {
    expect(() => checkCalibrationModel({ ...identity, weights: [1] })).toThrow(TypeError);
    expect(() => checkCalibrationModel({ ...identity, isotonic: { x: [0, 1], y: [0.9, 0.1] } })).toThrow(
      /increase/,
    );
    expect(() => checkCalibrationModel({ ...identity, features: ['other'] })).toThrow(/features/);
  });
});
