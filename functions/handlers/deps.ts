import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbEditionStore } from '../adapters/dynamodb/dynamodb-edition-store.ts';
import { S3BlobStore } from '../adapters/s3/s3-blob-store.ts';
import type { IngestDeps } from '../core/editions/ingest-edition.ts';
import { processEdition } from './process-edition.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The edition store configured by TABLE_NAME (endpoint: AWS_ENDPOINT_URL_DYNAMODB if set). */
export function editionStoreFromEnvironment() {
  return new DynamoDbEditionStore(new DynamoDBClient({}), required('TABLE_NAME'));
}

/** The ingest dependencies configured by TABLE_NAME and BUCKET_NAME. */
export function depsFromEnvironment(): IngestDeps {
  const s3 = new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
  return {
    blobs: new S3BlobStore(s3, required('BUCKET_NAME')),
    editions: editionStoreFromEnvironment(),
    process: processEdition,
  };
}
