/**
 * Where the CLI's store lives. By default the embedded stack: in-process S3 and DynamoDB servers whose data is
 * kept in the project's `.charter/` folder. Pointing an endpoint elsewhere (DynamoDB Local, LocalStack, MinIO)
 * or choosing `CHARTER_STACK=aws` uses those services instead and starts no embedded server.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
}

export type StackConfig = EmbeddedConfig | RemoteConfig;

type Env = Record<string, string | undefined>;

/**
 * The stack configuration from the environment:
 * - `CHARTER_DATA_DIR` (default `<project>/.charter`), `CHARTER_S3_PORT`, `CHARTER_DYNAMODB_PORT` for the
 *   embedded stack;
 * - `CHARTER_S3_ENDPOINT` / `AWS_ENDPOINT_URL_S3`, `CHARTER_DYNAMODB_ENDPOINT` / `AWS_ENDPOINT_URL_DYNAMODB`,
 *   `AWS_ENDPOINT_URL`, or `CHARTER_STACK=aws` for other services; `CHARTER_BUCKET`, `CHARTER_TABLE` name them;
 *   `CHARTER_PIPELINE=local|remote` says who runs the ingest handler.
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
    return {
      kind: 'remote',
      endpoints: stack === 'aws' ? {} : { s3, dynamodb },
      bucket,
      table,
      pipeline,
      createResources: stack !== 'aws',
    };
  }
  const dataDir = env.CHARTER_DATA_DIR
    ? isAbsolute(env.CHARTER_DATA_DIR)
      ? env.CHARTER_DATA_DIR
      : resolve(cwd, env.CHARTER_DATA_DIR)
    : join(packageRoot, '.charter');
  return {
    kind: 'embedded',
    dataDir,
    bucket,
    table,
    s3Port: port(env.CHARTER_S3_PORT, 'CHARTER_S3_PORT'),
    dynamodbPort: port(env.CHARTER_DYNAMODB_PORT, 'CHARTER_DYNAMODB_PORT'),
  };
}

function port(value: string | undefined, name: string): number {
  if (!value) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number, not "${value}"`);
  return n;
}
