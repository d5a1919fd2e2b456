/**
 * The embedded local stack: in-process S3 (s3rver) and DynamoDB (dynalite) servers on loopback ports,
 * reached through the real AWS SDK v3 clients. Data is kept under `dir` so runs can be inspected.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { TABLE_SCHEMA } from '../functions/adapters/dynamodb/table-schema.ts';

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
  dynamodbPort?: number;
}

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const region = 'us-east-1';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dir = options.dir;
  const bucket = options.bucket ?? 'charter-editions';
  const table = options.table ?? 'charter-clauses';
  if (dir) mkdirSync(`${dir}/s3`, { recursive: true });

  const s3Server = new S3rver({
    address: '127.0.0.1',
    port: options.s3Port ?? 0,
    silent: true,
    directory: dir ? `${dir}/s3` : await tempDir(),
  });
  const s3Address = (await s3Server.run()) as AddressInfo;
  const dynamoServer = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    path: dir ? `${dir}/dynamodb` : undefined,
  });
  await new Promise<void>((resolve) => dynamoServer.listen(options.dynamodbPort ?? 0, '127.0.0.1', resolve));
  const dynamoAddress = dynamoServer.address() as AddressInfo;

  const endpoints = {
    s3: `http://127.0.0.1:${s3Address.port}`,
    dynamodb: `http://127.0.0.1:${dynamoAddress.port}`,
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
      await new Promise<void>((resolve) => dynamoServer.close(() => resolve()));
    },
  };
}

async function ensureBucket(s3: S3Client, bucket: string) {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}

async function ensureTable(dynamodb: DynamoDBClient, table: string) {
  const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
  if (TableNames?.includes(table)) return;
  const attributeNames = new Set<string>([TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey]);
  for (const index of TABLE_SCHEMA.indexes) {
    attributeNames.add(index.partitionKey);
    attributeNames.add(index.sortKey);
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
      GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
}

async function tempDir(): Promise<string> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  return mkdtemp(`${tmpdir()}/charter-s3-`);
}
