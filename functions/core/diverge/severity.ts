/** Severity of a finding from its kind and the strength of its evidence. */
import type { DivergenceKind, FlagSeverity } from '../reviews/types.ts';
import type { DivergenceThresholds } from './types.ts';

/**
 * `high` when `strength` reaches the kind's `highAt`, `low` below its `mediumAt`, `medium` between. A kind
 * without bands in the thresholds is `medium`.
 */
export function severityOf(
  kind: DivergenceKind,
  strength: number,
  thresholds: DivergenceThresholds,
): FlagSeverity {
  const bands = thresholds.severity[kind];
  if (!bands) return 'medium';
  if (strength >= bands.highAt) return 'high';
  return strength >= bands.mediumAt ? 'medium' : 'low';
}

/** A text cut to `max` characters at a word boundary, for evidence a reviewer reads. */
export function snippet(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max / 2 ? space : max)}…`;
}
