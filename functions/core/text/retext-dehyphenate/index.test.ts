import { retext } from 'retext';
import { describe, expect, it } from 'vitest';
import type { Lexicon } from '../types.ts';
import retextDehyphenate, { type RetextDehyphenateOptions } from './index.ts';

async function dehyphenate(text: string, options: RetextDehyphenateOptions = {}) {
  const file = await retext().use(retextDehyphenate, options).process(text);
  return {
    text: String(file),
    changes: file.messages.map((m) => ({
      ruleId: m.ruleId,
      actual: m.actual,
      expected: m.expected?.[0],
      line: m.line,
      column: m.column,
    })),
  };
}

const lexicon = (words: string[]): Lexicon => {
  const set = new Set(words);
  return { has: (word) => set.has(word) };
};

describe('retext-dehyphenate', () => {
  it('joins a word broken at a line end and reports where', async () => {
    const result = await dehyphenate('särskilt sprakun-\ndervisning, boende');
    expect(result.text).toBe('särskilt sprakundervisning, boende');
    expect(result.changes).toEqual([
      {
        ruleId: 'join-line-end-hyphen',
        actual: 'sprakun-\ndervisning',
        expected: 'sprakundervisning',
        line: 1,
        column: 10,
      },
    ]);
  });

  it('joins a word broken twice', async () => {
    expect((await dehyphenate('en tjeneste-\nleveran-\ndørs plan')).text).toBe('en tjenesteleverandørs plan');
  });

  it('keeps mid-line hyphens and spaced dashes', async () => {
    const text = 'EU-kommisjonen og ikke-diskriminering -\nog mer – \nslik';
    expect((await dehyphenate(text)).text).toBe(text);
  });

  it('keeps a hyphen whose first part the text writes hyphenated before other words', async () => {
    const words = lexicon(['ikke', 'diskriminering', 'diskriminerende', 'ikkediskriminerende', 'lov']);
    const text = 'sikre ikke-diskriminering og\nen ikke-\ndiskriminerende lov';
    expect((await dehyphenate(text, { lexicon: words })).text).toBe(
      'sikre ikke-diskriminering og\nen ikke-diskriminerende lov',
    );
    // Without the text's own hyphenated use, the lexicon's joined word wins.
    expect((await dehyphenate('en ikke-\ndiskriminerende lov', { lexicon: words })).text).toBe(
      'en ikkediskriminerende lov',
    );
  });

  it('keeps a suspended compound before a conjunction, line break included', async () => {
    const text = 'en större jämlikhets-\noch mångfaldsstrategi';
    const result = await dehyphenate(text, { conjunctions: ['och', 'eller'] });
    expect(result.text).toBe(text);
    expect(result.changes).toEqual([]);
  });

  it('joins before a conjunction-looking word when no conjunctions are configured', async () => {
    expect((await dehyphenate('jämlikhets-\noch')).text).toBe('jämlikhetsoch');
  });

  it.each([
    ['an acronym', 'EU-\nkommisjonen', 'EU-kommisjonen'],
    ['a capital', 'Europa-\nKommissionen', 'Europa-Kommissionen'],
    ['digits', '2007-\n2013', '2007-2013'],
  ])('keeps the hyphen but not the break after %s', async (_label, text, expected) => {
    const result = await dehyphenate(text);
    expect(result.text).toBe(expected);
    expect(result.changes.map((c) => c.ruleId)).toEqual(['keep-compound-hyphen']);
  });

  it('joins a word in capitals broken at a line end, unless the text writes it with a hyphen', async () => {
    expect((await dehyphenate('INTEGRA-\nTION I STÄDER')).text).toBe('INTEGRATION I STÄDER');
    expect((await dehyphenate('EU-KOMMISSIONEN OCH EU-\nKOMMISSIONEN')).text).toBe(
      'EU-KOMMISSIONEN OCH EU-KOMMISSIONEN',
    );
  });

  it('keeps the hyphen after a name inside a sentence, not after a sentence-initial capital', async () => {
    expect((await dehyphenate('partnerskap i Milano-\ndeklarationen 2007.')).text).toBe(
      'partnerskap i Milano-deklarationen 2007.',
    );
    expect((await dehyphenate('Klart. Integra-\ntion är en process.')).text).toBe(
      'Klart. Integration är en process.',
    );
    expect((await dehyphenate('Integra-\ntion är en process.')).text).toBe('Integration är en process.');
  });

  it('asks the lexicon whether a capitalised part is a name', async () => {
    const names = lexicon(['Milano', 'Barn', 'barn', 'barnomsorgen']);
    expect((await dehyphenate('Milano-\ndeklarationen', { lexicon: names })).text).toBe(
      'Milano-deklarationen',
    );
    expect((await dehyphenate('i Barn-\nomsorgen', { lexicon: names })).text).toBe('i Barnomsorgen');
  });

  it('leaves a lower-case part before a capital alone (a sentence or column starts there)', async () => {
    const text = 'gjensidig lærings-\nVi, undertegnede';
    const result = await dehyphenate(text);
    expect(result.text).toBe(text);
    expect(result.changes).toEqual([]);
  });

  it('asks the frequency list which form is attested', async () => {
    const counts = new Map([
      ['e-post', 600],
      ['epost', 3],
      ['nobelpriset', 40],
    ]);
    const frequency = {
      count: (w: string) => counts.get(w.toLowerCase()) ?? 0,
      total: 1000,
      words: [...counts.keys()],
    };
    const names = lexicon(['Milano', 'Nobel', 'Milanodeklarationen', 'Nobelpriset']);
    expect((await dehyphenate('skicka e-\npost', { frequency })).text).toBe('skicka e-post');
    expect((await dehyphenate('i Milano-\ndeklarationen', { frequency, lexicon: names })).text).toBe(
      'i Milano-deklarationen',
    );
    expect((await dehyphenate('fick Nobel-\npriset', { frequency, lexicon: names })).text).toBe(
      'fick Nobelpriset',
    );
  });

  it('keeps the hyphen when the text itself writes the word with one', async () => {
    const text = 'non-profit groups and other non-\nprofit bodies';
    expect((await dehyphenate(text)).text).toBe('non-profit groups and other non-profit bodies');
  });

  it('joins when the text itself writes the word without one', async () => {
    expect((await dehyphenate('rekommendation och rekom-\nmendation')).text).toBe(
      'rekommendation och rekommendation',
    );
  });

  it('keeps the hyphen when only the hyphenated form is in the lexicon', async () => {
    const options = { lexicon: lexicon(['ikke-diskriminering', 'ikke', 'diskriminering']) };
    expect((await dehyphenate('og ikke-\ndiskriminering', options)).text).toBe('og ikke-diskriminering');
  });

  it('joins when the lexicon knows the joined form, or a correction of it', async () => {
    const known = lexicon(['ikke-diskriminering', 'velfærd', 'vel-færd']);
    expect((await dehyphenate('vel-\nfærd', { lexicon: known })).text).toBe('velfærd');
    const correct = (word: string) => (word === 'ikkediskrimineririg' ? 'ikkediskriminering' : undefined);
    const withCorrection = { lexicon: lexicon(['ikke-diskrimineririg']), correct };
    expect((await dehyphenate('ikke-\ndiskrimineririg', withCorrection)).text).toBe('ikkediskrimineririg');
  });

  it('keeps the hyphen before a hyphenated compound whose parts are all words', async () => {
    const words = lexicon(['non', 'self', 'governing', 'nonself', 'fore', 'going', 'forego']);
    const correct = () => undefined;
    expect(
      (await dehyphenate('or any other non-\nself-governing territory', { lexicon: words, correct })).text,
    ).toBe('or any other non-self-governing territory');
    // A part the lexicon does not know is a word broken at the line end.
    expect((await dehyphenate('the sprak-\nundervis-ning', { lexicon: words, correct })).text).toBe(
      'the sprakundervis-ning',
    );
  });

  it('joins a word broken over a blank line (a page break) only when neither half is a word', async () => {
    const words = lexicon(['särskilt', 'och', 'ikke', 'ordførere', 'at']);
    const broken = 'särskilt sprakun-\n\ndervisning och';
    expect((await dehyphenate(broken, { lexicon: words })).text).toBe('särskilt sprakundervisning och');
    expect((await dehyphenate(broken)).text).toBe(broken);
    const kept =
      'i Europa-\n\nKommissionen och EU-\n\nkommisjonen, jämlikhets-\n\noch ikke-\n\nordførere anti-\n\nat';
    expect((await dehyphenate(kept, { conjunctions: ['och'], lexicon: words })).text).toBe(kept);
  });

  it('does not join onto a bullet', async () => {
    const text = 'slut-\n- punkt';
    expect((await dehyphenate(text)).text).toBe(text);
  });

  it('always joins at a soft hyphen', async () => {
    expect((await dehyphenate('non\u00AD\nprofit non-profit')).text).toBe('nonprofit non-profit');
  });

  it('validates its options', () => {
    expect(() =>
      retext()
        .use(retextDehyphenate, { conjunctions: 'och' as never })
        .freeze(),
    ).toThrow(TypeError);
    expect(() =>
      retext()
        .use(retextDehyphenate, { lexicon: {} as never })
        .freeze(),
    ).toThrow(TypeError);
  });
});
