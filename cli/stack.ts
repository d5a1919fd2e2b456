/**
 * Opens the store the CLI commands work on, as `stackConfig` describes it:
 * - `embedded`: this process starts s3rver and dynalite on the data folder (taking its lock), resumes the
 *   persisted ingest queue, re-queues uploads that no stored edition accounts for, and runs the pipeline;
 * - `attached`: another live process owns the data folder; its servers (and its pipeline) are used;
 * - `remote`: configured endpoints or AWS; the pipeline runs here (`CHARTER_PIPELINE=local`) or in the cloud.
 * The handlers are the Lambda entry points themselves, configured through the environment as on AWS. Like a
 * warm Lambda container they keep the clients they were first built with: one process opens one stack (or
 * reopens it at the same endpoints).
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ApiApp } from '../functions/handlers/api.ts';
import { DynamoDbEditionStore } from '../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { parseUploadKey } from '../functions/core/editions/ingest-edition.ts';
import type { Principal } from '../functions/core/auth/principal.ts';
import type { EditionRecord } from '../functions/core/editions/types.ts';
import { s3EventKey } from '../functions/handlers/s3-event.ts';
import { type RemoteConfig, type StackConfig, stackConfig } from './config.ts';
import type { DeployedStack } from './deployed-stack.ts';
import type { GatewayOptions, LocalGateway } from './local-gateway.ts';
import { LocalQueue, objectKeys } from './local-queue.ts';
import {
  ensureBucket,
  ensureTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalStack,
  type S3EventNotification,
  startLocalStack,
} from './local-stack.ts';
import { acquireLock, type OwnedLock } from './lock.ts';

/** The store and pipeline a command works on. */
export interface Stack {
  mode: 'embedded' | 'attached' | 'remote';
  /** One line saying where the data is. */
  description: string;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  table: string;
  endpoints: { s3?: string; dynamodb?: string };
  editions: DynamoDbEditionStore;
  /** The ingest queue when this process runs the pipeline. */
  queue: LocalQueue | null;
  /** Uploads found at start that no stored edition accounts for, put back on the queue. */
  requeued: string[];
  /**
   * The real API (the Hono app the api Lambda runs) on this stack's stores, for in-process calls as the local
   * user (or as `user`); never served on a port.
   */
  api(user?: Principal): Promise<ApiApp>;
  /**
   * The same app for a server on a port: behind the local gateway, which checks Host and Origin, answers the
   * page's `/auth/session`, and takes the caller from a bearer token signed with the data folder's key.
   */
  gateway(options?: GatewayOptions): Promise<LocalGateway & { tokenFile: string }>;
  /** PUTs an upload; returns its ETag (unquoted). */
  upload(key: string, body: Uint8Array, metadata?: Record<string, string>): Promise<string>;
  /** Resolves when this process's pipeline has nothing left to do. */
  settle(): Promise<void>;
  /** Embedded stack: tells other processes on the data folder where this process serves the HTTP API. */
  publishApi?(api: { url: string; tokenFile: string }): void;
  /** `CHARTER_STACK=aws`: the deployed stack and its outputs (read once per process, cached a few minutes). */
  deployedStack?: () => Promise<DeployedStack>;
  close(): Promise<void>;
}

/** How a command opens the stack. */
export interface OpenOptions {
  /** Recorded in the lock for other processes to read. */
  command: string;
  /** Start no pipeline (and resume nothing): for commands that must not ingest, such as reset. */
  readOnly?: boolean;
  /**
   * On AWS the command uses the deployed API, not the bucket or table (the review commands): the stack's
   * outputs are then read only if the API URL is asked for.
   */
  apiOnly?: boolean;
  /**
   * Run this process's ingest in a worker thread (ingest-thread.ts), off the event loop that serves the API and
   * the embedded servers: for commands that serve while they ingest (serve, demo).
   */
  ingestThread?: boolean;
}

