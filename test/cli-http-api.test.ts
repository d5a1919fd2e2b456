/**
 * One router, two adapters: the Hono app the api Lambda runs (hono/aws-lambda) served on a local port
 * (@hono/node-server) answers each route as the Lambda does.
 */
import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, serveApi } from '../cli/http-api.ts';
import type { ClauseRecord, EditionRecord, EditionStore } from '../functions/core/editions/types.ts';
import { MemoryReviewStore } from '../functions/core/reviews/memory-review-store.ts';
import { refreshCharterFlags } from '../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../functions/core/reviews/test-fixtures.ts';
import {
  accessCheck,
  type ApiDeps,
  bearerPrincipal,
  createApiApp,
  createApiHandler,
} from '../functions/handlers/api.ts';
import { MAX_BODY_BYTES } from '../functions/handlers/api/app.ts';

const clause: ClauseRecord = {
  charter: 'c1',
  clauseId: 'intro.1',
  lang: 'nb',
  order: 1,
  text: 'I 2006 vedtok',
  confidence: 0.8,
  version: 1,
};
const edition = {
  charter: 'c1',
  lang: 'nb',
  version: 1,
  status: 'aligned',
  clauseCount: 1,
  meanConfidence: 0.8,
  updatedAt: 'x',
  residue: [],
} as unknown as EditionRecord;
const editions = {
  getClause: async (charter: string, id: string) => (charter === 'c1' && id === 'intro.1' ? [clause] : []),
  listEditions: async (charter: string) => (charter === 'c1' ? [edition] : []),
  getEdition: async (charter: string, lang: string) => (charter === 'c1' && lang === 'nb' ? edition : null),
  listEditionClauses: async (charter: string, lang: string) =>
    charter === 'c1' && lang === 'nb' ? [clause] : [],
} as unknown as EditionStore;
const silent = { error() {} };
const flagPath = `/reviews/${encodeURIComponent('c1:intro.1:number-mismatch:nb')}`;
/** A signed-in reviewer: the token `ann-token` stands for verified claims of ann in the reviewers group. */
const ANN = { authorization: 'Bearer ann-token' };
const verify = async (token: string) => {
  if (token !== 'ann-token') throw new Error('not a token');
  return { 'cognito:username': 'ann', 'cognito:groups': ['reviewers'] };
};

let deps: ApiDeps;
let server: Server | undefined;

beforeEach(async () => {
  const reviews = new MemoryReviewStore();
  await refreshCharterFlags(
    {
      charter: 'c1',
      findings: [finding()],
      texts: texts({ nb: { 'intro.1': 'I 2006 vedtok' } }),
      order: new Map(),
    },
    { reviews },
  );
  deps = {
    editions,
    reviews,
    reviewPage: async () => ({ 'index.html': { type: 'text/html; charset=utf-8', body: '<p>page</p>' } }),
    now: () => new Date('2026-05-06T07:08:09.000Z'),
    authorize: accessCheck(bearerPrincipal(verify)),
  };
});
afterEach(async () => {
  const open = server;
  server = undefined;
  if (open) await new Promise((resolve) => open.close(resolve));
});

async function serve(app = createApiApp(deps, silent), onRequest?: (line: string) => void) {
  const served = await serveApi(app, { port: 0, onRequest });
  server = served.server;
  return served.url;
}

function lambdaEvent(method: string, path: string, body?: string): APIGatewayProxyEventV2 {
  const url = new URL(path, 'http://localhost');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: { ...ANN, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
    isBase64Encoded: false,
    requestContext: { domainName: 'api.example', http: { method, path: url.pathname } },
  } as unknown as APIGatewayProxyEventV2;
}

describe('serveApi', () => {
  it('answers every kind of route as the Lambda handler does', async () => {
    const url = await serve();
    const lambda = createApiHandler(deps, silent);
    const requests: Array<[string, string, string?]> = [
      ['GET', '/charters'],
      ['GET', '/charters/c1/clauses/intro.1'],
      ['GET', '/charters/c1/editions/nb'],
      ['GET', '/charters/c1/editions/da'],
      ['GET', '/reviews?limit=0'],
      ['GET', '/charters/c1/export?format=csv'],
      ['DELETE', flagPath],
      ['POST', flagPath, JSON.stringify({ decision: 'accept', note: 'checked', by: 'ann' })],
      ['GET', '/review'],
      ['GET', '/nothing'],
    ];
    for (const [method, path, body] of requests) {
      // Both adapters share the store: the second accept is recorded on top of the first.
      const viaLambda = await lambda(lambdaEvent(method, path, body));
      const viaHttp = await fetch(`${url}${path}`, {
        method,
        body,
        headers: { ...ANN, ...(body ? { 'content-type': 'application/json' } : {}) },
      });
      expect(viaHttp.status, `${method} ${path}`).toBe(viaLambda.statusCode);
      expect(viaHttp.headers.get('content-type'), `${method} ${path}`).toBe(
        viaLambda.headers?.['content-type'] ?? null,
      );
      const text = await viaHttp.text();
      if (method === 'POST') {
        expect(JSON.parse(text).flag.status).toBe('accepted');
        expect(JSON.parse(String(viaLambda.body)).flag.status).toBe('accepted');
      } else expect(text, `${method} ${path}`).toBe(viaLambda.body);
    }
  });

  it('answers a HEAD as the GET without the body, and logs each request', async () => {
    const lines: string[] = [];
    const url = await serve(undefined, (line) => lines.push(line));
    const response = await fetch(`${url}/review`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toBe('');
    expect(lines).toEqual([expect.stringMatching(/^HEAD \/review -> 200 \(\d+ ms\)$/)]);
  });

  it('answers 500 in JSON when a store fails, and 413 for a body over the limit', async () => {
    const failing = { ...editions, getEdition: async () => Promise.reject(new Error('down')) };
    const url = await serve(createApiApp({ ...deps, editions: failing as EditionStore }, silent));
    const broken = await fetch(`${url}/charters/c1/editions/nb`);
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ error: 'internal error' });
    const large = await fetch(`${url}${flagPath}`, {
      method: 'POST',
      headers: { ...ANN, 'content-type': 'application/json' },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ error: 'request body too large' });
    // Streamed without a content-length: counted as it arrives.
    const chunk = new Uint8Array(1024 * 1024).fill(0x78);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await fetch(`${url}${flagPath}`, {
      method: 'POST',
      headers: { ...ANN, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

describe('callApi', () => {
  it('calls the app in-process and parses JSON', async () => {
    const app = createApiApp(deps, silent);
    const anonymous = await callApi(app, { path: '/reviews?status=open&charter=c1' });
    expect([anonymous.status, anonymous.headers['www-authenticate']]).toEqual([401, 'Bearer']);
    const { status, body } = await callApi(app, { path: '/reviews?status=open&charter=c1', headers: ANN });
    expect(status).toBe(200);
    expect((body as { flags: Array<{ id: string }> }).flags.map((f) => f.id)).toEqual([
      'c1:intro.1:number-mismatch:nb',
    ]);
    const post = await callApi(app, {
      method: 'POST',
      path: flagPath,
      headers: { ...ANN, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'dismiss', note: 'noise', by: 'someone-else' }),
    });
    expect(post).toMatchObject({ status: 200, body: { flag: { status: 'dismissed' } } });
    expect((post.body as { flag: { history: Array<{ by: string }> } }).flag.history.at(-1)?.by).toBe('ann');
    const csv = await callApi(app, { path: '/charters/c1/export?format=csv', headers: ANN });
    expect(typeof csv.body).toBe('string');
  });
});
