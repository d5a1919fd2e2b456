import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClauseRecord, EditionRecord, EditionStore } from '../core/editions/types.ts';
import { MemoryReviewStore } from '../core/reviews/memory-review-store.ts';
import { refreshCharterFlags } from '../core/reviews/refresh-flags.ts';
import { finding, texts } from '../core/reviews/test-fixtures.ts';
import { type AccessRequest, ApiError, accessCheck, createApiHandler, lambdaPrincipal } from './api.ts';

const clauses: ClauseRecord[] = [
  {
    charter: 'c1',
    clauseId: 'intro.1',
    lang: 'sv',
    order: 3,
    text: 'År 2004 antog',
    confidence: 0.9,
    quality: 0.75,
    unknownWords: ['antog'],
    version: 1,
  },
  {
    charter: 'c1',
    clauseId: 'intro.1',
    lang: 'nb',
    order: 3,
    text: 'I 2006 vedtok',
    confidence: 0.8,
    version: 2,
  },
];
const edition = (lang: string) =>
  ({
    charter: 'c1',
    lang,
    version: 1,
    status: 'aligned',
    clauseCount: 1,
    meanConfidence: 0.9,
    updatedAt: 'x',
    residue: [],
  }) as unknown as EditionRecord;

const editions = {
  getClause: async (charter: string, id: string) =>
    clauses.filter((c) => c.charter === charter && c.clauseId === id),
  listEditions: async (charter: string) => (charter === 'c1' ? ['nb', 'sv'].map(edition) : []),
  getEdition: async (charter: string, lang: string) =>
    charter === 'c1' && ['nb', 'sv'].includes(lang) ? edition(lang) : null,
  listEditionClauses: async (charter: string, lang: string) =>
    clauses.filter((c) => c.charter === charter && c.lang === lang),
} as unknown as EditionStore;

/** API Gateway's JWT authorizer context for a user in these groups (claims as API Gateway passes them on). */
const signedIn = (username: string, groups: string) => ({
  jwt: {
    claims: { sub: `id-${username}`, 'cognito:username': username, 'cognito:groups': groups },
    scopes: [],
  },
});
const ANN = signedIn('ann', '[reviewers]');

function event(
  method: string,
  path: string,
  options: { query?: Record<string, string>; body?: string; base64?: boolean; authorizer?: unknown } = {},
): APIGatewayProxyEventV2 {
  // Signed in as the reviewer ann unless the test says otherwise (`authorizer: null`: no token).
  const authorizer = options.authorizer === undefined ? ANN : (options.authorizer ?? undefined);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query).toString(),
    queryStringParameters: options.query,
    headers: {},
    body: options.base64 && options.body ? Buffer.from(options.body).toString('base64') : options.body,
    isBase64Encoded: Boolean(options.base64),
    requestContext: { http: { method, path }, authorizer },
  } as unknown as APIGatewayProxyEventV2;
}

let reviews: MemoryReviewStore;
let api: ReturnType<typeof createApiHandler>;
const flagPath = `/reviews/${encodeURIComponent('c1:intro.1:number-mismatch:nb')}`;

async function call(method: string, path: string, options?: Parameters<typeof event>[2]) {
  const response = await api(event(method, path, options));
  const type = String(response.headers?.['content-type'] ?? '');
  return {
    status: response.statusCode,
    headers: response.headers ?? {},
    body: type.startsWith('application/json') ? JSON.parse(String(response.body)) : response.body,
  };
}

beforeEach(async () => {
  reviews = new MemoryReviewStore();
  const findings = [
    finding(),
    finding({ kind: 'meaning-drift', severity: 'low', langs: ['nb', 'sv'] }),
    finding({ clause: 'intro.2', kind: 'missing-clause', langs: ['sv'], severity: 'medium' }),
  ];
  await refreshCharterFlags(
    {
      charter: 'c1',
      findings,
      texts: texts({ nb: { 'intro.1': 'I 2006 vedtok' } }),
      order: new Map([['intro.1', 3]]),
    },
    { reviews },
  );
  api = createApiHandler({
    editions,
    reviews,
    reviewPage: async () => ({ 'index.html': { type: 'text/html; charset=utf-8', body: '<!doctype html>' } }),
    now: () => new Date('2026-05-06T07:08:09.000Z'),
  });
});

