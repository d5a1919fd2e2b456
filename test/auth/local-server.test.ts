/**
 * The local server as a server: the real api handler behind the local gateway on a loopback port, over real
 * S3 (s3rver, behind its key guard) and DynamoDB (dynalite) servers on a temporary data folder. Every request
 * goes over HTTP, as a browser, curl or another process would send it.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApi } from '../../cli/http-api.ts';
import { keepLocalTokenFresh, type LocalAuth, localGateway, openLocalAuth } from '../../cli/local-gateway.ts';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import {
  authPaths,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateSigningKey,
  mintLocalToken,
  verifyLocalToken,
} from '../../functions/adapters/auth/local-signing-key.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { S3BlobStore } from '../../functions/adapters/s3/s3-blob-store.ts';
import { ingestEdition } from '../../functions/core/editions/ingest-edition.ts';
import { scriptedProcessor } from '../../functions/core/editions/scripted-processor.ts';
import { refreshCharterFlags } from '../../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../../functions/core/reviews/test-fixtures.ts';
import { API_TABLE_ACTIONS } from '../../infra/table-actions.ts';
import { testDynamoDb } from '../fixtures/test-dynamodb.ts';

const FLAG = 'c1:intro.1:number-mismatch:nb';
const flagPath = `/reviews/${encodeURIComponent(FLAG)}`;

let root: string;
let dataDir: string;
let stack: LocalStack;
let reviews: DynamoDbReviewStore;
let auth: LocalAuth;
let server: Server;
let port: number;
let url: string;
let readerToken: string;
let editions: DynamoDbEditionStore;
let blobs: S3BlobStore;
/** A first 'de' edition of charter c2 that the quality gate held back (candidate version 1). */
const PROMOTE = '/charters/c2/editions/de/promote';
/** DynamoDB commands sent once the flags are seeded: all of them by the API. */
const sentByApi = new Set<string>();

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => { error?: string; [key: string]: unknown };
}

/** A raw HTTP request (node:http, so that Host, Origin and a path with `..` go out exactly as given). */
function send(
  target: { port: number; path: string },
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${target.port}`, ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const api = (path: string, options?: Parameters<typeof send>[1]) => send({ port, path }, options);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const decision = (note: string, by = 'mallory') => JSON.stringify({ decision: 'dismiss', note, by });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'charter-auth-'));
  dataDir = join(root, 'data');
  stack = await startLocalStack({ dir: dataDir, ...testDynamoDb() });
  reviews = new DynamoDbReviewStore(stack.dynamodb, stack.table);
  await refreshCharterFlags(
    {
      charter: 'c1',
      findings: [finding(), finding({ clause: 'intro.2', kind: 'missing-clause', langs: ['sv'] })],
      texts: texts({ nb: { 'intro.1': 'I 2006 vedtok' } }),
      order: new Map([['intro.1', 3]]),
    },
    { reviews },
  );
  editions = new DynamoDbEditionStore(stack.dynamodb, stack.table);
  blobs = new S3BlobStore(stack.s3, stack.bucket);
  // Two clauses of eight on the structure alone: held back as the first 'de' edition of c2.
  await stack.s3.send(
    new PutObjectCommand({ Bucket: stack.bucket, Key: 'uploads/c2/de/page.txt', Body: 'c0\nc1' }),
  );
  const held = await ingestEdition('uploads/c2/de/page.txt', {
    blobs,
    editions,
    process: scriptedProcessor(8),
  });
  if (held.status !== 'candidate') throw new Error(`expected a candidate, got ${held.status}`);
  stack.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      sentByApi.add(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'recordApiCommands' },
  );
  auth = await openLocalAuth(dataDir, { username: 'local-ann', groups: ['reviewers'] });
  const gateway = localGateway({ editions, reviews, promote: { blobs } }, auth);
  ({ server } = await serveApi(gateway, { port: 0 }));
  port = (server.address() as AddressInfo).port;
  gateway.listeningOn(port);
  url = `http://127.0.0.1:${port}`;
  readerToken = await mintLocalToken(auth.key, { username: 'rita', groups: ['readers'] });
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await stack?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the signing key and the local token', () => {
  it('is created once in the data folder, readable by its owner only', async () => {
    const { key, token } = authPaths(dataDir);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(token).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(key)).mode & 0o077).toBe(0);
    const again = await loadOrCreateSigningKey(dataDir);
    expect(again.kid).toBe(auth.key.kid);
  });

  it('re-mints the token file while a server runs, each token still verified', async () => {
    const dir = join(root, 'fresh');
    const fresh = await openLocalAuth(dir, { username: 'u', groups: ['reviewers'] });
    const first = readFileSync(fresh.tokenFile, 'utf8').trim();
    const stop = keepLocalTokenFresh(dir, fresh, 1100);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stop();
    const second = readFileSync(fresh.tokenFile, 'utf8').trim();
    expect(second).not.toBe(first);
    expect(second).toBe(fresh.token);
    expect((await verifyLocalToken(fresh.key, second))['cognito:username']).toBe('u');
  });

  it('refuses a key file that other users can read, and agrees when two processes create it at once', async () => {
    const loose = join(root, 'loose');
    await loadOrCreateSigningKey(loose);
    chmodSync(authPaths(loose).key, 0o644);
    await expect(loadOrCreateSigningKey(loose)).rejects.toThrow(/can be read by other users/);
    const racing = join(root, 'racing');
    const keys = await Promise.all([1, 2, 3].map(() => loadOrCreateSigningKey(racing)));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
  });
});

