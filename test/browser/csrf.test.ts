/**
 * Cross-site request forgery and DNS rebinding against the local server, in a real browser (Debian's
 * chromium, headless, driven by playwright-core): a page on another origin tries to decide a flag (a simple
 * no-cors POST, a JSON POST that needs a preflight, a classic form POST) and to read the page's session token;
 * a host name that resolves to 127.0.0.1 tries to load the review page. The review page on the server's own
 * origin, by contrast, signs in and reads the queue.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApi } from '../../cli/http-api.ts';
import { type LocalAuth, localGateway, openLocalAuth } from '../../cli/local-gateway.ts';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { refreshCharterFlags } from '../../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../../functions/core/reviews/test-fixtures.ts';
import { reviewPageFromBundle } from '../../functions/handlers/review-page.ts';
import { testDynamoDb } from '../fixtures/test-dynamodb.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAG = 'c1:intro.1:number-mismatch:nb';
const REBOUND_HOST = 'rebound.test';

let root: string;
let stack: LocalStack;
let reviews: DynamoDbReviewStore;
let auth: LocalAuth;
let api: Server;
let apiUrl: string;
let attacker: Server;
let attackerUrl: string;
let browser: Browser;
/** What the API server answered, as `METHOD path -> status` lines. */
const served: string[] = [];

/** The attacker's page: every way a page on another origin can send a decision or read the token. */
function attackerPage(target: string): string {
  const decision = JSON.stringify({ decision: 'dismiss', note: 'forged', by: 'mallory' });
  return `<!doctype html><html><body>
<form id="form" method="POST" action="${target}/reviews/${encodeURIComponent(FLAG)}" enctype="text/plain">
  <input name='${decision.slice(0, -1)}, "x": "' value='"}'>
</form>
<script>
window.results = (async () => {
  const flag = ${JSON.stringify(`${target}/reviews/${encodeURIComponent(FLAG)}`)};
  const results = {};
  try {
    const r = await fetch(flag, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(decision)} });
    results.simple = r.type;
  } catch (e) { results.simple = 'failed'; }
  try {
    const r = await fetch(flag, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(decision)} });
    results.json = r.status;
  } catch (e) { results.json = 'failed'; }
  try {
    const r = await fetch(${JSON.stringify(`${target}/auth/session`)});
    results.session = await r.text();
  } catch (e) { results.session = 'failed'; }
  try {
    const r = await fetch(${JSON.stringify(`${target}/auth/session`)}, { mode: 'no-cors' });
    results.sessionNoCors = r.type + ':' + (await r.text());
  } catch (e) { results.sessionNoCors = 'failed'; }
  return results;
})();
</script></body></html>`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  root = mkdtempSync(join(tmpdir(), 'charter-csrf-'));
  stack = await startLocalStack({ dir: join(root, 'data'), ...testDynamoDb() });
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
  auth = await openLocalAuth(join(root, 'data'), { username: 'local-ann', groups: ['reviewers'] });
  const gateway = localGateway(
    {
      editions: new DynamoDbEditionStore(stack.dynamodb, stack.table),
      reviews,
      reviewPage: reviewPageFromBundle(),
    },
    auth,
  );
  const started = await serveApi(gateway, { port: 0, onRequest: (line) => served.push(line) });
  api = started.server;
  apiUrl = started.url;
  gateway.listeningOn((api.address() as AddressInfo).port);
  // The attacker: another origin (another port) on the same machine, so the browser's private network rules
  // do not stop the requests before they reach the server.
  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage(apiUrl));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', `--host-resolver-rules=MAP ${REBOUND_HOST} 127.0.0.1`],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await new Promise((resolve) => api?.close(resolve));
  await stack?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the local server in chromium', { timeout: 120_000 }, () => {
  it('refuses every decision a page on another origin sends, and never gives it a token', async () => {
    const before = await reviews.getFlag(FLAG);
    const page = await browser.newPage();
    await page.goto(attackerUrl);
    const results = (await page.evaluate('window.results')) as Record<string, unknown>;
    // The JSON POST needs a preflight, which the server refuses; the no-cors POST is sent and refused.
    expect(results.json).toBe('failed');
    expect(results.session).toBe('failed');
    expect(results.sessionNoCors).toBe('opaque:');
    const flagPath = `/reviews/${encodeURIComponent(FLAG)}`;
    const posts = served.filter((line) => line.startsWith(`POST ${flagPath} `));
    expect(posts.length).toBeGreaterThanOrEqual(1);
    for (const line of posts) expect(line).toMatch(/ -> 403 /);
    expect(served.filter((l) => l.startsWith(`OPTIONS ${flagPath} `)).every((l) => / -> 403 /.test(l))).toBe(
      true,
    );
    expect(served.filter((l) => l.startsWith('GET /auth/session ')).length).toBe(2);
    expect(served.filter((l) => l.startsWith('GET /auth/session ')).every((l) => / -> 403 /.test(l))).toBe(
      true,
    );

    // The classic form POST (text/plain body shaped as JSON), a top-level navigation.
    await page.locator('#form').evaluate((form: HTMLFormElement) => form.submit());
    await page.waitForURL(`${apiUrl}${flagPath}`);
    expect(await page.locator('body').innerText()).toMatch(/not accepted \(cross-origin\)/);
    expect(served.filter((line) => line.startsWith(`POST ${flagPath} `)).at(-1)).toMatch(/ -> 403 /);

    const after = await reviews.getFlag(FLAG);
    expect([after?.status, after?.revision, after?.history]).toEqual([
      before?.status,
      before?.revision,
      before?.history,
    ]);
    await page.close();
  });

  it('refuses a rebound host name that resolves to 127.0.0.1 (DNS rebinding)', async () => {
    const page = await browser.newPage();
    const port = (api.address() as AddressInfo).port;
    const response = await page.goto(`http://${REBOUND_HOST}:${port}/review`);
    expect(response?.status()).toBe(421);
    const session = await page.goto(`http://${REBOUND_HOST}:${port}/auth/session`);
    expect(session?.status()).toBe(421);
    expect(await page.locator('body').innerText()).not.toMatch(/token/);
    await page.close();
  });

  it("lets the server's own review page sign in, read the queue and decide as the local user", async () => {
    const page = await browser.newPage();
    await page.goto(`${apiUrl}/review`);
    await page.waitForSelector(`#queue-list li[data-id="${FLAG}"]`);
    const status = await page.evaluate(async (flag) => {
      const session = (await (await fetch('/auth/session')).json()) as { token: string };
      const response = await fetch(`/reviews/${encodeURIComponent(flag)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ decision: 'accept', note: 'seen in print', by: 'someone-else' }),
      });
      return response.status;
    }, FLAG);
    expect(status).toBe(200);
    const flag = await reviews.getFlag(FLAG);
    expect(flag?.status).toBe('accepted');
    expect(flag?.history.at(-1)).toMatchObject({ by: 'local-ann', note: 'seen in print' });
    await page.close();
  });
});
