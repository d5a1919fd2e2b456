/**
 * The embedded stack across restarts: an upload that reached S3 but whose event never reached the queue (the
 * process died in between) is found at the next start and ingested.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmbeddedConfig } from '../cli/config.ts';
import { startLocalStack } from '../cli/local-stack.ts';
import { objectCreatedEvent, openStack } from '../cli/stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'charter-stack-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
/** A port free now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
// Fixed ports across restarts: the Lambda entry points keep the clients they were first built with, as in a
// warm Lambda container, so every stack this test process opens must be at the same endpoints.
const config: EmbeddedConfig = {
  kind: 'embedded',
  dataDir,
  bucket: 'charter-editions',
  table: 'charter-clauses',
  s3Port: await freePort(),
  dynamodbPort: await freePort(),
};
const KEY = 'uploads/integrating-cities/da/da.txt';

describe('embedded stack restart', { timeout: 120_000 }, () => {
  it('re-queues an upload no edition accounts for, once', async () => {
    // Servers only, no pipeline: the upload lands in S3 and its event goes nowhere.
    const bare = await startLocalStack({ dir: dataDir, bucket: config.bucket, table: config.table });
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

  it('counts an auto/ upload as done when its bytes are stored, or once the pipeline rejected it', async () => {
    const bare = await startLocalStack({ dir: dataDir, bucket: config.bucket, table: config.table });
    const put = (Key: string, Body: Uint8Array | string) =>
      bare.s3.send(new PutObjectCommand({ Bucket: config.bucket, Key, Body }));
    await put(
      'uploads/integrating-cities/auto/copy.txt',
      readFileSync('corpus/charters/integrating-cities/editions/da.txt'),
    );
    await put('uploads/integrating-cities/auto/numbers.txt', '1234 5678 9012\n3456 7890\n');
    await bare.close();

    const first = await openStack(config, { command: 'test' });
    try {
      // copy.txt holds the bytes of the stored Danish edition: nothing to do. numbers.txt is new.
      expect(first.requeued).toEqual(['uploads/integrating-cities/auto/numbers.txt']);
      await first.settle();
      expect(first.queue?.deadLetters).toEqual([]);
      // No language can be told from digits: the upload is recorded as failed, not retried.
      const failed = (await first.editions.listEditions('integrating-cities')).find(
        (e) => e.failedKey === 'uploads/integrating-cities/auto/numbers.txt',
      );
      expect(failed?.status).toBe('failed');
    } finally {
      await first.close();
    }
    const second = await openStack(config, { command: 'test' });
    try {
      expect(second.requeued).toEqual([]);
    } finally {
      await second.close();
    }
  });
  it('re-queues an upload whose message an earlier run dead-lettered (an outage outlasted the retries)', async () => {
    const key = 'uploads/integrating-cities/nb/after outage.txt';
    const bare = await startLocalStack({ dir: dataDir, bucket: config.bucket, table: config.table });
    await bare.s3.send(
      new PutObjectCommand({
        Bucket: config.bucket,
        Key: key,
        Body: readFileSync('corpus/charters/integrating-cities/editions/nb.txt'),
      }),
    );
    await bare.close();
    // What the queue leaves after 3 failed receives.
    mkdirSync(join(dataDir, 'queue', 'dead'), { recursive: true });
    const letter = {
      id: 'dead-1',
      body: JSON.stringify(objectCreatedEvent(config.bucket, key, 'x', 1)),
      error: 'connect ECONNREFUSED 127.0.0.1:8000',
      receives: 3,
    };
    writeFileSync(join(dataDir, 'queue', 'dead', 'dead-1.json'), JSON.stringify(letter));

    const stack = await openStack(config, { command: 'test' });
    try {
      expect(stack.requeued).toEqual([key]);
      await stack.settle();
      expect(await stack.editions.getEdition('integrating-cities', 'nb')).toMatchObject({
        status: 'aligned',
        sourceKey: key,
      });
    } finally {
      await stack.close();
    }
    const again = await openStack(config, { command: 'test' });
    try {
      expect(again.requeued).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
