/**
 * Global assignment of pieces to clauses: a lattice over the pieces in reading order whose paths
 * partition each segment into spans and give each span a clause or residue. Transitions reward the
 * canonical order (next clause, a skipped clause, a jump to the start of a section or group), so
 * reordered sections cost one jump each. Viterbi gives the best path; forward-backward gives each
 * span's posterior, which is the confidence.
 */
import type { CharterStructure } from '../structure/types.ts';

/** A run of consecutive pieces of one segment. */
export interface Span {
  segment: number;
  /** Piece range [from, to) in the global piece order. */
  from: number;
  to: number;
  /** Evidence per clause (structure order). */
  clauses: number[];
  residue: number;
  /** Starts inside its segment (the segment was cut). */
  cut: boolean;
  /** Cost of the cut it starts at, or of the paragraph break it reads across (0 for a whole segment). */
  cutCost: number;
}

/** Tunable weights of the lattice. */
export interface LatticeWeights {
  next: number;
  skipOne: number;
  sectionStart: number;
  groupStart: number;
  jump: number;
  repeat: number;
  cut: number;
  /** A span given a clause out of the reading order (a misplaced paragraph), leaving the order state as it was. */
  detour: number;
  /** Scores are divided by this before exponentiating (forward-backward). */
  temperature: number;
}

/** Default weights. */
export const defaultWeights: LatticeWeights = {
  next: 1,
  skipOne: 0.2,
  sectionStart: -0.3,
  groupStart: -0.7,
  jump: -1.5,
  repeat: -0.4,
  cut: 0,
  detour: -1.2,
  temperature: 0.35,
};

/** Transition scores between clauses: row = previous clause + 1 (row 0 is the start), column = next clause. */
export function transitionMatrix(structure: CharterStructure, w: LatticeWeights): Float64Array[] {
  const clauses = structure.clauses;
  const n = clauses.length;
  const rows: Float64Array[] = [];
  for (let prev = -1; prev < n; prev++) {
    const row = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      const clause = clauses[c]!;
      const sectionStart = c === 0 || clauses[c - 1]!.section !== clause.section;
      const groupStart = clause.group === clause.id;
      let t: number;
      if (c === prev + 1) t = w.next;
      else if (c === prev) t = w.repeat;
      else if (c === prev + 2 && prev >= 0) t = w.skipOne;
      else if (sectionStart) {
        const prevSectionEnd =
          prev >= 0 && (prev === n - 1 || clauses[prev + 1]!.section !== clauses[prev]!.section);
        t = w.sectionStart + (prevSectionEnd ? 0.3 : 0);
      } else if (groupStart) t = w.groupStart;
      else t = w.jump;
      row[c] = t;
    }
    rows.push(row);
  }
  return rows;
}

/** One decoded span with its clause index (-1 for residue). */
export interface DecodedSpan {
  span: Span;
  clause: number;
}

function logSumExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Best path through the lattice. `spansFrom[b]` lists the spans starting at piece boundary b;
 * `forbidden(span, clause)` removes a pairing (used to make each clause's spans unique).
 */
export function viterbi(
  spansFrom: Span[][],
  pieces: number,
  transitions: Float64Array[],
  weights: LatticeWeights,
  forbidden: (span: Span, clause: number) => boolean,
): DecodedSpan[] {
  const n = transitions[0]!.length;
  const states = n + 1;
  const score: Float64Array[] = [];
  const back: { from: number; state: number; span: Span | null; clause: number }[][] = [];
  for (let b = 0; b <= pieces; b++) {
    score.push(new Float64Array(states).fill(Number.NEGATIVE_INFINITY));
    back.push(Array.from({ length: states }, () => ({ from: -1, state: -1, span: null, clause: -1 })));
  }
  score[0]![0] = 0;
  for (let b = 0; b < pieces; b++) {
    const here = score[b]!;
    const bestInto = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    const bestFrom = new Int32Array(n).fill(-1);
    for (let s = 0; s < states; s++) {
      if (here[s] === Number.NEGATIVE_INFINITY) continue;
      const row = transitions[s]!;
      for (let c = 0; c < n; c++) {
        const v = here[s]! + row[c]!;
        if (v > bestInto[c]!) {
          bestInto[c] = v;
          bestFrom[c] = s;
        }
      }
    }
    for (const span of spansFrom[b] ?? []) {
      const cut = span.cut ? weights.cut + span.cutCost : 0;
      const target = score[span.to]!;
      let detourClause = -1;
      for (let c = 0; c < n; c++) {
        if (forbidden(span, c)) continue;
        if (detourClause < 0 || span.clauses[c]! > span.clauses[detourClause]!) detourClause = c;
      }
      const detour =
        detourClause >= 0 ? span.clauses[detourClause]! + weights.detour : Number.NEGATIVE_INFINITY;
      for (let s = 0; s < states; s++) {
        if (here[s] === Number.NEGATIVE_INFINITY) continue;
        const residue = span.residue >= detour;
        const v = here[s]! + (residue ? span.residue : detour) + cut;
        if (v > target[s]!) {
          target[s] = v;
          back[span.to]![s] = { from: b, state: s, span, clause: residue ? -1 : detourClause };
        }
      }
      for (let c = 0; c < n; c++) {
        if (bestFrom[c] === -1 || forbidden(span, c)) continue;
        const v = bestInto[c]! + span.clauses[c]! + cut;
        if (v > target[c + 1]!) {
          target[c + 1] = v;
          back[span.to]![c + 1] = { from: b, state: bestFrom[c]!, span, clause: c };
        }
      }
    }
  }
  let state = 0;
  const last = score[pieces]!;
  for (let s = 1; s < states; s++) if (last[s]! > last[state]!) state = s;
  const path: DecodedSpan[] = [];
  let b = pieces;
  while (b > 0) {
    const step = back[b]![state]!;
    if (!step.span) break;
    path.push({ span: step.span, clause: step.clause });
    b = step.from;
    state = step.state;
  }
  return path.reverse();
}

function detourMass(
  span: Span,
  weights: LatticeWeights,
  forbidden: (span: Span, clause: number) => boolean,
): number {
  let mass = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < span.clauses.length; c++) {
    if (!forbidden(span, c))
      mass = logSumExp(mass, (span.clauses[c]! + weights.detour) / weights.temperature);
  }
  return mass;
}

/** exp(T / tau) of a transition matrix, for matrix-vector products in linear space. */
function expTransitions(transitions: Float64Array[], tau: number): Float64Array[] {
  return transitions.map((row) => row.map((t) => Math.exp(t / tau)));
}

/**
 * Posterior probability of each (span, clause) pairing and of each span being residue, by forward-backward
 * over the same lattice with scores divided by the temperature. Sums over states are matrix-vector
 * products in linear space with a max shift, which keeps them exact and fast.
 */
