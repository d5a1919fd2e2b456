/**
 * Reliability on the embedded stack (s3rver, dynalite or DynamoDB Local with CHARTER_TEST_DYNAMODB=local, the
 * real ingest handler behind the local queue): bad
 * uploads straight into the bucket never replace a good edition, and each one ends with a clear recorded
 * reason; the newer of two uploads in one batch wins; a duplicate delivery makes one version; S3 event keys are
 * URL-decoded. The slow repetitions (20 trials) are bench/reliability/run.ts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalQueue } from '../cli/local-queue.ts';
import { type LocalStack, type S3EventNotification, startLocalStack } from '../cli/local-stack.ts';
import { asS3Event, objectCreatedEvent } from '../cli/stack.ts';
import { DynamoDbEditionStore } from '../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { S3BlobStore } from '../functions/adapters/s3/s3-blob-store.ts';
import type { IngestOutcome } from '../functions/core/editions/ingest-edition.ts';
import { promoteCandidate, rollBack } from '../functions/core/editions/restore-version.ts';
import type { EditionRecord } from '../functions/core/editions/types.ts';
import { createIngestHandler } from '../functions/handlers/ingest.ts';
import { processEdition } from '../functions/handlers/process-edition.ts';
import { encodeUtf16 } from './fixtures/encode-text.ts';
import { seededRandom } from './fixtures/seeded-random.ts';
import { testDynamoDb, testDynamoDbName } from './fixtures/test-dynamodb.ts';

const C = 'integrating-cities';
const text = (lang: string) => readFileSync(`corpus/charters/${C}/editions/${lang}.txt`, 'utf8');
const NEWS =
  'The city council met on Tuesday evening to discuss the new budget for public transport. Officials said ' +
  'that ticket prices would rise by five percent next year, while several bus lines in the northern districts ' +
  'would run more often. Opposition members criticised the plan, arguing that families on low incomes would ' +
  'pay the price. A final vote is expected before the end of the month, the mayor told reporters.';

let stack: LocalStack;
let editions: DynamoDbEditionStore;
let queue: LocalQueue;
let handler: ReturnType<typeof createIngestHandler>;
/** Whether s3rver's events go to the queue (off where a test delivers its own events). */
let forward = true;
/** The handler's log of each ingest outcome, by object key. */
const outcomes = new Map<string, IngestOutcome[]>();

/** A logger that records the outcome attributes the ingest handler logs. */
const recorder = {
  info: (_message: string, attributes: { key?: string } & Partial<IngestOutcome>) => record(attributes),
  warn: (_message: string, attributes: { key?: string } & Partial<IngestOutcome>) => record(attributes),
  error: () => {},
  addContext: () => {},
} as unknown as Logger;

function record(attributes: { key?: string } & Partial<IngestOutcome>) {
  if (!attributes?.key || !attributes.status) return;
  outcomes.set(attributes.key, [...(outcomes.get(attributes.key) ?? []), attributes as IngestOutcome]);
}

async function put(key: string, body: Uint8Array | string, metadata?: Record<string, string>) {
  await stack.s3.send(
    new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body, Metadata: metadata }),
  );
  // s3rver emits its event after answering the PUT.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await queue.idle();
}

/** What identifies a good edition: its version, upload and clause texts. */
async function snapshot(lang: string) {
  const edition = (await editions.getEdition(C, lang)) as EditionRecord;
  const clauses = await editions.listEditionClauses(C, lang);
  return {
    version: edition.version,
    sourceEtag: edition.sourceEtag,
    clauses: clauses.map((c) => `${c.clauseId}:${c.text}`),
  };
}

beforeAll(async () => {
  stack = await startLocalStack(testDynamoDb());
  editions = new DynamoDbEditionStore(stack.dynamodb, stack.table);
  handler = createIngestHandler(
    { blobs: new S3BlobStore(stack.s3, stack.bucket), editions, process: processEdition },
    recorder,
  );
  queue = new LocalQueue(async (event) => handler(event), { retryDelayMs: () => 50 });
  stack.onObjectCreated((event: S3EventNotification) => {
    if (forward && event.Records.some((r) => r.s3.object.key.startsWith('uploads/')))
      queue.send(JSON.stringify(asS3Event(event)));
  });
  await put(`uploads/${C}/sv/sv.txt`, text('sv'));
  await put(`uploads/${C}/da/da.txt`, text('da'));
}, 180_000);
afterAll(async () => stack?.close());

