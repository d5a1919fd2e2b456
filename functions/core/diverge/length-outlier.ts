/** Check: a clause much longer or shorter than the pair of languages usually makes it. */
import type { DivergenceFinding } from '../reviews/types.ts';
import { type DetectionContext, editionsWith, type EditionView, outvoted } from './context.ts';
import { largerSize, logLengthRatio, pairStats, spreadZ } from './pair-stats.ts';
import { median } from './stats.ts';
import { severityOf } from './severity.ts';

/** Robust z of clause `id`'s length ratio between `a` and `b`, or undefined when the pair has too few clauses. */
export function lengthZ(
  context: DetectionContext,
  a: EditionView,
  b: EditionView,
  id: string,
): number | undefined {
  const stats = pairStats(context, a, b);
  if (stats.shared.length < context.thresholds.minPairClauses) return undefined;
  return spreadZ(stats.length, logLengthRatio(a, b, id), largerSize(a, b, id));
}

const CLOSED = /[.!?;:…)\]"”»’']$/u;

/** True when the clause text ends with closing punctuation. */
export function endsClosed(text: string): boolean {
  return CLOSED.test(text.trimEnd());
}

/**
 * One finding per clause and edition whose length ratio to a majority of the other editions lies beyond the
 * z limit of that pair's usual ratio (length spread modelled per pair, wider for short clauses), or that is
 * shorter beyond the lower `cutZLimit` and ends without the closing punctuation the other edition has (a cut
 * text). Strength: median |z| / limit.
 */
export function lengthOutliers(context: DetectionContext): DivergenceFinding[] {
  const limit = context.thresholds.length.zLimit;
  const findings: DivergenceFinding[] = [];
  for (const def of context.structure.clauses) {
    const editions = editionsWith(context, def.id);
    if (editions.length < 2) continue;
    const z = (a: EditionView, b: EditionView) => lengthZ(context, a, b, def.id);
    const strict = editions.length === 2 ? context.thresholds.singlePartnerFactor : 1;
    const closed = new Map(editions.map((e) => [e, endsClosed(e.clauses.get(def.id)!.text)]));
    const cut = (a: EditionView, b: EditionView) =>
      !closed.get(a) &&
      closed.get(b) === true &&
      (z(a, b) ?? 0) < -context.thresholds.length.cutZLimit * strict;
    for (const edition of outvoted(
      editions,
      (a, b) => Math.abs(z(a, b) ?? 0) > limit * strict || cut(a, b),
    )) {
      const others = editions.filter((e) => e !== edition);
      const zs = others.map((b) => z(edition, b) ?? 0);
      const value = median(zs);
      const size = edition.clauses.get(def.id)!.size;
      const expected = others.map((b) => {
        const center = pairStats(context, edition, b).length.center;
        return `${Math.round(b.clauses.get(def.id)!.size * Math.exp(center))} (from ${b.lang})`;
      });
      findings.push({
        charter: context.charter,
        clause: def.id,
        langs: [edition.lang],
        kind: 'length-outlier',
        severity: severityOf('length-outlier', Math.abs(value) / limit, context.thresholds),
        reason: `${value < 0 ? 'shorter' : 'longer'} than usual${closed.get(edition) ? '' : ', ends open'}: ${size} letters, about ${expected.join(', ')} expected (z ${value.toFixed(1)})`,
        evidence: {
          actual: [String(size)],
          expected,
          comparedWith: others.map((e) => e.lang),
          score: { value, limit: value < 0 ? -limit : limit },
        },
      });
    }
  }
  return findings;
}
