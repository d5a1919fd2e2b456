import { z } from 'zod';

const s3EventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventName: z.string(),
        s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
      }),
    )
    .default([]),
});

/** Object keys of the ObjectCreated records in an S3 event notification (the body of an ingest queue message). */
export function objectCreatedKeys(body: string): string[] {
  const parsed = JSON.parse(body) as { Event?: string };
  if (parsed.Event === 's3:TestEvent') return [];
  return s3EventSchema
    .parse(parsed)
    .Records.filter((record) => record.eventName.startsWith('ObjectCreated'))
    .map((record) => decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')));
}
