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
import type { Lexicon } from '../core/text/types.ts';

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
          return resources ? isWordOf(resources.lexicon) : undefined;
        },
      },
      { lang: edition.lang, version: edition.version },
    );
    logger?.info('review flags refreshed', { charter: edition.charter, lang: edition.lang, ...counts });
  };
}

const isWords = new WeakMap<Lexicon, (word: string) => boolean>();

/**
 * One membership function per lexicon: the divergence detector keeps an unchanged edition's prepared view by
 * it, so each ingest compares only the new edition's pairs.
 */
function isWordOf(lexicon: Lexicon): (word: string) => boolean {
  let found = isWords.get(lexicon);
  if (!found) {
    found = (word) => lexicon.has(word);
    isWords.set(lexicon, found);
  }
  return found;
}
