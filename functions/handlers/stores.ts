/**
 * Stores built from the Lambda environment. Light on purpose: the api bundle imports these, and must not
 * carry the cleaning pipeline (lexicons, ajv, retext) that the ingest wiring in deps.ts brings in.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbClauseStore } from '../adapters/dynamodb/dynamodb-clause-store.ts';
import { DynamoDbEditionStore } from '../adapters/dynamodb/dynamodb-edition-store.ts';
import { S3BlobStore } from '../adapters/s3/s3-blob-store.ts';

/** The value of a required environment variable. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The edition store configured by TABLE_NAME (endpoint: AWS_ENDPOINT_URL_DYNAMODB if set). */
export function editionStoreFromEnvironment() {
  return new DynamoDbEditionStore(new DynamoDBClient({}), requiredEnv('TABLE_NAME'));
}

/** The clause reads configured by TABLE_NAME. */
export function clauseStoreFromEnvironment() {
  return new DynamoDbClauseStore(new DynamoDBClient({}), requiredEnv('TABLE_NAME'));
}

/** The blob store configured by BUCKET_NAME (S3_FORCE_PATH_STYLE=true for local S3 servers). */
export function blobStoreFromEnvironment() {
  const s3 = new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
  return new S3BlobStore(s3, requiredEnv('BUCKET_NAME'));
}
