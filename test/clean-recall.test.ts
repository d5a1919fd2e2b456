import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { retext } from 'retext';
import { evaluateEdition, rawText, reviewedText } from '../bench/evaluate-clean.ts';
import {
  loadConfusionModel,
  loadFrequencyLists,
  loadLanguage,
} from '../functions/adapters/resources/index.ts';
import { cleanText } from '../functions/core/text/clean-text.ts';
import { detectLanguage } from '../functions/core/text/detect-language/index.ts';
import retextFixOcr from '../functions/core/text/retext-fix-ocr/index.ts';

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

describe('word correction of clean text', () => {
  it.each(['sv', 'nb', 'da'])('changes no word of the reviewed %s transcription', async (lang) => {
    const [resources, confusions, text] = await Promise.all([
      loadLanguage(lang),
      loadConfusionModel(),
      reviewedText(lang),
    ]);
    const file = await retext().use(retextFixOcr, { resources, confusions }).process(text);
    // Words left as they are and marked unknown (`unknown-word`) are no change.
    const changes = file.messages.filter((m) => m.ruleId !== 'unknown-word');
    expect(changes.map((m) => `${m.actual} -> ${m.expected}`)).toEqual([]);
  });
});

describe('the whole cleaning of a reviewed edition', () => {
  it.each(['da', 'de', 'en', 'es', 'fi', 'fr', 'it', 'nb', 'nl', 'pl', 'pt', 'sv'])(
    'changes no word of the reviewed %s UDHR',
    async (lang) => {
      const reviewed = JSON.parse(
        await readFile(new URL(`../corpus/charters/udhr/reviewed/${lang}.json`, import.meta.url), 'utf8'),
      ) as { clauses: Record<string, string> };
      const [resources, confusions] = await Promise.all([loadLanguage(lang), loadConfusionModel()]);
      const { changes } = await cleanText(Object.values(reviewed.clauses).join('\n\n'), {
        resources,
        confusions,
      });
      // Paragraph and bullet layout may change; no word may.
      const words = changes.filter((c) => !['retext-paragraphs', 'retext-normalise'].includes(c.source));
      expect(words.map((c) => `${c.ruleId}: ${c.actual} -> ${c.expected}`)).toEqual([]);
    },
  );
});
