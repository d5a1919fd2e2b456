import { describe, expect, it } from 'vitest';
import { fitSpreadModel, spreadZ } from './pair-stats.ts';

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
