import { describe, expect, it } from 'vitest';
import { fitIsotonic, fitLogistic } from './fit-model.ts';

describe('fitLogistic', () => {
  it('finds the direction that separates the outcomes', () => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = Math.sin(i * 12.9898) * 2;
      const b = Math.cos(i * 78.233) * 2;
      x.push([a, b]);
      y.push(a - 0.2 * b + Math.sin(i * 3.3) * 0.3 > 0 ? 1 : 0);
    }
    const w = fitLogistic(x, y, 0.1);
    expect(w[0]!).toBeGreaterThan(1);
    expect(Math.abs(w[1]!)).toBeLessThan(w[0]!);
  });
});

describe('fitIsotonic', () => {
  it('gives increasing accuracies, shrunk towards one half for small blocks', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
    const right = [false, true, false, false, true, true, false, true, true, true];
    const { x, y } = fitIsotonic(scores, right);
    for (let i = 1; i < y.length; i++) expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]!);
    for (let i = 1; i < x.length; i++) expect(x[i]!).toBeGreaterThanOrEqual(x[i - 1]!);
    expect(y[y.length - 1]!).toBeLessThan(1);
    expect(y[0]!).toBeGreaterThan(0);
  });

  it('keeps a long run of right answers at the top as one sure block', () => {
    // 100 mixed clauses, then 100 right ones with higher scores: pooling shrunk values would merge them all.
    const scores = Array.from({ length: 200 }, (_, i) => i / 200);
    const right = scores.map((_, i) => i >= 100 || i % 2 === 0);
    const { x, y } = fitIsotonic(scores, right);
    expect(y[y.length - 1]!).toBeGreaterThan(0.98);
    expect(x[x.length - 2]!).toBeGreaterThanOrEqual(0.5);
  });
});
