/**
 * Contract test: the real local server (`charter serve`, on a data folder two corpus editions were ingested
 * into by `charter ingest`) is called on every route of api/openapi.json, and each answer is checked against
 * the document: documented status, documented media type, body valid against the operation's schema.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, editions, RunningCli, runCli, tempDataDir } from './e2e/run-cli.ts';
import { ResponseValidator } from './fixtures/openapi-validator.ts';

const document = JSON.parse(readFileSync('api/openapi.json', 'utf8')) as Record<string, unknown>;
const validator = new ResponseValidator(document);
const called = new Set<string>();

let dataDir: string;
let serve: RunningCli;
let url: string;
/** The local user's token, from the file `serve` names. */
let authorization: string;

/**
 * Calls the server (with the local user's token unless `anonymous`); checks the answer against the document;
 * returns status and body.
 */
async function call(method: string, path: string, body?: unknown, anonymous = false) {
  const response = await fetch(`${url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(anonymous ? {} : { authorization }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const pathOnly = path.split('?')[0]!;
  expect(
    validator.check(method, pathOnly, response.status, response.headers.get('content-type'), text),
    `${method} ${path}`,
  ).toEqual([]);
  called.add(`${method} ${validator.template(pathOnly)}`);
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, body: isJson ? JSON.parse(text) : text };
}

beforeAll(async () => {
  dataDir = tempDataDir();
  const env = cliEnv(dataDir);
  const ingest = await runCli(
    ['ingest', ...['sv', 'nb'].map((l) => join(editions, `${l}.txt`)), '--json'],
    env,
  );
  expect(ingest.code, ingest.stderr).toBe(0);
  // The Swedish edition's first third again: held back by the quality gate, for the promote route.
  const fragment = join(dataDir, 'sv-part.txt');
  const swedish = readFileSync(join(editions, 'sv.txt'), 'utf8');
  writeFileSync(fragment, swedish.slice(0, Math.floor(swedish.length / 3)));
  const held = await runCli(['ingest', fragment, '--lang', 'sv', '--json'], env);
  expect(held.stdout, held.stderr).toMatch(/"status": "candidate"/);
  serve = new RunningCli(['serve', '--port', '0', '--json', '--quiet'], env);
  await serve.until((cli) => cli.stdout.includes('\n'), 60_000);
  const started = JSON.parse(serve.stdout.split('\n')[0]!) as { url: string; tokenFile: string };
  url = started.url;
  authorization = `Bearer ${readFileSync(started.tokenFile, 'utf8').trim()}`;
}, 300_000);

afterAll(async () => {
  if (serve) {
    serve.child.kill('SIGINT');
    await serve.exit(30_000);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the local server against api/openapi.json', { timeout: 60_000 }, () => {
  it('answers every route as documented', async () => {
    const charters = await call('GET', '/charters');
    expect(charters.status).toBe(200);
    const charter = charters.body.charters[0].charter as string;

    expect((await call('GET', `/charters/${charter}/editions`)).status).toBe(200);
    const sv = await call('GET', `/charters/${charter}/editions/sv`);
    expect(sv.status).toBe(200);
    expect((await call('GET', `/charters/${charter}/editions/xx`)).status).toBe(404);
    const clause = sv.body.clauses[0].id as string;
    expect((await call('GET', `/charters/${charter}/clauses/${clause}`)).status).toBe(200);
    expect((await call('GET', `/charters/${charter}/clauses/no.such.clause`)).status).toBe(404);
    expect((await call('GET', `/charters/${charter}/clauses/a%20b`)).status).toBe(400);

    for (const format of ['json', 'tmx', 'csv']) {
      expect((await call('GET', `/charters/${charter}/export?format=${format}`)).status).toBe(200);
    }
    expect((await call('GET', `/charters/${charter}/export?format=xls`)).status).toBe(400);

    const queue = await call('GET', `/reviews?charter=${charter}&status=open&limit=5`);
    expect(queue.status).toBe(200);
    expect(queue.body.flags.length).toBeGreaterThan(0);
    expect((await call('GET', '/reviews?limit=0')).status).toBe(400);

    const flag = queue.body.flags[0] as { id: string; revision: number };
    const flagPath = `/reviews/${encodeURIComponent(flag.id)}`;
    expect((await call('GET', flagPath)).status).toBe(200);
    expect((await call('GET', '/reviews/not-a-flag')).status).toBe(400);
    const decided = await call('POST', flagPath, {
      decision: 'dismiss',
      note: 'contract test',
      by: 'tester',
      revision: flag.revision,
    });
    expect(decided.status).toBe(200);
    const stale = await call('POST', flagPath, {
      decision: 'accept',
      note: 'stale',
      by: 'tester',
      revision: flag.revision,
    });
    expect(stale.status).toBe(409);
    expect((await call('POST', flagPath, 'not json')).status).toBe(400);
    // Without a token: review data and decisions 401, clause texts without their review data.
    expect((await call('GET', '/reviews', undefined, true)).status).toBe(401);
    expect((await call('POST', flagPath, { decision: 'reopen', note: 'x' }, true)).status).toBe(401);
    const anonymous = await call('GET', `/charters/${charter}/clauses/${clause}`, undefined, true);
    expect([anonymous.status, anonymous.body.flags]).toEqual([200, []]);
    const invalid = await fetch(`${url}/reviews`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(invalid.status).toBe(401);
    expect((await call('GET', '/auth/config', undefined, true)).body).toEqual({
      mode: 'local',
      session: '/auth/session',
    });

    const served = await call('GET', '/openapi.json');
    expect(served.body).toEqual(document);
    const docs = await call('GET', '/docs');
    expect(docs.body).toContain('<code>/reviews/{flag}</code>');
    expect((await call('GET', '/review')).status).toBe(200);
    expect((await call('GET', '/review/app.js')).status).toBe(200);
    expect((await call('GET', '/review/nope.js')).status).toBe(404);
    expect((await call('GET', '/')).status).toBe(302);

    // Promotion of the held-back Swedish fragment: refused without a token, then made current.
    const promote = `/charters/${charter}/editions/sv/promote`;
    expect((await call('POST', promote, {}, true)).status).toBe(401);
    expect((await call('POST', promote, 'not json')).status).toBe(400);
    expect((await call('POST', `/charters/${charter}/editions/xx/promote`, {})).status).toBe(404);
    const promoted = await call('POST', promote, {});
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({
      charter,
      lang: 'sv',
      sourceKey: expect.stringMatching(/sv-part\.txt$/),
    });
    expect((await call('POST', promote, { version: promoted.body.version })).status).toBe(409);
  });

  it('was called on every operation of the document', () => {
    const operations = Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...called].sort()).toEqual(operations.sort());
  });
});
