/** Check: a passage one edition repeats in two clauses where the other editions do not. */
import type { DivergenceFinding } from '../reviews/types.ts';
import type { DetectionContext, EditionView } from './context.ts';
import { pairStats } from './pair-stats.ts';
import { median } from './stats.ts';
import { severityOf, snippet } from './severity.ts';

/** Clause pairs of one edition sharing a run of at least `minWords` words, with the words each run covers. */
export function sharedRuns(edition: EditionView, minWords: number): Map<string, Map<string, Set<number>>> {
  const shingles = new Map<string, { id: string; at: number }[]>();
  for (const [id, clause] of edition.clauses) {
    for (let i = 0; i + minWords <= clause.words.length; i++) {
      const key = clause.words.slice(i, i + minWords).join(' ');
      const list = shingles.get(key) ?? [];
      list.push({ id, at: i });
      shingles.set(key, list);
    }
  }
  // covered.get(c).get(d): word positions of c inside runs c shares with d.
  const covered = new Map<string, Map<string, Set<number>>>();
  for (const places of shingles.values()) {
    for (const p of places) {
      for (const q of places) {
        if (p.id === q.id) continue;
        const byOther = covered.get(p.id) ?? new Map<string, Set<number>>();
        covered.set(p.id, byOther);
        const positions = byOther.get(q.id) ?? new Set<number>();
        byOther.set(q.id, positions);
        for (let k = 0; k < minWords; k++) positions.add(p.at + k);
      }
    }
  }
  return covered;
}

function coveredLetters(edition: EditionView, id: string, positions: Set<number>): number {
  const words = edition.clauses.get(id)!.words;
  let letters = 0;
  for (const i of positions) letters += words[i]!.replace(/\s/g, '').length;
  return letters;
}

/** How much better clause `id` fits its expected length once `removed` letters are taken out (log units). */
function fitGain(context: DetectionContext, edition: EditionView, id: string, removed: number): number {
  const size = edition.clauses.get(id)!.size;
  const expected = context.editions
    .filter((b) => b !== edition && b.clauses.has(id))
    .map((b) => b.clauses.get(id)!.size * Math.exp(pairStats(context, edition, b).length.center));
  if (expected.length === 0) return 0;
  const target = median(expected);
  const without = Math.max(size - removed, 1);
  return Math.abs(Math.log(size / target)) - Math.abs(Math.log(without / target));
}

/**
 * One finding (kind meaning-drift) per passage that an edition repeats in two clauses while most other
 * editions keep those clauses apart; it is reported on the clause whose length fits the other editions
 * better without it (the one it was added to). Strength: words repeated / the minimum run.
 */
export function duplicatedText(context: DetectionContext): DivergenceFinding[] {
  const minWords = context.thresholds.duplicate.minWords;
  const runs = new Map(context.editions.map((e) => [e, sharedRuns(e, minWords)]));
  const findings: DivergenceFinding[] = [];
  const done = new Set<string>();
  for (const edition of context.editions) {
    for (const [c, byOther] of runs.get(edition)!) {
      for (const [d, positions] of byOther) {
        const pairKey = `${edition.lang}|${[c, d].sort().join('|')}`;
        if (done.has(pairKey)) continue;
        done.add(pairKey);
        const others = context.editions.filter((b) => b !== edition && b.clauses.has(c) && b.clauses.has(d));
        const alsoRepeated = others.filter((b) => runs.get(b)!.get(c)?.has(d)).length;
        if (others.length === 0 || alsoRepeated * 2 >= others.length) continue;
        const back = runs.get(edition)!.get(d)!.get(c)!;
        const gainC = fitGain(context, edition, c, coveredLetters(edition, c, positions));
        const gainD = fitGain(context, edition, d, coveredLetters(edition, d, back));
        const [target, source, at] = gainC >= gainD ? [c, d, positions] : [d, c, back];
        const words = edition.clauses.get(target)!.words;
        const passage = [...at].sort((x, y) => x - y).map((i) => words[i]);
        findings.push({
          charter: context.charter,
          clause: target,
          langs: [edition.lang],
          kind: 'meaning-drift',
          severity: severityOf('meaning-drift', at.size / minWords, context.thresholds),
          reason: `repeats ${at.size} words of ${source}, which ${others.map((b) => b.lang).join(', ')} keep apart`,
          evidence: {
            actual: [snippet(passage.join(' '), 160)],
            expected: [],
            comparedWith: others.map((b) => b.lang),
          },
        });
      }
    }
  }
  return findings;
}
