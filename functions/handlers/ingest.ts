import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type IngestDeps, ingestEdition } from '../core/editions/ingest-edition.ts';
import { depsFromEnvironment } from './deps.ts';
import { objectCreatedKeys } from './s3-event.ts';

/** Builds the SQS-triggered ingest handler: one S3 event per message, partial batch failures. */
export function createIngestHandler(
  deps: IngestDeps,
  logger = new Logger({ serviceName: 'charter-ingest' }),
) {
  const recordHandler = async (record: SQSRecord) => {
    for (const key of objectCreatedKeys(record.body)) {
      const outcome = await ingestEdition(key, deps);
      logger.info('edition ingested', { key, ...outcome });
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, recordHandler, processor, context ? { context } : undefined);
  };
}

let built: ReturnType<typeof createIngestHandler> | undefined;

/** The Lambda entry point; dependencies come from the environment, built once per container. */
export const handler = async (event: SQSEvent, context: Context) => {
  built ??= createIngestHandler(depsFromEnvironment());
  return built(event, context);
};
