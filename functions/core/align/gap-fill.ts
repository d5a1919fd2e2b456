/**
 * Gap filling, as sentence aligners do after their anchor pass (Bleualign, hunalign): between two aligned
 * pairs, the edition's spans left out and the clauses left missing are paired in order when they are equally
 * many and their lengths agree. A short sentence with no shared word ("Welche Enttäuschung !" / "Quelle
 * désillusion !") gives the decoder too little evidence to pair it; its place between two sure pairs does.
 */
import type { DecodedSpan } from './lattice.ts';

/** Most spans one gap may hold to be filled (a longer run is a passage the references lack). */
const MAX_GAP = 3;
/** A span's length may differ from its clause's expected length by this factor at most. */
const MAX_LENGTH_FACTOR = 2;

/** A span of `chars` characters fits a clause expected at `expected` (both known, within the factor). */
function lengthsAgree(chars: number, expected: number): boolean {
  return (
    chars > 0 &&
    expected > 0 &&
    chars <= expected * MAX_LENGTH_FACTOR &&
    chars >= expected / MAX_LENGTH_FACTOR
  );
}

/** What {@link fillGaps} needs to know of spans and clauses. */
export interface GapFillInput {
  /** Characters of a span's text; 0 for debris, which is never paired. */
  spanLength: (step: DecodedSpan) => number;
  /** Expected length of a clause in the edition (the references' mean times the length ratio); 0 when unknown. */
  expectedLength: (clause: number) => number;
  /** Number of clauses in the structure. */
  clauses: number;
}

/** The path with each fillable gap's residue spans given the gap's missing clauses, in order. */
export function fillGaps(path: readonly DecodedSpan[], input: GapFillInput): DecodedSpan[] {
  const out = path.map((step) => ({ ...step }));
  const assigned = new Set(out.filter((s) => s.clause >= 0).map((s) => s.clause));
  let previous = -1;
  let run: DecodedSpan[] = [];
  const fill = (next: number) => {
    const missing: number[] = [];
    for (let c = previous + 1; c < next; c++) missing.push(c);
    if (run.length === 0 || missing.length === 0) return;
    if (run.length !== missing.length || run.length > MAX_GAP || missing.some((c) => assigned.has(c))) {
      // A clause given elsewhere (a moved passage) is no clause of this gap.
      const open = missing.filter((c) => !assigned.has(c));
      if (open.length) pairByLength(run, open, input);
      return;
    }
    const fits = run.every((step, i) =>
      lengthsAgree(input.spanLength(step), input.expectedLength(missing[i]!)),
    );
    if (!fits) return;
    run.forEach((step, i) => {
      step.clause = missing[i]!;
    });
  };
  // A residue piece of a segment whose other part went to a clause is a fragment, not a sentence of its own.
  const pairedSegments = new Set(out.filter((s) => s.clause >= 0).map((s) => s.span.segment));
  for (const step of out) {
    if (step.clause < 0) {
      if (!pairedSegments.has(step.span.segment)) run.push(step);
      continue;
    }
    // A step back in the clause order (a moved passage) frames no gap.
    if (step.clause > previous) fill(step.clause);
    previous = step.clause;
    run = [];
  }
  fill(input.clauses);
  attachLoneSpans(out, input);
  return out;
}

/** Most spans or clauses a gap of unequal counts may hold to be paired by length. */
const MAX_LENGTH_GAP = 24;
/**
 * The spread of a span's log length ratio to its clause's expected length (a misfit costs its square over
 * twice this squared), the cost of leaving a span or a clause out, and of giving two spans to one clause.
 */
const LENGTH_SCALE = 0.35;
const SKIP_COST = 2.5;
const MERGE_COST = 1;

/**
 * A gap of unequal counts paired in order by length alone, as Gale and Church align sentences: each span goes
 * to the next missing clause, is left out, or joins the next span for one clause, at the least cost of length
 * misfits and omissions. Only pairs whose lengths agree within {@link MAX_LENGTH_FACTOR} are kept.
 */
