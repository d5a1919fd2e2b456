/** Check: numbers and years written with digits that differ between editions of a clause. */
import type { DivergenceFinding } from '../reviews/types.ts';
import { type DetectionContext, editionsWith } from './context.ts';
import { severityOf } from './severity.ts';
import { voteOnTokens } from './token-votes.ts';

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
      const parts = [
        d.extra.length ? `has ${d.extra.map((t) => t.shown).join(', ')}` : '',
        d.lacking.length ? `lacks ${d.lacking.map((t) => t.shown).join(', ')}` : '',
      ].filter(Boolean);
      findings.push({
        charter: context.charter,
        clause: def.id,
        langs: [d.edition.lang],
        kind: 'number-mismatch',
        severity: severityOf('number-mismatch', weight([...d.extra, ...d.lacking]), context.thresholds),
        reason: `numbers differ: ${parts.join('; ')} (compared with ${[...d.against].join(', ')})`,
        evidence: {
          actual: d.extra.map((t) => t.shown),
          expected: d.lacking.map((t) => t.shown),
          comparedWith: editions.filter((e) => e !== d.edition).map((e) => e.lang),
        },
      });
    }
  }
  return findings;
}
