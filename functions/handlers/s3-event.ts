// zod/mini: the functional zod API, which esbuild tree-shakes (the chained one adds about 450 KB to a bundle).
import * as z from 'zod/mini';

const nonEmpty = () => z.string().check(z.minLength(1));

/** One SQS record as Lambda delivers it; only what the ingest handler reads is required. */
export const sqsRecordSchema = z.looseObject({
  messageId: nonEmpty(),
  body: z.string(),
  eventSource: z.optional(z.literal('aws:sqs')),
  attributes: z.optional(z.looseObject({ ApproximateReceiveCount: z.optional(z.string()) })),
});

/** The SQS event of the ingest function. */
export const sqsEventSchema = z.object({ Records: z.array(sqsRecordSchema) });

const s3RecordSchema = z.object({
  eventName: z.string(),
  eventTime: z.optional(z.string()),
  s3: z.object({
    bucket: z.object({ name: nonEmpty() }),
    object: z.object({
      key: nonEmpty(),
      size: z.optional(z.number().check(z.nonnegative())),
      eTag: z.optional(z.string()),
      versionId: z.optional(z.string()),
      sequencer: z.optional(z.string()),
    }),
  }),
});

/** An S3 event notification, the body of an ingest queue message. */
export const s3EventSchema = z.object({ Records: z.array(s3RecordSchema) });

/** An object an ObjectCreated record announces; the key is URL-decoded as S3 encodes it in events. */
export interface CreatedObject {
  bucket: string;
  key: string;
  eTag?: string;
  versionId?: string;
  size?: number;
  /** When S3 made the object (ISO time, milliseconds). */
  eventTime?: string;
  /** S3's order of the events of one key (hex; compare left-padded). */
  sequencer?: string;
}

/**
 * The created objects announced by an ingest queue message. Throws a zod error (or `SyntaxError`) for a body
 * that is not an S3 event notification: such a message is retried and then dead-lettered, not dropped.
 */
export function createdObjects(body: string): CreatedObject[] {
  const json: unknown = JSON.parse(body);
  // S3 sends a test event once, when the notification is configured.
  if ((json as { Event?: unknown } | null)?.Event === 's3:TestEvent') return [];
  return s3EventSchema
    .parse(json)
    .Records.filter((record) => record.eventName.startsWith('ObjectCreated'))
    .map((record) => ({
      bucket: record.s3.bucket.name,
      key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
      eTag: record.s3.object.eTag,
      versionId: record.s3.object.versionId,
      size: record.s3.object.size,
      eventTime: record.eventTime,
      sequencer: record.s3.object.sequencer,
    }));
}

/** Object keys of the ObjectCreated records in an S3 event notification. */
export function objectCreatedKeys(body: string): string[] {
  return createdObjects(body).map((object) => object.key);
}

/**
 * An object key as S3 writes it in event notifications: URL-encoded, with spaces as `+` (what
 * {@link createdObjects} decodes). For servers that put raw keys in their events (s3rver), and for events made
 * by hand.
 */
export function s3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}
