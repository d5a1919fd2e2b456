/**
 * Check: text one edition repeats in two clauses where the other editions keep those clauses apart: a passage
 * copied word for word, or a clause that became a near copy of another (character trigram similarity of the
 * two clauses far above what the other editions show for the same two clauses).
 */
import { dice, foldedWords, trigramSet } from '../align/fold.ts';
import type { DivergenceFinding } from '../reviews/types.ts';
import type { DetectionContext, EditionView } from './context.ts';
import { driftZ } from './meaning-drift.ts';
import { fitSpreadModel, pairStats, similarityOf, spreadZ } from './pair-stats.ts';
import { median } from './stats.ts';
import { severityOf, snippet } from './severity.ts';

/** Sentences of a clause as runs of its folded words: where each starts and how many words it has. */
function sentenceRuns(text: string): { at: number; length: number }[] {
  const runs: { at: number; length: number }[] = [];
  let at = 0;
  for (const sentence of text.split(/(?<=[.!?;:])\s+/)) {
    const length = foldedWords(sentence).length;
    if (length) runs.push({ at, length });
    at += length;
  }
  return runs;
}

/**
 * Clause pairs of one edition sharing a run of at least `minWords` words, or a whole sentence of at least
 * `minSentenceWords` words that is a whole sentence in both, with the word positions the shared runs cover.
 */
export function sharedRuns(
  edition: EditionView,
  minWords: number,
  minSentenceWords = minWords,
): Map<string, Map<string, Set<number>>> {
  const places = new Map<string, { id: string; at: number; length: number }[]>();
  const add = (key: string, place: { id: string; at: number; length: number }) => {
    const list = places.get(key) ?? [];
    list.push(place);
    places.set(key, list);
  };
  for (const [id, clause] of edition.clauses) {
    for (let i = 0; i + minWords <= clause.words.length; i++) {
      add(clause.words.slice(i, i + minWords).join(' '), { id, at: i, length: minWords });
    }
    for (const run of sentenceRuns(clause.text)) {
      if (run.length < minSentenceWords || run.length >= minWords) continue;
      add(`\u0000${clause.words.slice(run.at, run.at + run.length).join(' ')}`, { id, ...run });
    }
  }
  const covered = new Map<string, Map<string, Set<number>>>();
  for (const list of places.values()) {
    for (const p of list) {
      for (const q of list) {
        if (p.id === q.id) continue;
        const byOther = covered.get(p.id) ?? new Map<string, Set<number>>();
        covered.set(p.id, byOther);
        const positions = byOther.get(q.id) ?? new Set<number>();
        byOther.set(q.id, positions);
        for (let k = 0; k < p.length; k++) positions.add(p.at + k);
      }
    }
  }
  return covered;
}

/**
 * Clause pairs of `a` far more alike than the same two clauses of `b` (robust z of the excess, its spread
 * wider for pairs involving a short clause) and more alike than any two clauses of `b`, with that z.
 */
const runCache = new WeakMap<EditionView, Map<string, Map<string, Map<string, Set<number>>>>>();

/** {@link sharedRuns} of a view, once per view and settings (views are kept across runs). */
function sharedRunsOnce(edition: EditionView, minWords: number, minSentenceWords: number) {
  let bySettings = runCache.get(edition);
  if (!bySettings) {
    bySettings = new Map();
    runCache.set(edition, bySettings);
  }
  const key = `${minWords}/${minSentenceWords}`;
  let found = bySettings.get(key);
  if (!found) {
    found = sharedRuns(edition, minWords, minSentenceWords);
    bySettings.set(key, found);
  }
  return found;
}

const echoCache = new WeakMap<object, WeakMap<EditionView, WeakMap<EditionView, Map<string, number>>>>();

