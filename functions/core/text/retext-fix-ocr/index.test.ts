import { retext } from 'retext';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfusionModel, loadLanguage } from '../../../adapters/resources/index.ts';
import type { ConfusionModel, LanguageResources } from '../types.ts';
import retextFixOcr from './index.ts';
import { damage, PROSE } from './prose.fixture.ts';

let sv: LanguageResources;
let da: LanguageResources;
let confusions: ConfusionModel;

beforeAll(async () => {
  [sv, da, confusions] = await Promise.all([loadLanguage('sv'), loadLanguage('da'), loadConfusionModel()]);
});

async function fix(text: string, resources: LanguageResources) {
  const file = await retext().use(retextFixOcr, { resources, confusions }).process(text);
  return { text: String(file), messages: file.messages };
}

describe('retextFixOcr', () => {
  it('rejects missing options', () => {
    // @ts-expect-error: testing bad configuration
    expect(() => retext().use(retextFixOcr).freeze()).toThrow(TypeError);
  });

  it('restores lost and misread Swedish diacritics, keeping case', async () => {
    const { text } = await fix('Vi arbetar i vdra stader och f6r att Mdngfald ska 6ka.', sv);
    expect(text).toBe('Vi arbetar i våra städer och för att Mångfald ska öka.');
  });

  it('reads a capital A inside a small word as a lost å or ä', async () => {
    const { text } = await fix('Vi arbetar for mAngfald och sArskilda insatser i stader.', sv);
    expect(text).toContain('mångfald och särskilda');
  });

  it('fixes real-word errors in a text that lost its diacritics', async () => {
    const damaged =
      'Vi ar overtygade om att manniskor fran olika lander kan bidra till vara stader. ' +
      'Det ar viktigt for oss att framja mangfald och jamlikhet for alla invanare.';
    const { text, messages } = await fix(damaged, sv);
    expect(text).toContain('Vi är övertygade');
    expect(text).toContain('viktigt för oss');
    expect(messages.some((m) => m.ruleId === 'ocr-real-word' && m.actual === 'for')).toBe(true);
  });

  it('leaves a clean text alone', async () => {
    const clean =
      'Vi anerkender, at indvandring bringer økonomiske, kulturelle og sociale fordele med sig. ' +
      'Det er vigtigt for os at fremme lige muligheder for alle borgere i vore byer.';
    const { text, messages } = await fix(clean, da);
    expect(messages).toEqual([]);
    expect(text).toBe(clean);
  });

  it('never touches numbers, capitals and addresses', async () => {
    const input = 'Ar 2011 skrev EUROCITIES till info@eurocities.eu och www.stader.se om stader.';
    const { text } = await fix(input, sv);
    expect(text).toContain('2011');
    expect(text).toContain('EUROCITIES');
    expect(text).toContain('info@eurocities.eu');
    expect(text).toContain('www.stader.se');
    expect(text).toContain('om städer.');
  });

  it('records each change as a message with actual, expected and position', async () => {
    const { messages } = await fix('Vi bor i stdder.', sv);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({
      ruleId: 'ocr-word',
      source: 'retext-fix-ocr',
      actual: 'stdder',
      expected: ['städer'],
      line: 1,
      column: 10,
    });
  });
});

