/** Check: numbers and years written with digits that differ between editions of a clause. */
import type { DivergenceFinding } from '../reviews/types.ts';
import { type DetectionContext, editionsWith } from './context.ts';
import { severityOf } from './severity.ts';
import { tokenDifferenceFinding, voteOnTokens } from './token-votes.ts';

/** Strength of differing numbers: a number of four digits or more (a year, an amount) counts 1, shorter less. */
function weight(numbers: readonly { key: string }[]): number {
  return numbers.reduce((sum, n) => sum + Math.min(1, n.key.length / 4), 0);
}

/**
 * One finding per clause and edition whose numbers differ from the majority. Strength: the numbers differing,
 * short ones (a lone digit may be an OCR misreading) weighing less.
 */
export function numberMismatches(context: DetectionContext): DivergenceFinding[] {
  const findings: DivergenceFinding[] = [];
  for (const def of context.structure.clauses) {
    const editions = editionsWith(context, def.id);
    if (editions.length < 2) continue;
    const diffs = voteOnTokens(
      editions,
      (e) => e.clauses.get(def.id)!.numbers.map((n) => ({ key: n, shown: n })),
      (e, token) => e.clauses.get(def.id)!.numbers.includes(token.key),
    );
    for (const d of diffs) {
      const where = { charter: context.charter, clause: def.id, editions };
      findings.push(
        tokenDifferenceFinding(
          d,
          where,
          'number-mismatch',
          'numbers',
          severityOf('number-mismatch', weight([...d.extra, ...d.lacking]), context.thresholds),
        ),
      );
    }
  }
  return findings;
}
