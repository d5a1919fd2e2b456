import { describe, expect, it } from 'vitest';
import { withCorrections } from './reference-texts.ts';
import type { ReviewedClause } from './types.ts';

const correction = (lang: string, clauseId: string, text: string): ReviewedClause => ({
  charter: 'c1',
  clauseId,
  lang,
  text,
  by: 'ann',
  at: '2026-01-01T00:00:00.000Z',
  flagId: 'x',
});

describe('withCorrections', () => {
  const shipped = [{ charter: 'c1', lang: 'sv', clauses: { a: 'År 2006', b: 'B' }, residue: [] }];

  it('replaces the reference text of a corrected clause and leaves the rest', () => {
    const result = withCorrections(shipped, [correction('sv', 'a', 'År 2004')], 'nb');
    expect(result).toEqual([{ charter: 'c1', lang: 'sv', clauses: { a: 'År 2004', b: 'B' }, residue: [] }]);
    expect(shipped[0]!.clauses.a).toBe('År 2006');
  });

  it('adds a language known only from corrections, and never uses the edition as its own reference', () => {
    const result = withCorrections(
      shipped,
      [correction('da', 'b', 'Bb'), correction('nb', 'a', 'I 2004')],
      'nb',
    );
    expect(result.map((r) => [r.lang, r.clauses])).toEqual([
      ['sv', { a: 'År 2006', b: 'B' }],
      ['da', { b: 'Bb' }],
    ]);
  });
});
