/** Check: a clause other editions have and this one lacks. */
import type { DivergenceFinding } from '../reviews/types.ts';
import type { DetectionContext } from './context.ts';
import { severityOf, snippet } from './severity.ts';

/**
 * One finding per edition lacking a clause that at least one other edition has. Strength: the share of the
 * other editions that have it.
 */
export function missingClauses(context: DetectionContext): DivergenceFinding[] {
  const findings: DivergenceFinding[] = [];
  for (const def of context.structure.clauses) {
    const having = context.editions.filter((e) => e.clauses.has(def.id));
    if (having.length === 0) continue;
    for (const edition of context.editions) {
      if (edition.clauses.has(def.id)) continue;
      const strength = having.length / (context.editions.length - 1);
      findings.push({
        charter: context.charter,
        clause: def.id,
        langs: [edition.lang],
        kind: 'missing-clause',
        severity: severityOf('missing-clause', strength, context.thresholds),
        reason: `${def.kind} ${def.id} is missing here but present in ${having.map((e) => e.lang).join(', ')}`,
        evidence: {
          actual: [],
          expected: having.map((e) => `${e.lang}: ${snippet(e.clauses.get(def.id)!.text)}`),
          comparedWith: having.map((e) => e.lang),
        },
      });
    }
  }
  return findings;
}