/** {@link computeEchoes}, once per pair of views and thresholds (views are kept across runs). */
function echoes(context: DetectionContext, a: EditionView, b: EditionView): Map<string, number> {
  let byA = echoCache.get(context.thresholds);
  if (!byA) {
    byA = new WeakMap();
    echoCache.set(context.thresholds, byA);
  }
  let byB = byA.get(a);
  if (!byB) {
    byB = new WeakMap();
    byA.set(a, byB);
  }
  let found = byB.get(b);
  if (!found) {
    found = computeEchoes(context, a, b);
    byB.set(b, found);
  }
  return found;
}

function computeEchoes(context: DetectionContext, a: EditionView, b: EditionView): Map<string, number> {
  const ids = pairStats(context, a, b).shared;
  // A near copy must be more alike than any two distinct clauses of `b` are.
  let ceiling = 0;
  const own = [...b.clauses.keys()];
  const inA = similarityOf(a, a);
  const inB = similarityOf(b, b);
  for (let i = 0; i < own.length; i++) {
    for (let j = i + 1; j < own.length; j++) ceiling = Math.max(ceiling, inB(own[i]!, own[j]!));
  }
  const keys: string[] = [];
  const points: { value: number; size: number }[] = [];
  const size = (e: EditionView, id: string) => e.clauses.get(id)!.size;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [c, d] = [ids[i]!, ids[j]!];
      keys.push(`${c}\u0000${d}`);
      points.push({
        value: inA(c, d) - inB(c, d),
        size: Math.min(size(a, c), size(a, d), size(b, c), size(b, d)),
      });
    }
  }
  const model = fitSpreadModel(points, context.thresholds.minSigma);
  const found = new Map<string, number>();
  const limit = context.thresholds.duplicate.zLimit;
  points.forEach((p, k) => {
    const z = spreadZ(model, p.value, p.size);
    if (z <= limit) return;
    const [c, d] = keys[k]!.split('\u0000') as [string, string];
    if (inA(c, d) > ceiling) found.set(keys[k]!, z);
  });
  return found;
}

function counterpartZ(context: DetectionContext, edition: EditionView, id: string): number {
  const zs = context.editions
    .filter((b) => b !== edition && b.clauses.has(id))
    .map((b) => driftZ(context, edition, b, id))
    .filter((z): z is number => z !== undefined);
  return zs.length ? median(zs) : 0;
}

interface Repeat {
  edition: EditionView;
  c: string;
  d: string;
  /** Word positions of each clause inside runs shared with the other (empty for a near copy). */
  runs: Map<string, Set<number>>;
  others: EditionView[];
}

/** How much more like its counterparts clause `id` gets once the words at `positions` are taken out. */
function removalGain(r: Repeat, id: string, positions: Set<number>): number {
  const clause = r.edition.clauses.get(id)!;
  const rest = trigramSet(clause.words.filter((_, i) => !positions.has(i)).join(' '), true);
  return median(
    r.others.map((b) => dice(rest, b.clauses.get(id)!.grams) - dice(clause.grams, b.clauses.get(id)!.grams)),
  );
}

/** The words at `positions` as written (the folded words when the two tokenisations disagree). */
function passageOf(edition: EditionView, id: string, positions: Set<number>): string {
  const clause = edition.clauses.get(id)!;
  const words =
    clause.tokens.length === clause.words.length ? clause.tokens.map((t) => t.text) : clause.words;
  return [...positions]
    .sort((x, y) => x - y)
    .map((i) => words[i])
    .join(' ');
}

/**
 * Which of the two clauses changed. A copied passage belongs where the other editions have its translation:
 * taken out of the clause that received it, that clause gets more like its counterparts; taken out of its
 * source, less; when both get less alike, the passage is native to both and nothing changed (undefined). A
 * clause that no longer matches its counterparts at all (beyond the drift limit) is the changed one whatever
 * the passage says, and so is, for a near copy without a shared run, the one that matches its own counterparts
 * less well.
 */