describe('the API: charters, clauses, editions', () => {
  it('lists charters with their editions and flag counts', async () => {
    const { status, body } = await call('GET', '/charters');
    expect(status).toBe(200);
    expect(body.charters).toEqual([
      {
        charter: 'c1',
        editions: expect.arrayContaining([expect.objectContaining({ lang: 'nb', status: 'aligned' })]),
        flags: { open: 3, accepted: 0, corrected: 0, dismissed: 0, resolved: 0 },
      },
    ]);
  });

  it('gives a clause in every language with its flags', async () => {
    const { status, body } = await call('GET', '/charters/c1/clauses/intro.1');
    expect(status).toBe(200);
    expect(Object.keys(body.languages)).toEqual(['nb', 'sv']);
    // nb was stored before text quality was measured: unknown.
    expect(body.languages.nb).toEqual({
      text: 'I 2006 vedtok',
      confidence: 0.8,
      quality: null,
      version: 2,
      status: 'aligned',
    });
    expect(body.languages.sv).toEqual({
      text: 'År 2004 antog',
      confidence: 0.9,
      quality: 0.75,
      unknownWords: ['antog'],
      version: 1,
      status: 'aligned',
    });
    expect(body.flags.map((f: { id: string }) => f.id)).toEqual([
      'c1:intro.1:number-mismatch:nb',
      'c1:intro.1:meaning-drift:nb+sv',
    ]);
  });

  it('answers 404 for unknown clauses, editions and routes, 400 for malformed ids', async () => {
    expect((await call('GET', '/charters/c1/clauses/nope')).status).toBe(404);
    expect((await call('GET', '/charters/c1/editions/da')).status).toBe(404);
    expect((await call('GET', '/nothing')).status).toBe(404);
    expect((await call('GET', '/charters/c1/clauses/%E0%A4%A')).status).toBe(400);
    expect((await call('GET', '/charters/c1/clauses/a%20b')).status).toBe(400);
  });

  it('lists an edition in order and the editions of a charter', async () => {
    expect((await call('GET', '/charters/c1/editions/nb')).body.clauses).toEqual([
      { id: 'intro.1', text: 'I 2006 vedtok', confidence: 0.8, quality: null, status: 'aligned' },
    ]);
    const sv = (await call('GET', '/charters/c1/editions/sv')).body;
    expect(sv.clauses).toEqual([
      { id: 'intro.1', text: 'År 2004 antog', confidence: 0.9, quality: 0.75, status: 'aligned' },
    ]);
    expect(sv.edition.meanQuality).toBeNull();
    const listed = (await call('GET', '/charters/c1/editions')).body.editions;
    expect(listed).toHaveLength(2);
    expect(listed.map((e: { meanQuality: unknown }) => e.meanQuality)).toEqual([null, null]);
  });

  it('answers 405 with Allow for a method a route does not take', async () => {
    const { status, headers, body } = await call('DELETE', flagPath);
    expect(status).toBe(405);
    expect(headers.allow).toBe('GET, POST');
    expect(body.error).toMatch(/DELETE/);
    expect((await call('POST', '/charters')).status).toBe(405);
  });
});

