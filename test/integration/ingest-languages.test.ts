/**
 * Languages at ingest, on the embedded stack (s3rver, dynalite, the real ingest handler): a detected language
 * never replaces another upload's edition, a language's first edition must read as an edition of the charter,
 * and a language without a lexicon, or one that cannot be told, is aligned with its text left as it is, and
 * the stored edition says so.
 */
import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { udhrBlocks } from '../../bench/udhr-text.ts';
import { type LocalPipeline, startLocalPipeline } from '../../cli/local-pipeline.ts';
import { testDynamoDb } from '../fixtures/test-dynamodb.ts';

const CHARTER = 'integrating-cities';
const swedish = readFileSync(`corpus/charters/${CHARTER}/editions/sv.txt`, 'utf8');
/** The declaration in a language of the `udhr` package, a block a paragraph: an edition of the udhr charter. */
const declaration = (code: string) => udhrBlocks(code).join('\n\n');
const udhrEdition = (lang: string) => readFileSync(`corpus/charters/udhr/editions/${lang}.txt`, 'utf8');
const german =
  'Die Stadt verpflichtet sich, allen Burgerinnen und Burgern die gleichen Rechte und Moglichkeiten zu geben.\n\n' +
  'Sie unterstutzt die Teilnahme der Menschen mit Migrationshintergrund am offentlichen Leben und bietet ' +
  'Sprachkurse fur Erwachsene an.\n\n' +
  'Gemeinsam mit den Vereinen und Schulen entwickelt sie Massnahmen gegen Diskriminierung.\n';

let pipeline: LocalPipeline;

