/** Check: two clauses of one edition that read like each other's counterparts (their texts exchanged). */
import type { DivergenceFinding } from '../reviews/types.ts';
import type { DetectionContext, EditionView } from './context.ts';
import { similarity } from './pair-stats.ts';
import { severityOf, snippet } from './severity.ts';

/**
 * How much better `a`'s clauses `x` and `y` match `b` when exchanged: the smaller of what each gains
 * (sim(x, b's y) - sim(x, b's x), and the same for y). Both must gain for a real exchange; a clause merely
 * replaced by a copy of another gains on one side only.
 */
export function exchangeGain(a: EditionView, b: EditionView, x: string, y: string): number {
  return Math.min(similarity(a, b, x, y) - similarity(a, b, x), similarity(a, b, y, x) - similarity(a, b, y));
}

/**
 * Two findings (kind meaning-drift, one per clause) for each pair of clauses of an edition that match a
 * strict majority of the other editions better exchanged than in place, by more than `swap.minGain`.
 * Strength: 1 + the median gain.
 */
export function swappedClauses(context: DetectionContext): DivergenceFinding[] {
  const findings: DivergenceFinding[] = [];
  const { minGain } = context.thresholds.swap;
  for (const a of context.editions) {
    const ids = context.structure.clauses.map((c) => c.id).filter((id) => a.clauses.has(id));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [x, y] = [ids[i]!, ids[j]!];
        const partners = context.editions.filter((b) => b !== a && b.clauses.has(x) && b.clauses.has(y));
        if (partners.length === 0) continue;
        const gains = partners.map((b) => exchangeGain(a, b, x, y));
        if (gains.filter((g) => g > minGain).length * 2 <= partners.length) continue;
        const gain = gains.sort((p, q) => p - q)[gains.length >> 1]!;
        for (const [here, there] of [
          [x, y],
          [y, x],
        ] as const) {
          findings.push({
            charter: context.charter,
            clause: here,
            langs: [a.lang],
            kind: 'meaning-drift',
            severity: severityOf('meaning-drift', 1 + gain, context.thresholds),
            reason: `reads like ${there} of ${partners.map((b) => b.lang).join(', ')}, and ${there} here like ${here}: exchanged?`,
            evidence: {
              actual: [snippet(a.clauses.get(here)!.text)],
              expected: partners.map((b) => `${b.lang}: ${snippet(b.clauses.get(here)!.text)}`),
              comparedWith: partners.map((b) => b.lang),
              score: { value: gain, limit: minGain },
            },
          });
        }
      }
    }
  }
  return findings;
}
