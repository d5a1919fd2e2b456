import { beforeAll, describe, expect, it } from 'vitest';
import { type BenchmarkResult, runBenchmark } from './benchmark.ts';
import { loadSetup } from './evaluate.ts';
import { INJECTION_KINDS } from './inject.ts';

// A seed range of its own (neither the report's development nor its held-out set), 10 trials per kind.
const SEEDS = Array.from({ length: 70 }, (_, i) => 300001 + i);

describe('divergence benchmark on the reviewed editions', () => {
  let result: BenchmarkResult;
  let several: BenchmarkResult;
  beforeAll(async () => {
    const setup = await loadSetup('integrating-cities', false);
    result = runBenchmark(setup, SEEDS);
    several = runBenchmark(setup, SEEDS.slice(0, 12), 6);
  });

  it('injects every kind', () => {
    for (const kind of INJECTION_KINDS) expect(result.recallByKind[kind]?.total).toBeGreaterThan(0);
  });

  it('finds at least 90 % of the injected divergences, and most of each kind', () => {
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
    for (const kind of INJECTION_KINDS) {
      const { found, total } = result.recallByKind[kind]!;
      expect(found / total, kind).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('flags at most 5 % of the untouched clause-language pairs that are not divergent already', () => {
    expect(result.falseFlagRateNew).toBeLessThanOrEqual(0.05);
  });

  it('holds with six divergences injected at once', () => {
    expect(several.trials.length).toBe(72);
    expect(several.recall).toBeGreaterThanOrEqual(0.9);
    expect(several.falseFlagRateNew).toBeLessThanOrEqual(0.05);
  });
});