describe('the API: review queue and decisions', () => {
  it('pages the queue with filters and an opaque cursor', async () => {
    const first = await call('GET', '/reviews', { query: { charter: 'c1', limit: '2' } });
    expect(first.status).toBe(200);
    expect(first.body.flags).toHaveLength(2);
    expect(typeof first.body.cursor).toBe('string');
    const second = await call('GET', '/reviews', {
      query: { charter: 'c1', limit: '2', cursor: first.body.cursor },
    });
    expect(second.body.flags).toHaveLength(1);
    expect(second.body.cursor).toBeNull();
    const sv = await call('GET', '/reviews', { query: { lang: 'sv', kind: 'missing-clause' } });
    expect(sv.body.flags.map((f: { id: string }) => f.id)).toEqual(['c1:intro.2:missing-clause:sv']);
  });

  it('rejects bad queue parameters and cursors with 400', async () => {
    const queries: Record<string, string>[] = [
      { status: 'pending' },
      { limit: '0' },
      { limit: 'many' },
      { kind: 'typo' },
      { cursor: 'x' },
      { sort: 'id' },
    ];
    for (const query of queries) {
      const { status, body } = await call('GET', '/reviews', { query });
      expect(status, JSON.stringify(query)).toBe(400);
      expect(body.error).toBeTruthy();
    }
  });

  it('accepts a flag with a note; the decision is read back with who, when and why', async () => {
    const post = await call('POST', flagPath, {
      body: JSON.stringify({ decision: 'accept', note: 'nb print says 2006', by: 'ann' }),
    });
    expect(post.status).toBe(200);
    expect(post.body.flag.status).toBe('accepted');
    const read = await call('GET', flagPath);
    expect(read.body.flag.history).toEqual([
      { status: 'accepted', by: 'ann', at: '2026-05-06T07:08:09.000Z', note: 'nb print says 2006' },
    ]);
    const queue = await call('GET', '/reviews', { query: { status: 'accepted' } });
    expect(queue.body.flags.map((f: { id: string }) => f.id)).toEqual(['c1:intro.1:number-mismatch:nb']);
  });

  it('records the reviewer from the verified token, never the body, and reads base64 bodies', async () => {
    const body = JSON.stringify({ decision: 'dismiss', note: 'noise', by: 'someone-else' });
    const carl = signedIn('carl', '[readers reviewers]');
    const viaJwt = await call('POST', flagPath, { body, base64: true, authorizer: carl });
    expect(viaJwt.status).toBe(200);
    expect(viaJwt.body.flag.history.at(-1).by).toBe('carl');
    // An IAM identity is not a reviewer's sign-in: without JWT claims the decision is refused.
    const iam = { iam: { userArn: 'arn:aws:iam::1:user/bob' } };
    const viaIam = await call('POST', flagPath, {
      body: JSON.stringify({ decision: 'reopen', note: 'again' }),
      authorizer: iam,
    });
    expect(viaIam.status).toBe(401);
    expect((await call('GET', flagPath)).body.flag.history.map((h: { by: string }) => h.by)).toEqual([
      'carl',
    ]);
  });

  it('answers 401 without a token on review reads and every write, 403 for a reader deciding', async () => {
    const anonymous = { authorizer: null };
    expect((await call('GET', '/reviews', anonymous)).status).toBe(401);
    expect((await call('GET', flagPath, anonymous)).status).toBe(401);
    const decision = JSON.stringify({ decision: 'accept', note: 'x', by: 'ann' });
    const post = await call('POST', flagPath, { ...anonymous, body: decision });
    expect([post.status, post.headers['www-authenticate']]).toEqual([401, 'Bearer']);
    // Unknown routes and methods reach no handler: 405 and 404, as API Gateway answers for routes it lacks.
    expect((await call('POST', '/charters', anonymous)).status).toBe(405);
    expect((await call('GET', '/nothing', anonymous)).status).toBe(404);
    const reader = { authorizer: signedIn('rita', '[readers]') };
    expect((await call('GET', '/reviews', reader)).status).toBe(200);
    const refused = await call('POST', flagPath, { ...reader, body: decision });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/rita is not in the reviewers group/);
    // Signed in without a group: neither reads reviews nor decides.
    const nobody = { authorizer: signedIn('nils', '[]') };
    expect((await call('GET', '/reviews', nobody)).status).toBe(403);
    expect((await call('GET', flagPath)).body.flag.status).toBe('open');
  });

  it('serves clause texts to anyone, with their review data only to readers', async () => {
    const anonymous = await call('GET', '/charters/c1/clauses/intro.1', { authorizer: null });
    expect(anonymous.status).toBe(200);
    expect(Object.keys(anonymous.body.languages)).toEqual(['nb', 'sv']);
    expect([anonymous.body.flags, anonymous.body.reviewed]).toEqual([[], {}]);
    expect((await call('GET', '/charters/c1/editions/nb', { authorizer: null })).status).toBe(200);
    const reader = await call('GET', '/charters/c1/clauses/intro.1', {
      authorizer: signedIn('r', '[readers]'),
    });
    expect(reader.body.flags).toHaveLength(2);
  });

  it('knows a signed-in reader on a public route, which API Gateway does not authorize, from the token', async () => {
    // The user pool's verifier stands in: `reader-token` is a reader's valid token, anything else is not.
    const verify = async (token: string) => {
      if (token !== 'reader-token') throw new Error('bad signature');
      return { 'cognito:username': 'rita', 'cognito:groups': ['readers'] };
    };
    const lambda = createApiHandler({ editions, reviews, authorize: accessCheck(lambdaPrincipal(verify)) });
    const clause = (authorization?: string) =>
      lambda({
        ...event('GET', '/charters/c1/clauses/intro.1', { authorizer: null }),
        headers: authorization ? { authorization } : {},
      } as APIGatewayProxyEventV2);
    const anonymous = await clause();
    expect(JSON.parse(String(anonymous.body)).flags).toEqual([]);
    const reader = await clause('Bearer reader-token');
    expect(JSON.parse(String(reader.body)).flags).toHaveLength(2);
    const forged = await clause('Bearer forged-token');
    expect([forged.statusCode, forged.headers?.['www-authenticate']]).toEqual([401, 'Bearer']);
    // Where the authorizer ran, its claims decide.
    const viaAuthorizer = await lambda(event('GET', '/reviews', { authorizer: signedIn('r', '[readers]') }));
    expect(viaAuthorizer.statusCode).toBe(200);
  });

  it('makes which reads are public a setting: none, or the review data as well', async () => {
    const closed = createApiHandler({ editions, reviews, access: { publicReads: [] } });
    expect(
      (await closed(event('GET', '/charters/c1/clauses/intro.1', { authorizer: null }))).statusCode,
    ).toBe(401);
    const open = createApiHandler({ editions, reviews, access: { publicReads: ['texts', 'reviews'] } });
    expect((await open(event('GET', '/reviews', { authorizer: null }))).statusCode).toBe(200);
    const write = await open(
      event('POST', flagPath, { authorizer: null, body: JSON.stringify({ decision: 'accept', note: 'x' }) }),
    );
    expect(write.statusCode).toBe(401);
  });

  it('rejects malformed decisions with 400 and names the problem', async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['not json', /JSON/],
      [{ decision: 'approve', note: 'x', by: 'a' }, /decision/],
      [{ decision: 'accept', note: '   ', by: 'a' }, /note/],
      [{ decision: 'correct', note: 'x', by: 'a' }, /correctedText/],
      [{ decision: 'accept', note: 'x', by: 'a', extra: 1 }, /extra/],
    ];
    for (const [body, message] of cases) {
      const response = await call('POST', flagPath, {
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body), JSON.stringify(body)).toMatch(message);
    }
    expect((await call('GET', flagPath)).body.flag.status).toBe('open');
  });

  it('answers 409 when the flag changed since the revision the reviewer saw, 404 for an unknown flag', async () => {
    const { revision } = (await call('GET', flagPath)).body.flag;
    const first = await call('POST', flagPath, {
      body: JSON.stringify({ decision: 'accept', note: 'a', by: 'ann', revision }),
    });
    expect(first.status).toBe(200);
    const stale = await call('POST', flagPath, {
      body: JSON.stringify({ decision: 'dismiss', note: 'b', by: 'bob', revision }),
    });
    expect(stale.status).toBe(409);
    expect((await call('GET', flagPath)).body.flag.status).toBe('accepted');
    const unknown = `/reviews/${encodeURIComponent('c1:zzz:number-mismatch:nb')}`;
    expect(
      (await call('POST', unknown, { body: JSON.stringify({ decision: 'accept', note: 'a', by: 'a' }) }))
        .status,
    ).toBe(404);
    expect((await call('GET', '/reviews/not-a-flag')).status).toBe(400);
  });

  it('serves a correction as the clause text, marked reviewed, with the OCR text beside it', async () => {
    const response = await call('POST', flagPath, {
      body: JSON.stringify({
        decision: 'correct',
        note: 'print error',
        by: 'ann',
        correctedText: 'I 2004 vedtok',
      }),
    });
    expect(response.status).toBe(200);
    const clause = await call('GET', '/charters/c1/clauses/intro.1');
    const review = { by: 'ann', at: '2026-05-06T07:08:09.000Z', flagId: 'c1:intro.1:number-mismatch:nb' };
    expect(clause.body.reviewed).toEqual({
      nb: { text: 'I 2004 vedtok', ...review, ocrText: 'I 2006 vedtok', inForce: true },
    });
    expect(clause.body.languages.nb).toEqual({
      text: 'I 2004 vedtok',
      confidence: 1,
      quality: null,
      version: 2,
      status: 'reviewed',
      reviewed: { ...review, ocrText: 'I 2006 vedtok' },
    });
    const edition = (await call('GET', '/charters/c1/editions/nb')).body;
    expect(edition.clauses[0]).toMatchObject({ text: 'I 2004 vedtok', status: 'reviewed' });
    // Without review rights: the corrected text, marked reviewed, but not who corrected it; no export.
    const anonymous = { authorizer: null };
    const publicClause = (await call('GET', '/charters/c1/clauses/intro.1', anonymous)).body;
    expect(publicClause.languages.nb).toEqual({
      text: 'I 2004 vedtok',
      confidence: 1,
      quality: null,
      version: 2,
      status: 'reviewed',
    });
    expect([publicClause.reviewed, publicClause.flags]).toEqual([{}, []]);
    const publicEdition = (await call('GET', '/charters/c1/editions/nb', anonymous)).body;
    expect(publicEdition.clauses[0]).toEqual({
      id: 'intro.1',
      text: 'I 2004 vedtok',
      confidence: 1,
      quality: null,
      status: 'reviewed',
    });
    expect(JSON.stringify(publicEdition)).not.toContain('ann');
    expect((await call('GET', '/charters/c1/export', anonymous)).status).toBe(401);
    const csv = String((await api(event('GET', '/charters/c1/export', { query: { format: 'csv' } }))).body);
    // The nb column holds the correction; the OCR text is kept in nb_ocr_text.
    expect(csv.split('\r\n')[1]).toMatch(
      /^intro\.1,3,I 2004 vedtok,År 2004 antog,.*,ann,.*,I 2006 vedtok,,$/,
    );
  });
});