async function upload(key: string, body: string) {
  await pipeline.stack.s3.send(new PutObjectCommand({ Bucket: pipeline.stack.bucket, Key: key, Body: body }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  await pipeline.queue.idle();
}

async function cleanedText(lang: string, charter = CHARTER): Promise<string> {
  const stored = await pipeline.editions.getEdition(charter, lang);
  return read(stored?.outputs?.cleanedText);
}

async function read(key: string | undefined): Promise<string> {
  const blob = await pipeline.stack.s3.send(
    new GetObjectCommand({ Bucket: pipeline.stack.bucket, Key: key }),
  );
  return blob.Body!.transformToString();
}

beforeAll(async () => {
  pipeline = await startLocalPipeline(testDynamoDb());
  await upload(`uploads/${CHARTER}/sv/sv.txt`, swedish);
}, 120_000);
afterAll(async () => pipeline?.close());

describe('languages at ingest', { timeout: 120_000 }, () => {
  it('holds back three German sentences under auto/ as a candidate: no edition of a 42-clause charter', async () => {
    await upload(`uploads/${CHARTER}/auto/stadt.txt`, german);
    const de = await pipeline.editions.getEdition(CHARTER, 'de');
    expect(de).toMatchObject({
      status: 'candidate',
      version: 0,
      candidate: { version: 1, sourceKey: `uploads/${CHARTER}/auto/stadt.txt` },
    });
    expect(de!.candidate!.reasons.join(' ')).toMatch(
      /first edition of its language: only \d+ of the charter's 42 clauses were found at confidence 0.5 or more against 3 other languages \(at least 11 needed\)/,
    );
    expect(await pipeline.editions.listEditionClauses(CHARTER, 'de')).toEqual([]);
    // Kept with its reasons, read as German and cleaned with the German lexicon, for a reviewer to promote.
    const [kept] = await pipeline.editions.listVersions(CHARTER, 'de');
    expect(kept).toMatchObject({ version: 1, decision: 'candidate', detectedLang: 'de', cleaned: true });
    expect(await read(kept!.outputs?.cleanedText)).toMatch(
      /Bürgerinnen und Bürgern .* Sprachkurse für Erwachsene/su,
    );
    // The Swedish edition is not aligned again with it as a reference.
    const sv = await pipeline.editions.getEdition(CHARTER, 'sv');
    expect(sv).toMatchObject({ status: 'aligned', version: 1, sourceKey: `uploads/${CHARTER}/sv/sv.txt` });
    expect(sv!.referenceLangs).not.toContain('de');
  });

  it('stores a real German edition under auto/ as the current German edition, cleaned with its lexicon', async () => {
    await upload('uploads/udhr/auto/erklaerung.txt', udhrEdition('de'));
    const de = await pipeline.editions.getEdition('udhr', 'de');
    expect(de).toMatchObject({
      status: 'aligned',
      version: 1,
      detectedLang: 'de',
      cleaned: true,
      cleanReason: null,
    });
    expect(de!.candidate).toBeUndefined();
    expect(de!.clauseCount).toBeGreaterThan(80);
    expect(await cleanedText('de', 'udhr')).toMatch(/Allgemeine Erklärung der Menschenrechte/u);
    // And a French one, declared.
    await upload('uploads/udhr/fr/declaration.txt', udhrEdition('fr'));
    expect(await pipeline.editions.getEdition('udhr', 'fr')).toMatchObject({ status: 'aligned', version: 1 });
  });

  it('never lets an upload under auto/ replace the edition another upload made', async () => {
    const before = await pipeline.editions.listEditionClauses(CHARTER, 'sv');
    const version = (await pipeline.editions.getEdition(CHARTER, 'sv'))!.version;
    await upload(
      `uploads/${CHARTER}/auto/copy-of-sv.txt`,
      swedish.replace(/Integrating Cities/u, 'Integrating'),
    );
    const sv = await pipeline.editions.getEdition(CHARTER, 'sv');
    expect(sv).toMatchObject({ status: 'aligned', version, sourceKey: `uploads/${CHARTER}/sv/sv.txt` });
    expect(await pipeline.editions.listEditionClauses(CHARTER, 'sv')).toEqual(before);
    const refused = await pipeline.editions.getEdition(CHARTER, 'auto');
    expect(refused).toMatchObject({ status: 'failed', failedKey: `uploads/${CHARTER}/auto/copy-of-sv.txt` });
    expect(refused!.error).toMatch(
      /detected as 'sv', but the current 'sv' edition comes from uploads\/.*\/sv\/sv\.txt/u,
    );
    // The same upload again under its own language does replace it.
    await upload(
      `uploads/${CHARTER}/sv/copy-of-sv.txt`,
      swedish.replace(/Integrating Cities/u, 'Integrating'),
    );
    expect(await pipeline.editions.getEdition(CHARTER, 'sv')).toMatchObject({
      status: 'aligned',
      version: version + 1,
      sourceKey: `uploads/${CHARTER}/sv/copy-of-sv.txt`,
    });
  });

  it('aligns an upload in a language it cannot tell with its text as it is, stored under und, and says so', async () => {
    const icelandic = declaration('isl');
    await upload('uploads/udhr/auto/island.txt', icelandic);
    const und = await pipeline.editions.getEdition('udhr', 'und');
    expect(und).toMatchObject({ status: 'aligned', detectedLang: null, cleaned: false, changeCount: 0 });
    expect(und!.cleanReason).toMatch(/island\.txt.*the text is left as it is/u);
    // No word was "corrected" into another language's: every word of the upload is kept.
    const words = (text: string) => (text.match(/\p{L}+/gu) ?? []).sort();
    const stored = await pipeline.editions.listEditionClauses('udhr', 'und');
    expect(stored.length).toBeGreaterThan(40);
    const kept = new Set(words(icelandic));
    for (const clause of stored)
      for (const word of words(clause.text)) expect(kept.has(word), word).toBe(true);
    // A second upload in another unknown language does not replace it.
    await upload('uploads/udhr/auto/magyar.txt', declaration('hun'));
    expect(await pipeline.editions.getEdition('udhr', 'und')).toMatchObject({
      version: 1,
      sourceKey: 'uploads/udhr/auto/island.txt',
    });
  });

  it('aligns an upload in a named language without a lexicon, its text as it is, and says so', async () => {
    await upload('uploads/udhr/is/island.txt', declaration('isl'));
    const is = await pipeline.editions.getEdition('udhr', 'is');
    expect(is).toMatchObject({ status: 'aligned', detectedLang: null, cleaned: false, changeCount: 0 });
    expect(is!.cleanReason).toMatch(/no lexicon for 'is'/u);
    expect(await cleanedText('is', 'udhr')).not.toBe('');
  });
});
