/**
 * Where the CLI's store lives. By default the embedded stack: in-process S3 and DynamoDB servers whose data is
 * kept in the project's `.charter/` folder. Pointing an endpoint elsewhere (DynamoDB Local, LocalStack, MinIO)
 * or choosing `CHARTER_STACK=aws` uses those services instead and starts no embedded server.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES_STACK_NAME } from './stack-outputs.ts';

/** The repository (or installed package) folder: the default home of `.charter/`. */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export const DEFAULT_BUCKET = 'charter-editions';
export const DEFAULT_TABLE = 'charter-clauses';
export const DEFAULT_CHARTER = 'integrating-cities';

export interface EmbeddedConfig {
  kind: 'embedded';
  dataDir: string;
  bucket: string;
  table: string;
  /** 0 picks a free port. */
  s3Port: number;
  dynamodbPort: number;
}

export interface RemoteConfig {
  kind: 'remote';
  /** Undefined: the SDK's default endpoint (AWS itself). */
  endpoints: { s3?: string; dynamodb?: string };
  bucket: string;
  table: string;
  /**
   * `local`: this process delivers the ObjectCreated events of its own uploads to the ingest handler (for
   * endpoints with no event wiring, such as DynamoDB Local + MinIO); `remote`: a deployed pipeline does it.
   */
  pipeline: 'local' | 'remote';
  /** Create the bucket and table when missing (never against AWS itself). */
  createResources: boolean;
  /**
   * `CHARTER_STACK=aws`: the deployed stack whose outputs name the bucket, table and API. `bucket` and `table`
   * above are then only defaults: an explicit `CHARTER_BUCKET` / `CHARTER_TABLE` (in `explicit`) wins, else
   * the stack's outputs do.
   */
  deployed?: DeployedStackSettings;
}

/** How to find the deployed stack (cli/deployed-stack.ts reads it). */
export interface DeployedStackSettings {
  /** `CHARTER_STACK_NAME`, default the services stack (CharterAlignServices). */
  stackName: string;
  /** `AWS_REGION` / `AWS_DEFAULT_REGION`; undefined: the AWS profile's region. */
  region?: string;
  /** `AWS_ENDPOINT_URL_CLOUDFORMATION` (or `AWS_ENDPOINT_URL`): another CloudFormation endpoint. */
  endpoint?: string;
  /** Whose stack: the AWS profile and access key id, so a cached answer is never another account's. */
  identity: string;
  /** The file that caches the outputs for a few minutes, in the data folder. */
  cacheFile: string;
  /** `CHARTER_STACK_REFRESH=1`: read the stack again, ignoring the cache. */
  refresh: boolean;
  /** Names given in the environment, which win over the stack's outputs. */
  explicit: { bucket?: string; table?: string; apiUrl?: string };
}

export type StackConfig = EmbeddedConfig | RemoteConfig;

type Env = Record<string, string | undefined>;

/**
 * The stack configuration from the environment:
 * - `CHARTER_DATA_DIR` (default `<project>/.charter`), `CHARTER_S3_PORT`, `CHARTER_DYNAMODB_PORT` for the
 *   embedded stack;
 * - `CHARTER_S3_ENDPOINT` / `AWS_ENDPOINT_URL_S3`, `CHARTER_DYNAMODB_ENDPOINT` / `AWS_ENDPOINT_URL_DYNAMODB`,
 *   `AWS_ENDPOINT_URL`, or `CHARTER_STACK=aws` for other services; `CHARTER_BUCKET`, `CHARTER_TABLE` name them;
 *   `CHARTER_PIPELINE=local|remote` says who runs the ingest handler;
 * - with `CHARTER_STACK=aws`, `CHARTER_STACK_NAME` (default CharterAlignServices) names the deployed stack whose
 *   outputs give the bucket, table and API URL that `CHARTER_BUCKET`, `CHARTER_TABLE`, `CHARTER_API_URL` do not;
 *   `CHARTER_STACK_REFRESH=1` reads it again instead of the few minutes' cache in the data folder.
 */
