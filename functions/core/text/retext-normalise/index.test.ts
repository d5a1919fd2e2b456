import { retext } from 'retext';
import { describe, expect, it } from 'vitest';
import retextNormalise from './index.ts';

async function normalise(text: string) {
  const file = await retext().use(retextNormalise).process(text);
  const changes = file.messages.map((m) => ({
    ruleId: m.ruleId,
    actual: m.actual,
    expected: m.expected?.[0],
    line: m.line,
    column: m.column,
  }));
  return { text: String(file), changes, rules: file.messages.map((m) => m.ruleId) };
}

describe('retext-normalise', () => {
  it('composes decomposed letters (NFC) and reports it', async () => {
    const result = await normalise('Ja\u0308mfo\u0308r ma\u030Angfald');
    expect(result.text).toBe('Jämför mångfald');
    expect(result.changes).toContainEqual({
      ruleId: 'nfc',
      actual: 'Ja\u0308mfo\u0308r',
      expected: 'Jämför',
      line: 1,
      column: 1,
    });
  });

  it('strips control, replacement and invisible characters with their place', async () => {
    const result = await normalise('god\u0007 dag\n• \uFFFDut\u200Bveckling');
    expect(result.text).toBe('god dag\n- utveckling');
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { ruleId: 'control-character', actual: '\u0007', expected: '', line: 1, column: 4 },
        { ruleId: 'replacement-character', actual: '\uFFFD', expected: '', line: 2, column: 3 },
        { ruleId: 'invisible-character', actual: '\u200B', expected: '', line: 2, column: 6 },
      ]),
    );
  });

  it('turns CR LF and tabs into plain line breaks and spaces', async () => {
    expect((await normalise('ett\r\ntvå\tthree\rfyra')).text).toBe('ett\ntvå three\nfyra');
  });

  it.each([
    ['•', '• første punkt'],
    ['*', '* første punkt'],
    ['+', '+ første punkt'],
    ['«', '« første punkt'],
    ['·', '· første punkt'],
    ['°', '° første punkt'],
    ['\uF0B7', '\uF0B7 første punkt'],
  ])('unifies the bullet mark %s into "- "', async (mark, line) => {
    const result = await normalise(`Vi vil:\n\n${line};\n\n${line}.`);
    expect(result.text).toBe('Vi vil:\n\n- første punkt;\n\n- første punkt.');
    expect(result.changes.filter((c) => c.ruleId === 'bullet')).toEqual([
      { ruleId: 'bullet', actual: mark, expected: '-', line: 3, column: 1 },
      { ruleId: 'bullet', actual: mark, expected: '-', line: 5, column: 1 },
    ]);
  });

  it('adds the space after a bullet glued to its text', async () => {
    expect((await normalise('•udvikling af planen')).text).toBe('- udvikling af planen');
  });

  it('takes a line-start dash for a bullet only where an item can start', async () => {
    const text =
      'Vi vil:\n- sikre lige adgang;\n- fremme mangfold.\n\nsom partnere i projektet\n- et peer reviewed projekt.';
    const result = await normalise(text);
    expect(result.text).toBe(text);
    expect(result.rules).not.toContain('bullet');
  });

  it('reads a tilde or an equals sign where an item can start as a dash bullet, and nowhere else', async () => {
    const result = await normalise('We will:\n~ support the schools;\n= help the families.');
    expect(result.text).toBe('We will:\n- support the schools;\n- help the families.');
    const inside = 'The rate was\n~ 5 percent of the total\n= half of last year.';
    expect((await normalise(inside)).text).toBe(inside);
  });

  it('removes list numbers the OCR read apart from their items, but not a number alone', async () => {
    const result = await normalise('Vi vil:\n\n1.\n2.\n\nsikre lige adgang;\n\nfremme mangfold.');
    expect(result.text).toBe('Vi vil:\n\nsikre lige adgang;\n\nfremme mangfold.');
    const heading = 'Kapitel\n\n4.\n\nAlle har ret til frihed.';
    expect((await normalise(heading)).text).toBe(heading);
  });

  it('reads a list mark garbled by specks as a bullet where an item can start', async () => {
    const result = await normalise(
      'Vi vil:\n+. sikre lige adgang;\n-… fremme mangfold;\n- … støtte byerne;\n°°: dele viden;\n¢ lære sproget.',
    );
    expect(result.text).toBe(
      'Vi vil:\n- sikre lige adgang;\n- fremme mangfold;\n- støtte byerne;\n- dele viden;\n- lære sproget.',
    );
    expect(result.changes.filter((c) => c.ruleId === 'bullet').map((c) => c.actual)).toEqual([
      '+.',
      '-…',
      '- …',
      '°°:',
      '¢',
    ]);
  });

  it('reads a bullet with a run of dots, or a speck before it, as a bullet', async () => {
    const result = await normalise('Vi vil:\n-... sikre lige adgang;\n.… fremme mangfold.');
    expect(result.text).toBe('Vi vil:\n- sikre lige adgang;\n- fremme mangfold.');
  });

  it('reads a list number garbled by specks in a numbered list', async () => {
    const result = await normalise('Vi vil:\n1, sikre lige adgang;\n2. fremme mangfold;\n3.. støtte byerne.');
    expect(result.text).toBe('Vi vil:\n1. sikre lige adgang;\n2. fremme mangfold;\n3. støtte byerne.');
    expect(result.changes.filter((c) => c.ruleId === 'list-number').map((c) => c.actual)).toEqual([
      '1,',
      '3..',
    ]);
  });

  it('removes a speck after a list number, and reads a lone quote mark opening an item as a bullet', async () => {
    const result = await normalise('Vi vil:\n1. sikre lige adgang;\n2. . fremme mangfold;\n‘ Alle har ret.');
    expect(result.text).toBe('Vi vil:\n1. sikre lige adgang;\n2. fremme mangfold;\n- Alle har ret.');
  });

  it('reads a currency sign or ampersand with specks opening an item as a bullet, not one before a number', async () => {
    const result = await normalise('Artikel 4.\n£. Alle har ret.\n&£. Ingen må holdes.\n£ 500 koster det.');
    expect(result.text).toBe('Artikel 4.\n- Alle har ret.\n- Ingen må holdes.\n£ 500 koster det.');
  });

  it('keeps numbers with a comma or dots that open no numbered list', async () => {
    for (const text of [
      'Vi vil:\n1, sikre lige adgang;\n5. fremme mangfold.',
      'Tallet er\n3.. eller mere.',
    ]) {
      expect((await normalise(text)).text).toBe(text);
    }
  });

  it('keeps marks opening a line inside a sentence, where no item can start', async () => {
    const text = 'Vi vil sikre lige\n+. adgang for alle og\n… fremme mangfold.';
    const result = await normalise(text);
    expect(result.text).toBe(text);
    expect(result.rules).not.toContain('bullet');
  });

  it('leaves a guillemet quote alone, even with a space after the opening mark', async () => {
    const text = 'Han sa:\n«Dette er bra» og gikk.\n\n« Dette er\nogså bra » sa hun.';
    expect((await normalise(text)).text).toBe(text);
  });

  it('removes footnote marks after a lead-in colon and before the footnote text', async () => {
    const text = [
      'Som tjenesteleverandører vil vi:*',
      '',
      '- sikre at behovene blir møtt.',
      '',
      '* Undertegnerne har ulike ordninger. I noen byer yter de tjenestene selv.',
    ].join('\n');
    const result = await normalise(text);
    expect(result.text).toBe(
      [
        'Som tjenesteleverandører vil vi:',
        '',
        '- sikre at behovene blir møtt.',
        '',
        'Undertegnerne har ulike ordninger. I noen byer yter de tjenestene selv.',
      ].join('\n'),
    );
    expect(result.changes.filter((c) => c.ruleId === 'footnote-mark')).toEqual([
      { ruleId: 'footnote-mark', actual: '*', expected: '', line: 1, column: 33 },
      { ruleId: 'footnote-mark', actual: '*', expected: '', line: 5, column: 1 },
    ]);
  });

  it('removes a numbered footnote mark glued to a colon and opening the footnote', async () => {
    const result = await normalise(
      'Som serviceudbydere vil vi:1\n\n- sikre adgang.\n\n1 Underskriverne har forskellige pligter.',
    );
    expect(result.text).toBe(
      'Som serviceudbydere vil vi:\n\n- sikre adgang.\n\nUnderskriverne har forskellige pligter.',
    );
  });

  it('keeps a star bullet that is not a footnote, and numbers that are not marks', async () => {
    const text = 'Vi vil:*\n\n* fremme mangfold;\n\n* sikre adgang.\n\nI 2011 kom 12 byer.';
    const result = await normalise(text);
    expect(result.text).toBe('Vi vil:\n\n- fremme mangfold;\n\n- sikre adgang.\n\nI 2011 kom 12 byer.');
  });

  it('keeps "1 ..." at a paragraph start when nothing refers to footnote 1', async () => {
    const text = 'Punkter:\n\n1 første\n\n2 andre';
    expect((await normalise(text)).text).toBe(text);
  });

  it('reads a lone | as I at a line start or after a sentence end', async () => {
    const result = await normalise(
      '| 2004 utga de en plan. | de tilfeller gjelder a | b.\n|ntegrering er viktig.',
    );
    expect(result.text).toBe('I 2004 utga de en plan. I de tilfeller gjelder a | b.\nIntegrering er viktig.');
    expect(result.changes.filter((c) => c.ruleId === 'pipe-as-i').map((c) => [c.line, c.column])).toEqual([
      [1, 1],
      [1, 25],
      [2, 1],
    ]);
  });

  it('removes debris lines and debris at a line start', async () => {
    const text =
      'första raden;\n. . . .\nandra raden\n. o . A . . tredje raden\nfjärde ... raden\n.\nsista\n-\nord';
    const result = await normalise(text);
    expect(result.text).toBe('första raden;\nandra raden\ntredje raden\nfjärde ... raden\nsista\n-\nord');
    expect(result.changes.filter((c) => c.ruleId === 'debris')).toEqual([
      { ruleId: 'debris', actual: '. . . .', expected: '', line: 2, column: 1 },
      { ruleId: 'debris', actual: '. o . A . .', expected: '', line: 4, column: 1 },
      { ruleId: 'debris', actual: '.', expected: '', line: 6, column: 1 },
    ]);
  });

  it('removes a page number standing between blank lines, not a number inside text', async () => {
    const result = await normalise(
      'slutet av sidan och\n\n- 12 -\n\nnästa sida.\n\n13\n\nSista\n2011\nrader',
    );
    expect(result.text).toBe('slutet av sidan och\n\nnästa sida.\n\nSista\n2011\nrader');
    expect(result.changes.filter((c) => c.ruleId === 'page-number').map((c) => [c.actual, c.line])).toEqual([
      ['- 12 -', 3],
      ['13', 7],
    ]);
  });

  it('removes a stray dot or comma opening a line, but reads a dot before an item as a bullet', async () => {
    const text = 'Vi vil arbeide, lære,\n. studere og bo;\n. Fremme mangfold.\n, støtte læring.';
    const result = await normalise(text);
    expect(result.text).toBe('Vi vil arbeide, lære,\nstudere og bo;\n- Fremme mangfold.\nstøtte læring.');
    expect(result.changes.map((c) => [c.ruleId, c.actual, c.line])).toEqual([
      ['debris', '.', 2],
      ['debris', ',', 4],
      ['bullet', '.', 3],
    ]);
  });

  it('removes an unmatched quote mark glued to the first word of a line', async () => {
    const result = await normalise(
      "within Europe.\n‘Some stay for a short time.\n\n‘Quoted’ words stay, and\n'so do' these.",
    );
    expect(result.text).toBe(
      "within Europe.\nSome stay for a short time.\n\n‘Quoted’ words stay, and\n'so do' these.",
    );
    expect(result.changes).toEqual([{ ruleId: 'debris', actual: '‘', expected: '', line: 2, column: 1 }]);
  });

  it('removes a running header that stands alone on three pages, numbers aside', async () => {
    const body = (n: number) =>
      Array.from({ length: 6 }, (_, i) => `Rad ${i} av sidan ${n} fortsätter här.`).join('\n');
    const page = (n: number) => `Integrating Cities Charter ${n}\n\n${body(n)}`;
    const result = await normalise([page(1), page(2), page(3)].join('\n\n'));
    expect(result.text).toBe([body(1), body(2), body(3)].join('\n\n'));
    expect(result.changes.map((c) => [c.ruleId, c.actual, c.line])).toEqual([
      ['running-header', 'Integrating Cities Charter 1', 1],
      ['running-header', 'Integrating Cities Charter 2', 10],
      ['running-header', 'Integrating Cities Charter 3', 19],
    ]);
    const twice = [page(1), page(2)].join('\n\n');
    expect((await normalise(twice)).text).toBe(twice);
  });

  it('keeps words standing alone again and again in a text extracted a word or a few to a line', async () => {
    // pdftotext's default mode on justified columns: most words of a line become paragraphs of their own.
    const words = ['om', 'for', 'til', 'med', 'vi', 'Integration'];
    const chunk = (n: number) =>
      [...words.map((w) => `${w}\n\nord ${n} og mer tekst her`), `linje ${n} slutter.`].join('\n\n');
    const text = Array.from({ length: 4 }, (_, n) => chunk(n)).join('\n\n');
    const result = await normalise(text);
    expect(result.text).toBe(text);
    expect(result.rules).not.toContain('running-header');
  });

  it('keeps numbered headings that follow sections of different lengths', async () => {
    const section = (n: number, lines: number) =>
      `Article ${n}\n\n${Array.from({ length: lines }, (_, i) => `Line ${i} of article ${n}.`).join('\n')}`;
    const text = [section(1, 1), section(2, 5), section(3, 2), section(4, 9)].join('\n\n');
    expect((await normalise(text)).text).toBe(text);
  });

  it('reads an "o" opening a list item before a capital as a bullet', async () => {
    const result = await normalise('Vi vil:\n\no Fremme mangfold;\n\no Sikre adgang.\n\nhvit\no svart');
    expect(result.text).toBe('Vi vil:\n\n- Fremme mangfold;\n\n- Sikre adgang.\n\nhvit\no svart');
  });

  it('keeps ordinary text as it is, without messages', async () => {
    const text = 'Europa-Kommissionen, EU:s principer (2007-2013) — och “citat”.\n\nNy paragraf: slut.';
    const result = await normalise(text);
    expect(result.text).toBe(text);
    expect(result.changes).toEqual([]);
  });

  it('rejects a bad bullet option', () => {
    expect(() => retext().use(retextNormalise, { bullet: ' ' }).freeze()).toThrow(TypeError);
    expect(() => retext().use(retextNormalise, { bullet: '' }).processSync('x')).toThrow(TypeError);
  });

  it('uses the configured bullet form', async () => {
    const file = await retext()
      .use(retextNormalise, { bullet: '•' })
      .process('Vi vil:\n\n* fremme mangfold.');
    expect(String(file)).toBe('Vi vil:\n\n• fremme mangfold.');
  });
});
