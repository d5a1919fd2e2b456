/**
 * The ingest function's review step from the Lambda environment: after an edition becomes current, run the
 * divergence detector on every current edition of its charter and refresh the charter's review flags.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { loadCharterStructure } from '../adapters/resources/charters.ts';
import { loadDivergenceThresholds } from '../adapters/resources/divergence-thresholds.ts';
import { loadLanguage } from '../adapters/resources/index.ts';
import { detectDivergences } from '../core/diverge/index.ts';
import type { EditionRecord, EditionStore } from '../core/editions/types.ts';
import { reviewCharter } from '../core/reviews/review-charter.ts';
import type { ReviewStore } from '../core/reviews/types.ts';

/** The `afterAligned` hook of the ingest use case: refreshes the flags of the edition's charter. */
export function flagRefresh(
  editions: EditionStore,
  reviews: ReviewStore,
  logger?: Pick<Logger, 'info'>,
): (edition: EditionRecord) => Promise<void> {
  return async (edition) => {
    const thresholds = loadDivergenceThresholds();
    const counts = await reviewCharter(
      edition.charter,
      {
        editions,
        reviews,
        structure: (charter) => loadCharterStructure(charter),
        detect: (input) => detectDivergences(input, thresholds),
        lexicon: async (lang) => {
          const resources = await loadLanguage(lang).catch(() => null);
          const lexicon = resources?.lexicon;
          return lexicon ? (word) => lexicon.has(word) : undefined;
        },
      },
      { lang: edition.lang, version: edition.version },
    );
    logger?.info('review flags refreshed', { charter: edition.charter, lang: edition.lang, ...counts });
  };
}
