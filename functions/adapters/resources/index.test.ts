import { describe, expect, it } from 'vitest';
import {
  InvalidResourceError,
  knownLanguages,
  loadConfusionModel,
  loadFrequencyLists,
  loadLanguage,
  UnknownLanguageError,
} from './index.ts';

describe('loadLanguage', () => {
  it('knows the languages that have a data file', async () => {
    expect(await knownLanguages()).toEqual(
      expect.arrayContaining(['da', 'de', 'en', 'es', 'fi', 'fr', 'it', 'nb', 'nl', 'pl', 'pt', 'sv']),
    );
  });

  it.each([
    ['de', ['Würde', 'unveräußerlichen', 'Straße', 'und'], ['Wurdex', 'Strasze'], 'äöü'],
    ['fr', ['être', 'égalité', 'où', 'villes'], ['etre', 'egalite'], 'àâçéèêîôù'],
    ['es', ['ciudad', 'años', 'derechos'], ['anosx'], 'áéíñóú'],
    ['it', ['città', 'diritti', 'perché'], ['citta'], 'àèéìòù'],
    ['nl', ['rechten', 'gelijkheid'], ['gelijkhied'], 'éë'],
    ['pl', ['prawa', 'człowieka', 'równość'], ['czlowieka', 'rownosc'], 'ąćęłńóśźż'],
    ['pt', ['direitos', 'cidadãos', 'igualdade'], ['cidadaos'], 'áàâãçéêíóôõú'],
    ['fi', ['ihmisoikeuksien', 'kaikki', 'yhdenvertaisuus'], ['yhdenvertaisuss'], 'äö'],
  ])('loads the %s lexicon from its cspell dictionary', async (lang, words, nonWords, letters) => {
    const { lexicon, settings, frequency } = await loadLanguage(lang);
    expect(settings.lang).toBe(lang);
    for (const word of words) expect(lexicon.has(word), word).toBe(true);
    for (const word of nonWords) expect(lexicon.has(word), word).toBe(false);
    // With or without a frequency list of its own, the list knows the language's common letters.
    const known = new Set(frequency.words.slice(0, 3000).join(''));
    for (const letter of letters) expect(known.has(letter), letter).toBe(true);
    expect(settings.extraLetters).toContain(letters[0]);
  });

  it('stands a flat prior over short dictionary words in for a missing frequency list', async () => {
    const { frequency, lexicon } = await loadLanguage('fr');
    expect(frequency.count('où')).toBe(1);
    expect(frequency.count('égalité')).toBe(0);
    expect(frequency.words.length).toBeGreaterThan(1000);
    expect(frequency.words.every((word) => [...word].length <= 4 && lexicon.has(word))).toBe(true);
  });

  it('loads the Swedish lexicon, which rejects OCR debris and accepts the words it stands for', async () => {
    const { lexicon, settings } = await loadLanguage('sv');
    expect(settings.extraLetters).toBe('åäö');
    for (const word of ['f6r', 'stdder', 'xyzzy']) expect(lexicon.has(word), word).toBe(false);
    for (const word of ['för', 'städer']) expect(lexicon.has(word), word).toBe(true);
  });

  it('walks the lexicon by prefix the same way as it answers membership, compounds included', async () => {
    const { lexicon } = await loadLanguage('nb');
    const walk = (word: string) => {
      let cursor = lexicon.start?.();
      for (const ch of word) cursor = cursor?.next(ch);
      return cursor?.isWord ?? false;
    };
    for (const word of ['språkundervisning', 'innvandrere', 'byene', 'ngdvendigvis', 'xyzzy', 'mangfold']) {
      expect(walk(word), word).toBe(lexicon.has(word));
    }
  });

  it('gives frequencies from the language list, case-insensitively', async () => {
    const { frequency } = await loadLanguage('sv');
    expect(frequency.count('för')).toBeGreaterThan(frequency.count('for'));
    expect(frequency.count('För')).toBe(frequency.count('för'));
    expect(frequency.words[0]).toBeTruthy();
  });

  it('rejects an unknown language with a clear error', async () => {
    await expect(loadLanguage('xx')).rejects.toBeInstanceOf(UnknownLanguageError);
    await expect(loadLanguage('xx')).rejects.toThrow(/unknown language 'xx'/);
    await expect(loadLanguage('../schema')).rejects.toBeInstanceOf(UnknownLanguageError);
  });

  it('exposes typed errors that keep their name', () => {
    const error = new InvalidResourceError('x.json', 'is broken');
    expect(error.name).toBe('InvalidResourceError');
    expect(error.message).toBe('x.json: is broken');
  });
});

describe('loadFrequencyLists', () => {
  it('returns one list per known language that has one', async () => {
    const lists = await loadFrequencyLists();
    expect([...lists.keys()].sort()).toEqual(['da', 'de', 'en', 'fi', 'nb', 'nl', 'sv']);
    expect(lists.get('da')!.count('og')).toBeGreaterThan(lists.get('sv')!.count('og'));
  });
});

describe('loadConfusionModel', () => {
  it('expands the data: upper-case variants and both directions of glyph pairs', async () => {
    const { confusions } = await loadConfusionModel();
    const has = (intended: string, seen: string) =>
      confusions.some((c) => c.intended === intended && c.seen === seen);
    expect(has('ä', 'a')).toBe(true);
    expect(has('Ä', 'A')).toBe(true);
    expect(has('ö', '6')).toBe(true);
    expect(has('m', 'rn')).toBe(true);
    expect(has('rn', 'm')).toBe(true);
    expect(confusions.every((c) => c.cost > 0 && c.intended !== c.seen)).toBe(true);
  });
});

describe('lexicon strictness', () => {
  it('does not accept words whose diacritics were stripped, nor junk compounds of short parts', async () => {
    const da = await loadLanguage('da');
    expect(da.lexicon.has('områderne')).toBe(true);
    expect(da.lexicon.has('omraderne')).toBe(false);
    expect(da.lexicon.has('leengere')).toBe(false);
    expect(da.lexicon.has('boligområderne')).toBe(true);
  });
});
