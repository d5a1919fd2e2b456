import { beforeAll, describe, expect, it } from 'vitest';
import { loadLanguage } from '../../../adapters/resources/index.ts';
import { damage, PROSE } from '../retext-fix-ocr/prose.fixture.ts';
import type { LanguageResources, Lexicon } from '../types.ts';
import { MIN_LETTERS, textQuality } from './index.ts';

let sv: LanguageResources;
let nb: LanguageResources;
let da: LanguageResources;

beforeAll(async () => {
  [sv, nb, da] = await Promise.all([loadLanguage('sv'), loadLanguage('nb'), loadLanguage('da')]);
});

/** A lexicon of exactly these words (case-sensitive). */
function lexiconOf(...words: string[]): Pick<Lexicon, 'has'> {
  const set = new Set(words);
  return { has: (word) => set.has(word) };
}

describe('textQuality', () => {
  it('is unknown (null) for a language without a lexicon, never a perfect score', () => {
    expect(textQuality('Diese Charta wurde von den Städten erarbeitet.', null)).toBeNull();
    expect(textQuality('anything', undefined)).toBeNull();
  });

  it.each(['sv', 'nb', 'da'])('gives clean %s prose a full score and no unknown words', (lang) => {
    const resources = { sv, nb, da }[lang]!;
    expect(textQuality(PROSE[lang]!, resources)).toEqual({ score: 1, unknownWords: [] });
  });

  it.each([
    ['sv', 1],
    ['nb', 2],
    ['da', 3],
  ])('scores %s prose that lost its diacritics lower, naming the damaged words', (lang, seed) => {
    const resources = { sv, nb, da }[lang]!;
    const damaged = damage(PROSE[lang]!, seed as number, 0.9);
    const quality = textQuality(damaged, resources)!;
    expect(quality.score).toBeLessThan(0.9);
    expect(quality.score).toBeGreaterThan(0.3);
    expect(quality.unknownWords.length).toBeGreaterThan(2);
    for (const word of quality.unknownWords) expect(damaged).toContain(word);
    for (const word of quality.unknownWords) expect(PROSE[lang]).not.toContain(` ${word} `);
  });

  it('weighs words by their letters: a long unreadable word costs more than a short one', () => {
    const lexicon = lexiconOf('och', 'staden', 'har');
    const short = textQuality('staden har och xq', { lexicon }, { minLetters: 0 })!;
    const long = textQuality('staden har och xqzvbnmwrt', { lexicon }, { minLetters: 0 })!;
    expect(short.score).toBeCloseTo(1 - 2 / 14, 3);
    expect(long.score).toBeCloseTo(1 - 10 / 22, 3);
    expect(long.unknownWords).toEqual(['xqzvbnmwrt']);
  });

  it('judges a very short text on at least MIN_LETTERS letters, so one odd word does not sink a heading', () => {
    const lexicon = lexiconOf('Staden');
    expect(textQuality('Staden xqzvb', { lexicon })!.score).toBeCloseTo(1 - 5 / MIN_LETTERS, 3);
    expect(textQuality('Staden xqzvb', { lexicon }, { minLetters: 0 })!.score).toBeCloseTo(1 - 5 / 11, 3);
    expect(textQuality('', { lexicon })).toEqual({ score: 1, unknownWords: [] });
  });

  it('folds case against the lexicon, but counts a case slip inside a word', () => {
    const lexicon = lexiconOf('mångfald', 'och', 'staden');
    expect(textQuality('MÅNGFALD och Staden', { lexicon }, { minLetters: 0 })!.score).toBe(1);
    const slip = textQuality('mÅngfald och staden', { lexicon }, { minLetters: 0 })!;
    expect(slip.unknownWords).toEqual(['mÅngfald']);
  });

  it('does not count numbers, acronyms, addresses, list labels or names inside a sentence as errors', () => {
    const text =
      'a) Under 2007-2013 gav EU:s fond 10km till EUROCITIES och Amsterdam, se www.example.org eller 3:e raden.';
    expect(textQuality(text, sv)).toEqual({ score: 1, unknownWords: [] });
  });

  it('counts a capitalised word opening a sentence when no word list knows it, and letters read as digits', () => {
    const quality = textQuality('Vi bor i staden. Xqzvbn bor i 6msesidigt hus.', sv)!;
    expect(quality.unknownWords).toEqual(['Xqzvbn', '6msesidigt']);
  });

  it('splits hyphenated words and compounds, and keeps a suspended compound', () => {
    expect(textQuality('EU-kommissionen stöder jämlikhets- och mångfaldsfrågor', sv)!.unknownWords).toEqual(
      [],
    );
    expect(textQuality('Kommunen har en integreringsstrategi for byen.', nb)!.unknownWords).toEqual([]);
    expect(textQuality('stöder xqzvb-kommissionen', sv)!.unknownWords).toEqual(['xqzvb']);
  });

  it('reads an English title inside a Swedish text as quoted, but not a lone foreign word among Swedish ones', () => {
    const title =
      'Europeiska fonden (European Fund for the Integration of Third-Country Nationals) stöder oss.';
    expect(textQuality(title, sv)!.unknownWords).toEqual([]);
    // "because" is English only, and stands among Swedish words: a word the OCR or an editor got wrong.
    expect(textQuality('Vi stöder staden because invånarna vill det.', sv)!.unknownWords).toEqual([
      'because',
    ]);
  });

  it('counts stray marks standing alone, not dashes or quotes', () => {
    const quality = textQuality(
      'Vi bor i staden ~ och | i byn , – ”och” i parken (...) ... och så vidare.',
      sv,
    )!;
    expect(quality.unknownWords).toEqual(['~', '|', ',']);
  });

  it('counts the words the cleaner reported as uncorrected, even a capitalised one it would excuse', () => {
    const text = 'Vi bor i Mdngfald och staden.';
    expect(textQuality(text, sv)!.unknownWords).toEqual([]);
    expect(textQuality(text, sv, { uncorrected: ['Mdngfald'] })!.unknownWords).toEqual(['Mdngfald']);
  });

  it('rejects a negative floor', () => {
    expect(() => textQuality('staden', sv, { minLetters: -1 })).toThrow(TypeError);
  });
});
