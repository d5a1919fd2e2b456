/**
 * Finds a deployed stack for `CHARTER_STACK=aws`: its outputs (ApiUrl, BucketName, TableName, UserPoolId,
 * UserPoolClientId) from CloudFormation's DescribeStacks, cached for a few minutes in the data folder. Errors
 * name the stack, the region and what is missing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CloudFormationClient, DescribeStacksCommandOutput } from '@aws-sdk/client-cloudformation';
import { CliError, EXIT } from './command.ts';
import type { DeployedStackSettings } from './config.ts';
import { STACK_OUTPUT_KEYS, type StackOutputs } from './stack-outputs.ts';

/** How long a stack's outputs are reused from the cache. */
export const STACK_OUTPUTS_TTL_MS = 10 * 60_000;

/** A deployed stack as the CLI uses it. */
export interface DeployedStack {
  stackName: string;
  region: string;
  stackId: string;
  status: string;
  /** Every output, by key. */
  outputs: Record<string, string>;
  /** When CloudFormation was asked (ISO time). */
  describedAt: string;
  /** Whether this answer came from the cache. */
  cached: boolean;
}

/** The environment variable that replaces each output. */
const OVERRIDES: Record<keyof StackOutputs, string | undefined> = {
  apiUrl: 'CHARTER_API_URL',
  bucketName: 'CHARTER_BUCKET',
  tableName: 'CHARTER_TABLE',
  userPoolId: undefined,
  userPoolClientId: undefined,
};

/** Stack states with no (or no longer any) deployed resources: creation pending, failed, rolled back or deleting. */
const NOT_DEPLOYED =
  /^(REVIEW_IN_PROGRESS|CREATE_IN_PROGRESS|CREATE_FAILED|ROLLBACK_\w+|DELETE_\w+|IMPORT_ROLLBACK_COMPLETE)$/;

/**
 * The stack `settings` name, from the cache when it is fresh (and `refresh` is off), else from
 * CloudFormation. Throws a CliError: exit 3 when the stack does not exist, 2 when no region is configured, 1
 * when it is not deployed or CloudFormation cannot be read.
 */
export async function describeDeployedStack(
  settings: DeployedStackSettings,
  now: number = Date.now(),
): Promise<DeployedStack> {
  // The SDK is loaded only when the cache cannot answer (or the region must come from the AWS profile).
  let client: CloudFormationClient | undefined;
  const cloudFormation = async () => (client ??= await cloudFormationClient(settings));
  try {
    const region = settings.region ?? (await clientRegion(await cloudFormation(), settings));
    const key = cacheKey(settings, region);
    if (!settings.refresh) {
      const cached = readCache(settings.cacheFile, key, now);
      if (cached) return cached;
    }
    const stack = await describe(await cloudFormation(), settings.stackName, region, now);
    writeCache(settings.cacheFile, key, stack);
    return stack;
  } finally {
    client?.destroy();
  }
}

/**
 * The outputs a command needs, each from its environment variable when set, else from the stack. A missing
 * output is an error that names the stack, region, output and the variable that can stand in for it.
 */
export function requireOutputs<K extends keyof StackOutputs>(
  stack: DeployedStack,
  needed: readonly K[],
  explicit: Partial<Record<keyof StackOutputs, string | undefined>> = {},
): Pick<StackOutputs, K> {
  const found = {} as Pick<StackOutputs, K>;
  const missing: K[] = [];
  for (const name of needed) {
    const value = explicit[name] || stack.outputs[STACK_OUTPUT_KEYS[name]];
    if (value) found[name] = value as StackOutputs[K];
    else missing.push(name);
  }
  if (missing.length) {
    const keys = missing.map((name) => STACK_OUTPUT_KEYS[name]);
    const instead = missing.map((name) => OVERRIDES[name]).filter(Boolean);
    const has = Object.keys(stack.outputs);
    throw new CliError(
      `stack ${stack.stackName} in ${stack.region} has no output ${keys.join(', ')} (its outputs: ${has.join(', ') || 'none'}): ` +
        `deploy this version of the stack (npx cdk deploy --all)${instead.length ? ` or set ${instead.join(', ')}` : ''}`,
      EXIT.failed,
    );
  }
  return found;
}

type CloudFormationSdk = typeof import('@aws-sdk/client-cloudformation');

/**
 * The CloudFormation SDK, loaded here so that only CHARTER_STACK=aws pays for it. The CLI bundle turns a
 * dynamic import of a CommonJS package into a namespace holding only `default`; Node gives both.
 */
