/**
 * The review workflow on the embedded stack, through the real handlers' wiring: three corpus editions are
 * ingested (flags refreshed by the afterAligned hook), a reviewer decides through the API handler, and
 * re-ingests keep or reopen the decision depending on whether the flagged clause text changed.
 */
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { loadCharterStructure } from '../../functions/adapters/resources/charters.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { S3BlobStore } from '../../functions/adapters/s3/s3-blob-store.ts';
import { type IngestDeps, ingestEdition } from '../../functions/core/editions/ingest-edition.ts';
import type { ReviewFlag } from '../../functions/core/reviews/types.ts';
import { groupFlags } from '../../functions/core/reviews/group.ts';
import { createApiHandler } from '../../functions/handlers/api.ts';
import { flagRefresh } from '../../functions/handlers/flag-refresh.ts';
import { createEditionProcessor } from '../../functions/handlers/process-edition.ts';
import { testDynamoDb } from '../fixtures/test-dynamodb.ts';

const CHARTER = 'integrating-cities';
const text = (lang: string) => readFileSync(`corpus/charters/${CHARTER}/editions/${lang}.txt`, 'utf8');

let stack: LocalStack;
let deps: IngestDeps;
let reviews: DynamoDbReviewStore;
let api: ReturnType<typeof createApiHandler>;

async function ingest(lang: string, body: string) {
  const key = `uploads/${CHARTER}/${lang}/${lang}.txt`;
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body }));
  return ingestEdition(key, deps);
}

async function call(method: string, target: string, body?: unknown) {
  const url = new URL(target, 'http://localhost');
  const response = await api({
    rawPath: url.pathname,
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    queryStringParameters: Object.fromEntries(url.searchParams),
    // A reviewer signed in (claims as API Gateway's JWT authorizer passes them on).
    requestContext: {
      http: { method, path: url.pathname },
      authorizer: { jwt: { claims: { username: 'tester', 'cognito:groups': '[reviewers]' } } },
    },
  } as unknown as APIGatewayProxyEventV2);
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
}

beforeAll(async () => {
  stack = await startLocalStack(testDynamoDb());
  const editions = new DynamoDbEditionStore(stack.dynamodb, stack.table);
  reviews = new DynamoDbReviewStore(stack.dynamodb, stack.table);
  deps = {
    blobs: new S3BlobStore(stack.s3, stack.bucket),
    editions,
    process: createEditionProcessor({ corrections: (charter) => reviews.listReviewedClauses(charter) }),
    afterAligned: flagRefresh(editions, reviews),
  };
  api = createApiHandler({ editions, reviews });
  for (const lang of ['sv', 'nb', 'da']) expect((await ingest(lang, text(lang))).status).toBe('aligned');
}, 180_000);
afterAll(async () => stack?.close());

