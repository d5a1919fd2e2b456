import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPipeline, startLocalPipeline } from '../../cli/local-pipeline.ts';
import { testDynamoDb } from '../fixtures/test-dynamodb.ts';

const CHARTER = 'integrating-cities';
const edition = (lang: string) => readFileSync(`corpus/charters/${CHARTER}/editions/${lang}.txt`);

let pipeline: LocalPipeline;

async function upload(key: string, body: Uint8Array | string) {
  await pipeline.stack.s3.send(new PutObjectCommand({ Bucket: pipeline.stack.bucket, Key: key, Body: body }));
  // s3rver emits the event after answering the PUT; give it a tick to reach the queue.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await pipeline.queue.idle();
}

beforeAll(async () => {
  pipeline = await startLocalPipeline(testDynamoDb());
});
afterAll(async () => pipeline?.close());

describe('upload -> S3 event -> queue -> ingest -> DynamoDB -> API, on the embedded stack', () => {
  it('aligns an uploaded edition and serves one clause across the languages stored', async () => {
    await upload(`uploads/${CHARTER}/da/da.txt`, edition('da'));
    await upload(`uploads/${CHARTER}/nb/nb.txt`, edition('nb'));
    const { status, body } = await pipeline.get(`/charters/${CHARTER}/clauses/employers.2`);
    expect(status).toBe(200);
    const languages = (body as { languages: Record<string, { text: string }> }).languages;
    expect(Object.keys(languages).sort()).toEqual(['da', 'nb']);
    expect(languages.nb?.text).toMatch(/innvandrerbakgrunn/);
    expect(languages.da?.text).toMatch(/indvandrerbaggrund/);
  });

  it('lists an edition in canonical order with cleaned text', async () => {
    const { status, body } = await pipeline.get(`/charters/${CHARTER}/editions/nb`);
    expect(status).toBe(200);
    const ids = (body as { clauses: Array<{ id: string; text: string }> }).clauses.map((c) => c.id);
    expect(ids.indexOf('title')).toBeLessThan(ids.indexOf('policy-makers.1'));
    expect(ids.indexOf('policy-makers.1')).toBeLessThan(ids.indexOf('eu-asks.4'));
  });

  it('writes the processed text and alignment report back to S3', async () => {
    const stored = await pipeline.editions.getEdition(CHARTER, 'nb');
    const blob = await pipeline.stack.s3.send(
      new (await import('@aws-sdk/client-s3')).GetObjectCommand({
        Bucket: pipeline.stack.bucket,
        Key: stored?.outputs?.report,
      }),
    );
    const report = JSON.parse(await blob.Body!.transformToString()) as { clauses: unknown[] };
    expect(report.clauses.length).toBeGreaterThan(30);
  });

  it('does not re-process a re-upload of the same bytes', async () => {
    await upload(`uploads/${CHARTER}/da/da.txt`, edition('da'));
    expect((await pipeline.editions.getEdition(CHARTER, 'da'))?.version).toBe(1);
  });

  it('records a binary upload as failed, keeps the last good clauses, and dead-letters nothing', async () => {
    await upload(`uploads/${CHARTER}/da/da.txt`, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    const stored = await pipeline.editions.getEdition(CHARTER, 'da');
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toMatch(/not a text file/i);
    expect((await pipeline.editions.listEditionClauses(CHARTER, 'da')).length).toBeGreaterThan(30);
    expect(pipeline.queue.deadLetters).toEqual([]);
  });

  it('rejects an upload for an unknown charter with a clear reason', async () => {
    await upload('uploads/no-such-charter/sv/sv.txt', edition('sv'));
    const stored = await pipeline.editions.getEdition('no-such-charter', 'sv');
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toMatch(/no-such-charter/);
  });

  it('detects the language of an upload under auto/', async () => {
    await upload(`uploads/${CHARTER}/auto/unknown.txt`, edition('sv'));
    const stored = await pipeline.editions.getEdition(CHARTER, 'sv');
    expect(stored).toMatchObject({ status: 'aligned', detectedLang: 'sv' });
  });

  it('answers 404 for a clause nobody stored', async () => {
    expect((await pipeline.get(`/charters/${CHARTER}/clauses/no.such.clause`)).status).toBe(404);
  });
});