/** Latin-1 noise: binary bytes that decode as Windows-1252 without a single control character. */
function latin1Noise(length: number): Uint8Array {
  const random = seededRandom(7);
  // Printable ASCII and Latin-1 letters and signs (0xA0-0xFF): no byte that decodes as a control character.
  return Uint8Array.from({ length }, () => {
    const b = 0x20 + Math.floor(random() * 0xbf);
    return b < 0x7f ? b : b + 0x21;
  });
}

describe(`bad uploads never replace a good edition (${testDynamoDbName()})`, { timeout: 180_000 }, () => {
  // Each upload, the edition whose record must show why it failed, and that reason.
  const rejected: Array<[string, string, () => Uint8Array | string, RegExp, Record<string, string>?]> = [
    ['empty', 'sv', () => '', /empty/i],
    ['PDF bytes', 'sv', () => Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), /PDF/],
    [
      'PNG bytes',
      'sv',
      () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      /PNG/,
    ],
    ['a zip', 'da', () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]), /ZIP/],
    ['random bytes', 'sv', () => randomBytes(8000), /not a text file|does not read as text/i],
    ['binary read as Latin-1', 'da', () => latin1Noise(20_000), /does not read as text in any language/],
    [
      'invalid UTF-8',
      'sv',
      () => Buffer.from(Array.from({ length: 3000 }, (_, i) => [0xc3, 0x28, 0xe2, 0x28, 0xa1, 0x20][i % 6]!)),
      /does not read as text|binary/i,
    ],
    ['an English news paragraph as Swedish', 'sv', () => NEWS, /declared 'sv' but reads as 'en'/],
    ['Swedish under da/', 'da', () => text('sv'), /declared 'da' but reads as 'sv'/],
    [
      'Swedish with x-amz-meta-lang da',
      'da',
      () => `${text('sv')}\n`,
      /declared 'da' but reads as 'sv'/,
      { charter: C, lang: 'da' },
    ],
    ['over the size limit', 'sv', () => Buffer.alloc(5 * 1024 * 1024 + 1, 0x61), /limit/],
  ];

  it.each(rejected)(
    'rejects %s with a recorded reason; sv and da stay as they were',
    async (what, lang, body, reason, meta) => {
      const before = { sv: await snapshot('sv'), da: await snapshot('da') };
      const key = meta
        ? `uploads/${what.replace(/\W+/g, '-')}.txt`
        : `uploads/${C}/${lang}/${what.replace(/\W+/g, '-')}.txt`;
      await put(key, body(), meta);
      const edition = await editions.getEdition(C, lang);
      expect(edition).toMatchObject({ status: 'failed', failedKey: key });
      expect(edition!.error).toMatch(reason);
      expect(outcomes.get(key)?.at(-1)).toMatchObject({ status: 'rejected' });
      expect({ sv: await snapshot('sv'), da: await snapshot('da') }).toEqual(before);
    },
  );

  it('keeps a tiny fragment of an edition as a candidate with its reasons; promote-able, not current', async () => {
    const before = await snapshot('sv');
    const fragment = text('sv')
      .split(/\n\s*\n/)
      .slice(0, 6)
      .join('\n\n');
    const key = `uploads/${C}/sv/fragment.txt`;
    await put(key, fragment);
    expect(await snapshot('sv')).toEqual(before);
    const edition = await editions.getEdition(C, 'sv');
    expect(edition!.candidate).toMatchObject({ sourceKey: key });
    expect(edition!.candidate!.reasons.join(' ')).toMatch(/clauses against the current version's/);
    const versions = await editions.listVersions(C, 'sv');
    expect(versions.find((v) => v.sourceKey === key)).toMatchObject({ decision: 'candidate' });
  });

  it('promotes the candidate on request, and rolls back to the good edition with the same clauses', async () => {
    const good = await snapshot('sv');
    const deps = { blobs: new S3BlobStore(stack.s3, stack.bucket), editions };
    const promoted = await promoteCandidate(C, 'sv', undefined, deps);
    expect(promoted.sourceKey).toBe(`uploads/${C}/sv/fragment.txt`);
    expect(await editions.getEdition(C, 'sv')).toMatchObject({ version: promoted.version });
    expect((await snapshot('sv')).clauses.length).toBeLessThan(good.clauses.length);
    const back = await rollBack(C, 'sv', undefined, deps);
    expect(back.sourceKey).toBe(`uploads/${C}/sv/sv.txt`);
    const restored = await snapshot('sv');
    expect(restored.clauses).toEqual(good.clauses);
    expect(restored.sourceEtag).toBe(good.sourceEtag);
    expect(restored.version).toBeGreaterThan(promoted.version);
  });

  it('records an upload for an unknown charter as failed there, and ignores keys outside the layout', async () => {
    const before = { sv: await snapshot('sv'), da: await snapshot('da') };
    await put('uploads/no-such-charter/sv/sv.txt', text('sv'));
    expect((await editions.getEdition('no-such-charter', 'sv'))?.error).toMatch(/no-such-charter/);
    await put(`uploads/${C}/sv/deeper/sv.txt`, text('sv'));
    expect(outcomes.get(`uploads/${C}/sv/deeper/sv.txt`)?.at(-1)).toMatchObject({ status: 'ignored' });
    // A key outside the layout never reaches the pipeline: the embedded S3 server refuses it (S3 key guard).
    await expect(put('elsewhere/sv.txt', text('sv'))).rejects.toThrow(/outside uploads/);
    expect(outcomes.has('elsewhere/sv.txt')).toBe(false);
    // An event naming a key with `..` finds no such upload: ignored with the reason.
    const dots = `uploads/${C}/../sv/x.txt`;
    await handler(sqs([objectCreatedEvent(stack.bucket, dots, 'e', 1)]));
    expect(outcomes.get(dots)?.at(-1)).toMatchObject({ status: 'ignored' });
    expect({ sv: await snapshot('sv'), da: await snapshot('da') }).toEqual(before);
  });

  it('reads keys with +, % and spaces as the objects they name', async () => {
    for (const name of ['a+b.txt', '100%.txt', 'my copy.txt']) {
      const key = `uploads/${C}/sv/${name}`;
      await put(key, text('sv'));
      // The same bytes as the current edition: found unchanged, not ignored or dead-lettered.
      expect(outcomes.get(key)?.at(-1), name).toMatchObject({ status: 'unchanged' });
    }
    expect(queue.deadLetters).toEqual([]);
  });

  it('keeps an edition re-uploaded as UTF-16 without a byte-order mark', async () => {
    const before = await snapshot('da');
    const key = `uploads/${C}/da/utf16.txt`;
    await put(key, encodeUtf16(text('da'), 'le', false));
    expect(outcomes.get(key)?.at(-1)).toMatchObject({ status: 'aligned' });
    // A new version with the same clauses: read as the text it is.
    expect((await snapshot('da')).clauses).toEqual(before.clauses);
  });
});

