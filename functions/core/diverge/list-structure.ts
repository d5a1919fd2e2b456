/** Check: a heading or lead-in whose number of bullets differs between editions. */
import type { DivergenceFinding } from '../reviews/types.ts';
import { type DetectionContext, outvoted } from './context.ts';
import { severityOf } from './severity.ts';

/**
 * One finding per group lead-in and edition whose count of bullets present differs from the majority's
 * (from both editions when there are two). Strength: bullets missing or extra against the largest count.
 */
export function listStructure(context: DetectionContext): DivergenceFinding[] {
  const findings: DivergenceFinding[] = [];
  const clauses = context.structure.clauses;
  for (const head of clauses) {
    const bullets = clauses.filter((c) => c.group === head.id && c.kind === 'bullet' && c.id !== head.id);
    if (bullets.length === 0) continue;
    const present = (e: (typeof context.editions)[number]) => bullets.filter((b) => e.clauses.has(b.id));
    const editions = context.editions.filter((e) => e.clauses.has(head.id) || present(e).length > 0);
    if (editions.length < 2) continue;
    const count = new Map(editions.map((e) => [e, present(e).length]));
    const flagged = outvoted(editions, (a, b) => count.get(a) !== count.get(b));
    for (const edition of flagged) {
      const others = editions.filter((e) => e !== edition);
      const own = count.get(edition)!;
      const absent = bullets.filter((b) => !edition.clauses.has(b.id)).map((b) => b.id);
      const most = Math.max(...others.map((e) => count.get(e)!));
      findings.push({
        charter: context.charter,
        clause: head.id,
        langs: [edition.lang],
        kind: 'list-structure',
        severity: severityOf('list-structure', Math.abs(most - own), context.thresholds),
        reason: `${own} of ${bullets.length} bullets here, ${others.map((e) => `${count.get(e)} in ${e.lang}`).join(', ')}${absent.length ? `; absent: ${absent.join(', ')}` : ''}`,
        evidence: {
          actual: [String(own)],
          expected: others.map((e) => String(count.get(e))),
          comparedWith: others.map((e) => e.lang),
        },
      });
    }
  }
  return findings;
}
