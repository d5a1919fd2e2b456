/**
 * Fits the weights of the reversed-line evidence (`REVERSAL_WEIGHTS` in
 * functions/core/align/segment/reversed-lines.ts) by logistic regression: the reviewed editions of every charter,
 * wrapped at several widths, with a seeded `FIT_PRIOR` share of their lines reversed, each line's evidence read
 * with no line turned round yet (the first round of `restoreReversedLines`). Prints the weights to paste.
 * Run: `npx tsx bench/segment/fit-reversed.ts`.
 */
import {
  FIT_PRIOR,
  lineViews,
  prepareDocument,
  type ReversalEvidence,
  reversalEvidence,
} from '../../functions/core/align/segment/reversed-lines.ts';
import { toSourceLines } from '../../functions/core/align/segment/segment-lines.ts';
import { Rng } from '../matrix/rng.ts';
import { wrappedReviewedEditions } from './wrapped-reviewed.ts';

const FEATURES = ['words', 'classes', 'edges', 'breakWords', 'breakClasses'] as const;

const rows: Array<{ x: number[]; y: number }> = [];
for (const { charter, file, width, lines } of wrappedReviewedEditions([25, 32, 40, 50, 60])) {
  // A seed apart from reversed-check.ts's, so that check is not the data the weights were fitted on.
  const rng = new Rng(`fit/${charter}/${file}/${width}`);
  const reversed = lines.map((line) => line.includes(' ') && rng.chance(FIT_PRIOR));
  const damaged = lines.map((line, i) => (reversed[i] ? line.split(' ').reverse().join(' ') : line));
  const views = lineViews(toSourceLines(damaged.join('\n')));
  const evidence = reversalEvidence(
    prepareDocument(views),
    views.map(() => false),
  );
  if (!evidence) continue;
  evidence.forEach((e: ReversalEvidence | null, i) => {
    if (!e || (damaged[i] === lines[i] && reversed[i])) return;
    rows.push({ x: FEATURES.map((f) => e[f]), y: reversed[i] ? 1 : 0 });
  });
}

// Logistic regression by gradient descent, with a little L2 on the weights (not the bias).
const w = new Array<number>(FEATURES.length).fill(0);
let bias = 0;
const L2 = 1e-3;
for (let step = 0; step < 3000; step++) {
  const grad = new Array<number>(FEATURES.length).fill(0);
  let gradBias = 0;
  for (const { x, y } of rows) {
    const z = bias + x.reduce((sum, v, k) => sum + v * w[k]!, 0);
    const p = 1 / (1 + Math.exp(-z));
    const d = p - y;
    gradBias += d;
    for (let k = 0; k < x.length; k++) grad[k]! += d * x[k]!;
  }
  const rate = 0.5;
  bias -= (rate * gradBias) / rows.length;
  for (let k = 0; k < w.length; k++) w[k]! -= rate * (grad[k]! / rows.length + L2 * w[k]!);
}
let right = 0;
for (const { x, y } of rows) {
  const z = bias + x.reduce((sum, v, k) => sum + v * w[k]!, 0);
  if (z > 0 === (y === 1)) right++;
}
console.log(`${rows.length} lines, ${((100 * right) / rows.length).toFixed(1)}% right at the first round`);
console.log(`bias: ${bias.toFixed(2)}, ${FEATURES.map((f, k) => `${f}: ${w[k]!.toFixed(2)}`).join(', ')}`);