function changedClause(context: DetectionContext, r: Repeat): string | undefined {
  const [zc, zd] = [counterpartZ(context, r.edition, r.c), counterpartZ(context, r.edition, r.d)];
  const lower = zc <= zd ? r.c : r.d;
  if (Math.min(zc, zd) < -context.thresholds.drift.zLimit) return lower;
  const [atC, atD] = [r.runs.get(r.c)!, r.runs.get(r.d)!];
  if (atC.size === 0 || atD.size === 0) return lower;
  const [gc, gd] = [removalGain(r, r.c, atC), removalGain(r, r.d, atD)];
  // Native in both clauses (each gets less like its counterparts without it): a repetition of the text itself.
  if (gc <= 0 && gd <= 0) return undefined;
  return gc >= gd ? r.c : r.d;
}

/**
 * One finding (kind meaning-drift) per clause of an edition that repeats another clause's text where most
 * other editions keep the two apart. Strength: for a copied passage, its words / the minimum run; for a near
 * copy, 1.
 */
export function duplicatedText(context: DetectionContext): DivergenceFinding[] {
  const { minWords, minSentenceWords } = context.thresholds.duplicate;
  const runs = new Map(context.editions.map((e) => [e, sharedRunsOnce(e, minWords, minSentenceWords)]));
  const repeats = new Map<string, Repeat>();
  for (const edition of context.editions) {
    const partners = context.editions.filter((b) => b !== edition);
    const echoed = new Map(partners.map((b) => [b, echoes(context, edition, b)]));
    const candidates = new Set<string>();
    for (const [c, byOther] of runs.get(edition)!)
      for (const d of byOther.keys()) candidates.add([c, d].sort().join('\u0000'));
    for (const found of echoed.values())
      for (const key of found.keys()) candidates.add(key.split('\u0000').sort().join('\u0000'));
    for (const key of candidates) {
      const [c, d] = key.split('\u0000') as [string, string];
      const others = partners.filter((b) => b.clauses.has(c) && b.clauses.has(d));
      if (others.length === 0) continue;
      const apart = others.filter((b) => {
        const echoZ = echoed.get(b)!.get(`${c}\u0000${d}`) ?? echoed.get(b)!.get(`${d}\u0000${c}`);
        const copied = runs.get(edition)!.get(c)?.has(d) && !runs.get(b)!.get(c)?.has(d);
        return echoZ !== undefined || copied;
      });
      if (apart.length * 2 <= others.length) continue;
      const own = runs.get(edition)!;
      repeats.set(`${edition.lang}\u0000${key}`, {
        edition,
        c,
        d,
        runs: new Map([
          [c, own.get(c)?.get(d) ?? new Set()],
          [d, own.get(d)?.get(c) ?? new Set()],
        ]),
        others,
      });
    }
  }
  const findings = new Map<string, DivergenceFinding>();
  for (const r of repeats.values()) {
    const target = changedClause(context, r);
    if (!target) continue;
    const source = target === r.c ? r.d : r.c;
    const at = r.runs.get(target)!;
    const passage = at.size ? passageOf(r.edition, target, at) : r.edition.clauses.get(target)!.text;
    const key = `${r.edition.lang}\u0000${target}`;
    if (findings.has(key)) continue;
    findings.set(key, {
      charter: context.charter,
      clause: target,
      langs: [r.edition.lang],
      kind: 'meaning-drift',
      severity: severityOf('meaning-drift', at.size ? at.size / minWords : 1, context.thresholds),
      reason: at.size
        ? `repeats ${at.size} words of ${source}, which ${r.others.map((b) => b.lang).join(', ')} keep apart`
        : `reads like a copy of ${source}, which ${r.others.map((b) => b.lang).join(', ')} keep apart`,
      evidence: {
        actual: [snippet(passage, 160)],
        expected: r.others.map((b) => `${b.lang}: ${snippet(b.clauses.get(target)!.text)}`),
        comparedWith: r.others.map((b) => b.lang),
      },
    });
  }
  return [...findings.values()];
}