function pairByLength(run: DecodedSpan[], missing: readonly number[], input: GapFillInput): void {
  const m = run.length;
  const n = missing.length;
  if (m > MAX_LENGTH_GAP || n > MAX_LENGTH_GAP) return;
  const lengths = run.map((step) => input.spanLength(step));
  const expected = missing.map((c) => input.expectedLength(c));
  const misfit = (chars: number, clause: number) => {
    const e = expected[clause]!;
    if (chars <= 0 || e <= 0) return Number.POSITIVE_INFINITY;
    return (Math.log(chars / e) / LENGTH_SCALE) ** 2 / 2;
  };
  const cost = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY));
  const move = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  cost[0]![0] = 0;
  for (let i = 0; i <= m; i++)
    for (let j = 0; j <= n; j++) {
      const here = cost[i]![j]!;
      if (!Number.isFinite(here)) continue;
      const relax = (a: number, b: number, c: number, kind: number) => {
        if (c < cost[a]![b]!) {
          cost[a]![b] = c;
          move[a]![b] = kind;
        }
      };
      if (i < m) relax(i + 1, j, here + SKIP_COST, 1);
      if (j < n) relax(i, j + 1, here + SKIP_COST, 2);
      if (i < m && j < n) relax(i + 1, j + 1, here + misfit(lengths[i]!, j), 3);
      if (i + 1 < m && j < n)
        relax(i + 2, j + 1, here + MERGE_COST + misfit(lengths[i]! + lengths[i + 1]!, j), 4);
    }
  const fits = (chars: number, clause: number) => lengthsAgree(chars, expected[clause]!);
  for (let i = m, j = n; i > 0 || j > 0; ) {
    const kind = move[i]![j]!;
    if (kind === 1) i--;
    else if (kind === 2) j--;
    else if (kind === 3) {
      if (fits(lengths[i - 1]!, j - 1)) run[i - 1]!.clause = missing[j - 1]!;
      i--;
      j--;
    } else {
      if (fits(lengths[i - 2]! + lengths[i - 1]!, j - 1)) {
        run[i - 2]!.clause = missing[j - 1]!;
        run[i - 1]!.clause = missing[j - 1]!;
      }
      i -= 2;
      j--;
    }
  }
}

/** A lone span's length must bring its clause this much nearer its expected length (in log ratio) to join it. */
const ATTACH_GAIN = 0.3;

/**
 * A single span left out between the spans of one clause, or of two clauses that follow each other, is part of
 * one of them when joining it brings that clause's length clearly nearer its expected length (a clause the
 * edition says in two sentences, the decoder sure of one).
 */
function attachLoneSpans(out: DecodedSpan[], input: GapFillInput): void {
  const length = new Map<number, number>();
  for (const step of out)
    if (step.clause >= 0) length.set(step.clause, (length.get(step.clause) ?? 0) + input.spanLength(step));
  const misfit = (clause: number, chars: number) => {
    const expected = input.expectedLength(clause);
    return expected > 0 && chars > 0 ? Math.abs(Math.log(chars / expected)) : Number.POSITIVE_INFINITY;
  };
  out.forEach((step, i) => {
    const before = out[i - 1];
    const after = out[i + 1];
    if (step.clause >= 0 || !before || !after || before.clause < 0 || after.clause < 0) return;
    if (after.clause !== before.clause && after.clause !== before.clause + 1) return;
    const chars = input.spanLength(step);
    if (chars === 0) return;
    let best = -1;
    let gain = ATTACH_GAIN;
    for (const clause of new Set([before.clause, after.clause])) {
      const now = length.get(clause) ?? 0;
      const better = misfit(clause, now) - misfit(clause, now + chars);
      if (better > gain) [best, gain] = [clause, better];
    }
    if (best < 0) return;
    step.clause = best;
    length.set(best, (length.get(best) ?? 0) + chars);
  });
}