/** Opens the stack `config` describes: embedded (taking the data folder's lock), attached or remote. */
export async function openStack(config: StackConfig, options: OpenOptions): Promise<Stack> {
  if (config.kind === 'remote' && config.deployed) return openDeployed(config, config.deployed, options);
  if (config.kind === 'remote') return openRemote(config, options);
  const locked = await acquireLock(config.dataDir, options.command);
  if (!locked.owned) {
    const endpoints = locked.holder.endpoints!;
    const stack = await openRemote(
      {
        kind: 'remote',
        endpoints,
        bucket: config.bucket,
        table: config.table,
        pipeline: 'remote',
        createResources: false,
      },
      options,
      LOCAL_CREDENTIALS,
    );
    return {
      ...stack,
      mode: 'attached',
      description: `embedded stack of process ${locked.holder.pid} (${locked.holder.command}), data in ${config.dataDir}`,
    };
  }
  try {
    return await openEmbedded(config, options, locked.lock);
  } catch (error) {
    locked.lock.release();
    throw error;
  }
}

async function openEmbedded(
  config: Extract<StackConfig, { kind: 'embedded' }>,
  options: OpenOptions,
  lock: OwnedLock,
): Promise<Stack> {
  const local: LocalStack = await startLocalStack({
    dir: config.dataDir,
    bucket: config.bucket,
    table: config.table,
    s3Port: config.s3Port,
    dynamodbPort: config.dynamodbPort,
  });
  lock.publish(local.endpoints);
  configureHandlerEnvironment({
    bucket: local.bucket,
    table: local.table,
    endpoints: local.endpoints,
    credentials: LOCAL_CREDENTIALS,
  });
  const editions = new DynamoDbEditionStore(local.dynamodb, local.table);
  let queue: LocalQueue | null = null;
  let requeued: string[] = [];
  if (!options.readOnly) {
    queue = await ingestQueue(join(config.dataDir, 'queue'), options.ingestThread);
    local.onObjectCreated((event) => {
      if (event.Records.some((r) => r.s3.object.key.startsWith('uploads/')))
        queue!.send(JSON.stringify(asS3Event(event)));
    });
    queue.resume();
    requeued = await requeueUnaccounted(local.s3, local.bucket, editions, queue);
  }
  const stack = baseStack(
    local.s3,
    local.dynamodb,
    local.bucket,
    local.table,
    local.endpoints,
    editions,
    queue,
  );
  return {
    ...stack,
    mode: 'embedded',
    description: `embedded stack (S3 ${local.endpoints.s3}, DynamoDB ${local.endpoints.dynamodb}), data in ${config.dataDir}`,
    requeued,
    publishApi: (api) => lock.publishApi(api),
    async close() {
      await stopIngestThread(queue);
      await local.close();
      lock.release();
    },
  };
}

/**
 * AWS itself: the bucket and table from the environment, else from the deployed stack's outputs (read only
 * when one of them is not given); the stack's region, else the environment's or the AWS profile's.
 */
async function openDeployed(
  config: RemoteConfig,
  settings: NonNullable<RemoteConfig['deployed']>,
  options: OpenOptions,
): Promise<Stack> {
  const { deployedRegion, describeDeployedStack, requireOutputs } = await import('./deployed-stack.ts');
  let described: Promise<DeployedStack> | undefined;
  const deployedStack = () => (described ??= describeDeployedStack(settings));
  let { bucket, table } = settings.explicit;
  let region: string;
  if ((!bucket || !table) && !options.apiOnly) {
    const stack = await deployedStack();
    ({ bucketName: bucket, tableName: table } = requireOutputs(stack, ['bucketName', 'tableName'], {
      bucketName: bucket,
      tableName: table,
    }));
    region = stack.region;
  } else {
    region = await deployedRegion(settings);
  }
  bucket ??= config.bucket;
  table ??= config.table;
  const stack = await openRemote({ ...config, bucket, table }, options, undefined, region);
  return {
    ...stack,
    description: options.apiOnly
      ? `AWS stack ${settings.stackName} (${region}), through its API`
      : `AWS stack ${settings.stackName} (${region}): bucket ${bucket}, table ${table}`,
    deployedStack,
  };
}

