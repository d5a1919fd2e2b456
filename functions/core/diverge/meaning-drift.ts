/** Check: a clause that reads like another clause of the other editions rather than like its own counterpart. */
import type { DivergenceFinding } from '../reviews/types.ts';
import { type DetectionContext, editionsWith, type EditionView, outvoted } from './context.ts';
import { largerSize, pairStats, similarity, spreadZ } from './pair-stats.ts';
import { median } from './stats.ts';
import { severityOf, snippet } from './severity.ts';

/**
 * Robust z of clause `id`'s match margin from `a` to `b` (similarity to its counterpart minus the best other
 * clause's) against the pair's usual margins, or undefined when the pair is too small or too unrelated for
 * character n-grams to find counterparts.
 */
export function driftZ(
  context: DetectionContext,
  a: EditionView,
  b: EditionView,
  id: string,
): number | undefined {
  const stats = pairStats(context, a, b);
  const { minPairClauses, drift } = context.thresholds;
  if (stats.shared.length < minPairClauses || stats.reliability < drift.minPairReliability) return undefined;
  const margin = stats.margins.get(id);
  return margin === undefined ? undefined : spreadZ(stats.margin, margin, largerSize(a, b, id));
}

function closestOther(
  context: DetectionContext,
  a: EditionView,
  b: EditionView,
  id: string,
): string | undefined {
  let best: string | undefined;
  let bestSim = -1;
  for (const other of pairStats(context, a, b).shared) {
    if (other === id) continue;
    const sim = similarity(a, b, id, other);
    if (sim > bestSim) {
      bestSim = sim;
      best = other;
    }
  }
  return best;
}

/**
 * One finding per clause and edition whose text, compared with a majority of the other editions, is far less
 * like its counterpart than the pair usually is (character trigram similarity, margin over the best other
 * clause, z beyond the drift limit). Strength: median |z| / limit.
 */
export function meaningDrift(context: DetectionContext): DivergenceFinding[] {
  const limit = context.thresholds.drift.zLimit;
  const findings: DivergenceFinding[] = [];
  for (const def of context.structure.clauses) {
    const editions = editionsWith(context, def.id);
    if (editions.length < 2) continue;
    const z = (a: EditionView, b: EditionView) => driftZ(context, a, b, def.id);
    const strict = editions.length === 2 ? context.thresholds.singlePartnerFactor : 1;
    for (const edition of outvoted(editions, (a, b) => (z(a, b) ?? 0) < -limit * strict)) {
      const others = editions.filter((e) => e !== edition && z(edition, e) !== undefined);
      const value = median(others.map((b) => z(edition, b)!));
      const closest = others.map((b) => `${b.lang}: ${closestOther(context, edition, b, def.id)}`);
      findings.push({
        charter: context.charter,
        clause: def.id,
        langs: [edition.lang],
        kind: 'meaning-drift',
        severity: severityOf('meaning-drift', Math.abs(value) / limit, context.thresholds),
        reason: `reads less like ${def.id} than usual for the pair (z ${value.toFixed(1)}); closest: ${closest.join(', ')}`,
        evidence: {
          actual: [snippet(edition.clauses.get(def.id)!.text)],
          expected: others.map((b) => `${b.lang}: ${snippet(b.clauses.get(def.id)!.text)}`),
          comparedWith: others.map((e) => e.lang),
          score: { value, limit: -limit },
        },
      });
    }
  }
  return findings;
}
