import { describe, expect, it } from 'vitest';
import { cleanFragment, cleanText, prepareLines } from './clean-text.ts';
import type { ConfusionModel, FrequencyList, LanguageResources } from './types.ts';

/** A small, hand-made Swedish resource set: enough words for the sentences below. */
function swedish(): LanguageResources {
  const counts = new Map<string, number>([
    ['och', 900],
    ['för', 800],
    ['att', 700],
    ['vi', 600],
    ['stöd', 50],
    ['språkundervisning', 3],
    ['kommer', 300],
    ['som', 500],
    ['arbetsgivare', 10],
    ['till', 400],
    ['alla', 200],
    ['städer', 30],
    ['i', 1000],
    ['en', 900],
    ['större', 40],
    ['jämlikhets', 1],
    ['mångfaldsstrategi', 1],
    ['politiker', 20],
  ]);
  const words = [...counts.keys()];
  const frequency: FrequencyList = {
    count: (word) => counts.get(word.toLowerCase()) ?? 0,
    total: [...counts.values()].reduce((a, b) => a + b, 0),
    words,
  };
  const lexicon = new Set([...words, 'EU-kommissionen', 'Som', 'Vi', 'Stöd', 'Alla']);
  return {
    settings: { lang: 'sv', name: 'Swedish', extraLetters: 'åäö', conjunctions: ['och', 'eller'] },
    lexicon: { has: (word) => lexicon.has(word) },
    frequency,
  };
}

const confusions: ConfusionModel = {
  confusions: [
    { intended: 'å', seen: 'a', cost: 2.5, kind: 'diacritic-lost' },
    { intended: 'ö', seen: 'o', cost: 2.5, kind: 'diacritic-lost' },
    { intended: 'ä', seen: 'a', cost: 2.5, kind: 'diacritic-lost' },
    { intended: 'ö', seen: '6', cost: 3.5, kind: 'diacritic-misread' },
  ],
};

const edition = [
  'Som politiker kommer vi att:*', //          1
  '', //                                        2
  '• stöd till alla i stider och sprakun-', // 3
  'dervisning;', //                             4
  '+ en större jämlikhets-', //                 5
  'och mångfaldsstrategi.', //                  6
  '. . . .', //                                 7
  '* Vi kommer att ge stöd till alla. Som arbetsgivare kommer vi att ge stöd f6r alla.', // 8
].join('\n');

describe('cleanText', () => {
  it('runs normalise, dehyphenate, fix-ocr and paragraphs, reporting changes at input positions', async () => {
    const result = await cleanText(edition, { resources: swedish(), confusions, detectedLang: 'sv' });
    expect(result.lang).toBe('sv');
    expect(result.detectedLang).toBe('sv');
    expect(result.text).toBe(
      [
        'Som politiker kommer vi att:',
        // "stider": i for ä is in no confusion group here, but one letter read as another is a free substitution.
        '- stöd till alla i städer och språkundervisning;',
        '- en större jämlikhets- och mångfaldsstrategi.',
        'Vi kommer att ge stöd till alla. Som arbetsgivare kommer vi att ge stöd för alla.',
      ].join('\n\n'),
    );
    const find = (ruleId: string) => result.changes.filter((c) => c.ruleId === ruleId);
    expect(find('footnote-mark').map((c) => [c.line, c.column])).toEqual([
      [1, 29],
      [8, 1],
    ]);
    expect(find('bullet').map((c) => [c.actual, c.line])).toEqual([
      ['•', 3],
      ['+', 5],
    ]);
    expect(find('join-line-end-hyphen')).toEqual([
      expect.objectContaining({
        actual: 'sprakun-\ndervisning',
        expected: 'sprakundervisning',
        line: 3,
        column: 31,
      }),
    ]);
    expect(find('debris')).toEqual([expect.objectContaining({ line: 7, column: 1 })]);
    const ocr = result.changes.filter((c) => c.source === 'retext-fix-ocr');
    expect(ocr).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actual: 'sprakundervisning', expected: 'språkundervisning', line: 3 }),
        expect.objectContaining({ actual: 'f6r', expected: 'för', line: 8 }),
      ]),
    );
    const order = result.changes.map((c) => c.line * 1000 + c.column);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('leaves words alone without a confusion model and reports a null detectedLang', async () => {
    const result = await cleanText(edition, { resources: swedish() });
    expect(result.detectedLang).toBeNull();
    expect(result.text).toContain('sprakundervisning');
    expect(result.text).toContain('f6r alla');
    expect(result.changes.some((c) => c.source === 'retext-fix-ocr')).toBe(false);
  });
});

describe('prepareLines', () => {
  it('normalises glyphs but keeps the lines and the hyphenation', () => {
    const result = prepareLines(edition);
    expect(result.text.split('\n')).toEqual([
      'Som politiker kommer vi att:',
      '',
      '- stöd till alla i stider och sprakun-',
      'dervisning;',
      '- en större jämlikhets-',
      'och mångfaldsstrategi.',
      'Vi kommer att ge stöd till alla. Som arbetsgivare kommer vi att ge stöd f6r alla.',
    ]);
    expect(result.changes.map((c) => c.ruleId)).toEqual([
      'footnote-mark',
      'bullet',
      'bullet',
      'debris',
      'footnote-mark',
    ]);
  });

  it('locates every prepared line in the input', () => {
    const input =
      '  Titel\r\n\r\n\r\n• första\u0007 punkt\n. . . .\n|ntegration sker;\n\n* Fotnot. Två meningar.';
    const result = prepareLines(input);
    expect(result.lines.map((line) => line.text)).toEqual([
      'Titel',
      '',
      '',
      '- första punkt',
      'Integration sker;',
      '',
      '- Fotnot. Två meningar.',
    ]);
    for (const line of result.lines) {
      if (line.text === '') expect(input.slice(line.start - 1, line.start)).toMatch(/\n/u);
      else
        expect(input[line.start]).toBe(
          { '-': line.start === 13 ? '•' : '*', I: '|' }[line.text[0]!] ?? line.text[0],
        );
    }
    expect(result.lines.map((line) => line.start)).toEqual([2, 9, 11, 13, 37, 55, 56]);
  });
});

describe('cleanFragment', () => {
  it('joins hyphenation, corrects words and collapses white space', () => {
    const result = cleanFragment(
      'stöd till alla   i stider och sprakun-\ndervisning,\n  en större jämlikhets-\noch f6r',
      {
        resources: swedish(),
        confusions,
      },
    );
    expect(result.text).toBe('stöd till alla i städer och språkundervisning, en större jämlikhets- och för');
    expect(result.changes.map((c) => c.ruleId)).toContain('join-line-end-hyphen');
  });

  it('fits the OCR corrector on the whole edition when given', () => {
    const options = { resources: swedish(), confusions };
    const alone = cleanFragment('for alla', options);
    const inEdition = cleanFragment('for alla', {
      ...options,
      documentText: 'stöd för alla, f6r alla, fér alla, for stider',
    });
    expect(alone.text).toMatch(/^f[oö]r alla$/u);
    expect(inEdition.text).toMatch(/^f[oö]r alla$/u);
    expect(() => cleanFragment('x', { ...options, documentText: 42 as never })).toThrow(TypeError);
  });

  it('reuses its processor and gives the same answer twice', () => {
    const options = { resources: swedish(), confusions };
    expect(cleanFragment('f6r alla', options)).toEqual(cleanFragment('f6r alla', options));
  });
});