describe('the API: review page and configuration', () => {
  it('serves the page, 404 for files it does not have, and redirects / to it', async () => {
    const page = await call('GET', '/review');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect((await call('GET', '/review/nope.js')).status).toBe(404);
    expect((await call('GET', '/review/constructor')).status).toBe(404);
    const root = await call('GET', '/');
    expect([root.status, root.headers.location]).toEqual([302, '/review']);
  });

  it('tells the page how to sign in: the user pool hosted UI when the stack configures one, to anyone', async () => {
    const saved = { ...process.env };
    try {
      delete process.env.CHARTER_AUTH_DOMAIN;
      expect((await call('GET', '/auth/config', { authorizer: null })).body).toEqual({ mode: 'none' });
      process.env.CHARTER_AUTH_DOMAIN = 'https://charter-align-1.auth.eu-west-1.amazoncognito.com';
      process.env.CHARTER_AUTH_CLIENT_ID = 'client-1';
      const config = await call('GET', '/auth/config', { authorizer: null });
      expect(config.body).toEqual({
        mode: 'cognito',
        domain: 'https://charter-align-1.auth.eu-west-1.amazoncognito.com',
        clientId: 'client-1',
        scopes: ['openid', 'email', 'profile'],
      });
      // The page may send the code to the token endpoint, and nowhere else.
      const page = await call('GET', '/review', { authorizer: null });
      expect(page.headers['content-security-policy']).toContain(
        "connect-src 'self' https://charter-align-1.auth.eu-west-1.amazoncognito.com;",
      );
    } finally {
      process.env = saved;
    }
  });

  it('answers 503 for review routes when no review store is configured, and 500 on a store failure', async () => {
    const readOnly = createApiHandler(editions);
    expect((await readOnly(event('GET', '/reviews'))).statusCode).toBe(503);
    expect((await readOnly(event('GET', '/review'))).statusCode).toBe(503);
    expect((await readOnly(event('GET', '/charters/c1/clauses/intro.1'))).statusCode).toBe(200);
    const failing = {
      ...editions,
      getClause: async () => Promise.reject(new Error('down')),
    } as unknown as EditionStore;
    const broken = createApiHandler({ editions: failing, reviews }, { error() {} } as never);
    const response = await broken(event('GET', '/charters/c1/clauses/intro.1'));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(String(response.body))).toEqual({ error: 'internal error' });
  });
});

