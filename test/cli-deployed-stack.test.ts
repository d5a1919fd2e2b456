/**
 * `CHARTER_STACK=aws` finds the deployed stack by itself: the real CloudFormation client (endpoint override)
 * asks a local server that answers DescribeStacks as CloudFormation does (the query protocol: a signed form
 * POST in, XML out, `ErrorResponse` with `ValidationError` for a stack that does not exist).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RemoteConfig, stackConfig } from '../cli/config.ts';
import { describeDeployedStack, STACK_OUTPUTS_TTL_MS } from '../cli/deployed-stack.ts';
import { reviewApi } from '../cli/review-api.ts';
import { openStack } from '../cli/stack.ts';
import { cliEnv, json, runCli } from './e2e/run-cli.ts';

const REGION = 'eu-north-1';
const KEY_ID = 'AKIDCHARTERTEST';

interface FakeStack {
  status: string;
  outputs: Record<string, string>;
}

/** A request as the server received it. */
interface Received {
  params: URLSearchParams;
  authorization: string;
  path: string;
}

let root: string;
let server: Server;
let url: string;
const received: Received[] = [];
const apiCalls: Array<{ method: string; path: string; authorization: string }> = [];
const savedEnv = { ...process.env };

const stacks: Record<string, FakeStack> = {
  CharterAlignServices: {
    status: 'UPDATE_COMPLETE',
    outputs: {
      BucketName: 'charteraligndata-editionsbucket1a2b3c-xyz',
      TableName: 'CharterAlignData-ClausesTable9F8E7D-QRS',
      UserPoolId: `${REGION}_AbCdEfGhI`,
      UserPoolClientId: '4example0client1id2',
      // Set in beforeAll: this server also plays the deployed API.
      ApiUrl: '',
    },
  },
  // Deployed before the outputs were named.
  OldCharterAlign: { status: 'CREATE_COMPLETE', outputs: { QueryUrl3B185A19: 'https://old.example' } },
  BrokenCharterAlign: { status: 'ROLLBACK_COMPLETE', outputs: {} },
};

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** DescribeStacks' answer, in the shape of the CloudFormation API reference's example. */
function describeStacksResponse(name: string, stack: FakeStack): string {
  const outputs = Object.entries(stack.outputs)
    .map(
      ([key, value]) =>
        `<member><OutputKey>${xml(key)}</OutputKey><OutputValue>${xml(value)}</OutputValue><Description>set by cdk</Description></member>`,
    )
    .join('');
  return `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <DescribeStacksResult>
    <Stacks>
      <member>
        <StackName>${xml(name)}</StackName>
        <StackId>arn:aws:cloudformation:${REGION}:123456789012:stack/${xml(name)}/0b0e2f40-b3c1-11f0-8d7a-0a1b2c3d4e5f</StackId>
        <CreationTime>2026-11-30T09:12:44.125Z</CreationTime>
        <LastUpdatedTime>2026-12-01T14:02:10.871Z</LastUpdatedTime>
        <StackStatus>${stack.status}</StackStatus>
        <DisableRollback>false</DisableRollback>
        <NotificationARNs/>
        <Capabilities><member>CAPABILITY_IAM</member></Capabilities>
        ${outputs ? `<Outputs>${outputs}</Outputs>` : ''}
        <Tags><member><Key>project</Key><Value>charter-align</Value></member></Tags>
        <EnableTerminationProtection>false</EnableTerminationProtection>
        <DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>
      </member>
    </Stacks>
  </DescribeStacksResult>
  <ResponseMetadata><RequestId>5ccc7dcd-744c-11e5-be70-example</RequestId></ResponseMetadata>
</DescribeStacksResponse>`;
}

function errorResponse(code: string, message: string): string {
  return `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error>
  <RequestId>7f1e2d3c-0000-4a5b-9c8d-example</RequestId>
</ErrorResponse>`;
}

