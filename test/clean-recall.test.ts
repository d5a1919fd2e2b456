import { describe, expect, it } from 'vitest';
import { evaluateEdition, rawText } from '../bench/evaluate-clean.ts';
import { loadFrequencyLists } from '../functions/adapters/resources/index.ts';
import { detectLanguage } from '../functions/core/text/detect-language/index.ts';

/**
 * Word recall (bag of words, case-insensitive) of the cleaned editions against their reviewed
 * transcriptions, through the whole pipeline. Targets from issue 2.
 */
describe('cleaning recall against the reviewed transcriptions', () => {
  it('lifts Swedish OCR from about 0.73 to at least 0.97', async () => {
    const score = await evaluateEdition('sv', { runs: 1 });
    expect(score.rawRecall).toBeLessThan(0.75);
    expect(score.cleanRecall).toBeGreaterThanOrEqual(0.97);
  });

  it('lifts Norwegian OCR from about 0.88 to at least 0.98', async () => {
    const score = await evaluateEdition('nb', { runs: 1 });
    expect(score.rawRecall).toBeLessThan(0.9);
    expect(score.cleanRecall).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps the Danish text extraction at least as good as raw', async () => {
    const score = await evaluateEdition('da', { runs: 1 });
    expect(score.cleanRecall).toBeGreaterThanOrEqual(score.rawRecall);
    expect(score.broken).toBe(0);
  });
});

describe('language detection of the editions', () => {
  it.each(['sv', 'nb', 'da'])('identifies the %s edition, OCR damage and all', async (lang) => {
    const result = detectLanguage(await rawText(lang), await loadFrequencyLists());
    expect(result.lang).toBe(lang);
    expect(result.margin).toBeGreaterThan(0.1);
  });
});
