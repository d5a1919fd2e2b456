/**
 * Global assignment of pieces to clauses: a lattice over the pieces in reading order whose paths
 * partition each segment into spans and give each span a clause or residue. Transitions reward the
 * canonical order (next clause, a skipped clause, a jump to the start of a section or group), so
 * reordered sections cost one jump each. Viterbi gives the best path; forward-backward gives each
 * span's posterior, which is the confidence.
 *
 * The lattice is sparse: a span may only be given its candidate clauses, and a piece boundary holds only
 * the order states that some path reaches. The sum or max over previous states uses the decomposed
 * transitions (transitions.ts), so one boundary costs O(states + candidates), not O(states x clauses).
 * Viterbi drops states that can no longer lead to the best path (exact); forward-backward drops states
 * whose share of the probability mass is below e^-30 (negligible).
 */
import { isSpecialMove, type Transitions, type TransitionWeights } from './transitions.ts';

/** A run of consecutive pieces of one segment. */
export interface Span {
  segment: number;
  /** Piece range [from, to) in the global piece order. */
  from: number;
  to: number;
  /** Clauses (structure indexes, ascending) the span may be given. */
  candidates: Int32Array;
  /** Evidence for each candidate, aligned with `candidates`. */
  scores: Float64Array;
  residue: number;
  /** Starts inside its segment (the segment was cut). */
  cut: boolean;
  /** Cost of the cut it starts at, or of the paragraph break it reads across (0 for a whole segment). */
  cutCost: number;
}

