/** Robust statistics used to learn each language pair's usual level from the charter's own clauses. */

/** Median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  // A typed array sorts numbers natively (no comparator call per step: the checks take medians by the
  // thousand). Its order differs from the comparator's only for NaN and for -0 beside 0: those take the
  // comparator's way, so the result is the same number in every case.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  const low = sorted[sorted.length % 2 ? mid : mid - 1]!;
  const high = sorted[mid]!;
  if (low === 0 || high === 0 || Number.isNaN(sorted[sorted.length - 1]!)) return medianByComparator(values);
  return sorted.length % 2 ? high : (low + high) / 2;
}

function medianByComparator(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