export function posteriors(
  spansFrom: Span[][],
  pieces: number,
  transitions: Float64Array[],
  weights: LatticeWeights,
  forbidden: (span: Span, clause: number) => boolean,
): Map<Span, { clauses: Float64Array; residue: number }> {
  const n = transitions[0]!.length;
  const states = n + 1;
  const tau = weights.temperature;
  const NEG = Number.NEGATIVE_INFINITY;
  const expT = expTransitions(transitions, tau);
  const alpha: Float64Array[] = [];
  const beta: Float64Array[] = [];
  for (let b = 0; b <= pieces; b++) {
    alpha.push(new Float64Array(states).fill(NEG));
    beta.push(new Float64Array(states).fill(NEG));
  }
  const cutOf = (span: Span) => (span.cut ? weights.cut + span.cutCost : 0) / tau;
  const emit = (span: Span, c: number) => (forbidden(span, c) ? NEG : span.clauses[c]! / tau);
  const stayOf = new Map<Span, number>();
  for (const list of spansFrom)
    for (const span of list)
      stayOf.set(span, logSumExp(span.residue / tau, detourMass(span, weights, forbidden)));

  alpha[0]![0] = 0;
  const into: Float64Array[] = [];
  for (let b = 0; b < pieces; b++) {
    const here = alpha[b]!;
    let shift = NEG;
    for (let s = 0; s < states; s++) if (here[s]! > shift) shift = here[s]!;
    const pre = new Float64Array(n).fill(NEG);
    if (shift !== NEG) {
      const sums = new Float64Array(n);
      for (let s = 0; s < states; s++) {
        if (here[s] === NEG) continue;
        const w = Math.exp(here[s]! - shift);
        const row = expT[s]!;
        for (let c = 0; c < n; c++) sums[c]! += w * row[c]!;
      }
      for (let c = 0; c < n; c++) pre[c] = sums[c]! > 0 ? shift + Math.log(sums[c]!) : NEG;
    }
    into.push(pre);
    for (const span of spansFrom[b] ?? []) {
      const cut = cutOf(span);
      const target = alpha[span.to]!;
      const stay = stayOf.get(span)!;
      for (let s = 0; s < states; s++) {
        if (here[s] !== NEG) target[s] = logSumExp(target[s]!, here[s]! + stay + cut);
      }
      for (let c = 0; c < n; c++) {
        const e = emit(span, c);
        if (pre[c] === NEG || e === NEG) continue;
        target[c + 1] = logSumExp(target[c + 1]!, pre[c]! + e + cut);
      }
    }
  }
  beta[pieces]!.fill(0);
  for (let b = pieces - 1; b >= 0; b--) {
    const out = beta[b]!;
    const spans = spansFrom[b] ?? [];
    // Entering clause c at b: sum over spans of exp(E + cut + beta[to][c + 1]), shifted.
    const enter = new Float64Array(n).fill(NEG);
    for (const span of spans) {
      const cut = cutOf(span);
      const after = beta[span.to]!;
      for (let c = 0; c < n; c++) {
        const e = emit(span, c);
        if (e === NEG || after[c + 1] === NEG) continue;
        enter[c] = logSumExp(enter[c]!, e + cut + after[c + 1]!);
      }
    }
    let shift = NEG;
    for (let c = 0; c < n; c++) if (enter[c]! > shift) shift = enter[c]!;
    const weightsIn = new Float64Array(n);
    if (shift !== NEG)
      for (let c = 0; c < n; c++) weightsIn[c] = enter[c] === NEG ? 0 : Math.exp(enter[c]! - shift);
    for (let s = 0; s < states; s++) {
      let v = NEG;
      for (const span of spans) v = logSumExp(v, stayOf.get(span)! + cutOf(span) + beta[span.to]![s]!);
      if (shift !== NEG) {
        const row = expT[s]!;
        let sum = 0;
        for (let c = 0; c < n; c++) sum += row[c]! * weightsIn[c]!;
        if (sum > 0) v = logSumExp(v, shift + Math.log(sum));
      }
      out[s] = v;
    }
  }
  let logZ = NEG;
  for (let s = 0; s < states; s++) logZ = logSumExp(logZ, alpha[pieces]![s]! + beta[pieces]![s]!);
  const result = new Map<Span, { clauses: Float64Array; residue: number }>();
  for (let b = 0; b < pieces; b++) {
    for (const span of spansFrom[b] ?? []) {
      const cut = cutOf(span);
      // Paths that keep the order state across the span (residue or a detour): sum over states once.
      let keep = NEG;
      for (let s = 0; s < states; s++) {
        if (alpha[b]![s] === NEG) continue;
        keep = logSumExp(keep, alpha[b]![s]! + cut + beta[span.to]![s]!);
      }
      const clauses = new Float64Array(n);
      for (let c = 0; c < n; c++) {
        const e = emit(span, c);
        if (e === NEG) continue;
        const inOrder = into[b]![c] === NEG ? NEG : into[b]![c]! + e + cut + beta[span.to]![c + 1]!;
        const detour = keep + e + weights.detour / tau;
        clauses[c] = Math.exp(logSumExp(inOrder, detour) - logZ);
      }
      result.set(span, { clauses, residue: Math.exp(keep + span.residue / tau - logZ) });
    }
  }
  return result;
}
