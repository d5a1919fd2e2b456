/**
 * The real ingest and api handlers against real local servers (s3rver, dynalite) through the real SDK clients:
 * S3 ObjectCreated events from s3rver are delivered to the ingest handler as SQS events, as on AWS.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, type S3EventNotification, startLocalStack } from '../../cli/local-stack.ts';
import { DynamoDbClauseStore } from '../../functions/adapters/dynamodb/dynamodb-clause-store.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { S3BlobStore } from '../../functions/adapters/s3/s3-blob-store.ts';
import { createApiHandler } from '../../functions/handlers/api.ts';
import { createIngestHandler } from '../../functions/handlers/ingest.ts';
import { API_TABLE_ACTIONS, INGEST_TABLE_ACTIONS } from '../../infra/table-actions.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { flagRefresh } from '../../functions/handlers/flag-refresh.ts';
import { createEditionProcessor } from '../../functions/handlers/process-edition.ts';
import { testDynamoDb } from '../fixtures/test-dynamodb.ts';

const CHARTER = 'integrating-cities';
const LANGS = ['sv', 'nb', 'da'];
const edition = (lang: string) => readFileSync(`corpus/charters/${CHARTER}/editions/${lang}.txt`, 'utf8');
const silent = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

let stack: LocalStack;
let editions: DynamoDbEditionStore;
let clauses: DynamoDbClauseStore;
let ingest: ReturnType<typeof createIngestHandler>;
let api: ReturnType<typeof createApiHandler>;
const events: S3EventNotification[] = [];
let messages = 0;
/** DynamoDB commands sent while the ingest handler, or the api handler, was running. */
const sent = {
  ingest: new Set<string>(),
  api: new Set<string>(),
  ingestS3: new Set<string>(),
  apiS3: new Set<string>(),
};
let running: 'ingest' | 'api' | null = null;

beforeAll(async () => {
  stack = await startLocalStack(testDynamoDb());
  stack.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      if (running) sent[running].add(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  stack.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const key = String((args.input as { Key?: string }).Key ?? '');
      const command = String(context.commandName).replace(/Command$/, '');
      if (running) sent[`${running}S3`].add(`${command} ${key.split('/')[0]}/`);
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  editions = new DynamoDbEditionStore(stack.dynamodb, stack.table);
  clauses = new DynamoDbClauseStore(stack.dynamodb, stack.table);
  // The wiring of functions/handlers/deps.ts, on the local servers: review flags are refreshed after each edition.
  const reviews = new DynamoDbReviewStore(stack.dynamodb, stack.table);
  ingest = createIngestHandler(
    {
      blobs: new S3BlobStore(stack.s3, stack.bucket),
      editions,
      process: createEditionProcessor({ corrections: (charter) => reviews.listReviewedClauses(charter) }),
      afterAligned: flagRefresh(editions, reviews),
    },
    silent,
  );
  api = createApiHandler({ editions, reviews }, silent);
  stack.onObjectCreated((event) => events.push(event));
}, 60_000);
afterAll(async () => stack?.close());

/** Puts an object and returns the S3 event notification s3rver sent for it. */
async function upload(
  key: string,
  body: string,
  metadata?: Record<string, string>,
): Promise<S3EventNotification> {
  const before = events.length;
  await stack.s3.send(
    new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body, Metadata: metadata }),
  );
  for (let wait = 0; events.length === before && wait < 500; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const event = events[before];
  if (!event) throw new Error(`no event for ${key}`);
  return event;
}

/** Delivers S3 notifications to the ingest handler as one SQS batch, the way the queue does. */
async function deliver(...notifications: S3EventNotification[]) {
  const event = {
    Records: notifications.map((notification) => ({
      messageId: `m${++messages}`,
      receiptHandle: `r${messages}`,
      body: JSON.stringify(notification),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
      awsRegion: 'us-east-1',
    })),
  } as unknown as SQSEvent;
  running = 'ingest';
  try {
    return await ingest(event);
  } finally {
    running = null;
  }
}

async function get(path: string) {
  running = 'api';
  const response = await api({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    // Signed in as a reader (claims as API Gateway's JWT authorizer passes them on): the queue is review data.
    requestContext: {
      http: { method: 'GET', path },
      authorizer: { jwt: { claims: { username: 'reader', 'cognito:groups': '[readers]' } } },
    },
  } as unknown as APIGatewayProxyEventV2).finally(() => {
    running = null;
  });
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
}

/** Everything stored: every table item and every object key with its ETag. */
async function snapshot() {
  const { Items } = await stack.dynamodb.send(new ScanCommand({ TableName: stack.table }));
  const { Contents } = await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket }));
  return {
    items: (Items ?? []).map((item) => JSON.stringify(item)).sort(),
    objects: (Contents ?? []).map((o) => `${o.Key} ${o.ETag}`).sort(),
  };
}

async function storedClauseVersions(lang: string): Promise<number[]> {
  const { Items } = await stack.dynamodb.send(
    new ScanCommand({
      TableName: stack.table,
      FilterExpression: 'lang = :lang AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':lang': { S: lang }, ':sk': { S: 'LANG#' } },
    }),
  );
  return [...new Set((Items ?? []).map((item) => Number(item.version?.N)))].sort();
}

let firstDelivery: S3EventNotification[] = [];

