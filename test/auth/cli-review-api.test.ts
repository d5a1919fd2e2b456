/**
 * `charter review` on AWS goes through the API with the signed-in user's token, never the table: the CLI is
 * pointed (CHARTER_STACK=aws, CHARTER_API_URL, CHARTER_TOKEN) at a server that checks tokens as the deployed API
 * does (the real api handler behind the local gateway, whose key signs the test's tokens).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApi } from '../../cli/http-api.ts';
import { type LocalAuth, localGateway, openLocalAuth } from '../../cli/local-gateway.ts';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { mintLocalToken } from '../../functions/adapters/auth/local-signing-key.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { refreshCharterFlags } from '../../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../../functions/core/reviews/test-fixtures.ts';
import { cliEnv, json, runCli } from '../e2e/run-cli.ts';
import { testDynamoDb } from '../fixtures/test-dynamodb.ts';

const FLAG = 'c1:intro.1:number-mismatch:nb';

let root: string;
let stack: LocalStack;
let reviews: DynamoDbReviewStore;
let auth: LocalAuth;
let server: Server;
let url: string;
let reader: string;

/** A shell pointed at the deployed stack's API with this token (no local data folder is used). */
const awsEnv = (token?: string) => ({
  ...cliEnv(join(root, 'unused')),
  CHARTER_STACK: 'aws',
  CHARTER_API_URL: url,
  AWS_REGION: 'eu-west-1',
  ...(token ? { CHARTER_TOKEN: token } : {}),
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'charter-review-api-'));
  stack = await startLocalStack({ dir: join(root, 'data'), ...testDynamoDb() });
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
  auth = await openLocalAuth(join(root, 'data'), { username: 'cognito-ann', groups: ['reviewers'] });
  const gateway = localGateway(
    { editions: new DynamoDbEditionStore(stack.dynamodb, stack.table), reviews },
    auth,
  );
  ({ server, url } = await serveApi(gateway, { port: 0 }));
  gateway.listeningOn((server.address() as AddressInfo).port);
  reader = await mintLocalToken(auth.key, { username: 'rita', groups: ['readers'] });
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await stack?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('charter review on AWS', { timeout: 120_000 }, () => {
  it('lists the queue through the API with a reader token', async () => {
    const listed = await runCli(['review', 'list', '--status', 'open', '--json'], awsEnv(reader));
    expect(listed.code, listed.stderr).toBe(0);
    expect(
      json<Array<{ id: string }>>(listed)
        .map((f) => f.id)
        .sort(),
    ).toEqual(['c1:intro.1:number-mismatch:nb', 'c1:intro.2:missing-clause:sv']);
  });

  it("refuses a reader's decision, asks for a token without one, and refuses --by", async () => {
    const refused = await runCli(['review', 'accept', FLAG, '--note', 'x'], awsEnv(reader));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not allowed: rita is not in the reviewers group/);
    const unsigned = await runCli(['review', 'accept', FLAG, '--note', 'x'], awsEnv());
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toMatch(/CHARTER_TOKEN/);
    const named = await runCli(
      ['review', 'accept', FLAG, '--note', 'x', '--by', 'mallory'],
      awsEnv(auth.token),
    );
    expect(named.code).toBe(2);
    expect((await reviews.getFlag(FLAG))?.status).toBe('open');
  });

  it("records a reviewer's decision as the token's user, and shows it through the API", async () => {
    const accepted = await runCli(
      ['review', 'accept', FLAG, '--note', 'seen in print', '--json'],
      awsEnv(auth.token),
    );
    expect(accepted.code, accepted.stderr).toBe(0);
    expect((await reviews.getFlag(FLAG))?.history.at(-1)).toMatchObject({
      by: 'cognito-ann',
      status: 'accepted',
    });
    const shown = await runCli(['review', 'show', FLAG, '--json'], awsEnv(reader));
    expect(shown.code, shown.stderr).toBe(0);
    expect(json<{ flag: { status: string } }>(shown).flag.status).toBe('accepted');
  });
});
