import { describe, expect, it } from 'vitest';
import type { ClauseRecord, EditionRecord } from '../editions/types.ts';
import { type CollectSources, collectExport, type StoredFlag } from './collect.ts';

const clause = (
  clauseId: string,
  lang: string,
  order: number,
  text = `${clauseId} ${lang}`,
): ClauseRecord => ({
  charter: 'c1',
  clauseId,
  lang,
  order,
  text,
  confidence: 0.9,
  version: 2,
});

function sources(
  editions: Array<{ lang: string; version: number }>,
  clauses: ClauseRecord[],
  flags?: StoredFlag[],
): CollectSources & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    editions: {
      listEditions: async (charter) =>
        charter === 'c1' ? editions.map((e) => ({ charter, ...e }) as unknown as EditionRecord) : [],
      listEditionClauses: async (charter, lang) => {
        reads.push(lang);
        return clauses.filter((c) => c.charter === charter && c.lang === lang);
      },
    },
    ...(flags ? { openFlags: async () => flags } : {}),
  };
}

describe('collectExport', () => {
  it('is null for a charter with no edition, or whose only edition never had a version', async () => {
    expect(await collectExport('other', sources([{ lang: 'sv', version: 1 }], []))).toBeNull();
    expect(await collectExport('c1', sources([{ lang: 'sv', version: 0 }], []))).toBeNull();
  });

  it('reads every current edition, keeps an edition with no clauses as a language, and only open flags', async () => {
    const s = sources(
      [
        { lang: 'sv', version: 1 },
        { lang: 'nb', version: 3 },
        { lang: 'da', version: 0 },
        { lang: 'fi', version: 1 },
      ],
      [clause('b', 'sv', 1), clause('a', 'nb', 0), clause('b', 'nb', 1)],
      [
        { id: 'f1', clause: 'a', langs: ['sv'], kind: 'missing-clause', order: 0, status: 'open' },
        { id: 'f2', clause: 'b', langs: ['nb'], kind: 'number-mismatch', order: 1, status: 'accepted' },
      ],
    );
    const input = await collectExport('c1', s);
    expect(s.reads.sort()).toEqual(['fi', 'nb', 'sv']);
    expect(input!.languages).toEqual(['sv', 'nb', 'fi']);
    expect(input!.records.map((r) => `${r.clauseId}/${r.lang}`).sort()).toEqual(['a/nb', 'b/nb', 'b/sv']);
    expect(input!.flags).toEqual([{ id: 'f1', clause: 'a', langs: ['sv'] }]);
  });

  it('carries each clause text quality, and an unknown one (stored before quality, no lexicon) as null', async () => {
    const rated = { ...clause('a', 'sv', 0), quality: 0.72, unknownWords: ['stader'] };
    const input = await collectExport(
      'c1',
      sources([{ lang: 'sv', version: 1 }], [rated, clause('b', 'sv', 1)]),
    );
    expect(input!.records.map((r) => [r.clauseId, r.quality])).toEqual([
      ['a', 0.72],
      ['b', null],
    ]);
  });

  it('without a structure, orders the clauses by their stored position and adds those missing-clause flags name', async () => {
    const input = await collectExport(
      'c1',
      sources(
        [{ lang: 'sv', version: 1 }],
        [clause('late', 'sv', 7), clause('early', 'sv', 2)],
        [
          { id: 'm', clause: 'middle', langs: ['sv'], kind: 'missing-clause', order: 4, status: 'open' },
          {
            id: 'r',
            clause: 'residue',
            langs: ['sv'],
            kind: 'unaligned-residue',
            order: 99999,
            status: 'open',
          },
        ],
      ),
    );
    expect(input!.clauses).toEqual([
      { id: 'early', order: 2 },
      { id: 'middle', order: 4 },
      { id: 'late', order: 7 },
    ]);
  });

  it('takes the structure as given when there is one', async () => {
    const structure = [
      { id: 'x', order: 0 },
      { id: 'early', order: 1 },
    ];
    const s = { ...sources([{ lang: 'sv', version: 1 }], [clause('early', 'sv', 2)]), clauses: structure };
    expect((await collectExport('c1', s))!.clauses).toBe(structure);
  });
});