describe(`upload order and redelivery (${testDynamoDbName()})`, { timeout: 180_000 }, () => {
  beforeAll(() => {
    forward = false;
  });

  it('lets the newer of two uploads in one batch win, whichever the batch lists first', async () => {
    const older = text('nb');
    const newer = text('nb').replace(/\n\s*\n/u, '\n\nNy inledning.\n\n');
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: `uploads/${C}/nb/old.txt`, Body: older }),
    );
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: `uploads/${C}/nb/new.txt`, Body: newer }),
    );
    const t = Date.now();
    const event = (key: string, ms: number) => ({
      ...objectCreatedEvent(stack.bucket, key, '', 1, new Date(ms)),
    });
    // The newer upload listed first: processed in parallel, the older may finish last.
    await handler(sqs([event(`uploads/${C}/nb/new.txt`, t), event(`uploads/${C}/nb/old.txt`, t - 1000)]));
    expect((await editions.getEdition(C, 'nb'))?.sourceKey).toBe(`uploads/${C}/nb/new.txt`);
    // The older one either lost the race to the pointer (superseded, naming the newer) or was current first.
    const old = outcomes.get(`uploads/${C}/nb/old.txt`)?.at(-1);
    if (old?.status === 'superseded') expect(old.by).toBe(`uploads/${C}/nb/new.txt`);
    else expect(old?.status).toBe('aligned');
  });

  it('makes exactly one version of one upload delivered twice in a batch', async () => {
    const key = `uploads/${C}/nb/again.txt`;
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: key,
        Body: text('nb').replace('Charter', 'Charter.'),
      }),
    );
    const event = objectCreatedEvent(stack.bucket, key, '', 1, new Date());
    const before = (await editions.listVersions(C, 'nb')).length;
    await handler(sqs([event, event]));
    expect((await editions.listVersions(C, 'nb')).length).toBe(before + 1);
    expect(
      outcomes
        .get(key)
        ?.map((o) => o.status)
        .sort(),
    ).toEqual(['aligned', 'unchanged']);
  });
});

function sqs(events: object[]): SQSEvent {
  return {
    Records: events.map((event, i) => ({
      messageId: `m${i}-${Math.random()}`,
      receiptHandle: 'r',
      body: JSON.stringify(event),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:ingest',
      awsRegion: 'us-east-1',
    })),
  };
}
