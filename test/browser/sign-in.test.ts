/**
 * The review page's sign-in as it runs on AWS, in a real browser (chromium via playwright-core): the API says
 * "cognito" (GET /auth/config), the page goes to the hosted UI's /oauth2/authorize with a PKCE challenge, comes
 * back with a code, exchanges it with its verifier at /oauth2/token, and reads the queue with the access token.
 * The identity provider is a small stand-in speaking Cognito's endpoints (authorize, token, JWKS) that checks the
 * PKCE verifier; the API verifies its tokens as API Gateway's JWT authorizer does (createJwtVerifier).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApi } from '../../cli/http-api.ts';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { createJwtVerifier } from '../../functions/adapters/auth/jwt-verifier.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { refreshCharterFlags } from '../../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../../functions/core/reviews/test-fixtures.ts';
import { accessCheck, bearerPrincipal, createApiApp } from '../../functions/handlers/api.ts';
import { reviewPageFromBundle } from '../../functions/handlers/review-page.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAG = 'c1:intro.1:number-mismatch:nb';
const CLIENT_ID = 'review-page-client';

let root: string;
let stack: LocalStack;
let reviews: DynamoDbReviewStore;
let idp: Server;
let issuer: string;
let api: Server;
let apiUrl: string;
let browser: Browser;
const saved = { ...process.env };
/** What the identity provider saw: each authorization request and each code exchange. */
const idpLog: Array<{ step: 'authorize' | 'token'; ok: boolean; detail?: string }> = [];

/** A stand-in for the user pool's hosted UI and token endpoint, signing in one user of the reviewers group. */
async function startIdentityProvider() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    if (url.pathname === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    if (url.pathname === '/oauth2/authorize') {
      const q = url.searchParams;
      const ok =
        q.get('response_type') === 'code' &&
        q.get('client_id') === CLIENT_ID &&
        q.get('code_challenge_method') === 'S256' &&
        Boolean(q.get('code_challenge')) &&
        q.get('redirect_uri') === `${apiUrl}/review`;
      idpLog.push({ step: 'authorize', ok, detail: q.get('scope') ?? '' });
      if (!ok) {
        response.writeHead(400).end('bad authorization request');
        return;
      }
      const code = randomUUID();
      codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')! });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      response.writeHead(302, { location: back.href }).end();
      return;
    }
    if (url.pathname === '/oauth2/token' && request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const ok =
        issued !== undefined &&
        form.get('grant_type') === 'authorization_code' &&
        form.get('client_id') === CLIENT_ID &&
        form.get('redirect_uri') === issued.redirectUri &&
        createHash('sha256').update(verifier).digest('base64url') === issued.challenge;
      idpLog.push({ step: 'token', ok });
      const cors = { 'access-control-allow-origin': apiUrl, 'content-type': 'application/json' };
      if (!ok) {
        response.writeHead(400, cors).end(JSON.stringify({ error: 'invalid_grant' }));
        return;
      }
      const accessToken = await new SignJWT({
        token_use: 'access',
        scope: 'openid email profile',
        client_id: CLIENT_ID,
        username: 'idp-ann',
        'cognito:groups': ['reviewers'],
      })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(issuer)
        .setSubject(randomUUID())
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      response
        .writeHead(200, cors)
        .end(JSON.stringify({ access_token: accessToken, expires_in: 3600, token_type: 'Bearer' }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  root = mkdtempSync(join(tmpdir(), 'charter-sign-in-'));
  stack = await startLocalStack({ dir: join(root, 'data') });
  reviews = new DynamoDbReviewStore(stack.dynamodb, stack.table);
  await refreshCharterFlags(
    {
      charter: 'c1',
      findings: [finding()],
      texts: texts({ nb: { 'intro.1': 'I 2006 vedtok' } }),
      order: new Map([['intro.1', 3]]),
    },
    { reviews },
  );
  idp = await startIdentityProvider();
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  // As the CDK stack configures the api Lambda.
  process.env.CHARTER_AUTH_DOMAIN = issuer;
  process.env.CHARTER_AUTH_CLIENT_ID = CLIENT_ID;
  // API Gateway's JWT authorizer (a bearer token verified against the pool's JWKS, iss and audience; a bad one
  // is a 401) as the app's caller, the groups then checked by the app's access table.
  const verify = createJwtVerifier({ issuer, audience: [CLIENT_ID] });
  const gateway = createApiApp(
    {
      editions: new DynamoDbEditionStore(stack.dynamodb, stack.table),
      reviews,
      reviewPage: reviewPageFromBundle(),
      authorize: accessCheck(bearerPrincipal(verify)),
    },
    { error() {} },
  );
  ({ server: api, url: apiUrl } = await serveApi(gateway, { port: 0 }));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  process.env = saved;
  await browser?.close();
  await new Promise((resolve) => api?.close(resolve));
  await new Promise((resolve) => idp?.close(resolve));
  await stack?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the review page signing in with the hosted UI (authorization code + PKCE)', {
  timeout: 120_000,
}, () => {
  it('signs in, exchanges the code with its verifier, and reads the queue with the access token', async () => {
    const page = await browser.newPage();
    const bearer: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${apiUrl}/reviews`)) bearer.push(request.headers().authorization ?? '');
    });
    await page.goto(`${apiUrl}/review`);
    await page.waitForSelector(`#queue-list li[data-id="${FLAG}"]`);
    expect(idpLog.map((e) => [e.step, e.ok])).toEqual([
      ['authorize', true],
      ['token', true],
    ]);
    expect(idpLog[0]!.detail).toBe('openid email profile');
    // The code and state are gone from the address bar; every queue request carried the token.
    expect(new URL(page.url()).search).toBe('');
    expect(bearer.length).toBeGreaterThan(0);
    expect(bearer.every((h) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(h))).toBe(true);

    // A decision made with the page's token is recorded as the signed-in user.
    const status = await page.evaluate(async (flag) => {
      const { token } = JSON.parse(sessionStorage.getItem('charter-token') ?? '{}') as { token: string };
      const response = await fetch(`/reviews/${encodeURIComponent(flag)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ decision: 'dismiss', note: 'checked', by: 'someone-else' }),
      });
      return response.status;
    }, FLAG);
    expect(status).toBe(200);
    expect((await reviews.getFlag(FLAG))?.history.at(-1)).toMatchObject({
      by: 'idp-ann',
      status: 'dismissed',
    });
    await page.close();
  });
});
