/**
 * A held-back candidate's review flag through the HTTP API, as the review page and `charter review` read it:
 * ingest with the flag refresh wired as the Lambda wires it, then the review routes.
 */
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ingestEdition } from '../functions/core/editions/ingest-edition.ts';
import { promoteCandidate } from '../functions/core/editions/restore-version.ts';
import type { CharterStructure } from '../functions/core/structure/types.ts';
import { createApiHandler, promoteByRequest } from '../functions/handlers/api.ts';
import { createIngestHandler } from '../functions/handlers/ingest.ts';
import { scriptedProcessor } from '../functions/core/editions/scripted-processor.ts';
import { flaggedIngest } from './fixtures/flagged-ingest.ts';

const TOTAL = 6;
const structure = {
  charter: 'c',
  title: 'C',
  clauses: Array.from({ length: TOTAL }, (_, order) => ({ id: `c${order}`, order })),
} as unknown as CharterStructure;
const processor = scriptedProcessor(TOTAL);

const reviewer = {
  jwt: { claims: { sub: 'id-ann', 'cognito:username': 'ann', 'cognito:groups': '[reviewers]' }, scopes: [] },
};
function get(path: string, query: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path }, authorizer: reviewer },
  } as unknown as APIGatewayProxyEventV2;
}

/** The flag-refreshing ingest, and an upload of a text. */
function setup() {
  const wired = flaggedIngest(structure, processor);
  const upload = (key: string, text: string) =>
    wired.blobs.objects.set(key, { body: new TextEncoder().encode(text), etag: key });
  return { ...wired, upload };
}

describe('held-back candidate flag in the review API', () => {
  it('is listed in the queue and shown with its history, open while held back and resolved once promoted', async () => {
    const { blobs, editions, reviews, refresh, deps, upload } = setup();
    upload('uploads/c/da/full.txt', 'c0\nc1\nc2\nc3\nc4\nc5');
    await ingestEdition('uploads/c/da/full.txt', deps);
    upload('uploads/c/da/page.txt', 'c2');
    await ingestEdition('uploads/c/da/page.txt', deps);

    const api = createApiHandler({ editions, reviews });
    const json = async (event: APIGatewayProxyEventV2) => {
      const response = await api(event);
      return { status: response.statusCode, body: JSON.parse(String(response.body)) };
    };
    const id = 'c:version-2:held-back-candidate:da';
    const queue = await json(get('/reviews', { kind: 'held-back-candidate', status: 'open' }));
    expect(queue.status).toBe(200);
    expect(queue.body.flags.map((f: { id: string }) => f.id)).toEqual([id]);
    const shown = await json(get(`/reviews/${encodeURIComponent(id)}`));
    expect(shown.status).toBe(200);
    expect(shown.body.flag).toMatchObject({ status: 'open', langs: ['da'] });

    await promoteCandidate('c', 'da', undefined, { blobs, editions, afterAligned: refresh });
    const after = await json(get(`/reviews/${encodeURIComponent(id)}`));
    const flag = after.body.flag;
    expect(flag.status).toBe('resolved');
    expect(flag.history.at(-1).note).toBe('promoted: da version 3 is candidate version 2 made current');
    const open = await json(get('/reviews', { kind: 'held-back-candidate', status: 'open' }));
    expect(open.body.flags).toEqual([]);
  });
});

function post(path: string, body: unknown, authorizer: unknown = reviewer): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path }, authorizer },
  } as unknown as APIGatewayProxyEventV2;
}

