/**
 * The deployed flow wired in-process on a throwaway local stack, for integration tests: S3 ObjectCreated events
 * under uploads/ go through an in-memory local queue to the ingest handler built with explicit dependencies;
 * the API handler reads the same table. The CLI's own wiring (persisted, configured like the Lambdas) is
 * stack.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDbEditionStore } from '../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { S3BlobStore } from '../functions/adapters/s3/s3-blob-store.ts';
import type { EditionProcessor } from '../functions/core/editions/ingest-edition.ts';
import { createApiApp } from '../functions/handlers/api.ts';
import { createIngestHandler } from '../functions/handlers/ingest.ts';
import { processEdition } from '../functions/handlers/process-edition.ts';
import { callApi } from './http-api.ts';
import { LocalQueue } from './local-queue.ts';
import { asS3Event } from './stack.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from './local-stack.ts';

export interface LocalPipeline {
  stack: LocalStack;
  editions: DynamoDbEditionStore;
  queue: LocalQueue;
  /** Calls the API handler with `method` (default GET) on `path`; returns status and parsed body. */
  get(path: string, method?: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startLocalPipeline(
  options: LocalStackOptions & { process?: EditionProcessor; logLevel?: 'INFO' | 'ERROR' } = {},
): Promise<LocalPipeline> {
  const stack = await startLocalStack(options);
  const logger = new Logger({ serviceName: 'charter-local', logLevel: options.logLevel ?? 'ERROR' });
  const editions = new DynamoDbEditionStore(stack.dynamodb, stack.table);
  const ingest = createIngestHandler(
    { blobs: new S3BlobStore(stack.s3, stack.bucket), editions, process: options.process ?? processEdition },
    logger,
  );
  const queue = new LocalQueue(async (event) => ingest(event));
  stack.onObjectCreated((event) => {
    if (event.Records.some((r) => r.s3.object.key.startsWith('uploads/')))
      queue.send(JSON.stringify(asS3Event(event)));
  });
  const api = createApiApp({ editions }, logger);
  return {
    stack,
    editions,
    queue,
    async get(path, method = 'GET') {
      const { status, body } = await callApi(api, { path, method });
      return { status, body };
    },
    close: () => stack.close(),
  };
}
