/**
 * Fitting the confidence model: L2-regularised logistic regression (Newton's method) on standardised features,
 * then pool-adjacent-violators isotonic regression of the outcome on the logistic score, with each pooled
 * block's accuracy shrunk towards 1/2 by its size so that a small block cannot promise too much.
 */
import { FEATURE_NAMES } from '../../functions/core/align/confidence/features.ts';
import type { CalibrationModel } from '../../functions/core/align/confidence/model.ts';
import { logisticScore } from '../../functions/core/align/confidence/model.ts';

/** One training row. */
export interface Sample {
  features: readonly number[];
  right: boolean;
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/** Logistic regression weights (bias last) by Newton's method with an L2 penalty `lambda` on the weights. */
export function fitLogistic(x: readonly number[][], y: readonly number[], lambda = 1): number[] {
  const d = (x[0]?.length ?? 0) + 1;
  let w = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    x.forEach((row, i) => {
      const xi = [...row, 1];
      const z = xi.reduce((s, v, j) => s + v * w[j]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      const r = p * (1 - p);
      for (let j = 0; j < d; j++) {
        grad[j]! += (p - y[i]!) * xi[j]!;
        for (let k = 0; k < d; k++) hess[j]![k]! += r * xi[j]! * xi[k]!;
      }
    });
    for (let j = 0; j < d - 1; j++) {
      grad[j]! += lambda * w[j]!;
      hess[j]![j]! += lambda;
    }
    hess[d - 1]![d - 1]! += 1e-6;
    const step = solve(hess, grad);
    w = w.map((v, j) => v - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return w;
}

/** Isotonic knots: pooled blocks of increasing score, each at its shrunk accuracy. */
export function fitIsotonic(
  scores: readonly number[],
  right: readonly boolean[],
  prior = 2,
): { x: number[]; y: number[] } {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  interface Block {
    lo: number;
    hi: number;
    hits: number;
    n: number;
  }
  const blocks: Block[] = [];
  const accuracy = (b: Block) => b.hits / b.n;
  const value = (b: Block) => (b.hits + prior / 2) / (b.n + prior);
  // Pooled on the raw accuracies: shrinking inside the pooling would make every new one-clause block look
  // like 2/3 and swallow the whole top of the scale into one block.
  const pool = (worth: (b: Block) => number) => {
    const pooled: Block[] = [];
    for (const block of blocks) {
      pooled.push({ ...block });
      while (pooled.length > 1 && worth(pooled[pooled.length - 2]!) >= worth(pooled[pooled.length - 1]!)) {
        const b = pooled.pop()!;
        const a = pooled[pooled.length - 1]!;
        a.hi = b.hi;
        a.hits += b.hits;
        a.n += b.n;
      }
    }
    blocks.splice(0, blocks.length, ...pooled);
  };
  for (const i of order) blocks.push({ lo: scores[i]!, hi: scores[i]!, hits: right[i] ? 1 : 0, n: 1 });
  pool(accuracy);
  // Then pooled again where shrinking a small block put it below a larger one beneath it.
  pool(value);
  const x: number[] = [];
  const y: number[] = [];
  for (const b of blocks) {
    x.push(b.lo, b.hi);
    y.push(value(b), value(b));
  }
  if (x.length < 2) return { x: [0, 1], y: [value(blocks[0]!), value(blocks[0]!)] };
  return { x, y };
}

/** Fits the whole confidence model on samples. */
export function fitCalibration(samples: readonly Sample[], fittedOn: string, lambda = 1): CalibrationModel {
  const n = FEATURE_NAMES.length;
  const mean = new Array<number>(n).fill(0);
  const scale = new Array<number>(n).fill(0);
  for (const s of samples) {
    for (let j = 0; j < n; j++) mean[j]! += s.features[j]! / samples.length;
  }
  for (const s of samples) {
    for (let j = 0; j < n; j++) scale[j]! += (s.features[j]! - mean[j]!) ** 2 / samples.length;
  }
  const sd = scale.map((v) => Math.sqrt(v) || 1);
  const x = samples.map((s) => s.features.map((v, j) => (v - mean[j]!) / sd[j]!));
  const w = fitLogistic(
    x,
    samples.map((s) => (s.right ? 1 : 0)),
    lambda,
  );
  const partial: CalibrationModel = {
    features: [...FEATURE_NAMES],
    mean,
    scale: sd,
    weights: w.slice(0, n),
    bias: w[n]!,
    isotonic: { x: [0, 1], y: [0, 1] },
    fittedOn,
  };
  const scores = samples.map((s) => logisticScore(partial, s.features));
  return {
    ...partial,
    isotonic: fitIsotonic(
      scores,
      samples.map((s) => s.right),
    ),
  };
}
