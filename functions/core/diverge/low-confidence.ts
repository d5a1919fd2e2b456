/** Check: clauses the aligner placed with low confidence. */
import type { DivergenceFinding } from '../reviews/types.ts';
import type { DetectionContext } from './context.ts';
import { severityOf } from './severity.ts';

/** One finding per clause whose confidence is below the limit. Strength: 1 - confidence / limit. */
export function lowConfidence(context: DetectionContext): DivergenceFinding[] {
  const limit = context.thresholds.lowConfidence;
  const findings: DivergenceFinding[] = [];
  for (const edition of context.editions) {
    for (const [id, clause] of edition.clauses) {
      if (!(clause.confidence < limit)) continue;
      findings.push({
        charter: context.charter,
        clause: id,
        langs: [edition.lang],
        kind: 'low-confidence',
        severity: severityOf('low-confidence', 1 - clause.confidence / limit, context.thresholds),
        reason: `aligned with confidence ${clause.confidence.toFixed(2)}, below ${limit}`,
        evidence: {
          actual: [clause.confidence.toFixed(3)],
          expected: [],
          comparedWith: [],
          score: { value: clause.confidence, limit },
        },
      });
    }
  }
  return findings;
}
