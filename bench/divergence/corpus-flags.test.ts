import { beforeAll, describe, expect, it } from 'vitest';
import type { DivergenceFinding } from '../../functions/core/reviews/types.ts';
import { corpusFindings } from './corpus-flags.ts';

// The three corpus editions, cleaned and aligned as the product ingests them. What the prints say: the Danish
// edition has no funding colophon; the Swedish one names DG Justice, Freedom and Security, the Norwegian one the
// PROGRESS programme for 2007-2013.
describe('divergence flags on the corpus editions', () => {
  let findings: DivergenceFinding[];
  beforeAll(async () => {
    ({ findings } = await corpusFindings('integrating-cities'));
  });
  const find = (clause: string, kind: string, lang: string) =>
    findings.find((f) => f.clause === clause && f.kind === kind && f.langs.includes(lang));

  it('reports the missing Danish funding colophon', () => {
    expect(find('colophon.funding', 'missing-clause', 'da')?.severity).toBe('high');
  });

  it('reports the different Swedish and Norwegian funding statements by their names and years', () => {
    expect(find('colophon.funding', 'name-mismatch', 'sv')?.evidence.actual).toContain('DG');
    expect(find('colophon.funding', 'name-mismatch', 'nb')?.evidence.actual).toContain('PROGRESS');
    expect(find('colophon.funding', 'number-mismatch', 'nb')?.evidence.actual).toEqual(['2007', '2013']);
  });

  it('flags no clause for length, drift, list structure or confidence where the prints agree', () => {
    const statistical = findings.filter((f) =>
      ['length-outlier', 'meaning-drift', 'list-structure', 'low-confidence'].includes(f.kind),
    );
    expect(statistical).toEqual([]);
  });
});
