import { describe, expect, it } from 'vitest';
import { trickyInput } from '../export/test-fixtures.ts';
import { toTmx } from '../export/tmx.ts';
import { MemoryReviewStore } from '../reviews/memory-review-store.ts';
import { reviewedTextsFromTmx, saveImportedTexts, tmxCharter } from './reviewed-texts.ts';
import { parseTmx, TmxError } from './tmx.ts';

const input = trickyInput();
const clauseIds = new Set(input.clauses.map((c) => c.id));
const expected = input.records.map((r) => ({ clauseId: r.clauseId, lang: r.lang, text: r.text }));
const byKey = (a: { clauseId: string; lang: string }, b: { clauseId: string; lang: string }) =>
  `${a.clauseId} ${a.lang}`.localeCompare(`${b.clauseId} ${b.lang}`);

describe('TMX import', () => {
  it('imports an export again: the same texts, byte for byte, as reviewed texts', async () => {
    const document = parseTmx(toTmx(input, { createdAt: new Date('2026-01-02T03:04:05Z') }));
    expect(tmxCharter(document)).toBe('c1');
    expect(document.srclang).toBe('en');
    const imported = reviewedTextsFromTmx(document, clauseIds);
    expect(imported.skipped).toEqual([]);
    expect(imported.languages).toEqual(['el', 'en', 'sv']);
    const reviews = new MemoryReviewStore();
    await saveImportedTexts(
      imported.texts,
      { charter: 'c1', by: 'tm', at: '2026-01-02T03:04:05.000Z', file: 'c1.tmx' },
      reviews,
    );
    const stored = await reviews.listReviewedClauses('c1');
    expect(stored.map(({ clauseId, lang, text }) => ({ clauseId, lang, text })).sort(byKey)).toEqual(
      [...expected].sort(byKey),
    );
    expect(stored[0]).toMatchObject({ charter: 'c1', by: 'tm', flagId: 'import:c1.tmx' });
  });

  it('reads TMX from other tools: 1.1 lang, inline codes, CDATA, comments, entities, a BOM and CRLF', () => {
    const xml = [
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
      '<tmx version="1.1"><header srclang="SV" segtype="sentence"/>',
      '<body><!-- a <comment> -->',
      '<tu tuid="c.one"><tuv lang="SV"><seg>Städer &amp; <bpt i="1">&lt;b&gt;</bpt>regioner<ept i="1">&lt;/b&gt;</ept> &#229;&#xE4;</seg></tuv>',
      '<tuv xml:lang="nb-NO"><seg><![CDATA[Byer & <regioner>]]><ph x="1">{0}</ph> <hi>og</hi>\r\nland</seg></tuv></tu>',
      '<tu><prop type="x-clause">c.two</prop><tuv xml:lang="da"><seg>To</seg></tuv></tu>',
      '<tu tuid="elsewhere"><tuv xml:lang="da"><seg>Ukendt</seg></tuv></tu>',
      '<tu tuid="c.three"><tuv xml:lang="da"><seg>  </seg></tuv></tu>',
      '</body></tmx>',
    ].join('\r\n');
    const document = parseTmx(xml);
    expect(document.srclang).toBe('SV');
    const imported = reviewedTextsFromTmx(document, clauseIds);
    expect(imported.texts).toEqual([
      { clauseId: 'c.one', lang: 'sv', text: 'Städer & regioner åä' },
      { clauseId: 'c.one', lang: 'nb-NO', text: 'Byer & <regioner> og\nland' },
      { clauseId: 'c.two', lang: 'da', text: 'To' },
    ]);
    expect(imported.skipped).toEqual([
      { unit: 'elsewhere', reason: 'not a clause of this charter' },
      { unit: 'c.three (da)', reason: 'empty segment' },
    ]);
  });

  it('says where a document is broken', () => {
    const cases: Array<[string, RegExp]> = [
      ['<tmx><body>\n<tu><tuv xml:lang="sv"><seg>a</tuv></tu></body></tmx>', /line 2: <\/tuv> closes <seg>/],
      ['<tmx><body><tu><tuv xml:lang="sv"><seg>a & b</seg></tuv></tu></body></tmx>', /bare "&"/],
      ['<tmx><body>\n\n<tu><tuv><seg>a</seg></tuv></tu></body></tmx>', /line 3: a <tuv> without xml:lang/],
      ['<xliff></xliff>', /root element is <xliff>/],
      ['<tmx><body>', /<body> is not closed/],
      ['plain text', /no <tmx> element/],
      [
        '<tmx><body><tu><tuv xml:lang="sv"><seg>&nbsp;</seg></tuv></tu></body></tmx>',
        /unknown entity &nbsp;/,
      ],
    ];
    for (const [xml, message] of cases) expect(() => parseTmx(xml), xml).toThrow(message);
    expect(() => parseTmx('<tmx')).toThrow(TmxError);
  });
});