describe('the API: one access check before every route', () => {
  it("asks the check with each route's access; a refusal is a JSON error, an identity decides", async () => {
    const seen: Array<Pick<AccessRequest, 'access' | 'method' | 'route'>> = [];
    const guarded = createApiHandler({
      editions,
      reviews,
      now: () => new Date('2026-05-06T07:08:09.000Z'),
      authorize: ({ access, method, route, headers }) => {
        seen.push({ access, method, route });
        if (access === 'public') return {};
        if (headers.get('authorization') !== 'Bearer ok') throw new ApiError(401, 'sign in first');
        return { reviewer: 'signed-in@example.org' };
      },
    });
    const send = (method: string, path: string, authorization?: string, body?: string) =>
      guarded({
        ...event(method, path, { body }),
        headers: authorization ? { authorization } : {},
      } as APIGatewayProxyEventV2);

    expect((await send('GET', '/charters/c1/editions')).statusCode).toBe(200);
    const refused = await send('GET', '/reviews');
    expect([refused.statusCode, JSON.parse(String(refused.body))]).toEqual([401, { error: 'sign in first' }]);
    const decided = await send(
      'POST',
      flagPath,
      'Bearer ok',
      JSON.stringify({ decision: 'accept', note: 'checked', by: 'someone-else' }),
    );
    expect(decided.statusCode).toBe(200);
    expect(JSON.parse(String(decided.body)).flag.history.at(-1).by).toBe('signed-in@example.org');
    expect(seen).toEqual([
      { access: 'public', method: 'GET', route: '/charters/{charter}/editions' },
      { access: 'review-read', method: 'GET', route: '/reviews' },
      { access: 'review-write', method: 'POST', route: '/reviews/{flag}' },
    ]);
    // Not found and method not allowed are answered without a check.
    expect((await send('GET', '/nothing')).statusCode).toBe(404);
    expect(seen).toHaveLength(3);
  });
});