async function openRemote(
  config: Extract<StackConfig, { kind: 'remote' }>,
  options: OpenOptions,
  credentials?: { accessKeyId: string; secretAccessKey: string },
  awsRegion?: string,
): Promise<Stack> {
  const region = awsRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? LOCAL_REGION;
  const s3 = new S3Client({
    endpoint: config.endpoints.s3,
    forcePathStyle: Boolean(config.endpoints.s3),
    region,
    credentials,
  });
  const dynamodb = new DynamoDBClient({ endpoint: config.endpoints.dynamodb, region, credentials });
  if (config.createResources) {
    await ensureBucket(s3, config.bucket);
    await ensureTable(dynamodb, config.table);
  }
  configureHandlerEnvironment({
    bucket: config.bucket,
    table: config.table,
    endpoints: config.endpoints,
    credentials,
    region,
  });
  const editions = new DynamoDbEditionStore(dynamodb, config.table);
  const queue =
    config.pipeline === 'local' && !options.readOnly
      ? await ingestQueue(undefined, options.ingestThread)
      : null;
  // This process is the pipeline of these endpoints: uploads an earlier run left unprocessed are its work too.
  const requeued =
    queue && config.createResources ? await requeueUnaccounted(s3, config.bucket, editions, queue) : [];
  const stack = baseStack(s3, dynamodb, config.bucket, config.table, config.endpoints, editions, queue);
  const where = config.endpoints.s3 || config.endpoints.dynamodb;
  return {
    ...stack,
    mode: 'remote',
    description: where
      ? `S3 ${config.endpoints.s3 ?? 'AWS'} bucket ${config.bucket}, DynamoDB ${config.endpoints.dynamodb ?? 'AWS'} table ${config.table}`
      : `AWS: bucket ${config.bucket}, table ${config.table} (region ${region})`,
    requeued,
    async upload(key, body, metadata) {
      const etag = await stack.upload(key, body, metadata);
      // No S3 event wiring on these endpoints: deliver the ObjectCreated event of our own upload.
      queue?.send(JSON.stringify(objectCreatedEvent(config.bucket, key, etag, body.byteLength)));
      return etag;
    },
  };
}

/**
 * Promotion through the local API (`POST /charters/{c}/editions/{lang}/promote`), as `charter edition promote`
 * does it: the review flags are refreshed in this process, which holds the lexicons, and a promoted first edition
 * aligns the earlier editions again here too.
 */
async function localPromotion(
  s3: S3Client,
  bucket: string,
  editions: DynamoDbEditionStore,
  reviews: import('../functions/core/reviews/types.ts').ReviewStore | undefined,
) {
  const { S3BlobStore } = await import('../functions/adapters/s3/s3-blob-store.ts');
  const { keepDaysFromEnvironment } = await import('../functions/handlers/keep-days.ts');
  return {
    blobs: new S3BlobStore(s3, bucket),
    keepDays: keepDaysFromEnvironment(),
    afterAligned: async (edition: EditionRecord) => {
      if (!reviews) return;
      const { flagRefresh } = await import('../functions/handlers/flag-refresh.ts');
      await flagRefresh(editions, reviews)(edition);
    },
    realignEarlier: async (charter: string, lang: string) => {
      const { realignEarlierEditions } = await import('../functions/core/editions/ingest-edition.ts');
      const { depsFromEnvironment } = await import('../functions/handlers/deps.ts');
      return realignEarlierEditions(charter, lang, depsFromEnvironment());
    },
  };
}