async function body(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'charter-deployed-'));
  // The SDK's credential chain finds these first; no profile files are read.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: KEY_ID,
    AWS_SECRET_ACCESS_KEY: 'charter-test-secret',
    AWS_CONFIG_FILE: join(root, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  server = createServer(async (request, response) => {
    const authorization = request.headers.authorization ?? '';
    if (request.url?.startsWith('/prod/')) {
      // The deployed API behind ApiUrl.
      apiCalls.push({ method: request.method!, path: request.url, authorization });
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    const params = new URLSearchParams(await body(request));
    received.push({ params, authorization, path: request.url ?? '' });
    const reply = (status: number, text: string) =>
      response
        .writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': '5ccc7dcd-example' })
        .end(text);
    if (!authorization.startsWith('AWS4-HMAC-SHA256 Credential=')) {
      reply(403, errorResponse('MissingAuthenticationToken', 'Request is missing Authentication Token'));
    } else if (params.get('Action') !== 'DescribeStacks' || params.get('Version') !== '2010-05-15') {
      reply(400, errorResponse('InvalidAction', `Could not find operation ${params.get('Action')}`));
    } else {
      const name = params.get('StackName') ?? '';
      const stack = stacks[name];
      if (stack) reply(200, describeStacksResponse(name, stack));
      else reply(400, errorResponse('ValidationError', `Stack with id ${name} does not exist`));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stacks.CharterAlignServices!.outputs.ApiUrl = `${url}/prod`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
});

/** A shell set for the deployed stack, with its own data folder. */
const awsEnv = (dataDir: string, extra: Record<string, string> = {}) => ({
  CHARTER_STACK: 'aws',
  CHARTER_DATA_DIR: dataDir,
  AWS_REGION: REGION,
  AWS_ENDPOINT_URL_CLOUDFORMATION: url,
  ...extra,
});

const deployedSettings = (env: Record<string, string>) =>
  (stackConfig(env) as RemoteConfig).deployed ?? expect.fail('no deployed stack settings');

describe('CHARTER_STACK=aws', { timeout: 60_000 }, () => {
  it('takes the bucket, table and API URL from the stack outputs, signed DescribeStacks in the region', async () => {
    const before = received.length;
    const env = awsEnv(join(root, 'outputs'));
    const stack = await openStack(stackConfig(env), { command: 'test', readOnly: true });
    try {
      expect(stack.mode).toBe('remote');
      expect(stack.bucket).toBe('charteraligndata-editionsbucket1a2b3c-xyz');
      expect(stack.table).toBe('CharterAlignData-ClausesTable9F8E7D-QRS');
      expect(stack.description).toBe(
        `AWS stack CharterAlignServices (${REGION}): bucket ${stack.bucket}, table ${stack.table}`,
      );
      const call = await reviewApi(stack, {}, { ...env, CHARTER_TOKEN: 'token-1' });
      expect(await call('GET', '/reviews?status=open')).toEqual({ status: 200, body: [] });
      expect(apiCalls.at(-1)).toEqual({
        method: 'GET',
        path: '/prod/reviews?status=open',
        authorization: 'Bearer token-1',
      });
      const described = await stack.deployedStack!();
      expect(described).toMatchObject({
        stackName: 'CharterAlignServices',
        region: REGION,
        status: 'UPDATE_COMPLETE',
        stackId: expect.stringMatching(
          /^arn:aws:cloudformation:eu-north-1:123456789012:stack\/CharterAlignServices\//,
        ),
        outputs: stacks.CharterAlignServices!.outputs,
      });
    } finally {
      await stack.close();
    }
    // One DescribeStacks for the whole command, form-encoded and signed for CloudFormation in the region.
    const requests = received.slice(before);
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!.params)).toEqual({
      Action: 'DescribeStacks',
      Version: '2010-05-15',
      StackName: 'CharterAlignServices',
    });
    expect(requests[0]!.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY_ID}/\\d{8}/${REGION}/cloudformation/aws4_request`),
    );
  });

  it('lets CHARTER_BUCKET, CHARTER_TABLE and CHARTER_API_URL win, and reads no stack when they say it all', async () => {
    const dataDir = join(root, 'explicit');
    const half = await openStack(stackConfig(awsEnv(dataDir, { CHARTER_BUCKET: 'my-bucket' })), {
      command: 'test',
      readOnly: true,
    });
    expect([half.bucket, half.table]).toEqual(['my-bucket', 'CharterAlignData-ClausesTable9F8E7D-QRS']);
    await half.close();
    const before = received.length;
    const env = awsEnv(join(root, 'explicit-all'), {
      CHARTER_BUCKET: 'b',
      CHARTER_TABLE: 't',
      CHARTER_API_URL: `${url}/prod/`,
    });
    const full = await openStack(stackConfig(env), { command: 'test', readOnly: true });
    try {
      expect([full.bucket, full.table]).toEqual(['b', 't']);
      const call = await reviewApi(full, {}, { ...env, CHARTER_TOKEN: 'token-2' });
      await call('GET', '/reviews');
      expect(apiCalls.at(-1)).toMatchObject({ path: '/prod/reviews', authorization: 'Bearer token-2' });
    } finally {
      await full.close();
    }
    expect(received.length).toBe(before);
  });

  it('caches the outputs a few minutes in the data folder, per stack, region and credentials', async () => {
    const dataDir = join(root, 'cache');
    const settings = deployedSettings(awsEnv(dataDir));
    const count = () => received.length;
    const start = count();
    const now = Date.now();
    expect((await describeDeployedStack(settings, now)).cached).toBe(false);
    expect(count()).toBe(start + 1);
    const file = join(dataDir, 'aws', 'stack-outputs.json');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(KEY_ID);
    const again = await describeDeployedStack(settings, now + 60_000);
    expect(again).toMatchObject({ cached: true, outputs: stacks.CharterAlignServices!.outputs });
    expect(count()).toBe(start + 1);
    // Stale, refreshed on request, or asked with other credentials: CloudFormation is asked again.
    await describeDeployedStack(settings, now + STACK_OUTPUTS_TTL_MS + 1);
    expect(count()).toBe(start + 2);
    await describeDeployedStack(deployedSettings(awsEnv(dataDir, { CHARTER_STACK_REFRESH: '1' })));
    expect(count()).toBe(start + 3);
    await describeDeployedStack(deployedSettings(awsEnv(dataDir, { AWS_PROFILE: 'other-account' })));
    expect(count()).toBe(start + 4);
  });

  it('says which stack, region and output is missing, and that the stack is not deployed', async () => {
    const open = (extra: Record<string, string>) =>
      openStack(stackConfig(awsEnv(join(root, 'errors'), extra)), { command: 'test', readOnly: true });
    await expect(open({ CHARTER_STACK_NAME: 'OldCharterAlign' })).rejects.toMatchObject({
      exitCode: 1,
      message:
        'stack OldCharterAlign in eu-north-1 has no output BucketName, TableName (its outputs: QueryUrl3B185A19): ' +
        'deploy this version of the stack (npx cdk deploy --all) or set CHARTER_BUCKET, CHARTER_TABLE',
    });
    await expect(open({ CHARTER_STACK_NAME: 'BrokenCharterAlign' })).rejects.toMatchObject({
      exitCode: 1,
      message:
        'stack BrokenCharterAlign in eu-north-1 is not deployed (status ROLLBACK_COMPLETE): deploy it with npx cdk deploy --all',
    });
    const { AWS_REGION: _region, ...noRegion } = awsEnv(join(root, 'errors'));
    const region = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      await expect(describeDeployedStack(deployedSettings(noRegion))).rejects.toMatchObject({
        exitCode: 2,
        message:
          'no AWS region to look for stack CharterAlignServices in: set AWS_REGION (or a region in your AWS profile)',
      });
    } finally {
      if (region) process.env.AWS_REGION = region;
    }
  });

  it('charter stack shows the stack and what the CLI takes from it; the next run answers from the cache', async () => {
    const env = {
      ...cliEnv(join(root, 'cli-stack')),
      ...awsEnv(join(root, 'cli-stack'), { CHARTER_TABLE: 'my-table' }),
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: 'charter-test-secret',
    };
    const before = received.length;
    const first = await runCli(['stack', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const outputs = stacks.CharterAlignServices!.outputs;
    expect(json(first)).toMatchObject({
      stackName: 'CharterAlignServices',
      region: REGION,
      status: 'UPDATE_COMPLETE',
      outputs,
      cached: false,
      uses: { bucket: outputs.BucketName, table: 'my-table', apiUrl: outputs.ApiUrl },
    });
    const second = await runCli(['stack', '--json'], env);
    expect(json(second)).toMatchObject({ cached: true, outputs });
    expect(received.length).toBe(before + 1);
    const refreshed = await runCli(['stack', '--refresh'], env);
    expect(refreshed.stdout).toMatch(
      /^stack CharterAlignServices in eu-north-1: UPDATE_COMPLETE \(read now\)\n/,
    );
    expect(refreshed.stdout).toContain(`  UserPoolId: ${outputs.UserPoolId}\n`);
    expect(received.length).toBe(before + 2);
  });

  it('answers a stack that does not exist (ValidationError) with exit 3 and a message naming stack and region', async () => {
    const env = {
      ...cliEnv(join(root, 'cli')),
      ...awsEnv(join(root, 'cli'), { CHARTER_STACK_NAME: 'NoSuchCharterStack' }),
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: 'charter-test-secret',
    };
    const run = await runCli(['query', 'policy-makers.2', '--json'], env);
    const message =
      'stack NoSuchCharterStack not found in eu-north-1: deploy it (npx cdk deploy --all), or name yours with ' +
      'CHARTER_STACK_NAME, or set AWS_REGION to its region';
    expect(run.code, run.stderr).toBe(3);
    expect(json(run)).toEqual({ error: message, exitCode: 3 });
    expect(run.stderr).toContain(`charter query: ${message}`);
    expect(received.at(-1)!.params.get('StackName')).toBe('NoSuchCharterStack');
  });
});
