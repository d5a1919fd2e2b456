import { describe, expect, it } from 'vitest';
import type { CharterStructure, ClauseDef } from '../structure/types.ts';
import {
  type DecodedSpan,
  defaultWeights,
  posteriorOf,
  posteriors,
  type Span,
  spanScore,
  ViterbiDecoder,
  viterbi,
} from './lattice.ts';
import { decomposedTransitions, type Transitions, transitionScore } from './transitions.ts';
import { seededRandom } from '../../../test/fixtures/seeded-random.ts';

/** A structure of `n` clauses in random sections and groups. */
function randomStructure(n: number, random: () => number): CharterStructure {
  const clauses: ClauseDef[] = [];
  let section = 0;
  let group = 'c0';
  for (let i = 0; i < n; i++) {
    if (i > 0 && random() < 0.3) section++;
    const id = `c${i}`;
    if (i === 0 || random() < 0.5) group = id;
    clauses.push({
      id,
      kind: 'paragraph',
      group,
      section: `s${section}`,
      anchors: [],
      footnoteRef: false,
      order: i,
      leadIn: false,
      bulletIndex: 0,
      groupSize: 0,
    });
  }
  return { charter: 'random', title: 'random', clauses };
}

/**
 * Random spans over `pieces` pieces: from every boundary a one-piece span and sometimes a longer one, each
 * with a random nonempty subset of the `n` clauses as candidates (all of them when `all`).
 */
function randomSpans(pieces: number, n: number, random: () => number, all = false): Span[][] {
  const spansFrom: Span[][] = [];
  for (let b = 0; b < pieces; b++) {
    const ends = [b + 1];
    if (b + 2 <= pieces && random() < 0.5) ends.push(b + 2);
    if (b + 3 <= pieces && random() < 0.2) ends.push(b + 3);
    spansFrom.push(
      ends.map((to) => {
        let candidates = Array.from({ length: n }, (_, c) => c).filter(() => all || random() < 0.6);
        if (candidates.length === 0) candidates = [Math.floor(random() * n)];
        const cut = random() < 0.3;
        return {
          segment: b,
          from: b,
          to,
          candidates: Int32Array.from(candidates),
          scores: Float64Array.from(candidates, () => random() * 5 - 2),
          residue: random() * 3 - 2,
          cut,
          cutCost: cut ? -random() : 0,
        };
      }),
    );
  }
  return spansFrom;
}

/** The transition rules as the dense matrix stated them (row = previous clause, -1 the start). */
function matrixTransition(structure: CharterStructure, prev: number, c: number): number {
  const w = defaultWeights;
  const clauses = structure.clauses;
  const n = clauses.length;
  const clause = clauses[c]!;
  const sectionStart = c === 0 || clauses[c - 1]!.section !== clause.section;
  if (c === prev + 1) return w.next;
  if (c === prev) return w.repeat;
  if (c === prev + 2 && prev >= 0) return w.skipOne;
  if (sectionStart) {
    const prevSectionEnd =
      prev >= 0 && (prev === n - 1 || clauses[prev + 1]!.section !== clauses[prev]!.section);
    return w.sectionStart + (prevSectionEnd ? 0.3 : 0);
  }
  return clause.group === clause.id ? w.groupStart : w.jump;
}

interface Choice {
  span: Span;
  /** Clause given in reading order, or -1. */
  inOrder: number;
  /** Clause given as a detour, -1 for residue (when not in order). */
  detour: number;
}

/** Every path through a small lattice with its score: the oracle the decoders are checked against. */
function enumeratePaths(
  spansFrom: Span[][],
  pieces: number,
  t: Transitions,
  forbidden: (span: Span, c: number) => boolean,
): { choices: Choice[]; score: number }[] {
  const w = defaultWeights;
  const out: { choices: Choice[]; score: number }[] = [];
  const walk = (b: number, state: number, score: number, choices: Choice[]) => {
    if (b === pieces) {
      out.push({ choices, score });
      return;
    }
    for (const span of spansFrom[b]!) {
      const cut = span.cut ? w.cut + span.cutCost : 0;
      walk(span.to, state, score + span.residue + cut, [...choices, { span, inOrder: -1, detour: -1 }]);
      span.candidates.forEach((c, i) => {
        if (forbidden(span, c)) return;
        const e = span.scores[i]!;
        walk(span.to, c, score + transitionScore(t, state, c) + e + cut, [
          ...choices,
          { span, inOrder: c, detour: -1 },
        ]);
        walk(span.to, state, score + e + w.detour + cut, [...choices, { span, inOrder: -1, detour: c }]);
      });
    }
  };
  walk(0, -1, 0, []);
  return out;
}

/** Best score of a path with the decoded spans and clauses (each clause read in order or as a detour). */
function pathScore(path: DecodedSpan[], t: Transitions): number {
  const w = defaultWeights;
  let states = new Map<number, number>([[-1, 0]]);
  for (const { span, clause } of path) {
    const cut = span.cut ? w.cut + span.cutCost : 0;
    const next = new Map<number, number>();
    const keep = (state: number, v: number) => next.set(state, Math.max(next.get(state) ?? -Infinity, v));
    for (const [state, v] of states) {
      if (clause < 0) keep(state, v + span.residue + cut);
      else {
        const e = spanScore(span, clause);
        keep(state, v + e + w.detour + cut);
        keep(clause, v + transitionScore(t, state, clause) + e + cut);
      }
    }
    states = next;
  }
  return Math.max(...states.values());
}