function baseStack(
  s3: S3Client,
  dynamodb: DynamoDBClient,
  bucket: string,
  table: string,
  endpoints: { s3?: string; dynamodb?: string },
  editions: DynamoDbEditionStore,
  queue: LocalQueue | null,
): Omit<Stack, 'mode' | 'description'> {
  let api: ApiApp | undefined;
  // The signing key lives in the embedded stack's data folder, also when other endpoints hold the data.
  const authDir = () => {
    const config = stackConfig({ ...process.env, CHARTER_STACK: 'embedded' });
    return config.kind === 'embedded' ? config.dataDir : '.charter';
  };
  const deps = async () => {
    const base = (await import('../functions/handlers/api.ts')).apiDepsFromEnvironment();
    return { ...base, promote: await localPromotion(s3, bucket, editions, base.reviews) };
  };
  return {
    s3,
    dynamodb,
    bucket,
    table,
    endpoints,
    editions,
    queue,
    requeued: [],
    async api(user) {
      const { asLocalUser, localUser } = await import('./local-gateway.ts');
      if (user) return asLocalUser(await deps(), user);
      api ??= asLocalUser(await deps(), localUser());
      return api;
    },
    async gateway(options) {
      const { keepLocalTokenFresh, localGateway, openLocalAuth } = await import('./local-gateway.ts');
      const auth = await openLocalAuth(authDir());
      keepLocalTokenFresh(authDir(), auth);
      return Object.assign(localGateway(await deps(), auth, options), { tokenFile: auth.tokenFile });
    },
    async upload(key, body, metadata) {
      const result = await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata }),
      );
      return (result.ETag ?? '').replaceAll('"', '');
    },
    async settle() {
      await queue?.idle();
    },
    async close() {
      await stopIngestThread(queue);
      s3.destroy();
      dynamodb.destroy();
    },
  };
}

/** The Lambda handlers read their configuration from the environment: give them this stack's. */
function configureHandlerEnvironment(settings: {
  bucket: string;
  table: string;
  endpoints: { s3?: string; dynamodb?: string };
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
}): void {
  const env = process.env;
  env.BUCKET_NAME = settings.bucket;
  env.TABLE_NAME = settings.table;
  env.AWS_REGION = settings.region ?? env.AWS_REGION ?? LOCAL_REGION;
  if (settings.endpoints.s3) {
    env.AWS_ENDPOINT_URL_S3 = settings.endpoints.s3;
    env.S3_FORCE_PATH_STYLE = 'true';
  }
  if (settings.endpoints.dynamodb) env.AWS_ENDPOINT_URL_DYNAMODB = settings.endpoints.dynamodb;
  if (settings.credentials) {
    env.AWS_ACCESS_KEY_ID = settings.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = settings.credentials.secretAccessKey;
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
  }
  env.POWERTOOLS_SERVICE_NAME ??= 'charter-local';
  // The handlers log JSON lines to stdout, which is the CLI's output: quiet unless debugging.
  env.POWERTOOLS_LOG_LEVEL ??= env.CHARTER_DEBUG ? 'INFO' : 'SILENT';
  env.POWERTOOLS_METRICS_NAMESPACE ??= 'CharterAlignLocal';
  // Metrics are CloudWatch EMF lines on stdout: not wanted in a terminal.
  env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}

/**
 * The ingest Lambda's own entry point (its dependencies built from the environment, as on AWS) behind a
 * queue. It is loaded on the first message, so commands with nothing to ingest do not load the pipeline; with
 * `inThread`, it runs in a worker thread (stopped when the queue's stack closes, see `stopIngestThread`).
 */
async function ingestQueue(dir?: string, inThread = false): Promise<LocalQueue> {
  if (inThread) {
    const { IngestThread } = await import('./ingest-thread.ts');
    const thread = new IngestThread();
    const queue = new LocalQueue((event) => thread.handle(event), { dir });
    threads.set(queue, thread);
    return queue;
  }
  let ingest: ((event: SQSEvent) => Promise<SQSBatchResponse>) | undefined;
  return new LocalQueue(
    async (event) => {
      ingest ??= (await import('../functions/handlers/ingest.ts')).handler as unknown as typeof ingest;
      return ingest!(event);
    },
    { dir },
  );
}

