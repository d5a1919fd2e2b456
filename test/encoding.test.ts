/**
 * The same edition saved as UTF-8 (with and without BOM), UTF-16 LE/BE and Windows-1252 must clean
 * to the same text through the whole pipeline (decode, normalise, dehyphenate, fix-ocr, paragraphs).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfusionModel, loadLanguage } from '../functions/adapters/resources/index.ts';
import { cleanText } from '../functions/core/text/clean-text.ts';
import { decodeBytes } from '../functions/core/text/decode-bytes/index.ts';
import type { CleanResult, ConfusionModel, LanguageResources } from '../functions/core/text/types.ts';
import { encodeUtf8, encodeUtf16, encodeWindows1252 } from './fixtures/encode-text.ts';

const editions = ['sv', 'nb', 'da'] as const;
const source = (lang: string) =>
  readFileSync(
    new URL(`../corpus/charters/integrating-cities/editions/${lang}.txt`, import.meta.url),
    'utf8',
  );

const savedAs: Record<string, (text: string) => Uint8Array> = {
  'UTF-8 with BOM': (text) => encodeUtf8(text, true),
  'UTF-16 LE': (text) => encodeUtf16(text, 'le'),
  'UTF-16 BE': (text) => encodeUtf16(text, 'be'),
  'Windows-1252': encodeWindows1252,
};

describe.each(editions)('the %s edition in other encodings', (lang) => {
  let resources: LanguageResources;
  let confusions: ConfusionModel;
  let reference: CleanResult;
  const text = source(lang);

  beforeAll(async () => {
    [resources, confusions] = await Promise.all([loadLanguage(lang), loadConfusionModel()]);
    reference = await cleanText(decodeBytes(encodeUtf8(text)).text, { resources, confusions });
  });

  it.each(Object.keys(savedAs))('cleans the same when saved as %s', async (encoding) => {
    let bytes: Uint8Array;
    try {
      bytes = savedAs[encoding]!(text);
    } catch (error) {
      // The Danish extraction holds U+FFFD, which Windows-1252 cannot store: nothing to compare.
      expect(error).toBeInstanceOf(RangeError);
      expect(encoding).toBe('Windows-1252');
      expect(text).toContain('\uFFFD');
      return;
    }
    expect(bytes).not.toEqual(encodeUtf8(text));
    const decoded = decodeBytes(bytes, `${lang}.txt`);
    const cleaned = await cleanText(decoded.text, { resources, confusions });
    expect(cleaned.text).toBe(reference.text);
    expect(cleaned.changes).toEqual(reference.changes);
  });

  it('is really cleaned (the comparison is not between two raw texts)', () => {
    expect(reference.text).not.toBe(text.trim());
    expect(reference.text).not.toMatch(/[^\n]\n[^\n]/u);
  });
});
