/** An in-memory {@link BlobStore}: the bucket of the core's tests. */
import type { BlobStore, StoredBlob } from './types.ts';

/** Objects kept in a map, each with its bytes, an ETag and optional user metadata. */
export class MemoryBlobStore implements BlobStore {
  readonly objects = new Map<string, { body: Uint8Array; etag: string; metadata?: Record<string, string> }>();

  async head(key: string) {
    const object = this.objects.get(key);
    return object ? { size: object.body.byteLength, etag: object.etag, metadata: object.metadata } : null;
  }

  async get(key: string): Promise<StoredBlob> {
    const object = this.objects.get(key);
    if (!object) throw new Error(`no object ${key}`);
    return { bytes: object.body, etag: object.etag, size: object.body.byteLength };
  }

  async put(key: string, body: string, _contentType?: string) {
    this.objects.set(key, { body: new TextEncoder().encode(body), etag: String(body.length) });
  }
}
