import { describe, expect, it } from 'vitest';
import {
  alignWords,
  calibrationBins,
  cleaningScore,
  confidentWrongShare,
  summariseCleaning,
  wordTokens,
} from './metrics.ts';

describe('wordTokens', () => {
  it('drops list marks at line starts, folds quotes and dashes, keeps words and inner punctuation', () => {
    expect(wordTokens('• första punkt\n2. andra – ”ord”\n- co-financing')).toEqual([
      'första',
      'punkt',
      'andra',
      '-',
      '"ord"',
      'co-financing',
    ]);
  });
});

describe('alignWords', () => {
  it('counts a substitution and marks only the changed word wrong', () => {
    const a = alignWords(['the', 'cat', 'sat'], ['the', 'cut', 'sat']);
    expect(a.errors).toBe(1);
    expect(a.correct).toEqual([true, false, true]);
  });

  it('counts insertions and deletions (a split word is one substitution plus one insertion)', () => {
    const a = alignWords(['integration', 'i', 'städer'], ['inte-', 'gration', 'i', 'städer', '3']);
    expect(a.errors).toBe(3);
    expect(a.correct).toEqual([false, true, true]);
    expect(alignWords(['a', 'b', 'c'], ['a', 'c']).correct).toEqual([true, false, true]);
  });

  it('gives zero errors for identical texts and all errors against an empty text', () => {
    expect(alignWords(['x', 'y'], ['x', 'y']).errors).toBe(0);
    expect(alignWords(['x', 'y'], []).errors).toBe(2);
  });
});

describe('cleaning scores', () => {
  it('measures errors before and after and the words cleaning broke', () => {
    const score = cleaningScore('för att främja', 'f6r att framja', 'för att främja');
    expect(score).toEqual({ goldWords: 3, rawErrors: 2, cleanedErrors: 0, harmed: 0, broken: 0 });
    const harmful = cleaningScore('Fund for the', 'Fund for the', 'Fund för the');
    expect(harmful.harmed).toBe(1);
    expect(harmful.broken).toBe(1);
    const summary = summariseCleaning([score, harmful]);
    expect(summary.reduction).toBeCloseTo(1 - 1 / 2);
    expect(summary.harm).toBeCloseTo(1 / 6);
    expect(summary.rawWer).toBeCloseTo(2 / 6);
    expect(summary.brokenShare).toBeCloseTo(1 / 6);
  });

  it('counts words moved by the reading order as harmed by position, not as broken', () => {
    // Two columns read across, then put in reading order: every word is still spelt right.
    const gold = 'alla människor är födda fria och lika i värde och rättigheter';
    const across = 'alla människor och lika i värde är födda fria och rättigheter';
    const score = cleaningScore(gold, across, gold);
    expect(score.broken).toBe(0);
    const broken = cleaningScore(gold, across, gold.replace('födda', 'fodda'));
    expect(broken.broken).toBe(1);
  });
});

describe('calibration', () => {
  const points = [
    { confidence: 0.2, correct: false },
    { confidence: 0.5, correct: true },
    { confidence: 0.85, correct: true },
    { confidence: 0.9, correct: false },
    { confidence: 1, correct: true },
    { confidence: 0.95, correct: true },
  ];

  it('bins by lower-inclusive edges, the top bin holding 1.0', () => {
    expect(calibrationBins(points).map((b) => [b.count, b.accuracy])).toEqual([
      [1, 0],
      [1, 1],
      [1, 1],
      [3, 2 / 3],
    ]);
  });

  it('gives the share of confident clauses that are wrong, null when none is confident', () => {
    expect(confidentWrongShare(points)).toBeCloseTo(1 / 3);
    expect(confidentWrongShare([{ confidence: 0.4, correct: true }])).toBeNull();
  });
});
