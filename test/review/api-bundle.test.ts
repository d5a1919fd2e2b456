/**
 * The api Lambda as deployed: bundled by esbuild with the options CDK uses and the review page embedded
 * through `reviewPageDefine()`, loaded from a folder where web/ does not exist (so the page can only come
 * from the bundle), configured by environment only, against dynalite.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { refreshCharterFlags } from '../../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../../functions/core/reviews/test-fixtures.ts';
import { handlerBuildOptions, repoRoot } from '../../infra/bundling.ts';
import { reviewPageDefine } from '../../web/build.mjs';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

let stack: LocalStack;
let handler: Handler;
let bundleDir: string;
let emptyRoot: string;
const saved = { ...process.env };

/** A request as API Gateway passes it on after its JWT authorizer verified a reviewer's Cognito token. */
function event(method: string, rawPath: string, body?: unknown): APIGatewayProxyEventV2 {
  const claims = { sub: 'u-1', username: 'rev-1', 'cognito:groups': '[reviewers]' };
  return {
    rawPath,
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method, path: rawPath }, authorizer: { jwt: { claims, scopes: [] } } },
  } as unknown as APIGatewayProxyEventV2;
}

beforeAll(async () => {
  // Inside the repository so the external AWS SDK resolves from its node_modules, as the Lambda runtime has it.
  const cache = path.join(repoRoot, 'node_modules', '.cache', 'charter-align');
  mkdirSync(cache, { recursive: true });
  bundleDir = mkdtempSync(path.join(cache, 'api-bundle-'));
  emptyRoot = mkdtempSync(path.join(tmpdir(), 'charter-root-'));
  await esbuild.build({
    ...handlerBuildOptions('api'),
    outfile: path.join(bundleDir, 'index.mjs'),
    define: reviewPageDefine(),
  });
  stack = await startLocalStack();
  await refreshCharterFlags(
    { charter: 'c1', findings: [finding()], texts: texts({}), order: new Map() },
    { reviews: new DynamoDbReviewStore(stack.dynamodb, stack.table) },
  );
  Object.assign(process.env, {
    CHARTER_ROOT: emptyRoot,
    TABLE_NAME: stack.table,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  handler = (await import(pathToFileURL(path.join(bundleDir, 'index.mjs')).href)).handler as Handler;
}, 120_000);

afterAll(async () => {
  process.env = saved;
  await stack?.close();
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(emptyRoot, { recursive: true, force: true });
});

describe('the bundled api Lambda', () => {
  it('serves the review page embedded in its bundle', async () => {
    const page = await handler(event('GET', '/review'));
    expect(page.statusCode).toBe(200);
    expect(String(page.body)).toContain('<script type="module" src="/review/app.js">');
    const script = await handler(event('GET', '/review/app.js'));
    expect([script.statusCode, script.headers?.['content-type']]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    expect(String(script.body)).toContain('/reviews/');
  });

  it('reads the queue and records a decision in the table named by its environment', async () => {
    const queue = await handler(event('GET', '/reviews'));
    const { flags } = JSON.parse(String(queue.body)) as { flags: Array<{ id: string }> };
    expect(flags.map((f) => f.id)).toEqual(['c1:intro.1:number-mismatch:nb']);
    const decided = await handler(
      event('POST', `/reviews/${encodeURIComponent(flags[0]!.id)}`, {
        decision: 'dismiss',
        note: 'noise',
        by: 'lambda',
      }),
    );
    expect(decided.statusCode).toBe(200);
    const stored = await new DynamoDbReviewStore(stack.dynamodb, stack.table).getFlag(flags[0]!.id);
    expect(stored?.status).toBe('dismissed');
    expect(stored?.history.at(-1)?.by).toBe('rev-1');
  });
});
