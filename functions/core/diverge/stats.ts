/** Robust statistics used to learn each language pair's usual level from the charter's own clauses. */

/** Median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  // A typed array sorts numbers natively (no comparator call per step: the checks take medians by the
  // thousand). Its order differs from the comparator's only for NaN and for -0 beside 0: values holding either
  // take the comparator's way, so the result is the same number in every case.
  for (const value of values)
    if (Number.isNaN(value) || (value === 0 && 1 / value < 0)) return medianByComparator(values);
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianByComparator(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
