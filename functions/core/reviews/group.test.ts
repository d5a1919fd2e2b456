import { describe, expect, it } from 'vitest';
import { groupFlags } from './group.ts';
import type { DivergenceFinding, ReviewFlag } from './types.ts';

let serial = 0;
function flag(
  clause: string,
  lang: string,
  kind: DivergenceFinding['kind'],
  actual: string[],
  expected: string[],
  severity: ReviewFlag['severity'] = 'medium',
): ReviewFlag {
  return {
    id: `c1:${clause}:${kind}:${lang}`,
    charter: 'c1',
    clause,
    langs: [lang],
    kind,
    severity,
    reason: '',
    evidence: { actual, expected, comparedWith: [] },
    status: 'open',
    textHash: '',
    history: [],
    createdAt: '',
    updatedAt: '',
    order: ++serial,
    revision: 1,
  };
}

describe('groupFlags', () => {
  it('joins the sides of one difference and a name kept in several clauses, not different numbers', () => {
    const groups = groupFlags([
      flag('a', 'nb', 'number-mismatch', ['2007'], [], 'high'),
      flag('a', 'sv', 'number-mismatch', [], ['2007'], 'high'),
      flag('b', 'da', 'number-mismatch', ['2007'], []),
      flag('c', 'sv', 'name-mismatch', [], ['Harbour']),
      flag('d', 'nb', 'name-mismatch', ['Harbour', 'Forum'], []),
      flag('e', 'da', 'name-mismatch', ['Forum'], []),
      flag('f', 'da', 'name-mismatch', ['Lantern'], []),
      flag('c', 'da', 'length-outlier', ['Harbour'], []),
    ]);
    expect(groups.map((g) => [g.kind, g.places.map((p) => `${p.clause}:${p.langs}`)])).toEqual([
      ['number-mismatch', ['a:nb', 'a:sv']],
      ['number-mismatch', ['b:da']],
      ['name-mismatch', ['c:sv', 'd:nb', 'e:da']],
      ['name-mismatch', ['f:da']],
      ['length-outlier', ['c:da']],
    ]);
    expect(groups[2]!.tokens[0]).toMatch(/^(Harbour|Forum)$/);
  });

  it('ranks by severity, then kind, then a substitution before a one-sided difference', () => {
    const groups = groupFlags([
      flag('a', 'sv', 'name-mismatch', ['Kept'], [], 'high'),
      flag('b', 'sv', 'name-mismatch', ['Fund'], ['Trust'], 'high'),
      flag('c', 'da', 'missing-clause', [], ['x y'], 'high'),
      flag('d', 'da', 'low-quality', ['qz'], [], 'high'),
      flag('e', 'nb', 'missing-clause', [], ['x y'], 'medium'),
    ]);
    expect(groups.map((g) => g.places[0]!.clause)).toEqual(['c', 'b', 'a', 'd', 'e']);
  });
});
