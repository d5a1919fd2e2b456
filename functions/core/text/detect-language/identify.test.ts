import { describe, expect, it } from 'vitest';
import { englishModelDamage, nativeModelDamage, udhrParagraphs } from '../../../../bench/udhr-text.ts';
import { identifyTextLanguage, loadLexicon } from '../../../adapters/resources/index.ts';
import { sampleWindows } from './identify.ts';
import { acceptsFolded, lexiconShare } from './lexicon-share.ts';

const lang = async (text: string) => (await identifyTextLanguage(text)).lang;

describe('identifyLanguage', () => {
  it('never calls German English, clean or with its diacritics lost', async () => {
    const paragraphs = udhrParagraphs('deu_1996').slice(0, 12);
    for (const [i, paragraph] of paragraphs.entries()) {
      expect(await lang(paragraph)).toBe('de');
      expect(await lang(englishModelDamage(paragraph, i + 1))).toBe('de');
      expect(await lang(nativeModelDamage(paragraph, i + 1))).toBe('de');
    }
    // The sentence the old word-frequency detector took for English ("Diese" -> "Diesel").
    const charter =
      'Diese Charta verpflichtet die unterzeichnenden Städte, in ihrem Handeln als Arbeitgeber und ' +
      'Dienstleister die Vielfalt ihrer Bevölkerung zu berücksichtigen und jedem Menschen die gleichen Chancen zu geben.';
    expect(await lang(charter)).toBe('de');
  });

  it('names French, Spanish, Italian, Dutch, Polish, Portuguese and Finnish, also after OCR damage', async () => {
    const cases: [string, string][] = [
      ['fr', 'fra'],
      ['es', 'spa'],
      ['it', 'ita'],
      ['nl', 'nld'],
      ['pl', 'pol'],
      ['pt', 'por_PT'],
      ['fi', 'fin'],
      ['en', 'eng'],
    ];
    for (const [code, declaration] of cases) {
      for (const [i, paragraph] of udhrParagraphs(declaration).slice(0, 4).entries()) {
        expect(await lang(paragraph), `${code} ${i}`).toBe(code);
        expect(await lang(englishModelDamage(paragraph, i + 7)), `${code} ${i} damaged`).toBe(code);
      }
    }
  });

  it('says unknown to a language it does not support, not a wrong language', async () => {
    for (const declaration of ['isl', 'ces', 'hun', 'est', 'ron_2006', 'glg', 'afr']) {
      for (const [i, paragraph] of udhrParagraphs(declaration).slice(0, 4).entries()) {
        const result = await identifyTextLanguage(paragraph);
        expect(result.lang, `${declaration} ${i}: ${JSON.stringify(result.candidates)}`).toBeNull();
        expect(result.reason).toMatch(/unsupported|no-lexicon-fits/);
      }
    }
  });

  it('tells Swedish, Norwegian and Danish apart, with and without diacritics', async () => {
    for (const [code, declaration] of [
      ['sv', 'swe'],
      ['nb', 'nob'],
      ['da', 'dan'],
    ] as const) {
      for (const [i, paragraph] of udhrParagraphs(declaration).slice(0, 8).entries()) {
        expect(await lang(paragraph), `${code} ${i}`).toBe(code);
        expect(await lang(englishModelDamage(paragraph, i + 1)), `${code} ${i} damaged`).toBe(code);
      }
    }
    const danish =
      'Børnene skal have bedre muligheder for at lære sproget, før de begynder i skolen, og forældrene skal ' +
      'inddrages i deres skolegang. Integration er en fælles opgave for hele samfundet.';
    const norwegian =
      'Barna skal få bedre muligheter til å lære språket før de begynner på skolen, og foreldrene skal ' +
      'trekkes inn i skolegangen deres. Integrering er en felles oppgave for hele samfunnet.';
    expect(await lang(danish)).toBe('da');
    expect(await lang(norwegian)).toBe('nb');
  });

  it('says unknown when the text is too short or is no language at all', async () => {
    expect(await identifyTextLanguage('Artikel 1')).toMatchObject({ lang: null, reason: 'too-short' });
    const garbage = 'xq zzv brrk plth wq qxz vvk grrt ptk zzxq wvvb qqr tzk prrk hhv xxl vvq brtk qzp';
    expect((await identifyTextLanguage(garbage)).lang).toBeNull();
  });
});

describe('sampleWindows', () => {
  it('reads a long text in bounded windows spread from its start to its end', () => {
    const words = Array.from({ length: 200_000 }, (_, i) => `w${i}`).join(' ');
    const windows = sampleWindows(words, 4000);
    expect(windows).toHaveLength(4);
    expect(windows.join('').length).toBeLessThanOrEqual(4000);
    expect(windows[0]!.startsWith('w0 ')).toBe(true);
    expect(words.endsWith(windows[3]!.trimEnd().split(' ').at(-1)!)).toBe(true);
  });

  it('keeps a short text whole', () => {
    expect(sampleWindows('kurz und gut', 4000).join('')).toBe('kurz und gut');
  });
});

describe('lexiconShare', () => {
  it('accepts words whose diacritics OCR lost or misread, and only those', async () => {
    const [de, pl, fr] = await Promise.all([loadLexicon('de'), loadLexicon('pl'), loadLexicon('fr')]);
    expect(acceptsFolded(de, 'Wurde')).toBe(true);
    expect(acceptsFolded(de, 'Strasse')).toBe(true);
    expect(acceptsFolded(de, 'unveraußerlichen')).toBe(true);
    expect(acceptsFolded(pl, 'czlowieka')).toBe(true);
    expect(acceptsFolded(fr, 'egalite')).toBe(true);
    expect(acceptsFolded(fr, 'égalitè')).toBe(true);
    expect(acceptsFolded(fr, 'egalitx')).toBe(false);
    const share = lexiconShare(de, ['Die', 'Wurde', 'des', 'Menschen', 'xqzt']);
    expect(share.exact).toBeCloseTo(4 / 5);
    expect(share.folded).toBeCloseTo(4 / 5);
    const lost = ['Bevolkerung', 'naturlich', 'grundsatzlich'];
    expect(lexiconShare(de, lost).folded).toBeCloseTo(1);
    expect(lexiconShare(de, lost).exact).toBeCloseTo(0);
  });
});
