/** Check: clauses whose stored text reads poorly in its language (OCR damage the cleaner left). */
import type { DivergenceFinding } from '../reviews/types.ts';
import type { DetectionContext } from './context.ts';
import { severityOf } from './severity.ts';

/**
 * One finding per clause whose text quality is below the limit, with the words that counted against it as
 * evidence. Clauses of unknown quality (no lexicon) are not judged. Strength: 1 - quality / limit.
 */
export function lowQuality(context: DetectionContext): DivergenceFinding[] {
  const limit = context.thresholds.lowQuality;
  const findings: DivergenceFinding[] = [];
  for (const edition of context.editions) {
    for (const [id, clause] of edition.clauses) {
      const quality = clause.quality;
      if (typeof quality !== 'number' || !(quality < limit)) continue;
      const words = clause.unknownWords ?? [];
      findings.push({
        charter: context.charter,
        clause: id,
        langs: [edition.lang],
        kind: 'low-quality',
        severity: severityOf('low-quality', 1 - quality / limit, context.thresholds),
        reason:
          `text quality ${quality.toFixed(2)}, below ${limit}` +
          (words.length
            ? `: unreadable ${words.slice(0, 5).join(', ')}${words.length > 5 ? ', …' : ''}`
            : ''),
        evidence: {
          actual: [...words],
          expected: [],
          comparedWith: [],
          score: { value: quality, limit },
        },
      });
    }
  }
  return findings;
}