/** Share of the reference's words (case-insensitive multiset) found in `text`. */
function recall(text: string, reference: string): number {
  const bag = (t: string) => {
    const counts = new Map<string, number>();
    for (const w of t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  };
  const found = bag(text);
  let hits = 0;
  let total = 0;
  for (const [word, count] of bag(reference)) {
    total += count;
    hits += Math.min(count, found.get(word) ?? 0);
  }
  return hits / total;
}

describe('retextFixOcr on prose it was never developed on', () => {
  let resources: Record<string, LanguageResources>;
  beforeAll(async () => {
    const langs = ['sv', 'nb', 'da'] as const;
    const loaded = await Promise.all(langs.map((lang) => loadLanguage(lang)));
    resources = Object.fromEntries(langs.map((lang, i) => [lang, loaded[i]!]));
  });

  it.each(['sv', 'nb', 'da'])('leaves clean %s prose untouched', async (lang) => {
    const { text, messages } = await fix(PROSE[lang]!, resources[lang]!);
    expect(messages.map((m) => `${m.actual} -> ${m.expected}`)).toEqual([]);
    expect(text).toBe(PROSE[lang]);
  });

  it.each(['sv', 'nb', 'da'])(
    'repairs %s prose damaged like OCR without the language model',
    async (lang) => {
      for (const seed of [11, 12]) {
        const damaged = damage(PROSE[lang]!, seed);
        const before = recall(damaged, PROSE[lang]!);
        const { text } = await fix(damaged, resources[lang]!);
        expect(before).toBeLessThan(0.9);
        expect(recall(text, PROSE[lang]!)).toBeGreaterThanOrEqual(0.97);
      }
    },
  );
});

describe('retextFixOcr details', () => {
  it('undoes OCR case confusions inside a word but keeps deliberate mixed case', async () => {
    const { text } = await fix('Vi vill fOrbattra vIlkoren for alla med iPhone och McDonald.', sv);
    expect(text).toBe('Vi vill förbättra villkoren för alla med iPhone och McDonald.');
  });

  it('restores a letter the OCR dropped', async () => {
    const { text } = await fix('Integration är viktigt i mnga stder och kommuner.', sv);
    expect(text).toBe('Integration är viktigt i många städer och kommuner.');
  });

  it('reads a standalone & between lower-case words as å where the language has that word', async () => {
    const nb = await loadLanguage('nb');
    const { text } = await fix(
      'Vi vil arbeide for & fremme likestilling og & skape gode byer. Migrasjon & Integrering.',
      nb,
    );
    expect(text).toBe(
      'Vi vil arbeide for å fremme likestilling og å skape gode byer. Migrasjon & Integrering.',
    );
  });

  it('keeps quoted English words that a Swedish lexicon lacks', async () => {
    const input = 'Rapporten (Contribution to good governance of the cities) beskriver stader.';
    const { text } = await fix(input, sv);
    expect(text).toBe('Rapporten (Contribution to good governance of the cities) beskriver städer.');
  });

  it('leaves a clean Danish text alone even where lost diacritics would make another word', async () => {
    const { messages } = await fix('Vi skal for alvor se på sagen, og man kan ikke vente for længe.', da);
    expect(messages).toEqual([]);
  });

  it('changes no valid word of a short clean text ("for" is also Swedish for "went")', async () => {
    const { messages } = await fix('Han for till Stockholm med tåget i går.', sv);
    expect(messages).toEqual([]);
  });
});

describe('retextFixOcr with the document of a fragment', () => {
  it('fits its costs on the whole document, so a short fragment gets the document’s fixes', async () => {
    const documentText = damage(PROSE.sv!, 21, 0.95);
    const fragment = 'Vi far ga dit, det ar sa bra.';
    const alone = await fix(fragment, sv);
    const file = await retext()
      .use(retextFixOcr, { resources: sv, confusions, documentText })
      .process(fragment);
    // Alone, the fragment shows no lost diacritics: its words are all valid, so none is changed.
    expect(alone.text).toBe(fragment);
    expect(String(file)).toBe('Vi får gå dit, det är så bra.');
  });
});

describe('retextFixOcr and digits', () => {
  it('reads a leading 0 before small letters as o, and leaves numbers with units alone', async () => {
    const nb = await loadLanguage('nb');
    const { text } = await fix('Byer 0g kommuner har 5g nett, 3d filmer og 1st prize fra 2011.', nb);
    expect(text).toBe('Byer og kommuner har 5g nett, 3d filmer og 1st prize fra 2011.');
  });
});

describe('retextFixOcr and lost spaces', () => {
  it('splits two common words the OCR ran together, and leaves unknown names whole', async () => {
    const { text, messages } = await fix(
      'Vi arbetar ochför alla invånare. Kerstinsdotter bor i Rotterdam.',
      sv,
    );
    expect(text).toBe('Vi arbetar och för alla invånare. Kerstinsdotter bor i Rotterdam.');
    expect(messages.map((m) => m.ruleId)).toEqual(['ocr-split']);
  });

  it('splits a commonest one-letter word run onto the next, and no rarer letter', async () => {
    const en = await loadLanguage('en');
    const { text } = await fix('The cities hold aregular dialogue and xregular meetings.', en);
    expect(text).toBe('The cities hold a regular dialogue and xregular meetings.');
  });
});

describe('retextFixOcr and standalone symbols', () => {
  it('leaves a list mark standing between words alone', async () => {
    const en = await loadLanguage('en');
    const input = 'Cities support service providers + employers in the region.';
    const { text } = await fix(input, en);
    expect(text).toBe(input);
  });
});

describe('retextFixOcr and a standalone & after a capitalised word', () => {
  it('reads it as a letter before a small word, and leaves it between two capitalised words', async () => {
    const nb = await loadLanguage('nb');
    const { text } = await fix(
      'For & oppna dette vil vi arbeide for & fremme likhet. Gruppen Migrasjon & Integrering moter seg.',
      nb,
    );
    expect(text).toContain('For å oppnå dette');
    expect(text).toContain('Migrasjon & Integrering');
  });
});

describe('retextFixOcr and a standalone |', () => {
  it('reads a | between lower-case words as the word i', async () => {
    const nb = await loadLanguage('nb');
    const { text } = await fix('Vi bor | byen og arbeider | kommunen.', nb);
    expect(text).toBe('Vi bor i byen og arbeider i kommunen.');
  });
});

describe('retextFixOcr and a standalone digit', () => {
  it('reads a lone digit as a one-letter word in a text that misreads that letter', async () => {
    const nb = await loadLanguage('nb');
    const damaged =
      'Byene har valgt 4 arbeide for & fremme likhet. Vi onsker 4 styrke de lokale tjenestene ' +
      'og 4 gi alle innbyggere like muligheter til 4 delta i samfunnet og pa arbeidsmarkedet. ' +
      'Kommunene skal gjore tjenestene apne og tilgjengelige, og sorge for okonomisk stotte til ' +
      'de frivillige organisasjonene som arbeider for storre likestilling i nabolagene.';
    const { text } = await fix(damaged, nb);
    expect(text).toContain('valgt å arbeide');
    expect(text).toContain('og å gi');
    expect(text).toContain('til å delta');
  });

  it('reads a lone capital as a small letter with a diacritic only in such a text', async () => {
    const nb = await loadLanguage('nb');
    const damaged =
      'Byene har valgt A arbeide for & fremme likhet, og kommunene skal gjore tjenestene apne, ' +
      'sorge for okonomisk stotte og bidra til storre likestilling i nabolagene.';
    expect((await fix(damaged, nb)).text).toContain('valgt å arbeide');
    const clean = 'Se punkt A og B i vedlegget.';
    expect((await fix(clean, nb)).text).toBe(clean);
  });

  it('keeps a number in a text that shows no such confusion', async () => {
    const nb = await loadLanguage('nb');
    const clean = 'Familien har 4 barn og bor i en leilighet med 3 rom i sentrum av byen.';
    const { text, messages } = await fix(clean, nb);
    expect(messages).toEqual([]);
    expect(text).toBe(clean);
  });
});

describe('retextFixOcr and a symbol glued to a word', () => {
  it('reads the word and the symbol as one damaged word', async () => {
    const { text } = await fix('Vi bor p& landet och vill f& arbeta i v&ra stader.', sv);
    expect(text).toBe('Vi bor på landet och vill få arbeta i våra städer.');
  });

  it('leaves a symbol between capitalised words alone', async () => {
    const input = 'Vi arbetar med R&D och Migration&Integration i Malmö.';
    const { text } = await fix(input, sv);
    expect(text).toBe(input);
  });
});

describe('retextFixOcr and words only the frequency list knows', () => {
  it('reads one as a word with a lost letter in a text that loses those letters', async () => {
    const damaged =
      'Vi arbetar fr alla invanare och fr en battre framtid i vara stader. ' +
      'Vi vill frbattra tjansterna, ge fretag nya mjligheter och framja mangfald i forvaltningen.';
    const { text } = await fix(damaged, sv);
    expect(text).toContain('för alla invånare och för en bättre');
  });

  it('keeps it in a text that shows no such damage', async () => {
    const clean = 'Vi får gå dit fr.o.m. i morgon, det är så bra för alla invånare.';
    const { text, messages } = await fix(clean, sv);
    expect(messages).toEqual([]);
    expect(text).toBe(clean);
  });
});

describe('retextFixOcr and short words', () => {
  it('weighs a costlier reading of a short word against its cheap one', async () => {
    const nb = await loadLanguage('nb');
    const damaged =
      'Vi har plikt tl a arbeide for likestilling og bidra tl et apent samfunn ' +
      'der alle far mulighet til a delta, uansett okonomisk bakgrunn.';
    const { text } = await fix(damaged, nb);
    expect(text).toContain('plikt til å arbeide');
    expect(text).toContain('bidra til et åpent');
  });
});

describe('retextFixOcr and a habitual misread', () => {
  it('fixes real words when the OCR writes one letter for another most of the time', async () => {
    // As a Danish model reads Swedish: ö comes out as å.
    const damaged =
      'Vi arbetar får alla invånare och får en båttre framtid. Staden fårbåttrar sina tjånster ' +
      'och kåper in fårnybar energi får att fårverkliga målen i fårvaltningen.';
    const { text } = await fix(damaged, sv);
    expect(text).toContain('arbetar för alla invånare och för en bättre');
  });
});
