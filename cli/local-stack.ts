/**
 * The embedded local stack: in-process S3 (s3rver) and DynamoDB (dynalite) servers on loopback ports,
 * reached through the real AWS SDK v3 clients. Data is kept under `dir` so runs can be inspected.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { TABLE_SCHEMA } from '../functions/adapters/dynamodb/table-schema.ts';
import { s3KeyGuard } from './s3-key-guard.ts';

export interface LocalStack {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  table: string;
  endpoints: { s3: string; dynamodb: string };
  /** Subscribes to S3 ObjectCreated event notifications (the AWS S3 event JSON). */
  onObjectCreated(listener: (event: S3EventNotification) => void): void;
  close(): Promise<void>;
}

export interface S3EventNotification {
  Records: Array<{
    eventName: string;
    s3: {
      bucket: { name: string };
      object: { key: string; size?: number; eTag?: string; sequencer?: string };
    };
  }>;
}

export interface LocalStackOptions {
  /** Folder for S3 objects and DynamoDB data; omit to keep DynamoDB in memory. */
  dir?: string;
  bucket?: string;
  table?: string;
  /** 0 picks free ports. */
  s3Port?: number;
  /** Object key prefixes the S3 server accepts (default `uploads/`, `processed/`). */
  keyPrefixes?: readonly string[];
  dynamodbPort?: number;
  /** An external DynamoDB endpoint (e.g. DynamoDB Local) to use instead of starting dynalite. */
  dynamodbEndpoint?: string;
}

/** Credentials and region the embedded servers accept (they check neither). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'us-east-1';
const credentials = LOCAL_CREDENTIALS;
const region = LOCAL_REGION;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dir = options.dir;
  const bucket = options.bucket ?? 'charter-editions';
  const table = options.table ?? 'charter-clauses';
  if (dir) mkdirSync(`${dir}/s3`, { recursive: true });
  const temporary = dir ? undefined : await tempDir();

  // The servers' packages (Koa, LevelDB, loggers) load only when a stack starts: a command attached to another
  // process's stack (`charter query` beside `charter serve`) never pays for them.
  const { default: S3rver } = await import('s3rver');
  const s3Server = new S3rver({
    address: '127.0.0.1',
    port: options.s3Port ?? 0,
    silent: true,
    directory: dir ? `${dir}/s3` : temporary!,
  });
  // Keys are checked before s3rver sees them (it stores objects as files named after their keys).
  s3Server.middleware.unshift(s3KeyGuard({ prefixes: options.keyPrefixes }));
  const s3Address = (await s3Server.run()) as AddressInfo;
  const dynamoServer = options.dynamodbEndpoint
    ? undefined
    : (await import('dynalite')).default({
        createTableMs: 0,
        deleteTableMs: 0,
        updateTableMs: 0,
        path: dir ? `${dir}/dynamodb` : undefined,
      });
  if (dynamoServer) {
    await new Promise<void>((resolve) =>
      dynamoServer.listen(options.dynamodbPort ?? 0, '127.0.0.1', resolve),
    );
  }

  const endpoints = {
    s3: `http://127.0.0.1:${s3Address.port}`,
    dynamodb: options.dynamodbEndpoint ?? `http://127.0.0.1:${(dynamoServer!.address() as AddressInfo).port}`,
  };
  const s3 = new S3Client({ endpoint: endpoints.s3, forcePathStyle: true, region, credentials });
  const dynamodb = new DynamoDBClient({ endpoint: endpoints.dynamodb, region, credentials });
  await ensureBucket(s3, bucket);
  await ensureTable(dynamodb, table);

  return {
    s3,
    dynamodb,
    bucket,
    table,
    endpoints,
    onObjectCreated(listener) {
      s3Server.on('event', (event: S3EventNotification) => {
        if (event.Records.some((r) => r.eventName.startsWith('ObjectCreated'))) listener(event);
      });
    },
    async close() {
      s3.destroy();
      dynamodb.destroy();
      await s3Server.close();
      if (dynamoServer) await new Promise<void>((resolve) => dynamoServer.close(() => resolve()));
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    },
  };
}

/** Creates the bucket unless it exists. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}

/**
 * Creates the table as the CDK construct does (TABLE_SCHEMA: keys and every GSI, all string attributes,
 * on-demand). A table kept from an older run gets the indexes the schema gained since.
 */
export async function ensureTable(dynamodb: DynamoDBClient, table: string): Promise<void> {
  const attributeNames = new Set<string>([TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey]);
  for (const index of TABLE_SCHEMA.indexes) {
    attributeNames.add(index.partitionKey);
    attributeNames.add(index.sortKey);
  }
  const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
  if (TableNames?.includes(table)) {
    await addMissingIndexes(dynamodb, table);
    return;
  }
  await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributeNames].map((AttributeName) => ({
        AttributeName,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map(indexDefinition),
    }),
  );
  await waitUntilActive(dynamodb, table);
}

/**
 * Waits until the table and its indexes are ACTIVE: a table still CREATING answers reads and writes with
 * ResourceNotFoundException (dynalite flips the status asynchronously even with createTableMs 0).
 */
async function waitUntilActive(dynamodb: DynamoDBClient, table: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 1000)) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${table} is not ACTIVE after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function addMissingIndexes(dynamodb: DynamoDBClient, table: string): Promise<void> {
  let existing: Set<string>;
  try {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
    existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? ''));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return;
    throw error;
  }
  for (const index of TABLE_SCHEMA.indexes) {
    if (existing.has(index.name)) continue;
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ],
        GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
      }),
    );
  }
  await waitUntilActive(dynamodb, table);
}

/** A global secondary index of TABLE_SCHEMA as CreateTable and UpdateTable take it (all attributes projected). */
function indexDefinition(index: (typeof TABLE_SCHEMA.indexes)[number]) {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  };
}

async function tempDir(): Promise<string> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  return mkdtemp(`${tmpdir()}/charter-s3-`);
}
