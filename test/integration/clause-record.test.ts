import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { clauseRecords, editionRecord } from '../../functions/core/editions/edition-store.contract.ts';
import { decideFlag } from '../../functions/core/reviews/decide-flag.ts';
import { refreshCharterFlags } from '../../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../../functions/core/reviews/test-fixtures.ts';
import { createApiHandler } from '../../functions/handlers/api.ts';
import { testDynamoDb, testDynamoDbName } from '../fixtures/test-dynamodb.ts';

let stack: LocalStack;
let client: DynamoDBClient;
/** Commands sent through `client`, by name. */
const sent: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack(testDynamoDb());
  client = new DynamoDBClient({
    endpoint: stack.endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
});
afterAll(async () => {
  client?.destroy();
  await stack?.close();
});

/** A charter with sv and nb editions of clauses a and b, and an open flag on nb's clause a. */
async function seeded(charter: string) {
  const editions = new DynamoDbEditionStore(client, stack.table);
  const reviews = new DynamoDbReviewStore(client, stack.table);
  await editions.saveEdition(editionRecord(charter, 'sv', 1), clauseRecords(charter, 'sv', 1, ['a', 'b']));
  await editions.saveEdition(editionRecord(charter, 'nb', 1), clauseRecords(charter, 'nb', 1, ['a', 'b']));
  const flag = finding({ charter, clause: 'a', langs: ['nb'] });
  await refreshCharterFlags(
    { charter, findings: [flag], texts: texts({ nb: { a: 'nb a v1' } }), order: new Map([['a', 0]]) },
    { reviews },
  );
  return { editions, reviews, flagId: `${charter}:a:number-mismatch:nb` };
}

describe(`the clause record on ${testDynamoDbName()}`, () => {
  it('reads a clause with its texts, flags and reviewed texts in one Query once the pointers are cached', async () => {
    const { editions, reviews, flagId } = await seeded('r1');
    await decideFlag(
      flagId,
      { decision: 'correct', note: 'OCR', by: 'ann', correctedText: 'nb a, corrected' },
      { reviews, clauses: editions },
    );
    await editions.readClause('r1', 'a');
    sent.length = 0;
    const readout = await editions.readClause('r1', 'a');
    expect(sent).toEqual(['QueryCommand']);
    expect(readout.records.map((r) => [r.lang, r.text, r.reviewed?.by ?? null])).toEqual([
      ['nb', 'nb a, corrected', 'ann'],
      ['sv', 'sv a v1', null],
    ]);
    expect(readout.records[0]!.reviewed).toMatchObject({ ocrText: 'nb a v1', flagId });
    expect(readout.flags.map((f) => [f.id, f.status])).toEqual([[flagId, 'corrected']]);
    expect(readout.reviewed.map((r) => [r.lang, r.text])).toEqual([['nb', 'nb a, corrected']]);
    // The API's clause route on the same store: one Query per request.
    const api = createApiHandler({ editions, reviews });
    const get = () =>
      api({
        rawPath: '/charters/r1/clauses/a',
        requestContext: { http: { method: 'GET', path: '/charters/r1/clauses/a' } },
      } as unknown as APIGatewayProxyEventV2);
    sent.length = 0;
    const response = await get();
    expect(response.statusCode).toBe(200);
    expect(sent).toEqual(['QueryCommand']);
    expect(JSON.parse(String(response.body)).languages.nb).toMatchObject({ status: 'reviewed' });
  });

  it('serves the correction in the edition, keeps it over a re-ingest of the same text, drops it when the text changed', async () => {
    const { editions, reviews, flagId } = await seeded('r2');
    await decideFlag(
      flagId,
      { decision: 'correct', note: 'OCR', by: 'ann', correctedText: 'nb a, corrected' },
      { reviews, clauses: editions },
    );
    const edition = async () =>
      (await editions.listEditionClauses('r2', 'nb')).map((c) => `${c.clauseId}@${c.version}:${c.text}`);
    expect(await edition()).toEqual(['a@1:nb a, corrected', 'b@1:nb b v1']);
    // Version 2 reads clause a the same way (the fixture's texts carry the version: give v1's text again).
    const same = clauseRecords('r2', 'nb', 2, ['a', 'b']).map((c) =>
      c.clauseId === 'a' ? { ...c, text: 'nb a v1' } : c,
    );
    await editions.saveEdition(editionRecord('r2', 'nb', 2), same);
    expect(await edition()).toEqual(['a@2:nb a, corrected', 'b@2:nb b v2']);
    expect((await editions.getClause('r2', 'a')).find((r) => r.lang === 'nb')?.text).toBe('nb a, corrected');
    // Version 3 reads it differently: the new OCR text is served, the correction stays stored.
    await editions.saveEdition(editionRecord('r2', 'nb', 3), clauseRecords('r2', 'nb', 3, ['a', 'b']));
    expect(await edition()).toEqual(['a@3:nb a v3', 'b@3:nb b v3']);
    expect((await reviews.getReviewedClauses('r2', 'a')).map((r) => r.text)).toEqual(['nb a, corrected']);
  });

  it('reads the pointers again when another writer made a new version current within the cache time', async () => {
    const writer = new DynamoDbEditionStore(client, stack.table);
    await writer.saveEdition(editionRecord('r4', 'sv', 1), clauseRecords('r4', 'sv', 1, ['a']));
    const reader = new DynamoDbEditionStore(client, stack.table, { pointerTtlMs: 60_000 });
    expect((await reader.getClause('r4', 'a')).map((r) => r.version)).toEqual([1]);
    // Another process saves version 2 and deletes version 1: the reader's cached pointer names a version gone.
    await writer.saveEdition(editionRecord('r4', 'sv', 2), clauseRecords('r4', 'sv', 2, ['a']));
    sent.length = 0;
    expect((await reader.getClause('r4', 'a')).map((r) => `${r.version}:${r.text}`)).toEqual(['2:sv a v2']);
    expect(sent).toEqual(['QueryCommand', 'QueryCommand']);
    // Now cached again: one Query.
    sent.length = 0;
    await reader.getClause('r4', 'a');
    expect(sent).toEqual(['QueryCommand']);
  });

  it('serves a clause an edition lacks when a reviewer supplied it', async () => {
    const { editions, reviews } = await seeded('r3');
    const missing = finding({ charter: 'r3', clause: 'c', langs: ['sv'], kind: 'missing-clause' });
    await refreshCharterFlags(
      { charter: 'r3', findings: [missing], texts: texts({}), order: new Map([['c', 2]]) },
      { reviews },
    );
    await decideFlag(
      'r3:c:missing-clause:sv',
      { decision: 'correct', note: 'the print has it on the back cover', by: 'bo', correctedText: 'sv c' },
      { reviews, clauses: editions },
    );
    const [record] = await editions.getClause('r3', 'c');
    expect(record).toMatchObject({ lang: 'sv', text: 'sv c', version: 1, order: 2 });
    expect(record!.reviewed).toMatchObject({ by: 'bo', ocrText: null });
    expect((await editions.listEditionClauses('r3', 'sv')).map((c) => c.clauseId)).toEqual(['a', 'b', 'c']);
  });
});