describe('review workflow on the embedded stack', () => {
  it('raises flags after ingest, among them the missing Danish funding colophon', async () => {
    const flags = await reviews.listCharterFlags(CHARTER);
    const open = flags.filter((f) => f.status === 'open');
    expect(open.length).toBeGreaterThan(0);
    // Findings raised while only two editions were stored and gone once the third came are closed, not deleted.
    for (const flag of flags.filter((f) => f.status !== 'open')) {
      expect(flag).toMatchObject({ status: 'resolved', resolvedBy: { lang: expect.any(String) } });
      expect(flag.history.at(-1)?.note).toMatch(/^no longer detected after \w+ version \d+$/);
    }
    expect(open.map((f) => f.id)).toContain(`${CHARTER}:colophon.funding:missing-clause:da`);
    const { body } = await call('GET', '/charters');
    expect(body.charters[0].flags.open).toBe(open.length);
  });

  it('groups the open flags by finding: at most 6 items, the funding colophon and statements first', async () => {
    const open = (await reviews.listCharterFlags(CHARTER)).filter((f) => f.status === 'open');
    const groups = groupFlags(open);
    expect(groups.length).toBeLessThanOrEqual(6);
    expect(groups.length).toBeLessThan(open.length);
    expect(groups.flatMap((g) => g.flags).length).toBe(open.length);
    // The missing Danish colophon, and the funding statements' years and programmes, each one item.
    expect(groups.slice(0, 3).map((g) => [g.kind, g.places.map((p) => p.clause)])).toEqual([
      ['missing-clause', ['colophon.funding']],
      ['number-mismatch', ['colophon.funding', 'colophon.funding']],
      ['name-mismatch', ['colophon.funding', 'colophon.funding']],
    ]);
    // A name kept in several clauses and editions is one item with its places.
    const kept = groups.find((g) => g.places.length >= 3 && g.kind === 'name-mismatch');
    expect(kept).toBeTruthy();
    expect(new Set(kept!.places.map((p) => p.clause)).size).toBeGreaterThanOrEqual(3);
  });

  it('files residue flags under the clause the residue follows in the edition', async () => {
    const clauseIds = new Set(loadCharterStructure(CHARTER).clauses.map((c) => c.id));
    const residueFlags = (await reviews.listCharterFlags(CHARTER)).filter(
      (f) => f.kind === 'unaligned-residue',
    );
    expect(residueFlags.length).toBeGreaterThan(0);
    for (const flag of residueFlags) expect(clauseIds).toContain(flag.clause);
  });

  it('keeps a decision over a re-ingest whose clause texts did not change, reopens it when they did', async () => {
    const open = (await call('GET', `/reviews?limit=200`)).body.flags as ReviewFlag[];
    // Any flag naming the Norwegian edition alone, on a clause of the charter.
    const target = open.find((f) => f.langs.length === 1 && f.langs[0] === 'nb' && f.clause !== 'residue')!;
    expect(target).toBeTruthy();
    const path = `/reviews/${encodeURIComponent(target.id)}`;
    const decided = await call('POST', path, { decision: 'accept', note: 'seen in print', by: 'tester' });
    expect(decided.status).toBe(200);

    // Same text with a trailing newline: a new upload (new ETag) whose clauses are unchanged.
    expect((await ingest('nb', `${text('nb')}\n`)).status).toBe('aligned');
    expect((await call('GET', path)).body.flag.status).toBe('accepted');

    // Change the flagged clause's text in the upload: the decision is reopened, its history kept.
    const clause = (await call('GET', `/charters/${CHARTER}/clauses/${target.clause}`)).body.languages.nb
      .text as string;
    const firstWord = clause.split(/\s+/).find((w) => w.length > 5)!;
    const changed = text('nb').replace(firstWord, `${firstWord} ${firstWord}`);
    expect(changed).not.toBe(text('nb'));
    expect((await ingest('nb', changed)).status).toBe('aligned');
    const after = (await call('GET', path)).body;
    if (after.flag) {
      // Still detected on the changed text: reopened.
      expect(after.flag.status).toBe('open');
      expect(after.flag.history.map((h: { status: string }) => h.status)).toEqual(['accepted', 'reopened']);
    } else {
      throw new Error(`flag ${target.id} disappeared; a decided flag must be kept`);
    }
  });

  it('serves a correction as the record, keeps it over a re-ingest of the same text, flags it when the text changed', async () => {
    const before = await reviews.listCharterFlags(CHARTER);
    const target = before.find(
      (f) => f.status === 'open' && f.langs.length === 1 && f.langs[0] === 'sv' && f.clause !== 'residue',
    )!;
    expect(target).toBeTruthy();
    const clausePath = `/charters/${CHARTER}/clauses/${target.clause}`;
    const ocr = (await call('GET', clausePath)).body.languages.sv.text as string;
    const correctedText = `${ocr} [checked against the print]`;
    const decided = await call('POST', `/reviews/${encodeURIComponent(target.id)}`, {
      decision: 'correct',
      note: 'read from the print',
      by: 'tester',
      correctedText,
    });
    expect(decided.status).toBe(200);
    const served = async () => (await call('GET', clausePath)).body.languages.sv;
    expect(await served()).toMatchObject({
      text: correctedText,
      status: 'reviewed',
      reviewed: { by: 'tester', ocrText: ocr, flagId: target.id },
    });
    const svEdition = async () =>
      (
        (await call('GET', `/charters/${CHARTER}/editions/sv`)).body.clauses as Array<{
          id: string;
          text: string;
        }>
      ).find((c) => c.id === target.clause);
    expect((await svEdition())?.text).toBe(correctedText);
    const exported = await api({
      rawPath: `/charters/${CHARTER}/export`,
      rawQueryString: 'format=tmx',
      queryStringParameters: { format: 'tmx' },
      requestContext: {
        http: { method: 'GET', path: `/charters/${CHARTER}/export` },
        authorizer: { jwt: { claims: { username: 'tester', 'cognito:groups': '[reviewers]' } } },
      },
    } as unknown as APIGatewayProxyEventV2);
    expect(String(exported.body)).toContain('<prop type="x-reviewed-by">tester</prop>');

    // A new upload of the same text (new ETag): the clause's OCR text is unchanged, the correction stays.
    expect((await ingest('sv', `${text('sv')}\n\n`)).status).toBe('aligned');
    expect((await served()).text).toBe(correctedText);

    // An upload that reads the clause differently: its OCR text is served, and the old correction is flagged.
    // A word of the clause found once in the upload, so that the change lands in this clause.
    const firstWord = ocr.split(/[\s,.;:()]+/).find((w) => w.length > 5 && text('sv').split(w).length === 2)!;
    expect(firstWord).toBeTruthy();
    expect((await ingest('sv', text('sv').replace(firstWord, `${firstWord} ${firstWord}`))).status).toBe(
      'aligned',
    );
    expect(await served()).toMatchObject({ status: 'aligned' });
    const stale = (
      await call('GET', `/reviews/${encodeURIComponent(`${CHARTER}:${target.clause}:stale-correction:sv`)}`)
    ).body.flag;
    expect(stale).toMatchObject({ status: 'open', evidence: { expected: [correctedText] } });
    // No flag was deleted by the re-ingests.
    const after = new Set((await reviews.listCharterFlags(CHARTER)).map((f) => f.id));
    for (const flag of before) expect(after).toContain(flag.id);
  });
});
