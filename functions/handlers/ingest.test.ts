import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EditionProcessor, IngestDeps } from '../core/editions/ingest-edition.ts';
import { MemoryEditionStore } from '../core/editions/memory-edition-store.ts';
import type { BlobStore } from '../core/editions/types.ts';
import { createIngestHandler, type IngestMetrics } from './ingest.ts';

function blobs(objects: Record<string, string>): BlobStore & { puts: string[] } {
  const puts: string[] = [];
  return {
    puts,
    async head(key) {
      return key in objects ? { size: objects[key]!.length, etag: `etag-${objects[key]!.length}` } : null;
    },
    async get(key) {
      const bytes = new TextEncoder().encode(objects[key]);
      return { bytes, etag: `etag-${objects[key]!.length}`, size: bytes.byteLength };
    },
    async put(key) {
      puts.push(key);
    },
  };
}

const lines: EditionProcessor = async ({ bytes, lang }) => {
  const text = new TextDecoder().decode(bytes);
  if (text.startsWith('socket')) throw new Error('socket hang up');
  const clauses = text
    .split('\n')
    .map((line, order) => ({ id: `c${order}`, order, text: line, confidence: 1 }));
  return { lang: lang ?? 'sv', detectedLang: null, cleanedText: text, clauses, residue: [], changes: [] };
};

function s3Body(...keys: string[]) {
  return JSON.stringify({
    Records: keys.map((key) => ({
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'b' }, object: { key, size: 1, eTag: 'x' } },
    })),
  });
}

function sqs(...bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:1:q',
      awsRegion: 'us-east-1',
    })),
  } as unknown as SQSEvent;
}

function setup(objects: Record<string, string>) {
  const recorded: Array<[string, number]> = [];
  let published = 0;
  const metrics: IngestMetrics = {
    addMetric: (name, _unit, value) => recorded.push([name, value]),
    publishStoredMetrics: () => published++,
  };
  const editions = new MemoryEditionStore();
  const deps: IngestDeps = { blobs: blobs(objects), editions, process: lines };
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  return {
    handler: createIngestHandler(deps, logger, metrics),
    editions,
    recorded,
    published: () => published,
  };
}

describe('ingest handler', () => {
  it('reports only the messages that failed, ingests the rest and publishes metrics once', async () => {
    const { handler, editions, recorded, published } = setup({
      'uploads/c/sv/a b.txt': 'ett\ntvå',
      'uploads/c/da/a.txt': 'socket',
    });
    const response = await handler(
      sqs(
        s3Body('uploads/c/sv/a+b.txt'),
        'not json',
        JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put' }] }),
        JSON.stringify({ Event: 's3:TestEvent', Bucket: 'b' }),
        s3Body('uploads/c/da/a.txt'),
      ),
    );
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m1', 'm2', 'm4']);
    expect(await editions.getEdition('c', 'sv')).toMatchObject({
      version: 1,
      sourceKey: 'uploads/c/sv/a b.txt',
    });
    expect(recorded).toContainEqual(['EditionsAligned', 1]);
    expect(recorded).toContainEqual(['ClausesAligned', 2]);
    expect(recorded).toContainEqual(['IngestErrors', 1]);
    expect(recorded.filter(([name]) => name === 'MalformedMessages')).toHaveLength(2);
    expect(published()).toBe(1);
  });

  it('lists every message when all of them fail, instead of throwing', async () => {
    const { handler } = setup({});
    const response = await handler(sqs('[]', '{}'));
    expect(response.batchItemFailures).toHaveLength(2);
  });

  it('counts a re-delivery as unchanged', async () => {
    const { handler, recorded, editions } = setup({ 'uploads/c/sv/a.txt': 'ett' });
    await handler(sqs(s3Body('uploads/c/sv/a.txt')));
    await handler(sqs(s3Body('uploads/c/sv/a.txt')));
    expect(recorded.filter(([name]) => name.startsWith('Editions'))).toEqual([
      ['EditionsAligned', 1],
      ['EditionsUnchanged', 1],
    ]);
    expect(editions.saves).toBe(1);
  });

  it('refuses an event that is not an SQS event', async () => {
    const { handler } = setup({});
    await expect(handler({ Records: [{ body: 'x' }] } as unknown as SQSEvent)).rejects.toThrow(TypeError);
  });
});
