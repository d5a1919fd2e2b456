/** The ingest function's wiring from the Lambda environment. */
import type { EditionProcessor, IngestDeps } from '../core/editions/ingest-edition.ts';
import { flagRefresh } from './flag-refresh.ts';
import { keepDaysFromEnvironment } from './keep-days.ts';
import { createEditionProcessor } from './process-edition.ts';
import { reviewStoreFromEnvironment } from './review-store.ts';
import { blobStoreFromEnvironment, editionStoreFromEnvironment } from './stores.ts';

export {
  blobStoreFromEnvironment,
  clauseStoreFromEnvironment,
  editionStoreFromEnvironment,
} from './stores.ts';

/**
 * The ingest dependencies configured by TABLE_NAME and BUCKET_NAME. Imports the cleaning pipeline: the api
 * should take its stores from stores.ts. Reviewers' corrected clause texts are alignment references, and the
 * charter's review flags are refreshed after each edition becomes current or an upload is held back.
 */
export function depsFromEnvironment(process?: EditionProcessor): IngestDeps {
  const editions = editionStoreFromEnvironment();
  const reviews = reviewStoreFromEnvironment();
  return {
    blobs: blobStoreFromEnvironment(),
    editions,
    process:
      process ?? createEditionProcessor({ corrections: (charter) => reviews.listReviewedClauses(charter) }),
    afterAligned: flagRefresh(editions, reviews),
    afterHeldBack: flagRefresh(editions, reviews),
    keepDays: keepDaysFromEnvironment(),
  };
}
