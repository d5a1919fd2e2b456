/**
 * Endpoints configured elsewhere (here: servers standing in for DynamoDB Local and MinIO, which send no S3
 * events): the CLI starts no server of its own, creates the bucket and table, and delivers its own uploads'
 * ObjectCreated events to the ingest handler.
 */
import { join } from 'node:path';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles } from '../cli/ingest-files.ts';
import { LOCAL_CREDENTIALS, type LocalStack, startLocalStack } from '../cli/local-stack.ts';
import { openStack } from '../cli/stack.ts';

let services: LocalStack;
beforeAll(async () => {
  services = await startLocalStack({ bucket: 'unused', table: 'unused' });
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
});
afterAll(async () => services?.close());

describe('remote endpoints', { timeout: 120_000 }, () => {
  it('ingests through the configured services with the pipeline run here', async () => {
    const stack = await openStack(
      {
        kind: 'remote',
        endpoints: services.endpoints,
        bucket: 'elsewhere-editions',
        table: 'elsewhere-clauses',
        pipeline: 'local',
        createResources: true,
      },
      { command: 'test' },
    );
    try {
      expect(stack.mode).toBe('remote');
      await services.s3.send(new HeadBucketCommand({ Bucket: 'elsewhere-editions' }));
      const { Table } = await services.dynamodb.send(
        new DescribeTableCommand({ TableName: 'elsewhere-clauses' }),
      );
      expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['GSI1', 'ReviewQueue']);

      const [result] = await ingestFiles(
        stack,
        [
          {
            file: join('corpus/charters/integrating-cities/editions/nb.txt'),
            charter: 'integrating-cities',
            lang: 'nb',
          },
        ],
        { timeoutMs: 60_000 },
      );
      expect(result).toMatchObject({
        status: 'aligned',
        lang: 'nb',
        key: 'uploads/integrating-cities/nb/nb.txt',
      });
      const records = await stack.editions.getClause('integrating-cities', 'policy-makers.2');
      expect(records.map((r) => r.lang)).toEqual(['nb']);
    } finally {
      await stack.close();
    }
  });
});
