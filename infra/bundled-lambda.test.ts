/**
 * Runs the ingest Lambda exactly as CDK bundled it (esbuild output plus the runtime files copied beside it)
 * against the embedded S3 and DynamoDB servers, configured only through environment variables as on AWS.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../cli/local-stack.ts';
import { DynamoDbEditionStore } from '../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { ingestLambdaEnv } from '../test/fixtures/lambda-env.ts';
import { buildApp } from './app.ts';

let stack: LocalStack;
let bundleDir: string;

function findBundle(outdir: string, marker: string): string {
  for (const entry of readdirSync(outdir)) {
    const index = path.join(outdir, entry, 'index.mjs');
    if (entry.startsWith('asset.') && existsSync(index) && readFileSync(index, 'utf8').includes(marker)) {
      return path.join(outdir, entry);
    }
  }
  throw new Error(`no bundle containing ${marker} in ${outdir}`);
}

/** Delivers the S3 event of `key` to the bundled ingest handler as SQS message `m<n>`. */
async function ingestThroughBundle(key: string, n: number): Promise<SQSBatchResponse> {
  const { handler } = (await import(pathToFileURL(path.join(bundleDir, 'index.mjs')).href)) as {
    handler: (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;
  };
  const body = JSON.stringify({
    Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: stack.bucket }, object: { key } } }],
  });
  const event = {
    Records: [
      {
        messageId: `m${n}`,
        receiptHandle: `r${n}`,
        body,
        attributes: {},
        messageAttributes: {},
        eventSource: 'aws:sqs',
      },
    ],
  } as unknown as SQSEvent;
  return handler(event, { functionName: 'ingest', awsRequestId: `req-${n}` });
}

beforeAll(async () => {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'charter-cdk-')) });
  buildApp(app);
  app.synth();
  bundleDir = findBundle(app.outdir, 'charter-ingest');
  stack = await startLocalStack();
  Object.assign(process.env, ingestLambdaEnv(stack, bundleDir));
}, 180_000);
afterAll(async () => stack?.close());

describe('the bundled ingest Lambda', () => {
  it('ships its dictionaries, language data and charters beside the code', () => {
    const dictionaries = readdirSync('data/languages')
      .filter((file) => file.endsWith('.json') && file !== 'schema.json')
      .map(
        (file) =>
          (JSON.parse(readFileSync(`data/languages/${file}`, 'utf8')) as { dictionary: string }).dictionary,
      );
    expect(dictionaries.length).toBeGreaterThanOrEqual(4);
    for (const file of [
      'data/languages',
      'data/divergence-thresholds.json',
      'corpus/charters/integrating-cities/structure.json',
      'compiled/validated.json',
      ...dictionaries.map((dictionary) => `node_modules/${dictionary}`),
    ]) {
      expect(existsSync(path.join(bundleDir, file)), file).toBe(true);
    }
  });

  it('ingests an S3 event delivered through SQS, using nothing but its bundle and environment', async () => {
    const key = 'uploads/integrating-cities/nb/nb.txt';
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: key,
        Body: readFileSync('corpus/charters/integrating-cities/editions/nb.txt'),
      }),
    );
    const response = await ingestThroughBundle(key, 1);
    expect(response.batchItemFailures).toEqual([]);
    const stored = await new DynamoDbEditionStore(stack.dynamodb, stack.table).getEdition(
      'integrating-cities',
      'nb',
    );
    expect(stored).toMatchObject({ status: 'aligned', version: 1 });
    expect(stored?.changeCount).toBeGreaterThan(0);
  });

  it('detects a German upload under auto/ and cleans it with the German lexicon it ships (held back: two sentences)', async () => {
    const key = 'uploads/integrating-cities/auto/stadt.txt';
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: key,
        Body:
          'Die Stadt verpflichtet sich, allen Burgerinnen und Burgern die gleichen Rechte und Moglichkeiten ' +
          'zu geben. Sie unterstutzt die Teilnahme der Menschen am offentlichen Leben und bietet Sprachkurse ' +
          'fur Erwachsene an.\n',
      }),
    );
    const response = await ingestThroughBundle(key, 2);
    expect(response.batchItemFailures).toEqual([]);
    const store = new DynamoDbEditionStore(stack.dynamodb, stack.table);
    // Two sentences are no edition of a 42-clause charter: the first German version is held back, and kept.
    expect(await store.getEdition('integrating-cities', 'de')).toMatchObject({
      status: 'candidate',
      candidate: { version: 1, sourceKey: key },
    });
    const [kept] = await store.listVersions('integrating-cities', 'de');
    expect(kept).toMatchObject({ decision: 'candidate', detectedLang: 'de', cleaned: true });
    expect(kept?.changeCount).toBeGreaterThanOrEqual(5);
  });
});