describe('ingest and query on local S3 and DynamoDB', () => {
  it('ingests three editions from their S3 events and answers one clause in all three languages', async () => {
    firstDelivery = [];
    for (const lang of LANGS)
      firstDelivery.push(await upload(`uploads/${CHARTER}/${lang}/${lang}.txt`, edition(lang)));
    const response = await deliver(...firstDelivery);
    expect(response.batchItemFailures).toEqual([]);
    for (const lang of LANGS) {
      expect(await editions.getEdition(CHARTER, lang)).toMatchObject({ status: 'aligned', version: 1 });
    }
    const { status, body } = await get(`/charters/${CHARTER}/clauses/policy-makers.2`);
    expect(status).toBe(200);
    expect(Object.keys(body.languages)).toEqual(['da', 'nb', 'sv']);
    expect(body.languages.sv.text).toMatch(/\S{3,}/);
    expect(new Set([body.languages.da.text, body.languages.nb.text, body.languages.sv.text]).size).toBe(3);
  }, 60_000);

  it('changes nothing in the table or the bucket when the same events are delivered again', async () => {
    const before = await snapshot();
    const response = await deliver(...firstDelivery);
    expect(response.batchItemFailures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 30_000);

  it('moves the pointer to a new upload; concurrent readers see one whole version at a time', async () => {
    const v1 = await clauses.listEditionClauses(CHARTER, 'sv');
    const revised = edition('sv').replace('Rotterdam', 'Göteborg');
    expect(revised).not.toBe(edition('sv'));
    const event = await upload(`uploads/${CHARTER}/sv/sv.txt`, revised);

    let ingesting = true;
    const seen: number[] = [];
    const reader = async () => {
      while (ingesting) {
        const [listed, one] = await Promise.all([
          clauses.listEditionClauses(CHARTER, 'sv'),
          clauses.getClause(CHARTER, 'policy-makers.2'),
        ]);
        const versions = new Set(listed.map((c) => c.version));
        expect(versions.size).toBe(1);
        const version = [...versions][0]!;
        const pointer = await editions.getEdition(CHARTER, 'sv');
        if (pointer?.version === version) expect(listed).toHaveLength(pointer.clauseCount);
        expect(one.map((c) => c.lang)).toEqual(['da', 'nb', 'sv']);
        seen.push(version);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    const readers = [reader(), reader()];
    const response = await deliver(event);
    ingesting = false;
    await Promise.all(readers);

    expect(response.batchItemFailures).toEqual([]);
    // Reads ran while the new version was written (the old one whole); usually some after the move, too.
    expect(seen).toContain(1);
    const stored = await editions.getEdition(CHARTER, 'sv');
    expect(stored).toMatchObject({ status: 'aligned', version: 2 });
    const v2 = await clauses.listEditionClauses(CHARTER, 'sv');
    expect(v2.every((c) => c.version === 2)).toBe(true);
    expect(v2.length).toBe(stored?.clauseCount);
    expect(v2.map((c) => c.text).join(' ')).toMatch(/Göteborg/);
    expect(v1.map((c) => c.text).join(' ')).not.toMatch(/Göteborg/);
    expect(await storedClauseVersions('sv')).toEqual([2]);
    expect(await storedClauseVersions('da')).toEqual([1]);
  }, 60_000);

  it('takes charter and language from x-amz-meta-* when the key has neither', async () => {
    const event = await upload('uploads/scan-0042.txt', edition('nb').replace('Rotterdam', 'Bergen'), {
      charter: CHARTER,
      lang: 'nb',
    });
    expect((await deliver(event)).batchItemFailures).toEqual([]);
    const stored = await editions.getEdition(CHARTER, 'nb');
    expect(stored).toMatchObject({ status: 'aligned', version: 2, sourceKey: 'uploads/scan-0042.txt' });
    expect((await clauses.listEditionClauses(CHARTER, 'nb')).map((c) => c.text).join(' ')).toMatch(/Bergen/);
  }, 60_000);

  it('converges when two different uploads of one language arrive in the same batch', async () => {
    const texts = {
      'uploads/integrating-cities/da/a.txt': 'Odense',
      'uploads/integrating-cities/da/b.txt': 'Aarhus',
    };
    const notifications: S3EventNotification[] = [];
    for (const [key, city] of Object.entries(texts)) {
      notifications.push(await upload(key, edition('da').replace('Rotterdam', city)));
    }
    // The batch processor handles the two records concurrently.
    expect((await deliver(...notifications)).batchItemFailures).toEqual([]);
    const stored = await editions.getEdition(CHARTER, 'da');
    expect(stored).toMatchObject({ status: 'aligned' });
    expect(stored?.version).toBeGreaterThan(1);
    const city = texts[stored!.sourceKey as keyof typeof texts];
    const current = await clauses.listEditionClauses(CHARTER, 'da');
    expect(current.every((c) => c.version === stored?.version)).toBe(true);
    expect(current.map((c) => c.text).join(' ')).toContain(city);
    expect(await storedClauseVersions('da')).toEqual([stored?.version]);
  }, 60_000);

  it('sent DynamoDB only commands the functions are granted in the CDK stack', async () => {
    for (const path of [
      `/charters/${CHARTER}/editions/sv`,
      `/charters/${CHARTER}/editions`,
      `/charters/${CHARTER}/export`,
      '/charters',
      '/reviews',
    ]) {
      expect((await get(path)).status, path).toBe(200);
    }
    expect(sent.ingest.size).toBeGreaterThan(3);
    expect([...sent.ingest].filter((action) => !INGEST_TABLE_ACTIONS.includes(action))).toEqual([]);
    expect(sent.api.size).toBeGreaterThan(1);
    expect([...sent.api].filter((action) => !API_TABLE_ACTIONS.includes(action))).toEqual([]);
    // S3: HeadObject and GetObject need s3:GetObject (granted on uploads/*), PutObject s3:PutObject (on processed/*).
    expect([...sent.ingestS3].sort()).toEqual([
      'GetObject uploads/',
      'HeadObject uploads/',
      'PutObject processed/',
    ]);
    expect([...sent.apiS3]).toEqual([]);
  });
});
