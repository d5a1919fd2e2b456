import { describe, expect, it } from 'vitest';
import type { ClauseRecord, EditionRecord } from '../editions/types.ts';
import { collectExport, type StoredFlag } from './collect.ts';
import { toCsv } from './csv.ts';
import { toJsonExport } from './json.ts';
import { toTmx } from './tmx.ts';
import type { ExportInput } from './types.ts';

const record = (clauseId: string, lang: string, text: string, extra: Partial<ClauseRecord> = {}) =>
  ({
    charter: 'c1',
    clauseId,
    lang,
    order: clauseId === 'a' ? 0 : 1,
    text,
    confidence: 0.9,
    version: 2,
    ...extra,
  }) as ClauseRecord;

const corrected = record('a', 'nb', 'I 2004 vedtok byene', {
  confidence: 1,
  quality: null,
  reviewed: {
    by: 'ann',
    at: '2026-03-04T05:06:07.000Z',
    flagId: 'c1:a:number-mismatch:nb',
    ocrText: 'I 2O04 vedtok',
  },
});

const flag = (id: string, status: string, extra: Partial<StoredFlag> = {}): StoredFlag => {
  const [, clause, kind, langs] = id.split(':');
  return {
    id,
    clause: clause!,
    kind,
    langs: langs!.split('+'),
    status,
    history:
      status === 'open' ? [] : [{ status, by: 'bo', at: '2026-05-06T00:00:00.000Z', note: `${status} it` }],
    ...extra,
  };
};

async function collected(): Promise<ExportInput> {
  const clauses = [
    corrected,
    record('a', 'sv', 'År 2004'),
    record('b', 'sv', 'Finansierat av EU'),
    record('b', 'nb', 'Finansiert'),
  ];
  const input = await collectExport('c1', {
    editions: {
      listEditions: async () =>
        ['nb', 'sv'].map((lang) => ({ charter: 'c1', lang, version: 2 }) as EditionRecord),
      listEditionClauses: async (_c, lang) => clauses.filter((c) => c.lang === lang),
    },
    openFlags: async () => [
      flag('c1:b:number-mismatch:nb+sv', 'accepted'),
      flag('c1:b:name-mismatch:nb', 'accepted', { resolvedAt: '2026-05-07T00:00:00.000Z' }),
      flag('c1:a:length-outlier:sv', 'dismissed'),
      flag('c1:a:meaning-drift:sv', 'open'),
    ],
  });
  return input!;
}

describe('reviews in the export', () => {
  it('collects corrections as reviewed texts and accepted divergences still detected as notes', async () => {
    const input = await collected();
    expect(input.records.find((r) => r.lang === 'nb' && r.clauseId === 'a')?.reviewed?.ocrText).toBe(
      'I 2O04 vedtok',
    );
    expect(input.flags?.map((f) => f.id)).toEqual(['c1:a:meaning-drift:sv']);
    expect(input.accepted).toEqual([
      {
        id: 'c1:b:number-mismatch:nb+sv',
        clause: 'b',
        langs: ['nb', 'sv'],
        kind: 'number-mismatch',
        note: 'accepted it',
        by: 'bo',
        at: '2026-05-06T00:00:00.000Z',
      },
    ]);
  });

  it('marks a corrected text reviewed in TMX with the OCR text, and keeps the accepted unit with a note', async () => {
    const tmx = toTmx(await collected());
    const unitA = tmx.slice(tmx.indexOf('<tu tuid="a">'), tmx.indexOf('</tu>'));
    const nb = unitA.slice(unitA.indexOf('<tuv xml:lang="nb">'), unitA.indexOf('</tuv>'));
    expect(nb).toContain('<prop type="x-review-status">reviewed</prop>');
    expect(nb).toContain('<prop type="x-reviewed-by">ann</prop>');
    expect(nb).toContain('<prop type="x-ocr-text">I 2O04 vedtok</prop>');
    expect(nb).toContain('<seg>I 2004 vedtok byene</seg>');
    const unitB = tmx.slice(tmx.indexOf('<tu tuid="b">'));
    expect(unitB).toContain('<prop type="x-review-status">accepted c1:b:number-mismatch:nb+sv</prop>');
    expect(unitB).toContain(
      '<note>accepted divergence (number-mismatch, nb, sv): accepted it (bo, 2026-05-06)</note>',
    );
    expect(unitB).not.toContain('name-mismatch');
    expect(unitB.match(/<tuv /g)).toHaveLength(2);
  });

  it('gives the reviewer, time and OCR text in CSV and JSON', async () => {
    const input = await collected();
    const [header, rowA, rowB] = toCsv(input)
      .split('\r\n')
      .map((line) => line.split(','));
    const col = (name: string) => header!.indexOf(name);
    expect([rowA![col('nb')], rowA![col('nb_reviewed_by')], rowA![col('nb_ocr_text')]]).toEqual([
      'I 2004 vedtok byene',
      'ann',
      'I 2O04 vedtok',
    ]);
    expect(rowA![col('sv_reviewed_by')]).toBe('');
    expect(rowB![col('accepted')]).toContain('c1:b:number-mismatch:nb+sv: accepted divergence');
    const json = toJsonExport(input);
    expect(json.clauses[0]!.reviewed).toEqual({ nb: corrected.reviewed });
    expect(json.clauses[1]!.accepted?.map((a) => a.id)).toEqual(['c1:b:number-mismatch:nb+sv']);
    expect(json.clauses[1]!.reviewed).toBeUndefined();
  });
});
