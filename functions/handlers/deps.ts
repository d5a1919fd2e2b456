/** The ingest function's wiring from the Lambda environment. */
import type { EditionProcessor, IngestDeps } from '../core/editions/ingest-edition.ts';
import { processEdition } from './process-edition.ts';
import { blobStoreFromEnvironment, editionStoreFromEnvironment } from './stores.ts';

export {
  blobStoreFromEnvironment,
  clauseStoreFromEnvironment,
  editionStoreFromEnvironment,
} from './stores.ts';

/**
 * The ingest dependencies configured by TABLE_NAME and BUCKET_NAME. Imports the cleaning pipeline: the api
 * should take its stores from stores.ts.
 */
export function depsFromEnvironment(process: EditionProcessor = processEdition): IngestDeps {
  return { blobs: blobStoreFromEnvironment(), editions: editionStoreFromEnvironment(), process };
}