export function stackConfig(env: Env = process.env, cwd = process.cwd()): StackConfig {
  const bucket = env.CHARTER_BUCKET || DEFAULT_BUCKET;
  const table = env.CHARTER_TABLE || DEFAULT_TABLE;
  const s3 = env.CHARTER_S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  const dynamodb = env.CHARTER_DYNAMODB_ENDPOINT || env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL;
  const stack = env.CHARTER_STACK;
  if (stack && stack !== 'embedded' && stack !== 'aws') {
    throw new Error(`CHARTER_STACK must be "embedded" or "aws", not "${stack}"`);
  }
  if (stack !== 'aws' && stack !== 'embedded' && Boolean(s3) !== Boolean(dynamodb)) {
    // One endpoint alone would send the other service's calls to AWS itself: a silent mix of stores.
    const [set, missing] = s3
      ? ['an S3 endpoint', 'CHARTER_DYNAMODB_ENDPOINT (or AWS_ENDPOINT_URL_DYNAMODB)']
      : ['a DynamoDB endpoint', 'CHARTER_S3_ENDPOINT (or AWS_ENDPOINT_URL_S3)'];
    throw new Error(
      `${set} is set but ${missing} is not: set both (AWS_ENDPOINT_URL sets both), or CHARTER_STACK=aws for AWS itself`,
    );
  }
  if (stack === 'aws' || ((s3 || dynamodb) && stack !== 'embedded')) {
    const pipeline = env.CHARTER_PIPELINE ?? (stack === 'aws' ? 'remote' : 'local');
    if (pipeline !== 'local' && pipeline !== 'remote') {
      throw new Error(`CHARTER_PIPELINE must be "local" or "remote", not "${pipeline}"`);
    }
    const config: RemoteConfig = {
      kind: 'remote',
      endpoints: stack === 'aws' ? {} : { s3, dynamodb },
      bucket,
      table,
      pipeline,
      createResources: stack !== 'aws',
    };
    if (stack === 'aws') config.deployed = deployedStackSettings(env, dataDirOf(env, cwd));
    return config;
  }
  const dataDir = dataDirOf(env, cwd);
  return {
    kind: 'embedded',
    dataDir,
    bucket,
    table,
    s3Port: port(env.CHARTER_S3_PORT, 'CHARTER_S3_PORT'),
    dynamodbPort: port(env.CHARTER_DYNAMODB_PORT, 'CHARTER_DYNAMODB_PORT'),
  };
}

/** The data folder: `CHARTER_DATA_DIR` (relative to `cwd`) or the project's `.charter/`. */
function dataDirOf(env: Env, cwd: string): string {
  if (!env.CHARTER_DATA_DIR) return join(packageRoot, '.charter');
  return isAbsolute(env.CHARTER_DATA_DIR) ? env.CHARTER_DATA_DIR : resolve(cwd, env.CHARTER_DATA_DIR);
}

function deployedStackSettings(env: Env, dataDir: string): DeployedStackSettings {
  const refresh = env.CHARTER_STACK_REFRESH;
  return {
    stackName: env.CHARTER_STACK_NAME || SERVICES_STACK_NAME,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    endpoint: env.AWS_ENDPOINT_URL_CLOUDFORMATION || env.AWS_ENDPOINT_URL || undefined,
    identity: `${env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default'}\0${env.AWS_ACCESS_KEY_ID ?? ''}`,
    cacheFile: join(dataDir, 'aws', 'stack-outputs.json'),
    refresh: Boolean(refresh) && refresh !== '0' && refresh !== 'false',
    explicit: {
      bucket: env.CHARTER_BUCKET || undefined,
      table: env.CHARTER_TABLE || undefined,
      apiUrl: env.CHARTER_API_URL || undefined,
    },
  };
}

function port(value: string | undefined, name: string): number {
  if (!value) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number, not "${value}"`);
  return n;
}