describe('promoting a held-back candidate through the API', () => {
  it('makes a first edition the gate held back current for a reviewer, and refuses others', async () => {
    const { blobs, editions, reviews, refresh, deps, upload } = setup();
    // Two clauses of six, with the structure alone: held back as the first 'de' edition.
    upload('uploads/c/de/page.txt', 'c0\nc1');
    expect(await ingestEdition('uploads/c/de/page.txt', deps)).toMatchObject({ status: 'candidate' });
    const api = createApiHandler({ editions, reviews, promote: { blobs, afterAligned: refresh } });
    const call = async (event: APIGatewayProxyEventV2) => {
      const response = await api(event);
      return { status: response.statusCode, body: JSON.parse(String(response.body)) };
    };
    const path = '/charters/c/editions/de/promote';
    // Without a token, and as a reader: refused, nothing changes.
    expect((await call(post(path, {}, null))).status).toBe(401);
    const reader = {
      jwt: { claims: { sub: 'id-bo', 'cognito:username': 'bo', 'cognito:groups': '[readers]' }, scopes: [] },
    };
    expect((await call(post(path, {}, reader))).status).toBe(403);
    expect((await call(post(path, { version: 'one' }))).status).toBe(400);
    expect(await editions.getEdition('c', 'de')).toMatchObject({ version: 0, status: 'candidate' });
    const open = await call(get(`/reviews/${encodeURIComponent('c:version-1:held-back-candidate:de')}`));
    expect(open.body.flag.reason).toMatch(
      /held back by the quality gate; no version is current yet: first edition/,
    );
    // A version that is not kept: 404.
    expect((await call(post(path, { version: 7 }))).status).toBe(404);

    const promoted = await call(post(path, {}));
    expect(promoted).toMatchObject({
      status: 200,
      body: {
        charter: 'c',
        lang: 'de',
        from: 1,
        version: 2,
        clauseCount: 2,
        firstOfLanguage: true,
        by: 'ann',
      },
    });
    expect(await editions.getEdition('c', 'de')).toMatchObject({ version: 2, status: 'aligned' });
    const edition = await call(get('/charters/c/editions/de'));
    expect(edition.body.clauses.map((c: { id: string }) => c.id)).toEqual(['c0', 'c1']);
    // The candidate's flag is closed by the refresh the promotion ran.
    const flag = await call(get(`/reviews/${encodeURIComponent('c:version-1:held-back-candidate:de')}`));
    expect(flag.body.flag.status).toBe('resolved');
    // Nothing is left to promote; promoting the current version again is a conflict.
    expect((await call(post(path, {}))).status).toBe(404);
    expect((await call(post(path, { version: 2 }))).status).toBe(409);
  });

  it('on Lambda, asks the ingest function to refresh the flags, which it does from the request key', async () => {
    const { blobs, editions, reviews, refresh, deps, upload } = setup();
    upload('uploads/c/da/full.txt', 'c0\nc1\nc2\nc3\nc4\nc5');
    await ingestEdition('uploads/c/da/full.txt', deps);
    upload('uploads/c/da/page.txt', 'c2');
    expect(await ingestEdition('uploads/c/da/page.txt', deps)).toMatchObject({ status: 'candidate' });
    const api = createApiHandler({ editions, reviews, promote: promoteByRequest(blobs) });
    const response = await api(post('/charters/c/editions/da/promote', { version: 2 }));
    expect(response.statusCode).toBe(200);
    expect(await editions.getEdition('c', 'da')).toMatchObject({ version: 3, restoredFrom: 2 });
    const id = 'c:version-2:held-back-candidate:da';
    // The API refreshed nothing itself: it wrote the request.
    expect((await reviews.getFlag(id))?.status).toBe('open');
    const requests = [...blobs.objects.keys()].filter((k) => k.startsWith('requests/'));
    // Not the language's first version: the request asks for no realignment.
    expect(requests).toEqual(['requests/refresh-flags/c/da/3']);
    // The ingest handler, given the request's S3 event, refreshes the flags and ingests nothing.
    const ingest = createIngestHandler({ ...deps, afterAligned: refresh }, silentLogger());
    const result = await ingest(s3Event(requests[0]!));
    expect(result.batchItemFailures).toEqual([]);
    expect((await reviews.getFlag(id))?.status).toBe('resolved');
    expect(await editions.getEdition('c', 'da')).toMatchObject({ version: 3 });
  });

  it('on Lambda, a promoted first edition has the ingest function align the earlier editions again with it', async () => {
    const { blobs, editions, reviews, refresh, upload } = setup();
    // A processor that reports the stored languages it was given as its references, as the real one does.
    const process: typeof processor = async (request) => ({
      ...(await processor(request)),
      referenceLangs: [...request.references.keys()],
    });
    const deps = { blobs, editions, process, afterAligned: refresh, afterHeldBack: refresh };
    upload('uploads/c/da/full.txt', 'c0\nc1\nc2\nc3\nc4\nc5');
    await ingestEdition('uploads/c/da/full.txt', deps);
    expect(await editions.getEdition('c', 'da')).toMatchObject({ version: 1, referenceLangs: [] });
    // No clause found confidently: the first German edition is held back.
    upload('uploads/c/de/page.txt', 'c0 0.1\nc1 0.1');
    expect(await ingestEdition('uploads/c/de/page.txt', deps)).toMatchObject({ status: 'candidate' });
    const api = createApiHandler({ editions, reviews, promote: promoteByRequest(blobs) });
    const response = await api(post('/charters/c/editions/de/promote', {}));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body))).toMatchObject({ version: 2, from: 1, firstOfLanguage: true });
    const requests = [...blobs.objects.keys()].filter((k) => k.startsWith('requests/'));
    expect(requests).toEqual(['requests/refresh-flags/c/de/2/realign']);
    // The API aligned nothing itself; the ingest function does, as for an upload that became current.
    expect((await editions.getEdition('c', 'da'))?.version).toBe(1);
    const ingest = createIngestHandler(deps, silentLogger());
    expect((await ingest(s3Event(requests[0]!))).batchItemFailures).toEqual([]);
    expect(await editions.getEdition('c', 'da')).toMatchObject({ version: 2, referenceLangs: ['de'] });
    expect((await reviews.getFlag('c:version-1:held-back-candidate:de'))?.status).toBe('resolved');
    // The request delivered again changes nothing: Danish has used German already.
    expect((await ingest(s3Event(requests[0]!))).batchItemFailures).toEqual([]);
    expect((await editions.getEdition('c', 'da'))?.version).toBe(2);
  });
});

function silentLogger() {
  const quiet = () => {};
  return { info: quiet, warn: quiet, error: quiet, addContext: quiet } as unknown as Parameters<
    typeof createIngestHandler
  >[1];
}

function s3Event(key: string): SQSEvent {
  const notification = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        eventTime: '2026-12-07T00:00:00.000Z',
        s3: { bucket: { name: 'b' }, object: { key, eTag: 'e', size: 2, sequencer: '01' } },
      },
    ],
  };
  return {
    Records: [
      {
        messageId: 'm1',
        receiptHandle: 'r',
        body: JSON.stringify(notification),
        attributes: { ApproximateReceiveCount: '1' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:1:q',
        awsRegion: 'eu-west-1',
      },
    ],
  } as unknown as SQSEvent;
}
