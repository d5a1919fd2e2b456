import { describe, expect, it } from 'vitest';
import type { CharterStructure, ClauseDef, ReviewedEdition } from '../structure/types.ts';
import { alignEdition } from './align-edition.ts';
import { anchorIndex, compileAnchor, findAnchors, findAnchorsIndexed } from './anchors.ts';
import {
  buildCandidateIndex,
  type CandidateSource,
  defaultCandidateOptions,
  expectedClause,
  selectCandidates,
  topByTrigrams,
} from './candidates.ts';
import { foldText, trigramSet } from './fold.ts';
import { seededRandom } from '../../../test/fixtures/seeded-random.ts';

const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiouy';

/** Made-up prose: `words` pseudo-words of 1-4 syllables. */
function prose(random: () => number, words: number): string {
  const pick = (letters: string) => letters[Math.floor(random() * letters.length)]!;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const syllables = 1 + Math.floor(random() * 4);
    let w = '';
    for (let s = 0; s < syllables; s++)
      w += pick(CONSONANTS) + pick(VOWELS) + (random() < 0.3 ? pick(CONSONANTS) : '');
    out.push(w);
  }
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** Candidate source of clause texts, ids of trigrams assigned in order of appearance. */
function sourceOf(
  texts: string[],
  anchorKeys: string[][] = [],
): {
  source: CandidateSource;
  idsOf: (text: string) => number[];
} {
  const ids = new Map<string, number>();
  const idOf = (g: string) => {
    let id = ids.get(g);
    if (id === undefined) {
      id = ids.size;
      ids.set(g, id);
    }
    return id;
  };
  const grams = texts.map((t) => [Int32Array.from(trigramSet(foldText(t), true), idOf)]);
  return {
    source: {
      grams,
      gramCount: ids.size,
      anchorKeys: texts.map((_, c) => anchorKeys[c] ?? []),
      meanLength: texts.map((t) => t.length),
    },
    idsOf: (text) => [...trigramSet(foldText(text), true)].flatMap((g) => (ids.has(g) ? [ids.get(g)!] : [])),
  };
}

describe('candidate clauses', () => {
  it('gives every clause to every span of a short charter', () => {
    const random = seededRandom(1);
    const texts = Array.from({ length: 40 }, () => prose(random, 12));
    const index = buildCandidateIndex(sourceOf(texts).source);
    const list = selectCandidates(index, { gramIds: [], anchorKeys: new Set(), position: 0.5 });
    expect([...list]).toEqual(texts.map((_, c) => c));
  });

  it('finds the true clause of an exact copy first, among a thousand', () => {
    const random = seededRandom(2);
    const texts = Array.from({ length: 1000 }, () => prose(random, 8 + Math.floor(random() * 30)));
    const { source, idsOf } = sourceOf(texts);
    const index = buildCandidateIndex(source);
    for (let c = 0; c < texts.length; c += 37) {
      expect(topByTrigrams(index, idsOf(texts[c]!))[0]).toBe(c);
      // Far from its expected position, the copy is still a candidate.
      const list = selectCandidates(index, { gramIds: idsOf(texts[c]!), anchorKeys: new Set(), position: 0 });
      expect(list).toContain(c);
      expect(list.length).toBeLessThan(2 * defaultCandidateOptions.band + defaultCandidateOptions.topK + 2);
    }
  });

  it('holds a band around the clause the position suggests, and the clauses of the anchors found', () => {
    const random = seededRandom(3);
    const texts = Array.from({ length: 600 }, () => prose(random, 10));
    const anchors = texts.map((_, c) => (c === 17 ? ['Rotterdam'] : []));
    const { source } = sourceOf(texts, anchors);
    // Clauses of equal length: position p expects clause p * n.
    const index = buildCandidateIndex({ ...source, meanLength: texts.map(() => 100) });
    expect(expectedClause(index, 0.5)).toBe(300);
    expect(expectedClause(index, 0)).toBe(0);
    expect(expectedClause(index, 1)).toBe(599);
    const list = [
      ...selectCandidates(index, { gramIds: [], anchorKeys: new Set(['Rotterdam']), position: 0.5 }),
    ];
    const { band } = defaultCandidateOptions;
    for (let c = 300 - band; c <= 300 + band; c++) expect(list).toContain(c);
    expect(list).toContain(17);
    expect(list).not.toContain(300 + band + 1);
    expect(list).toEqual([...list].sort((a, b) => a - b));
  });
});

