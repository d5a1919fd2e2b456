import { beforeAll, describe, expect, it } from 'vitest';
import { udhrParagraphs } from '../../../../bench/udhr-text.ts';
import { loadFrequencyLists, loadLanguage } from '../../../adapters/resources/index.ts';
import type { FrequencyList } from '../types.ts';
import { lexiconShare } from './lexicon-share.ts';
import { readsAsDeclared } from './reads-as-declared.ts';

const UDHR: Record<string, string> = { sv: 'swe', nb: 'nob', da: 'dan', fr: 'fra', nn: 'nno' };
/** An edition-sized text: the first 30 paragraphs of the declaration in `lang`. */
const edition = (lang: string) => udhrParagraphs(UDHR[lang]!).slice(0, 30).join('\n\n');
const ISO: Record<string, string> = { sv: 'swe', nb: 'nob', da: 'dan', en: 'eng', fr: 'fra', es: 'spa' };

let lists: Map<string, FrequencyList>;

beforeAll(async () => {
  lists = await loadFrequencyLists();
});

/** The declared language as the ingest weighs it: its lexicon's share of the text's words. */
async function declared(text: string, lang: string) {
  const words = text.match(/\p{L}{2,}/gu)!.slice(0, 400);
  const { lexicon } = await loadLanguage(lang);
  return { lang, iso6393: ISO[lang]!, share: lexiconShare(lexicon, words).folded };
}

describe('readsAsDeclared', () => {
  it.each(['sv', 'nb', 'da', 'fr'])('takes the %s edition declared in its own language', async (lang) => {
    const text = edition(lang);
    expect(await readsAsDeclared(text, await declared(text, lang), lists)).toBe(true);
  });

  it.each([
    ['sv', 'da'],
    ['da', 'nb'],
    ['nb', 'da'],
    ['sv', 'en'],
    ['fr', 'es'],
  ])('does not take the %s edition declared %s', async (lang, other) => {
    const text = edition(lang);
    expect(await readsAsDeclared(text, await declared(text, other), lists)).toBe(false);
  });

  it('leaves a text too short to tell, or one its lexicon hardly knows, to the full identification', async () => {
    const sv = edition('sv');
    const own = await declared(sv, 'sv');
    expect(await readsAsDeclared('Städer för alla.', own, lists)).toBe(false);
    expect(await readsAsDeclared(sv, { ...own, share: 0.5 }, lists)).toBe(false);
  });
});
