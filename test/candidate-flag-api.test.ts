/**
 * A held-back candidate's review flag through the HTTP API, as the review page and `charter review` read it:
 * ingest with the flag refresh wired as the Lambda wires it, then the review routes.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ingestEdition } from '../functions/core/editions/ingest-edition.ts';
import { MemoryEditionStore } from '../functions/core/editions/memory-edition-store.ts';
import { promoteCandidate } from '../functions/core/editions/restore-version.ts';
import type { EditionRecord } from '../functions/core/editions/types.ts';
import { MemoryReviewStore } from '../functions/core/reviews/memory-review-store.ts';
import { reviewCharter } from '../functions/core/reviews/review-charter.ts';
import type { CharterStructure } from '../functions/core/structure/types.ts';
import { createApiHandler } from '../functions/handlers/api.ts';
import { MemoryBlobStore } from '../functions/core/editions/memory-blob-store.ts';
import { scriptedProcessor } from '../functions/core/editions/scripted-processor.ts';

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

describe('held-back candidate flag in the review API', () => {
  it('is listed in the queue and shown with its history, open while held back and resolved once promoted', async () => {
    const blobs = new MemoryBlobStore();
    const editions = new MemoryEditionStore();
    const reviews = new MemoryReviewStore();
    const refresh = async (edition: EditionRecord) => {
      await reviewCharter(
        edition.charter,
        { editions, reviews, structure: () => structure, detect: () => [] },
        { lang: edition.lang, version: edition.version },
      );
    };
    const deps = { blobs, editions, process: processor, afterAligned: refresh, afterHeldBack: refresh };
    const upload = (key: string, text: string) =>
      blobs.objects.set(key, { body: new TextEncoder().encode(text), etag: key });
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
