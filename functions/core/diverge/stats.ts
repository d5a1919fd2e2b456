/** Robust statistics used to learn each language pair's usual level from the charter's own clauses. */

/** Median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Location and spread of a sample: median and MAD scaled to a normal sigma (1.4826 * MAD). */
export interface RobustScale {
  center: number;
  sigma: number;
  n: number;
}

/** Median and MAD-based sigma of `values`, the sigma never below `minSigma`. */
export function robustScale(values: readonly number[], minSigma: number): RobustScale {
  const center = median(values);
  const mad = median(values.map((v) => Math.abs(v - center)));
  return { center, sigma: Math.max(1.4826 * mad, minSigma), n: values.length };
}

/** Robust z-score of `value` against `scale`. */
export function robustZ(value: number, scale: RobustScale): number {
  return (value - scale.center) / scale.sigma;
}