describe('the API on a loopback port', () => {
  it('answers 401 without a token on review reads and on every write', async () => {
    expect((await api('/reviews')).status).toBe(401);
    expect((await api(flagPath)).status).toBe(401);
    const post = await api(flagPath, { method: 'POST', body: decision('no token') });
    expect([post.status, post.headers['www-authenticate']]).toEqual([401, 'Bearer']);
    // A method no route takes reaches no handler: 405, as API Gateway answers for a route it lacks.
    expect((await api('/charters', { method: 'POST', body: '{}' })).status).toBe(405);
    // Clause texts stay public, without their review data: this clause has flags and no stored text, so an
    // anonymous caller finds nothing and a reader finds its flags.
    expect((await api('/charters/c1/clauses/intro.1')).status).toBe(404);
    const clause = await api('/charters/c1/clauses/intro.1', { headers: bearer(readerToken) });
    expect(clause.status).toBe(200);
    expect((clause.json().flags as unknown[]).length).toBe(1);
  });

  it('refuses tokens it did not sign, expired ones and unsigned ones with 401', async () => {
    const other = await loadOrCreateSigningKey(join(root, 'other'));
    const foreign = await mintLocalToken(other, { username: 'local-ann', groups: ['reviewers'] });
    const expired = await new SignJWT({ 'cognito:username': 'local-ann', 'cognito:groups': ['reviewers'] })
      .setProtectedHeader({ alg: 'ES256', kid: auth.key.kid })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(auth.key.privateKey);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const claims = {
      'cognito:username': 'x',
      'cognito:groups': ['reviewers'],
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
    };
    const unsigned = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    for (const token of [foreign, expired, unsigned, 'not-a-jwt']) {
      const response = await api(flagPath, {
        method: 'POST',
        headers: bearer(token),
        body: decision('forged'),
      });
      expect(response.status).toBe(401);
    }
    expect((await api('/reviews', { headers: { authorization: `Basic ${auth.token}` } })).status).toBe(401);
    expect((await reviews.getFlag(FLAG))?.status).toBe('open');
  });

  it("lets a reader read the queue but answers 403 to a reader's decision", async () => {
    const queue = await api('/reviews?status=open', { headers: bearer(readerToken) });
    expect(queue.status).toBe(200);
    expect((queue.json().flags as Array<{ id: string }>).map((f) => f.id)).toContain(FLAG);
    const refused = await api(flagPath, {
      method: 'POST',
      headers: bearer(readerToken),
      body: decision('reader'),
    });
    expect(refused.status).toBe(403);
    expect((await reviews.getFlag(FLAG))?.status).toBe('open');
  });

  it("records a reviewer's decision as the token's user, whatever the body says", async () => {
    const saved = await api(flagPath, {
      method: 'POST',
      headers: { ...bearer(auth.token), 'content-type': 'application/json' },
      body: decision('seen in print', 'mallory'),
    });
    expect(saved.status, saved.text).toBe(200);
    const flag = await reviews.getFlag(FLAG);
    expect(flag?.status).toBe('dismissed');
    expect(flag?.history.at(-1)).toMatchObject({ by: 'local-ann', note: 'seen in print' });
  });

  it('refuses a forged Host (DNS rebinding) with 421, before any route', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${port + 1}`]) {
      const read = await api('/charters/c1/clauses/intro.1', { headers: { host } });
      expect(read.status, host).toBe(421);
      const write = await api(flagPath, {
        method: 'POST',
        headers: { host, ...bearer(auth.token) },
        body: decision('x'),
      });
      expect(write.status, host).toBe(421);
    }
    expect((await api('/auth/session', { headers: { host: `evil.example:${port}` } })).status).toBe(421);
  });

  it('refuses a write from another origin, even with a valid token', async () => {
    const before = (await reviews.getFlag(FLAG))!.revision;
    for (const origin of ['http://evil.example', `http://localhost:${port + 1}`, 'null']) {
      const write = await api(flagPath, {
        method: 'POST',
        headers: { origin, ...bearer(auth.token) },
        body: JSON.stringify({ decision: 'reopen', note: 'csrf' }),
      });
      expect(write.status, origin).toBe(403);
    }
    const crossSite = await api(flagPath, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site', ...bearer(auth.token) },
      body: JSON.stringify({ decision: 'reopen', note: 'csrf' }),
    });
    expect(crossSite.status).toBe(403);
    expect((await reviews.getFlag(FLAG))!.revision).toBe(before);
    // The promote route likewise: refused from another origin, and without a token.
    const promote = await api(PROMOTE, {
      method: 'POST',
      headers: { origin: 'http://evil.example', ...bearer(auth.token) },
      body: '{}',
    });
    expect(promote.status).toBe(403);
    const anonymous = await api(PROMOTE, { method: 'POST', body: '{}' });
    expect([anonymous.status, anonymous.headers['www-authenticate']]).toEqual([401, 'Bearer']);
    expect((await api(PROMOTE, { method: 'POST', headers: bearer(readerToken), body: '{}' })).status).toBe(
      403,
    );
    expect(await editions.getEdition('c2', 'de')).toMatchObject({ version: 0, status: 'candidate' });
    // The server's own origin is accepted.
    const own = await api(flagPath, {
      method: 'POST',
      headers: { origin: url, 'sec-fetch-site': 'same-origin', ...bearer(auth.token) },
      body: JSON.stringify({ decision: 'reopen', note: 'own page' }),
    });
    expect(own.status, own.text).toBe(200);
  });

  it("gives this server's own pages a session token, and no one else", async () => {
    const session = await api('/auth/session', { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(session.status).toBe(200);
    expect(session.headers['cache-control']).toBe('no-store');
    expect(session.headers['access-control-allow-origin']).toBeUndefined();
    const { token, username } = session.json() as { token: string; username: string };
    expect(username).toBe('local-ann');
    expect((await api('/reviews', { headers: bearer(token) })).status).toBe(200);
    expect((await api('/auth/session', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await api('/auth/session', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await api('/auth/config')).json()).toEqual({ mode: 'local', session: '/auth/session' });
  });
});

describe('the API role', () => {
  it('needs only the table actions the CDK stack grants it (no DeleteItem), corrections and promotion included', async () => {
    const correction = await api(flagPath, {
      method: 'POST',
      headers: bearer(auth.token),
      body: JSON.stringify({ decision: 'correct', note: 'print error', correctedText: 'I 2004 vedtok' }),
    });
    expect(correction.status, correction.text).toBe(200);
    for (const path of [
      '/charters',
      '/charters/c1/editions',
      '/reviews',
      flagPath,
      '/charters/c1/clauses/intro.1',
    ]) {
      await api(path, { headers: bearer(auth.token) });
    }
    // A reviewer promotes the held-back first edition: its clauses are written, the pointer moved.
    const promoted = await api(PROMOTE, { method: 'POST', headers: bearer(auth.token), body: '{}' });
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.json()).toMatchObject({ from: 1, version: 2, clauseCount: 2, by: 'local-ann' });
    expect(await editions.getEdition('c2', 'de')).toMatchObject({ version: 2, status: 'aligned' });
    expect((await editions.listEditionClauses('c2', 'de')).map((c) => c.clauseId)).toEqual(['c0', 'c1']);
    expect(sentByApi.has('PutItem')).toBe(true);
    expect(sentByApi.has('UpdateItem')).toBe(true);
    expect(sentByApi.has('BatchWriteItem')).toBe(true);
    expect([...sentByApi].filter((action) => !API_TABLE_ACTIONS.includes(action))).toEqual([]);
    expect(API_TABLE_ACTIONS).not.toContain('DeleteItem');
  });
});

describe('the embedded S3 server', () => {
  const s3 = (path: string, options?: Parameters<typeof send>[1]) =>
    send({ port: Number(new URL(stack.endpoints.s3).port), path }, options);
  const outside = () => join(root, 'escaped.txt');

  it('takes uploads under uploads/ through the SDK', async () => {
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: 'uploads/c1/sv/a+b %.txt', Body: 'ok' }),
    );
    const got = await stack.s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: 'uploads/c1/sv/a+b %.txt' }),
    );
    expect(await got.Body?.transformToString()).toBe('ok');
  });

  it('refuses keys with .. (plain or encoded), outside the prefixes, or under a bad bucket name, and writes no file outside the data folder', async () => {
    const bucket = stack.bucket;
    for (const path of [
      `/${bucket}/uploads/../../../escaped.txt`,
      `/${bucket}/uploads/%2e%2e/%2e%2e/%2e%2e/escaped.txt`,
      `/${bucket}/uploads%2F..%2F..%2F..%2Fescaped.txt`,
      `/${bucket}/uploads/..%5C..%5C..%5Cescaped.txt`,
      `/${bucket}/elsewhere/escaped.txt`,
      `/..%2F..%2Fescaped/uploads/x.txt`,
      `/a..b/uploads/x.txt`,
      `/Not_A_Bucket/uploads/x.txt`,
      `/${bucket}/uploads/bad%zz.txt`,
    ]) {
      const response = await s3(path, { method: 'PUT', body: 'escaped' });
      expect(response.status, path).toBe(403);
      expect(response.text).toMatch(/AccessDenied/);
    }
    expect(existsSync(outside())).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['data', 'fresh', 'loose', 'other', 'racing']);
  });

  it('refuses browser pages (an Origin), form uploads, copies from outside and non-loopback Hosts', async () => {
    const key = `/${stack.bucket}/uploads/c1/sv/page.txt`;
    expect(
      (await s3(key, { method: 'PUT', headers: { origin: 'http://evil.example' }, body: 'x' })).status,
    ).toBe(403);
    const port = new URL(stack.endpoints.s3).port;
    expect(
      (
        await s3(key, {
          method: 'PUT',
          headers: { host: `${stack.bucket}.s3.amazonaws.com:${port}` },
          body: 'x',
        })
      ).status,
    ).toBe(403);
    expect((await s3(`/${stack.bucket}`, { method: 'POST', body: 'key=../../escaped.txt' })).status).toBe(
      403,
    );
    const copy = await s3(key, {
      method: 'PUT',
      headers: { 'x-amz-copy-source': `/${stack.bucket}/uploads/../../auth/signing-key.jwk.json` },
    });
    expect(copy.status).toBe(403);
    expect(existsSync(join(dataDir, 's3', stack.bucket, 'uploads', 'c1', 'sv', 'page.txt'))).toBe(false);
  });
});
