/**
 * The embedded stack across restarts: an upload that reached S3 but whose event never reached the queue (the
 * process died in between) is found at the next start and ingested.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmbeddedConfig } from '../cli/config.ts';
import { startLocalStack } from '../cli/local-stack.ts';
import { openStack } from '../cli/stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'charter-stack-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config: EmbeddedConfig = {
  kind: 'embedded',
  dataDir,
  bucket: 'charter-editions',
  table: 'charter-clauses',
  s3Port: 0,
  dynamodbPort: 0,
};
const KEY = 'uploads/integrating-cities/da/da.txt';

describe('embedded stack restart', { timeout: 120_000 }, () => {
  it('re-queues an upload no edition accounts for, once', async () => {
    // Servers only, no pipeline: the upload lands in S3 and its event goes nowhere.
    const bare = await startLocalStack({ dir: join(dataDir), bucket: config.bucket, table: config.table });
    await bare.s3.send(
      new PutObjectCommand({
        Bucket: config.bucket,
        Key: KEY,
        Body: readFileSync('corpus/charters/integrating-cities/editions/da.txt'),
      }),
    );
    await bare.close();

    const stack = await openStack(config, { command: 'test' });
    try {
      expect(stack.mode).toBe('embedded');
      expect(stack.requeued).toEqual([KEY]);
      await stack.settle();
      const edition = await stack.editions.getEdition('integrating-cities', 'da');
      expect(edition).toMatchObject({ status: 'aligned', sourceKey: KEY });
      expect(edition!.clauseCount).toBeGreaterThan(30);
    } finally {
      await stack.close();
    }

    const again = await openStack(config, { command: 'test' });
    try {
      expect(again.requeued).toEqual([]);
      expect(again.queue?.size).toBe(0);
    } finally {
      await again.close();
    }
  });
});
