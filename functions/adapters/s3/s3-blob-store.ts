import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BlobHead, BlobStore, StoredBlob } from '../../core/editions/types.ts';

/** BlobStore on one S3 bucket; `head` reads user metadata (`x-amz-meta-*`) too. */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async head(key: string): Promise<BlobHead | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        size: head.ContentLength ?? 0,
        etag: stripQuotes(head.ETag),
        metadata: lowerCaseKeys(head.Metadata ?? {}),
        ...(head.VersionId ? { versionId: head.VersionId } : {}),
      };
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return null;
      throw error;
    }
  }

  async get(key: string, etag?: string): Promise<StoredBlob> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(etag ? { IfMatch: `"${etag}"` } : {}) }),
    );
    // S3 answers 412 to IfMatch itself; servers that ignore IfMatch (s3rver) are caught here.
    if (etag && stripQuotes(object.ETag) !== etag) {
      throw new Error(`${key} changed since it was headed (ETag ${etag}, now ${stripQuotes(object.ETag)})`);
    }
    const bytes = await object.Body!.transformToByteArray();
    return { bytes, etag: stripQuotes(object.ETag), size: bytes.byteLength };
  }

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }
}

function stripQuotes(etag: string | undefined): string {
  return (etag ?? '').replaceAll('"', '');
}

function lowerCaseKeys(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key.toLowerCase(), value]));
}
