import { describe, expect, it } from 'vitest';
import { loadCharterStructure } from '../adapters/resources/charters.ts';
import type { ReviewedClause } from '../core/reviews/types.ts';
import { editionReferences } from './process-edition.ts';

const CHARTER = 'integrating-cities';

describe('editionReferences', () => {
  it('aligns against shipped reviewed editions, stored ones for other languages, and reviewers’ corrections', () => {
    const structure = loadCharterStructure(CHARTER);
    const request = {
      bytes: new Uint8Array(),
      charter: CHARTER,
      lang: 'nb',
      name: 'nb.txt',
      references: new Map([
        ['en', new Map([['title', 'Integrating Cities Charter']])],
        ['sv', new Map([['title', 'stored sv title, not used: sv has a reviewed edition']])],
      ]),
    };
    const correction = (lang: string, text: string): ReviewedClause => ({
      charter: CHARTER,
      clauseId: 'title',
      lang,
      text,
      by: 'ann',
      at: '2026-01-01T00:00:00.000Z',
      flagId: `${CHARTER}:title:meaning-drift:${lang}`,
    });
    const references = editionReferences(request, structure, 'nb', [
      correction('sv', 'Rättad titel'),
      correction('nb', 'never the edition’s own reference'),
    ]);
    const byLang = Object.fromEntries(references.map((r) => [r.lang, r.clauses]));
    expect(Object.keys(byLang).sort()).toEqual(['da', 'en', 'sv']);
    expect(byLang.sv!.title).toBe('Rättad titel');
    expect(byLang.en!.title).toBe('Integrating Cities Charter');
    // The rest of the shipped Swedish edition stays.
    expect(Object.keys(byLang.sv!).length).toBeGreaterThan(30);
  });
});
