import { describe, expect, it } from 'vitest';
import type { CharterStructure, ClauseDef } from '../structure/types.ts';
import { alignEdition } from './align-edition.ts';
import type { DecodedSpan, Span } from './lattice.ts';
import { orderAnchors, orderCost, orderRange } from './realign.ts';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Concept i spelt in one of two invented languages that share no character trigram. */
const letters = (i: number) => String.fromCharCode(97 + (i % 13), 110 + Math.floor(i / 13));
const editionWord = (i: number) => `ko${letters(i)}ri`;
const referenceWord = (i: number) => `${letters(i)}uwe`.split('').reverse().join('');

/** A charter of `n` paragraphs of `words` / 2 to 3 `words` / 2 concepts each, in the edition's and the reference's language. */
function syntheticCharter(n: number, words: number, seed: number) {
  const next = random(seed);
  const clauses: ClauseDef[] = [];
  const texts: number[][] = [];
  for (let c = 0; c < n; c++) {
    const id = `p${c}`;
    clauses.push({
      id,
      kind: 'paragraph',
      group: id,
      section: 'body',
      anchors: [],
      footnoteRef: false,
      order: c,
      leadIn: false,
      bulletIndex: 0,
      groupSize: 0,
    });
    texts.push(Array.from({ length: words / 2 + Math.floor(next() * words) }, () => Math.floor(next() * 26)));
  }
  const structure: CharterStructure = { charter: 'synthetic', title: 'synthetic', clauses };
  const sentence = (ids: number[], word: (i: number) => string) => {
    const s = ids.map(word).join(' ');
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  };
  const reference = {
    charter: 'synthetic',
    lang: 'xr',
    clauses: Object.fromEntries(texts.map((t, c) => [`p${c}`, sentence(t, referenceWord)])),
    residue: [],
  };
  const edition = (dropped: ReadonlySet<number>) =>
    texts
      .map((t, c) => (dropped.has(c) ? null : sentence(t, editionWord)))
      .filter((t) => t !== null)
      .join('\n\n');
  return { structure, reference, edition };
}

const span = (from: number, to: number): Span => ({
  segment: from,
  from,
  to,
  candidates: new Int32Array(0),
  scores: new Float64Array(0),
  residue: 0,
  cut: false,
  cutCost: 0,
});

describe('orderAnchors', () => {
  it('keeps sure pairs that agree with a sure neighbour and drops a lone one out of step', () => {
    const path: DecodedSpan[] = [0, 1, 2, 17, 4, 5].map((clause, i) => ({ span: span(i, i + 1), clause }));
    const anchors = orderAnchors(path, () => 0.9);
    expect(anchors.map((a) => a.clause)).toEqual([0, 1, 2, 4, 5]);
  });

  it('ignores pairs the first pass was not sure of', () => {
    const path: DecodedSpan[] = [0, 1, 2, 3].map((clause, i) => ({ span: span(i, i + 1), clause }));
    expect(orderAnchors(path, (s) => (s.clause < 2 ? 0.9 : 0.3)).map((a) => a.clause)).toEqual([0, 1]);
  });
});

describe('orderRange and orderCost', () => {
  const anchors = [
    { from: 0, to: 1, clause: 0 },
    { from: 5, to: 6, clause: 10 },
    { from: 8, to: 9, clause: 3 },
  ];
  it('allows the clauses between the anchors around a span and charges for the others', () => {
    const range = orderRange(anchors, span(2, 3));
    expect(orderCost(range, 5)).toBe(0);
    expect(orderCost(range, 11)).toBe(0);
    expect(orderCost(range, 14)).toBeLessThan(orderCost(range, 12));
    expect(orderCost(range, 12)).toBeLessThan(0);
  });
  it('says nothing between anchors that run backwards (a moved section)', () => {
    expect(orderRange(anchors, span(6, 7))).toBeNull();
    expect(orderCost(orderRange(anchors, span(6, 7)), 40)).toBe(0);
  });
});

describe('realign', () => {
  it('fixes an edition sharing no word with its reference that the first pass misaligns', () => {
    const { structure, reference, edition } = syntheticCharter(30, 12, 42);
    const dropped = new Set([6, 7, 15, 22]);
    const text = edition(dropped);
    const expected = structure.clauses.filter((_, c) => !dropped.has(c)).map((c) => c.id);
    const correct = (passes: number) => {
      const result = alignEdition(text, {
        structure,
        references: [reference],
        lang: 'xe',
        realignPasses: passes,
      });
      const bySegment = new Map(result.clauses.map((c) => [c.segments[0], c.id]));
      return expected.filter((id, i) => bySegment.get(i) === id).length;
    };
    const first = correct(0);
    const second = correct(1);
    expect(first).toBeLessThan(expected.length);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeGreaterThanOrEqual(expected.length - 1);
  });
});