/** Tunable weights of the lattice. */
export interface LatticeWeights extends TransitionWeights {
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

/** Position of clause `c` in the span's candidates, -1 when it is not one. */
export function candidateIndex(span: Span, c: number): number {
  const list = span.candidates;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === c) return mid;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Evidence of the span for clause `c`; -Infinity when `c` is not a candidate. */
export function spanScore(span: Span, c: number): number {
  const i = candidateIndex(span, c);
  return i < 0 ? Number.NEGATIVE_INFINITY : span.scores[i]!;
}

/** One decoded span with its clause index (-1 for residue). */
export interface DecodedSpan {
  span: Span;
  clause: number;
}

/** Makes a pairing impossible (used to make each clause's spans unique). */
export type Forbidden = (span: Span, clause: number) => boolean;

const NEG = Number.NEGATIVE_INFINITY;

function logSumExp(a: number, b: number): number {
  if (a === NEG) return b;
  if (b === NEG) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

interface Cell {
  score: number;
  /** Boundary and order state the best path came from; `span` null at the start. */
  fromB: number;
  fromP: number;
  span: Span | null;
  clause: number;
}

/** `score` from state `p` beats `best` from state `bestP` (equal scores: the lower state). */
function better(score: number, p: number, best: number, bestP: number): boolean {
  return score > best || (score === best && p < bestP);
}

/** An order state (-1: before the first clause) with its score, for the best-jump lists. */
interface Ranked {
  p: number;
  score: number;
}

/** Keeps the best 4 entries by score (ties: lower state first); 4 > the 3 moves any clause excludes. */
function pushTop(list: Ranked[], entry: Ranked): void {
  let at = list.length;
  while (at > 0) {
    const other = list[at - 1]!;
    if (better(other.score, other.p, entry.score, entry.p)) break;
    at--;
  }
  if (at >= 4) return;
  list.splice(at, 0, entry);
  if (list.length > 4) list.pop();
}

/** The cells of one piece boundary, by order state. */
type Column = Map<number, Cell>;

/**
 * Best path through the lattice, kept between calls so that a repair (a pairing newly forbidden) re-decodes
 * only what it changes: decoding restarts at the first changed span and stops as soon as the new boundaries
 * agree with the old ones (same states, same best moves, scores shifted by one constant) over a stretch longer
 * than any span, after which nothing can differ (but for paths whose scores tie exactly, which the rounding of
 * the shift may order differently: an equally good path). `spansFrom[b]` lists the spans starting at piece
 * boundary b.
 *
 * A state whose score is more than the transitions' range below the best of its boundary is dropped: any
 * continuation of it scores less than the same continuation of the best state, so the result is exact.
 */
export class ViterbiDecoder {
  private columns: (Column | undefined)[] = [];
  /** Added to every score of a boundary (old boundaries reused after a repair are shifted this way). */
  private offset: Float64Array;
  private readonly maxSpan: number;
  private readonly range: number;
  private readonly n: number;
  /** Per clause: best score into it from the current boundary, the state it came from, and a stamp. */
  private readonly intoScore: Float64Array;
  private readonly intoFrom: Int32Array;
  private readonly intoStamp: Int32Array;
  private stamp = 0;
  /** Boundaries processed by the last decode (for measurements and tests). */
  processed = 0;

  constructor(
    private readonly spansFrom: readonly (readonly Span[])[],
    private readonly pieces: number,
    private readonly t: Transitions,
    private readonly weights: LatticeWeights,
    private readonly forbidden: Forbidden,
  ) {
    let maxSpan = 1;
    for (const list of spansFrom) for (const span of list) maxSpan = Math.max(maxSpan, span.to - span.from);
    this.maxSpan = maxSpan;
    this.range = t.max - t.min + 1e-9;
    this.n = t.n;
    this.offset = new Float64Array(pieces + 1);
    this.intoScore = new Float64Array(this.n);
    this.intoFrom = new Int32Array(this.n);
    this.intoStamp = new Int32Array(this.n);
  }

  /**
   * The best path. Without `changed`, or on the first call, decodes everything; otherwise `changed` are the
   * spans whose forbidden pairings changed since the last call.
   */
  decode(changed?: readonly Span[]): DecodedSpan[] {
    this.processed = 0;
    if (!changed || this.columns.length === 0) {
      this.columns = new Array(this.pieces + 1);
      this.offset.fill(0);
      this.columns[0] = new Map([[-1, { score: 0, fromB: -1, fromP: -1, span: null, clause: -1 }]]);
      this.run(0, 0, null, []);
    } else if (changed.length > 0) {
      const sorted = [...changed].sort((x, y) => x.from - y.from);
      const restart = sorted[0]!.from;
      const old = { columns: this.columns, offset: Float64Array.from(this.offset) };
      this.columns = old.columns.slice(0, restart + 1);
      this.columns.length = this.pieces + 1;
      this.offset.fill(0, restart + 1);
      this.run(Math.max(0, restart - this.maxSpan), restart, old, sorted);
    }
    return this.backtrack();
  }

  /**
   * Processes boundaries from `first` on; boundaries before `keepUpTo` only feed boundaries after it (the
   * ones up to it are kept). With `old`, a stretch of new boundaries that matches the old ones past every
   * changed span so far hands over to the old boundaries up to the next changed span.
   */
  private run(
    first: number,
    keepUpTo: number,
    old: { columns: (Column | undefined)[]; offset: Float64Array } | null,
    changed: readonly Span[],
  ): void {
    let matched = 0;
    let shift = Number.NaN;
    let next = 0;
    let reach = -1;
    for (let b = first; b < this.pieces; b++) {
      while (next < changed.length && changed[next]!.from <= b) reach = Math.max(reach, changed[next++]!.to);
      const column = this.columns[b];
      if (old && (b < keepUpTo || b <= reach)) {
        matched = 0;
        shift = Number.NaN;
      } else if (old) {
        if (column) this.prune(column);
        const delta = this.agreement(column, b, old.columns[b], old.offset[b]!, shift);
        if (delta === null) {
          matched = 0;
          shift = Number.NaN;
        } else {
          shift = delta;
          if (++matched > this.maxSpan) {
            // Everything up to the next changed span follows from the boundaries just matched: reuse the
            // old boundaries, shifted; then decode again from that span on.
            const resume = next < changed.length ? changed[next]!.from : this.pieces;
            for (let x = b + 1; x <= resume; x++) {
              this.columns[x] = old.columns[x];
              this.offset[x] = old.offset[x]! + shift;
            }
            if (resume >= this.pieces) return;
            for (let x = resume + 1; x <= this.pieces; x++) {
              this.columns[x] = undefined;
              this.offset[x] = 0;
            }
            keepUpTo = resume;
            matched = 0;
            shift = Number.NaN;
            b = Math.max(first, resume - this.maxSpan) - 1;
            continue;
          }
        }
      }
      if (!column || column.size === 0) continue;
      this.processed++;
      this.step(b, column, b < keepUpTo ? keepUpTo : -1);
    }
  }

  /**
   * The constant by which `column` exceeds `old` when both hold the same states with the same best moves
   * (and, when `shift` is a number, that constant is `shift`); null when they differ.
   */
  private agreement(
    column: Column | undefined,
    b: number,
    old: Column | undefined,
    oldOffset: number,
    shift: number,
  ): number | null {
    const size = column?.size ?? 0;
    if (size !== (old?.size ?? 0)) return null;
    if (!column || !old || size === 0) return Number.isNaN(shift) ? 0 : shift;
    let delta = shift;
    for (const [p, cell] of column) {
      const was = old.get(p);
      if (
        !was ||
        was.fromB !== cell.fromB ||
        was.fromP !== cell.fromP ||
        was.span !== cell.span ||
        was.clause !== cell.clause
      )
        return null;
      const d = cell.score + this.offset[b]! - (was.score + oldOffset);
      if (Number.isNaN(delta)) delta = d;
      else if (Math.abs(d - delta) > 1e-9 * Math.max(1, Math.abs(cell.score))) return null;
    }
    return delta;
  }

  /** Drops the states of a boundary that cannot lead to the best path. */
  private prune(column: Column): void {
    let best = NEG;
    for (const cell of column.values()) if (cell.score > best) best = cell.score;
    for (const [p, cell] of column) if (cell.score < best - this.range) column.delete(p);
  }

  /** Best score into clause c from boundary b's states (cached per boundary in the stamp arrays). */
  private into(c: number, column: Column, base: number, topOther: Ranked[], topEnd: Ranked[]): number {
    if (this.intoStamp[c] === this.stamp) return this.intoScore[c]!;
    const t = this.t;
    let v = NEG;
    let from = -2;
    const before = column.get(c - 1);
    if (before) {
      v = before.score + base + t.next;
      from = c - 1;
    }
    const same = column.get(c);
    if (same) {
      const value = same.score + base + t.repeat;
      if (better(value, c, v, from)) {
        v = value;
        from = c;
      }
    }
    if (c >= 2) {
      const skipped = column.get(c - 2);
      if (skipped) {
        const value = skipped.score + base + t.skip;
        if (better(value, c - 2, v, from)) {
          v = value;
          from = c - 2;
        }
      }
    }
    for (const e of topOther) {
      if (isSpecialMove(e.p, c)) continue;
      const value = e.score + t.entry[c]!;
      if (better(value, e.p, v, from)) {
        v = value;
        from = e.p;
      }
      break;
    }
    for (const e of topEnd) {
      if (isSpecialMove(e.p, c)) continue;
      const value = e.score + t.entryAfterSectionEnd[c]!;
      if (better(value, e.p, v, from)) {
        v = value;
        from = e.p;
      }
      break;
    }
    this.intoStamp[c] = this.stamp;
    this.intoScore[c] = v;
    this.intoFrom[c] = from;
    return v;
  }

  /** Extends the paths of boundary b by every span starting there (only to boundaries after `onlyAfter`). */
  private step(b: number, column: Column, onlyAfter: number): void {
    const t = this.t;
    const base = this.offset[b]!;
    this.prune(column);
    const alive: Ranked[] = [];
    for (const [p, cell] of column) alive.push({ p, score: cell.score + base });
    alive.sort((x, y) => x.p - y.p);
    // Best jump sources, apart for states ending a section (they earn the bonus into a section start).
    const topEnd: Ranked[] = [];
    const topOther: Ranked[] = [];
    for (const entry of alive) pushTop(entry.p >= 0 && t.endsSection[entry.p] ? topEnd : topOther, entry);
    this.stamp++;
    for (const span of this.spansFrom[b] ?? []) {
      if (span.to <= onlyAfter) continue;
      const cut = span.cut ? this.weights.cut + span.cutCost : 0;
      let target = this.columns[span.to];
      if (!target) {
        target = new Map();
        this.columns[span.to] = target;
      }
      const targetBase = this.offset[span.to]!;
      let detourAt = -1;
      for (let i = 0; i < span.candidates.length; i++) {
        if (this.forbidden(span, span.candidates[i]!)) continue;
        if (detourAt < 0 || span.scores[i]! > span.scores[detourAt]!) detourAt = i;
      }
      const detour = detourAt >= 0 ? span.scores[detourAt]! + this.weights.detour : NEG;
      const residue = span.residue >= detour;
      const stay = residue ? span.residue : detour;
      const stayClause = residue ? -1 : span.candidates[detourAt]!;
      for (const { p, score } of alive) {
        const v = score + stay + cut - targetBase;
        const cell = target.get(p);
        if (!cell) target.set(p, { score: v, fromB: b, fromP: p, span, clause: stayClause });
        else if (v > cell.score) {
          cell.score = v;
          cell.fromB = b;
          cell.fromP = p;
          cell.span = span;
          cell.clause = stayClause;
        }
      }
      for (let i = 0; i < span.candidates.length; i++) {
        const c = span.candidates[i]!;
        if (this.forbidden(span, c)) continue;
        const into = this.into(c, column, base, topOther, topEnd);
        if (into === NEG) continue;
        const v = into + span.scores[i]! + cut - targetBase;
        const fromP = this.intoFrom[c]!;
        const cell = target.get(c);
        if (!cell) target.set(c, { score: v, fromB: b, fromP, span, clause: c });
        else if (v > cell.score) {
          cell.score = v;
          cell.fromB = b;
          cell.fromP = fromP;
          cell.span = span;
          cell.clause = c;
        }
      }
    }
  }

  private backtrack(): DecodedSpan[] {
    const last = this.columns[this.pieces];
    if (!last || last.size === 0) return [];
    let state = -2;
    let best = NEG;
    for (const [p, cell] of last) {
      if (better(cell.score, p, best, state)) {
        best = cell.score;
        state = p;
      }
    }
    const path: DecodedSpan[] = [];
    let b = this.pieces;
    while (b > 0) {
      const step = this.columns[b]!.get(state)!;
      if (!step.span) break;
      path.push({ span: step.span, clause: step.clause });
      b = step.fromB;
      state = step.fromP;
    }
    return path.reverse();
  }
}

/** Best path through the lattice (see {@link ViterbiDecoder}). */
export function viterbi(
  spansFrom: readonly (readonly Span[])[],
  pieces: number,
  t: Transitions,
  weights: LatticeWeights,
  forbidden: Forbidden,
): DecodedSpan[] {
  return new ViterbiDecoder(spansFrom, pieces, t, weights, forbidden).decode();
}

/** Posterior of one span: of each of its candidates (aligned with `span.candidates`) and of residue. */
export interface SpanPosterior {
  clauses: Float64Array;
  residue: number;
}

/** Posterior probability that `span` is clause `c` (0 when `c` is not one of its candidates). */
export function posteriorOf(post: ReadonlyMap<Span, SpanPosterior>, span: Span, c: number): number {
  const i = candidateIndex(span, c);
  return i < 0 ? 0 : (post.get(span)?.clauses[i] ?? 0);
}

/** Log-space mass a span keeps in its order state: residue, or a detour to one of its candidates. */
function stayMass(span: Span, weights: LatticeWeights, forbidden: Forbidden): number {
  const tau = weights.temperature;
  let mass = span.residue / tau;
  for (let i = 0; i < span.candidates.length; i++) {
    if (!forbidden(span, span.candidates[i]!))
      mass = logSumExp(mass, (span.scores[i]! + weights.detour) / tau);
  }
  return mass;
}

/**
 * Posterior probability of each (span, candidate) pairing and of each span being residue, by
 * forward-backward over the same lattice with scores divided by the temperature. States whose forward mass
 * is e^-30 below their boundary's best (after allowing for the transitions' range) are dropped.
 */
export function posteriors(
  spansFrom: readonly (readonly Span[])[],
  pieces: number,
  t: Transitions,
  weights: LatticeWeights,
  forbidden: Forbidden,
): Map<Span, SpanPosterior> {
  const tau = weights.temperature;
  const prune = (t.max - t.min) / tau + 30;
  const n = t.n;
  const expEntry = t.entry.map((x) => Math.exp(x / tau));
  const expEntryAfter = t.entryAfterSectionEnd.map((x) => Math.exp(x / tau));
  const expNext = Math.exp(t.next / tau);
  const expRepeat = Math.exp(t.repeat / tau);
  const expSkip = Math.exp(t.skip / tau);
  const expJump = (p: number, c: number) => (p >= 0 && t.endsSection[p] ? expEntryAfter[c]! : expEntry[c]!);
  const expMove = (p: number, c: number) => {
    if (c === p + 1) return expNext;
    if (c === p) return expRepeat;
    if (c === p + 2 && p >= 0) return expSkip;
    return expJump(p, c);
  };
  const cutOf = (span: Span) => (span.cut ? weights.cut + span.cutCost : 0) / tau;
  const stayOf = new Map<Span, number>();
  for (const list of spansFrom) for (const span of list) stayOf.set(span, stayMass(span, weights, forbidden));

  const alpha: (Map<number, number> | undefined)[] = new Array(pieces + 1);
  const intoAt: (Map<number, number> | undefined)[] = new Array(pieces);
  alpha[0] = new Map([[-1, 0]]);
  for (let b = 0; b < pieces; b++) {
    const here = alpha[b];
    if (!here || here.size === 0) continue;
    let shift = NEG;
    for (const v of here.values()) if (v > shift) shift = v;
    let sumOther = 0;
    let sumEnd = 0;
    for (const [p, v] of here) {
      if (v < shift - prune) {
        here.delete(p);
        continue;
      }
      const w = Math.exp(v - shift);
      if (p >= 0 && t.endsSection[p]) sumEnd += w;
      else sumOther += w;
    }
    const into = new Map<number, number>();
    intoAt[b] = into;
    const intoOf = (c: number): number => {
      const known = into.get(c);
      if (known !== undefined) return known;
      let jumps = expEntry[c]! * sumOther + expEntryAfter[c]! * sumEnd;
      let special = 0;
      for (const p of c >= 2 ? [c - 1, c, c - 2] : [c - 1, c]) {
        const v = here.get(p);
        if (v === undefined) continue;
        const w = Math.exp(v - shift);
        jumps -= w * expJump(p, c);
        special += w * expMove(p, c);
      }
      const sum = Math.max(0, jumps) + special;
      const value = sum > 0 ? shift + Math.log(sum) : NEG;
      into.set(c, value);
      return value;
    };
    for (const span of spansFrom[b] ?? []) {
      const cut = cutOf(span);
      let target = alpha[span.to];
      if (!target) {
        target = new Map();
        alpha[span.to] = target;
      }
      const stay = stayOf.get(span)!;
      for (const [p, v] of here) target.set(p, logSumExp(target.get(p) ?? NEG, v + stay + cut));
      for (let i = 0; i < span.candidates.length; i++) {
        const c = span.candidates[i]!;
        if (forbidden(span, c)) continue;
        const pre = intoOf(c);
        if (pre === NEG) continue;
        target.set(c, logSumExp(target.get(c) ?? NEG, pre + span.scores[i]! / tau + cut));
      }
    }
  }

  const beta: (Map<number, number> | undefined)[] = new Array(pieces + 1);
  const last = alpha[pieces] ?? new Map<number, number>();
  beta[pieces] = new Map([...last.keys()].map((p) => [p, 0]));
  for (let b = pieces - 1; b >= 0; b--) {
    const here = alpha[b];
    if (!here || here.size === 0) continue;
    const spans = spansFrom[b] ?? [];
    // Entering clause c at b: sum over spans of exp(E + cut + beta[to][c]), shifted.
    const enter = new Map<number, number>();
    for (const span of spans) {
      const cut = cutOf(span);
      const after = beta[span.to];
      if (!after) continue;
      for (let i = 0; i < span.candidates.length; i++) {
        const c = span.candidates[i]!;
        const next = after.get(c);
        if (next === undefined || next === NEG || forbidden(span, c)) continue;
        enter.set(c, logSumExp(enter.get(c) ?? NEG, span.scores[i]! / tau + cut + next));
      }
    }
    let shift = NEG;
    for (const v of enter.values()) if (v > shift) shift = v;
    const weightIn = new Map<number, number>();
    let jumpOther = 0;
    let jumpEnd = 0;
    for (const [c, v] of enter) {
      const w = Math.exp(v - shift);
      weightIn.set(c, w);
      jumpOther += expEntry[c]! * w;
      jumpEnd += expEntryAfter[c]! * w;
    }
    const out = new Map<number, number>();
    for (const p of here.keys()) {
      let v = NEG;
      for (const span of spans) {
        const after = beta[span.to]?.get(p);
        if (after !== undefined) v = logSumExp(v, stayOf.get(span)! + cutOf(span) + after);
      }
      if (shift !== NEG) {
        let jumps = p >= 0 && t.endsSection[p] ? jumpEnd : jumpOther;
        let special = 0;
        for (const c of p >= 0 ? [p + 1, p, p + 2] : [p + 1]) {
          if (c >= n) continue;
          const w = weightIn.get(c);
          if (w === undefined) continue;
          jumps -= w * expJump(p, c);
          special += w * expMove(p, c);
        }
        const sum = Math.max(0, jumps) + special;
        if (sum > 0) v = logSumExp(v, shift + Math.log(sum));
      }
      out.set(p, v);
    }
    beta[b] = out;
  }

  let logZ = NEG;
  for (const v of last.values()) logZ = logSumExp(logZ, v);
  const result = new Map<Span, SpanPosterior>();
  for (let b = 0; b < pieces; b++) {
    const here = alpha[b];
    for (const span of spansFrom[b] ?? []) {
      const clauses = new Float64Array(span.candidates.length);
      const after = beta[span.to];
      if (!here || !after) {
        result.set(span, { clauses, residue: 0 });
        continue;
      }
      const cut = cutOf(span);
      // Paths that keep the order state across the span (residue or a detour): sum over states once.
      let keep = NEG;
      for (const [p, v] of here) {
        const next = after.get(p);
        if (next !== undefined) keep = logSumExp(keep, v + cut + next);
      }
      const into = intoAt[b]!;
      for (let i = 0; i < span.candidates.length; i++) {
        const c = span.candidates[i]!;
        if (forbidden(span, c)) continue;
        const e = span.scores[i]! / tau;
        const pre = into.get(c) ?? NEG;
        const next = after.get(c);
        const inOrder = pre === NEG || next === undefined ? NEG : pre + e + cut + next;
        const detour = keep + e + weights.detour / tau;
        clauses[i] = Math.exp(logSumExp(inOrder, detour) - logZ);
      }
      result.set(span, { clauses, residue: Math.exp(keep + span.residue / tau - logZ) });
    }
  }
  return result;
}