describe('decomposed transitions', () => {
  it('score every move as the dense transition matrix did', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 30; trial++) {
      const structure = randomStructure(2 + Math.floor(random() * 10), random);
      const t = decomposedTransitions(structure, defaultWeights);
      const n = structure.clauses.length;
      for (let prev = -1; prev < n; prev++) {
        for (let c = 0; c < n; c++) {
          const expected = matrixTransition(structure, prev, c);
          expect(transitionScore(t, prev, c)).toBe(expected);
          expect(expected).toBeLessThanOrEqual(t.max);
          expect(expected).toBeGreaterThanOrEqual(t.min);
        }
      }
    }
  });
});

describe('sparse lattice', () => {
  it('Viterbi finds the best of every path on small random lattices', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + Math.floor(random() * 3);
      const pieces = 2 + Math.floor(random() * 3);
      const structure = randomStructure(n, random);
      const t = decomposedTransitions(structure, defaultWeights);
      const spansFrom = randomSpans(pieces, n, random);
      const banned = new Set<string>();
      for (const list of spansFrom)
        for (const span of list)
          for (const c of span.candidates) if (random() < 0.1) banned.add(`${span.from}:${span.to}:${c}`);
      const forbidden = (span: Span, c: number) => banned.has(`${span.from}:${span.to}:${c}`);
      const best = Math.max(...enumeratePaths(spansFrom, pieces, t, forbidden).map((p) => p.score));
      const path = viterbi(spansFrom, pieces, t, defaultWeights, forbidden);
      expect(pathScore(path, t)).toBeCloseTo(best, 9);
      for (const { span, clause } of path) if (clause >= 0) expect(forbidden(span, clause)).toBe(false);
    }
  });

  it('forward-backward gives the posteriors of the enumerated paths', () => {
    const random = seededRandom(23);
    const tau = defaultWeights.temperature;
    for (let trial = 0; trial < 40; trial++) {
      const n = 2 + Math.floor(random() * 3);
      const pieces = 2 + Math.floor(random() * 3);
      const structure = randomStructure(n, random);
      const t = decomposedTransitions(structure, defaultWeights);
      const spansFrom = randomSpans(pieces, n, random);
      const forbidden = () => false;
      const paths = enumeratePaths(spansFrom, pieces, t, forbidden);
      const shift = Math.max(...paths.map((p) => p.score));
      const weight = paths.map((p) => Math.exp((p.score - shift) / tau));
      const z = weight.reduce((a, b) => a + b, 0);
      const post = posteriors(spansFrom, pieces, t, defaultWeights, forbidden);
      for (const list of spansFrom) {
        for (const span of list) {
          let residue = 0;
          const clause = new Map<number, number>();
          paths.forEach((p, k) => {
            const choice = p.choices.find((ch) => ch.span === span);
            if (!choice) return;
            const c = choice.inOrder >= 0 ? choice.inOrder : choice.detour;
            if (c < 0) residue += weight[k]! / z;
            else clause.set(c, (clause.get(c) ?? 0) + weight[k]! / z);
          });
          expect(post.get(span)!.residue).toBeCloseTo(residue, 9);
          for (const c of span.candidates)
            expect(posteriorOf(post, span, c)).toBeCloseTo(clause.get(c) ?? 0, 9);
        }
      }
    }
  });

  it('a repair re-decoded locally gives the path a whole new decode gives', () => {
    const random = seededRandom(37);
    let local = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = 6 + Math.floor(random() * 30);
      const pieces = 20 + Math.floor(random() * 60);
      const structure = randomStructure(n, random);
      const t = decomposedTransitions(structure, defaultWeights);
      const spansFrom = randomSpans(pieces, n, random, true);
      // Half the lattices read like an edition: each piece clearly resembles the clause at its position.
      if (trial % 2 === 0) {
        for (const list of spansFrom)
          for (const span of list) span.scores[Math.floor((span.from * n) / pieces)]! += 4;
      }
      const banned = new Set<string>();
      const forbidden = (span: Span, c: number) => banned.has(`${span.from}:${span.to}:${c}`);
      const decoder = new ViterbiDecoder(spansFrom, pieces, t, defaultWeights, forbidden);
      let path = decoder.decode();
      for (let round = 0; round < 6; round++) {
        // Ban the clause of a few decoded spans, as a repair does.
        const changed = path.filter((s) => s.clause >= 0 && random() < 0.2).slice(0, 4);
        for (const s of changed) banned.add(`${s.span.from}:${s.span.to}:${s.clause}`);
        path = decoder.decode(changed.map((s) => s.span));
        if (changed.length > 0 && decoder.processed < pieces - changed[0]!.span.from) local++;
        const fresh = viterbi(spansFrom, pieces, t, defaultWeights, forbidden);
        expect(path.map((s) => [s.span.from, s.span.to, s.clause])).toEqual(
          fresh.map((s) => [s.span.from, s.span.to, s.clause]),
        );
      }
    }
    // The re-decodes stopped early (matched the old boundaries) in a good share of the repairs.
    expect(local).toBeGreaterThan(20);
  });
});
