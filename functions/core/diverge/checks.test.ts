import { describe, expect, it } from 'vitest';
import { detectDivergences, editionFromAlignment } from './index.ts';
import { editionOf, structureOf, testThresholds } from './test-fixtures.ts';
import { namesMatch, nameTokens, numberTokens } from './tokens.ts';
import { looksLikeContent } from './unaligned-residue.ts';

const structure = structureOf([
  ['intro', 'paragraph'],
  ['list', 'paragraph'],
  ['list.1', 'bullet', 'list'],
  ['list.2', 'bullet', 'list'],
  ['list.3', 'bullet', 'list'],
  ['end', 'colophon'],
]);

const base = {
  intro: 'In 1998 the network of Lyon, Porto and Graz met with UNESCO.',
  list: 'We will:',
  'list.1': 'talk with people;',
  'list.2': 'write reports;',
  'list.3': 'meet again.',
  end: 'Made with support.',
};

const detect = (...editions: ReturnType<typeof editionOf>[]) =>
  detectDivergences({ structure, editions }, testThresholds);
const of = (kind: string, findings: ReturnType<typeof detect>) => findings.filter((f) => f.kind === kind);

describe('missing clauses and list structure', () => {
  it('flags the edition lacking a bullet, and its lead-in, and nothing when all agree', () => {
    const { 'list.2': _, ...short } = base;
    const findings = detect(editionOf('aa', base), editionOf('bb', base), editionOf('cc', short));
    expect(of('missing-clause', findings).map((f) => [f.clause, f.langs])).toEqual([['list.2', ['cc']]]);
    expect(of('list-structure', findings).map((f) => [f.clause, f.langs])).toEqual([['list', ['cc']]]);
    expect(detect(editionOf('aa', base), editionOf('bb', base), editionOf('cc', base))).toEqual([]);
  });
});

describe('numbers', () => {
  it('reads digit groups and ranges', () => {
    expect(numberTokens('in 2007-2013, 1.500 and 07')).toEqual(['2007', '2013', '1500', '7']);
    expect(numberTokens('6msesidigt 2004 års EU:s 3a')).toEqual(['2004']);
  });
  it('flags the edition whose year differs from the majority, only that one', () => {
    const changed = { ...base, intro: base.intro.replace('1998', '1999') };
    const found = of(
      'number-mismatch',
      detect(editionOf('aa', base), editionOf('bb', changed), editionOf('cc', base)),
    );
    expect(found.map((f) => [f.clause, f.langs, f.evidence.actual, f.evidence.expected, f.severity])).toEqual(
      [['intro', ['bb'], ['1999'], ['1998'], 'high']],
    );
  });
  it('weighs a lone digit less than a year', () => {
    const digit = { ...base, 'list.1': 'talk with 4 people;' };
    const found = of(
      'number-mismatch',
      detect(editionOf('aa', base), editionOf('bb', digit), editionOf('cc', base)),
    );
    expect(found.map((f) => [f.clause, f.langs, f.severity])).toEqual([['list.1', ['bb'], 'medium']]);
  });
});

describe('names', () => {
  it('matches inflected and local spellings but not other names', () => {
    const s = testThresholds.names;
    expect(namesMatch('rom', 'roma', s)).toBe(true);
    expect(namesMatch('london', 'londons', s)).toBe(true);
    expect(namesMatch('milano', 'milanoerklaeringen', s)).toBe(true);
    expect(namesMatch('eu', 'europa', s)).toBe(true);
    expect(namesMatch('berlin', 'bern', s)).toBe(false);
    expect(namesMatch('leeds', 'lisbon', s)).toBe(false);
  });
  it('takes capitalised words that start no sentence, and acronyms, without a lexicon', () => {
    expect(nameTokens('The city of Porto joined NATO. Then it left.').map((t) => t.text)).toEqual([
      'Porto',
      'NATO',
    ]);
    expect(nameTokens('the EUs and EUinstitutions of Europe').map((t) => t.text)).toEqual([
      'EU',
      'EUinstitutions',
      'Europe',
    ]);
  });
  it('with a lexicon, keeps listed proper nouns and drops capitalised common words', () => {
    const words = new Set(['the', 'city', 'of', 'joined', 'then', 'it', 'left', 'Porto', 'big']);
    const isWord = (w: string) => words.has(w);
    expect(nameTokens('Big city of Porto joined. Then Foo left.', isWord).map((t) => t.text)).toEqual([
      'Porto',
      'Foo',
    ]);
  });
  it('reads an acronym run into a known word or an ending, but not OCR debris', () => {
    const isWord = (w: string) => ['the', 'and', 'institutions'].includes(w);
    expect(nameTokens('COpptolging: the EUinstitutions and NATOs', isWord).map((t) => t.text)).toEqual([
      'EU',
      'NATO',
    ]);
  });
  it('flags a swapped city in one edition, and accepts an inflected name', () => {
    const swapped = { ...base, intro: base.intro.replace('Porto', 'Lisbon') };
    const inflected = { ...base, intro: `${base.intro.slice(0, -1)} in Graza.` };
    const found = of(
      'name-mismatch',
      detect(editionOf('aa', inflected), editionOf('bb', swapped), editionOf('cc', base)),
    );
    expect(found.map((f) => [f.langs, f.evidence.actual, f.evidence.expected])).toEqual([
      [['bb'], ['Lisbon'], ['Porto']],
    ]);
  });
});