describe('findAnchorsIndexed', () => {
  it('finds what findAnchors finds', () => {
    const anchors = [
      ['Milan', 'Milano'],
      ['EUROCITIES'],
      ['2004'],
      ['Integrating Cities'],
      ['European Fund for the Integration of Third Country Nationals'],
      ['EU'],
    ].map(compileAnchor);
    const index = anchorIndex(anchors);
    const random = seededRandom(4);
    const pool = [
      'milano',
      'milanoerklaeringen',
      'mila',
      'eurocities',
      'eurocitiesnetwork',
      '2004',
      '20045',
      'integrating',
      'cities',
      'citi',
      'european',
      'fund',
      'for',
      'the',
      'integration',
      'of',
      'third',
      'country',
      'nat',
      'nationals',
      'eu',
      'eus',
      'och',
      'stad',
    ];
    for (let trial = 0; trial < 400; trial++) {
      const words = Array.from(
        { length: 3 + Math.floor(random() * 15) },
        () => pool[Math.floor(random() * pool.length)]!,
      );
      expect(findAnchorsIndexed(words, index)).toEqual(findAnchors(words, anchors));
    }
  });
});

/** A charter of `n` paragraphs in sections of six, each with a prose text of 10-34 words. */
function longCharter(random: () => number, n: number) {
  const clauses: ClauseDef[] = Array.from({ length: n }, (_, i) => ({
    id: `s${Math.floor(i / 6)}.c${i % 6}`,
    kind: 'paragraph',
    group: `s${Math.floor(i / 6)}.c${i % 6}`,
    section: `s${Math.floor(i / 6)}`,
    anchors: [],
    footnoteRef: false,
    order: i,
    leadIn: false,
    bulletIndex: 0,
    groupSize: 0,
  }));
  const structure: CharterStructure = { charter: 'long', title: 'long', clauses };
  const texts = clauses.map(() => prose(random, 10 + Math.floor(random() * 25)));
  return { clauses, structure, texts };
}

describe('alignEdition on a long charter (candidate clauses)', () => {
  it('aligns an edition of 300 clauses with one section moved', () => {
    const random = seededRandom(5);
    const n = 300;
    const { clauses, structure, texts } = longCharter(random, n);
    const reference: ReviewedEdition = {
      charter: 'long',
      lang: 'xx',
      clauses: Object.fromEntries(clauses.map((c, i) => [c.id, texts[i]!])),
      residue: [],
    };
    // The edition: the same prose with a letter changed here and there, section 40 printed after section 10.
    const damaged = texts.map((t) => t.replace(/[aeiou]/g, (v) => (random() < 0.05 ? 'e' : v)));
    const order = clauses.map((_, i) => i);
    const moved = order.splice(240, 6);
    order.splice(66, 0, ...moved);
    const text = order.map((i) => damaged[i]).join('\n\n');
    const result = alignEdition(text, { structure, references: [reference], lang: 'yy' });
    const byId = new Map(result.clauses.map((c) => [c.id, c.text]));
    const right = clauses.filter((c, i) => byId.get(c.id) === damaged[i]).length;
    expect(right).toBeGreaterThanOrEqual(n - 3);
    for (const i of moved) expect(byId.get(clauses[i]!.id)).toBe(damaged[i]);
  });

  it('aligns an abridged edition of a 600-clause charter: whole sections missing, the rest far from the diagonal', () => {
    const random = seededRandom(6);
    const n = 600;
    const { clauses, structure, texts } = longCharter(random, n);
    const reference: ReviewedEdition = {
      charter: 'long',
      lang: 'xx',
      clauses: Object.fromEntries(
        clauses.map((c, i) => [
          c.id,
          texts[i]!.split(' ')
            .map((w) => (random() < 0.3 ? prose(random, 1).slice(0, -1).toLowerCase() : w))
            .join(' '),
        ]),
      ),
      residue: [],
    };
    // A reference in a related language (30% of words differ); the edition's words half reversed.
    const damaged = texts.map((t) =>
      t.replace(/[a-z]{3,}/g, (w) => (random() < 0.6 ? w.split('').reverse().join('') : w)),
    );
    // Whole sections dropped: the first 40% of the charter, then every other section.
    const kept = clauses.map((_, i) => i).filter((i) => i >= 240 && Math.floor(i / 6) % 2 === 0);
    const text = kept.map((i) => damaged[i]).join('\n\n');
    const result = alignEdition(text, { structure, references: [reference], lang: 'yy' });
    const byId = new Map(result.clauses.map((c) => [c.id, c.text]));
    const right = kept.filter((i) => byId.get(clauses[i]!.id) === damaged[i]).length;
    // Every clause a candidate gives 174 of 180 on this edition; the candidates must not lose more.
    expect(right).toBeGreaterThanOrEqual(0.95 * kept.length);
  });
});
