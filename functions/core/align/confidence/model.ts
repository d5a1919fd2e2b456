/**
 * The confidence model: a logistic regression over {@link FEATURE_NAMES}, then an isotonic map fitted on held
 * evaluation pages so that a stated confidence is the share of such clauses that are right. The fitted numbers
 * are data (`data/confidence-calibration.json`, made by `npx tsx bench/calibration/fit.ts`).
 */
import { FEATURE_NAMES } from './features.ts';

/** Fitted parameters of the confidence model. */
export interface CalibrationModel {
  features: readonly string[];
  /** Standardisation of each feature before the weights apply. */
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
  /** Isotonic map from the logistic output to the observed accuracy: increasing knots. */
  isotonic: { x: readonly number[]; y: readonly number[] };
  /** Where and how the model was fitted (for the report). */
  fittedOn: string;
}

/** Checks a model's shape once (throws a TypeError on bad data). */
export function checkCalibrationModel(model: CalibrationModel): CalibrationModel {
  const n = FEATURE_NAMES.length;
  const sameFeatures = model.features.length === n && model.features.every((f, i) => f === FEATURE_NAMES[i]);
  if (!sameFeatures) throw new TypeError(`calibration model features must be ${FEATURE_NAMES.join(', ')}`);
  for (const [name, list] of [
    ['mean', model.mean],
    ['scale', model.scale],
    ['weights', model.weights],
  ] as const) {
    if (list.length !== n || !list.every(Number.isFinite))
      throw new TypeError(`calibration ${name}: ${n} numbers`);
  }
  const { x, y } = model.isotonic;
  if (x.length !== y.length || x.length < 2)
    throw new TypeError('calibration isotonic: x and y of equal length >= 2');
  for (let i = 1; i < x.length; i++) {
    if (!(x[i]! >= x[i - 1]!) || !(y[i]! >= y[i - 1]!))
      throw new TypeError('calibration isotonic: knots must increase');
  }
  return model;
}

/** The logistic score of one feature vector, in (0, 1). */
export function logisticScore(model: CalibrationModel, values: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < values.length; i++) {
    z += model.weights[i]! * ((values[i]! - model.mean[i]!) / (model.scale[i]! || 1));
  }
  return 1 / (1 + Math.exp(-z));
}

/** Piecewise-linear interpolation of the isotonic knots. */
export function isotonicMap(knots: CalibrationModel['isotonic'], s: number): number {
  const { x, y } = knots;
  if (s <= x[0]!) return y[0]!;
  if (s >= x[x.length - 1]!) return y[y.length - 1]!;
  let hi = 1;
  while (x[hi]! < s) hi++;
  const lo = hi - 1;
  const span = x[hi]! - x[lo]!;
  const t = span > 0 ? (s - x[lo]!) / span : 1;
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

/** Calibrated confidence of one feature vector, in [0, 1]. */
export function calibratedConfidence(model: CalibrationModel, values: readonly number[]): number {
  return Math.max(0, Math.min(1, isotonicMap(model.isotonic, logisticScore(model, values))));
}