/** The worker threads of the queues that ingest off the event loop. */
const threads = new WeakMap<LocalQueue, { close(): Promise<void> }>();

/** Stops the worker thread of `queue`, if it has one, once its work is done. */
async function stopIngestThread(queue: LocalQueue | null): Promise<void> {
  if (!queue) return;
  await queue.idle();
  await threads.get(queue)?.close();
}

/**
 * s3rver puts raw keys in its events; S3 URL-encodes them (spaces as `+`), which is what the ingest handler
 * decodes. Encode them as S3 does, so a key with `+`, `%` or a space names its own object.
 */
export function asS3Event(event: S3EventNotification): S3EventNotification {
  return {
    ...event,
    Records: event.Records.map((record) => ({
      ...record,
      s3: { ...record.s3, object: { ...record.s3.object, key: s3EventKey(record.s3.object.key) } },
    })),
  };
}

/**
 * Uploads that no stored edition accounts for: the process was killed after the upload and before its event
 * was queued, or its message was dead-lettered (an outage outlasted the retries). An upload is accounted for
 * when an edition of its language (or from its key) has its ETag as current version, failure or candidate, or
 * started processing after the upload was made (a newer upload replaced it). Only messages still pending
 * count as queued: a dead letter is not a decision.
 */
async function requeueUnaccounted(
  s3: S3Client,
  bucket: string,
  editions: DynamoDbEditionStore,
  queue: LocalQueue,
): Promise<string[]> {
  const queued = new Set(queue.pendingBodies().flatMap((body) => objectKeys(body)));
  const byCharter = new Map<string, EditionRecord[]>();
  const requeued: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'uploads/', ContinuationToken: token }),
    );
    token = page.NextContinuationToken;
    for (const object of page.Contents ?? []) {
      const key = object.Key!;
      if (queued.has(key)) continue;
      let parsed: ReturnType<typeof parseUploadKey>;
      try {
        parsed = parseUploadKey(key);
      } catch {
        continue;
      }
      let stored = byCharter.get(parsed.charter);
      if (!stored) {
        stored = await editions.listEditions(parsed.charter);
        byCharter.set(parsed.charter, stored);
      }
      const etag = (object.ETag ?? '').replaceAll('"', '');
      const uploadedAt = object.LastModified?.getTime() ?? 0;
      const done = stored.some((e) => {
        if (e.status === 'writing') return false;
        const fromKey = e.sourceKey === key || e.failedKey === key;
        // An upload under auto/ may have become any language's edition, or found one with the same bytes.
        const sameEdition = parsed.lang ? e.lang === parsed.lang || fromKey : true;
        if (!sameEdition) return false;
        if ((e.version > 0 && e.sourceEtag === etag) || e.failedEtag === etag) return true;
        if (e.candidate?.sourceKey === key && e.candidate.sourceEtag === etag) return true;
        // A later upload of the same edition was processed after this one was made.
        return (parsed.lang ? e.lang === parsed.lang : fromKey) && Date.parse(e.updatedAt) >= uploadedAt;
      });
      if (done) continue;
      queue.send(
        JSON.stringify(objectCreatedEvent(bucket, key, etag, object.Size ?? 0, object.LastModified)),
      );
      requeued.push(key);
    }
  } while (token);
  return requeued;
}

/** An S3 ObjectCreated event notification as S3 sends it to SQS. */
export function objectCreatedEvent(
  bucket: string,
  key: string,
  etag: string,
  size: number,
  createdAt: Date = new Date(),
) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: LOCAL_REGION,
        eventTime: createdAt.toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: s3EventKey(key), size, eTag: etag },
        },
      },
    ],
  };
}
