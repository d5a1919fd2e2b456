import { describe, expect, it } from 'vitest';
import type { ClauseRecord } from '../editions/types.ts';
import { applyCorrections, correctionInForce, staleCorrectionFindings } from './record.ts';
import type { ReviewedClause } from './types.ts';

const ocr = (clauseId: string, lang: string, text: string): ClauseRecord => ({
  charter: 'c1',
  clauseId,
  lang,
  order: clauseId === 'a' ? 0 : 1,
  text,
  confidence: 0.7,
  quality: 0.8,
  unknownWords: ['2O04'],
  version: 3,
});

const correction = (overrides: Partial<ReviewedClause> = {}): ReviewedClause => ({
  charter: 'c1',
  clauseId: 'a',
  lang: 'nb',
  text: 'I 2004 vedtok byene',
  by: 'ann',
  at: '2026-03-04T05:06:07.000Z',
  flagId: 'c1:a:number-mismatch:nb',
  ocrText: 'I 2O04  vedtok byene',
  version: 3,
  order: 0,
  ...overrides,
});

describe('applyCorrections', () => {
  it('serves a correction over the OCR text it corrected, keeping the OCR text beside it', () => {
    const records = [ocr('a', 'nb', 'I 2O04 vedtok\nbyene'), ocr('a', 'sv', 'År 2004')];
    const served = applyCorrections(records, [correction()], () => 3);
    expect(served.find((r) => r.lang === 'nb')).toEqual({
      charter: 'c1',
      clauseId: 'a',
      lang: 'nb',
      order: 0,
      text: 'I 2004 vedtok byene',
      confidence: 1,
      quality: null,
      version: 3,
      reviewed: {
        by: 'ann',
        at: '2026-03-04T05:06:07.000Z',
        flagId: 'c1:a:number-mismatch:nb',
        ocrText: 'I 2O04 vedtok\nbyene',
      },
    });
    expect(served.find((r) => r.lang === 'sv')).toEqual(records[1]);
    // Applying it again to what is served changes nothing.
    expect(applyCorrections(served, [correction()], () => 3)).toEqual(served);
  });

  it('serves the new OCR text when a re-ingest read the clause differently', () => {
    const records = [ocr('a', 'nb', 'I 2006 vedtok byene')];
    expect(applyCorrections(records, [correction()], () => 4)).toEqual(records);
  });

  it('supplies a clause the edition lacks, only while it still lacks it and has a current version', () => {
    const supplied = correction({ clauseId: 'b', ocrText: null, order: 7, text: 'Finansiert av EU' });
    const [record] = applyCorrections([], [supplied], () => 5);
    expect(record).toMatchObject({
      clauseId: 'b',
      lang: 'nb',
      order: 7,
      version: 5,
      text: 'Finansiert av EU',
    });
    expect(record!.reviewed?.ocrText).toBeNull();
    expect(applyCorrections([], [supplied], () => undefined)).toEqual([]);
    const nowRead = [ocr('b', 'nb', 'Finansieret af EU')];
    expect(applyCorrections(nowRead, [supplied], () => 5)).toEqual(nowRead);
  });

  it('keeps a correction recorded before OCR texts were kept in force', () => {
    const legacy = correction({ ocrText: undefined });
    expect(correctionInForce(legacy, 'anything')).toBe(true);
    expect(correctionInForce(correction(), 'I 2O04 vedtok byene')).toBe(true);
    expect(correctionInForce(correction(), 'I 2O05 vedtok byene')).toBe(false);
  });
});

describe('staleCorrectionFindings', () => {
  it('flags corrections of current editions that are not in force, with the new text and the old correction', () => {
    const served = [ocr('a', 'nb', 'I 2006 vedtok byene'), ocr('a', 'sv', 'År 2004')];
    const svCorrection = correction({ lang: 'sv', ocrText: 'År 2004', text: 'År 2004.' });
    const daCorrection = correction({ lang: 'da' });
    const findings = staleCorrectionFindings(
      'c1',
      [correction(), svCorrection, daCorrection],
      served,
      new Set(['nb', 'sv']),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        clause: 'a',
        langs: ['nb'],
        kind: 'stale-correction',
        evidence: { actual: ['I 2006 vedtok byene'], expected: ['I 2004 vedtok byene'], comparedWith: [] },
      }),
    ]);
  });
});