async function cloudFormationSdk(): Promise<CloudFormationSdk> {
  const sdk = await import('@aws-sdk/client-cloudformation');
  return ((sdk as { default?: CloudFormationSdk }).default ?? sdk) as CloudFormationSdk;
}

async function cloudFormationClient(settings: DeployedStackSettings): Promise<CloudFormationClient> {
  const { CloudFormationClient } = await cloudFormationSdk();
  return new CloudFormationClient({
    region: settings.region,
    endpoint: settings.endpoint,
    // One quick answer or a clear error: a missing stack is not worth retrying.
    maxAttempts: 2,
  });
}

/** The region the stack is looked for in: the environment's, else the AWS profile's. */
export async function deployedRegion(settings: DeployedStackSettings): Promise<string> {
  if (settings.region) return settings.region;
  const client = await cloudFormationClient(settings);
  try {
    return await clientRegion(client, settings);
  } finally {
    client.destroy();
  }
}

async function clientRegion(client: CloudFormationClient, settings: DeployedStackSettings): Promise<string> {
  try {
    const region = await client.config.region();
    if (region) return region;
  } catch {
    // no region configured anywhere
  }
  throw new CliError(
    `no AWS region to look for stack ${settings.stackName} in: set AWS_REGION (or a region in your AWS profile)`,
    EXIT.usage,
  );
}

async function describe(client: CloudFormationClient, stackName: string, region: string, now: number) {
  const { DescribeStacksCommand } = await cloudFormationSdk();
  let stacks: DescribeStacksCommandOutput;
  try {
    stacks = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  } catch (error) {
    throw describeError(error as Error & { Code?: string }, stackName, region);
  }
  const found = stacks.Stacks?.[0];
  if (!found) {
    throw new CliError(`stack ${stackName} not found in ${region}`, EXIT.notFound);
  }
  const status = found.StackStatus ?? 'UNKNOWN';
  if (NOT_DEPLOYED.test(status)) {
    throw new CliError(
      `stack ${stackName} in ${region} is not deployed (status ${status}): deploy it with npx cdk deploy --all`,
      EXIT.failed,
    );
  }
  const outputs: Record<string, string> = {};
  for (const output of found.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
  }
  return {
    stackName: found.StackName ?? stackName,
    region,
    stackId: found.StackId ?? '',
    status,
    outputs,
    describedAt: new Date(now).toISOString(),
    cached: false,
  } satisfies DeployedStack;
}

function describeError(error: Error & { Code?: string }, stackName: string, region: string): CliError {
  const code = error.name || error.Code;
  if (code === 'ValidationError' && /does not exist/i.test(error.message)) {
    return new CliError(
      `stack ${stackName} not found in ${region}: deploy it (npx cdk deploy --all), or name yours with CHARTER_STACK_NAME, or set AWS_REGION to its region`,
      EXIT.notFound,
    );
  }
  if (code === 'CredentialsProviderError' || /credential/i.test(error.message)) {
    return new CliError(`no AWS credentials to read stack ${stackName} in ${region}: ${error.message}`);
  }
  return new CliError(`cannot read stack ${stackName} in ${region}: ${code}: ${error.message}`);
}

/** Cache entries by stack name, region, endpoint and identity (hashed: the key id is not written out). */
function cacheKey(settings: DeployedStackSettings, region: string): string {
  return createHash('sha256')
    .update([settings.stackName, region, settings.endpoint ?? '', settings.identity].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

type CacheFile = Record<string, Omit<DeployedStack, 'cached'>>;

function readCacheFile(file: string): CacheFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as CacheFile) : {};
  } catch {
    return {};
  }
}

function readCache(file: string, key: string, now: number): DeployedStack | null {
  const entry = readCacheFile(file)[key];
  if (!entry?.outputs || typeof entry.describedAt !== 'string') return null;
  const age = now - Date.parse(entry.describedAt);
  if (!(age >= 0 && age < STACK_OUTPUTS_TTL_MS)) return null;
  return { ...entry, cached: true };
}

/** Best effort: a data folder that cannot be written only costs the next command a DescribeStacks. */
function writeCache(file: string, key: string, stack: DeployedStack): void {
  try {
    const entries = readCacheFile(file);
    const { cached: _cached, ...entry } = stack;
    entries[key] = entry;
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // not cached
  }
}