describe('names against the edition itself', () => {
  it('takes a capitalised word the edition also writes in lower case (give or take an ending) for a common word', () => {
    const titled = { ...base, list: 'We Talk about Reports:', 'list.2': 'write reports and talks;' };
    const found = of(
      'name-mismatch',
      detect(editionOf('aa', titled), editionOf('bb', base), editionOf('cc', base)),
    );
    expect(found.map((f) => [f.clause, f.langs, f.evidence.actual])).toEqual([]);
    const named = { ...base, list: 'We Talk about Gdansk:' };
    const flagged = of(
      'name-mismatch',
      detect(editionOf('aa', named), editionOf('bb', base), editionOf('cc', base)),
    );
    expect(flagged.map((f) => [f.clause, f.langs, f.evidence.actual])).toEqual([
      ['list', ['aa'], ['Gdansk']],
    ]);
  });
});

describe('residue', () => {
  const settings = testThresholds.residue;
  it('tells running text from mastheads and debris', () => {
    expect(looksLikeContent('Den omfatter:', settings)).toBe(true);
    expect(looksLikeContent('LIVING IN EUROPE', settings)).toBe(false);
    expect(looksLikeContent('Integrating Cities Charter', settings)).toBe(false);
    expect(looksLikeContent('. o . A . .', settings)).toBe(false);
  });
  it('reports content-like residue after its clause', () => {
    const found = detect(
      editionOf('aa', base, { residue: [{ text: 'and so it goes on', after: 'list.1' }, 'PAGE 4'] }),
      editionOf('bb', base),
    );
    expect(of('unaligned-residue', found).map((f) => [f.clause, f.langs])).toEqual([['list.1', ['aa']]]);
  });
});

describe('low confidence', () => {
  it('flags clauses below the limit only', () => {
    const weak = editionOf('aa', base);
    const clauses = {
      ...weak.clauses,
      end: { text: base.end, confidence: 0.3 },
      intro: { text: base.intro, confidence: 0.6 },
    };
    const found = of('low-confidence', detect({ ...weak, clauses }, editionOf('bb', base)));
    expect(found.map((f) => [f.clause, f.langs])).toEqual([['end', ['aa']]]);
  });
});

describe('low quality', () => {
  it('flags clauses whose text reads poorly, with the unreadable words as evidence; unknown quality is not judged', () => {
    const poor = editionOf('aa', base);
    const clauses = {
      ...poor.clauses,
      end: { text: base.end, confidence: 1, quality: 0.42, unknownWords: ['stader', 'manniskor'] },
      intro: { text: base.intro, confidence: 1, quality: 0.85, unknownWords: ['lander'] },
      'list.1': { text: base['list.1'], confidence: 1, quality: null },
    };
    const found = of('low-quality', detect({ ...poor, clauses }, editionOf('bb', base)));
    expect(found.map((f) => [f.clause, f.langs])).toEqual([['end', ['aa']]]);
    expect(found[0]!.evidence).toMatchObject({
      actual: ['stader', 'manniskor'],
      score: { value: 0.42, limit: testThresholds.lowQuality },
    });
    expect(found[0]!.reason).toContain('stader');
  });
});

describe('editionFromAlignment', () => {
  it('places residue after the clause that starts last before it', () => {
    const span = (start: number) => [{ start, end: start + 5 }];
    const edition = editionFromAlignment(
      {
        charter: 'test-charter',
        lang: 'aa',
        clauses: [
          { id: 'intro', text: 'In 1998.', confidence: 0.9, spans: span(10), segments: [0] },
          { id: 'list', text: 'We will:', confidence: 0.7, spans: span(20), segments: [1] },
        ],
        residue: [
          { text: 'MASTHEAD', spans: span(0), confidence: 1 },
          { text: 'and more text', spans: span(30), confidence: 1 },
        ],
        missing: [],
        segments: [],
      },
      undefined,
    );
    expect(edition.clauses.list).toEqual({ text: 'We will:', confidence: 0.7 });
    expect(edition.residue).toEqual([{ text: 'MASTHEAD' }, { text: 'and more text', after: 'list' }]);
  });
});

describe('editions to compare', () => {
  it('reports nothing comparative for a single edition, only its own residue and confidence', () => {
    const lone = editionOf('aa', base, { residue: ['and so it goes on'] });
    expect(detect(lone).map((f) => f.kind)).toEqual(['unaligned-residue']);
    expect(detect()).toEqual([]);
  });

  it('names both editions of a pair that differ, since neither can be outvoted', () => {
    const changed = { ...base, intro: base.intro.replace('UNESCO', 'OECD') };
    const found = of('name-mismatch', detect(editionOf('aa', base), editionOf('bb', changed)));
    expect(found.map((f) => [f.langs, f.evidence.actual, f.evidence.expected])).toEqual([
      [['aa'], ['UNESCO'], ['OECD']],
      [['bb'], ['OECD'], ['UNESCO']],
    ]);
  });
});
