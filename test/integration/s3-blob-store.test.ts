import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { S3BlobStore } from '../../functions/adapters/s3/s3-blob-store.ts';

let stack: LocalStack;
let blobs: S3BlobStore;

beforeAll(async () => {
  stack = await startLocalStack();
  blobs = new S3BlobStore(stack.s3, stack.bucket);
});
afterAll(async () => stack?.close());

describe('S3BlobStore on s3rver', () => {
  it('heads an upload with its size, unquoted ETag and x-amz-meta-* metadata', async () => {
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: 'uploads/edition.txt',
        Body: 'Avsiktsförklaring',
        Metadata: { Charter: 'integrating-cities', lang: 'sv' },
      }),
    );
    const head = await blobs.head('uploads/edition.txt');
    expect(head).toMatchObject({
      size: Buffer.byteLength('Avsiktsförklaring'),
      metadata: { charter: 'integrating-cities', lang: 'sv' },
    });
    expect(head?.etag).toMatch(/^[0-9a-f]{32}$/);
    const blob = await blobs.get('uploads/edition.txt');
    expect(new TextDecoder().decode(blob.bytes)).toBe('Avsiktsförklaring');
    expect(blob.etag).toBe(head?.etag);
  });

  it('reads an object only while it has the ETag that was headed', async () => {
    const key = 'uploads/overwritten.txt';
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: 'first' }));
    const head = await blobs.head(key);
    expect(new TextDecoder().decode((await blobs.get(key, head!.etag)).bytes)).toBe('first');
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: 'second' }));
    await expect(blobs.get(key, head!.etag)).rejects.toThrow();
  });

  it('answers null for an object that is not there', async () => {
    expect(await blobs.head('uploads/nothing-here.txt')).toBeNull();
  });

  it('writes processed output with its content type', async () => {
    await blobs.put('processed/c/sv/1/a.alignment.json', '{"ok":true}', 'application/json');
    const object = await stack.s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: 'processed/c/sv/1/a.alignment.json' }),
    );
    expect(object.ContentType).toBe('application/json');
    expect(await object.Body?.transformToString()).toBe('{"ok":true}');
  });
});
