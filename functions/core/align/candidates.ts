/**
 * Candidate clauses of a span, so that a long charter's spans are scored against a few dozen clauses rather
 * than all of them. A charter of up to `allBelow` clauses gives every span every clause (exact). Above that a
 * span's candidates are the union of
 * - a band around the clause its position in the edition suggests (cumulative reference lengths);
 * - the top K clauses of an inverted index of the references' character trigrams, each trigram weighted by
 *   its rarity (idf); a trigram held by more than `maxPostings` clauses tells nothing and is not indexed;
 * - the clauses whose anchors the span holds (an anchor held by more than `maxPostings` clauses excepted).
 * A clause that is none of these cannot be given to the span.
 */

/** Tuning of the candidate selection. */
export interface CandidateOptions {
  /** Charters of at most this many clauses give every span every clause. */
  allBelow: number;
  /** Clauses on each side of the expected clause. */
  band: number;
  /** Clauses taken from the trigram index. */
  topK: number;
  /** Trigrams and anchors held by more clauses than this are not used to find candidates. */
  maxPostings: number;
  /** Clauses sampled to estimate the spread of a span's similarities. */
  sample: number;
}

/** Default candidate selection. */
export const defaultCandidateOptions: CandidateOptions = {
  allBelow: 160,
  band: 40,
  topK: 12,
  maxPostings: 48,
  sample: 64,
};

/** Reference data of the clauses, as the index needs it. */
export interface CandidateSource {
  /** Per clause, per reference text: its trigram ids. */
  grams: readonly (readonly Int32Array[])[];
  /** Number of distinct trigram ids. */
  gramCount: number;
  /** Per clause: the keys of its anchors. */
  anchorKeys: readonly (readonly string[])[];
  /** Per clause: mean reference length (0 when unknown). */
  meanLength: readonly number[];
}

/** The index that picks candidate clauses; built once per alignment. */
export interface CandidateIndex {
  n: number;
  options: CandidateOptions;
  /** Every clause, when the charter is small enough to take them all. */
  all: Int32Array | null;
  /** Per trigram id: the clauses holding it (undefined when it is too common or unknown). */
  postings: (Int32Array | undefined)[];
  idf: Float64Array;
  /** Per clause: sum of the idf of its indexed trigrams. */
  weight: Float64Array;
  anchors: Map<string, Int32Array>;
  /** Share of the expected edition length before each clause (n + 1 entries, from 0 to 1). */
  cumulative: Float64Array;
  /** Clauses with references, evenly spaced, for similarity statistics. */
  sample: Int32Array;
  /** Scratch, one per clause. */
  acc: Float64Array;
}

/** Builds the candidate index of a charter's clauses. */
export function buildCandidateIndex(
  source: CandidateSource,
  options: CandidateOptions = defaultCandidateOptions,
): CandidateIndex {
  const n = source.meanLength.length;
  const holders: number[][] = Array.from({ length: source.gramCount }, () => []);
  source.grams.forEach((refs, c) => {
    const seen = new Set<number>();
    for (const ref of refs) for (const id of ref) seen.add(id);
    for (const id of seen) holders[id]!.push(c);
  });
  const withRefs = source.grams.map((refs, c) => (refs.length ? c : -1)).filter((c) => c >= 0);
  const postings: (Int32Array | undefined)[] = new Array(source.gramCount);
  const idf = new Float64Array(source.gramCount);
  const weight = new Float64Array(n);
  holders.forEach((list, id) => {
    if (list.length === 0 || list.length > options.maxPostings) return;
    postings[id] = Int32Array.from(list);
    idf[id] = Math.log(1 + withRefs.length / list.length);
    for (const c of list) weight[c]! += idf[id]!;
  });
  const byAnchor = new Map<string, number[]>();
  source.anchorKeys.forEach((keys, c) => {
    for (const key of new Set(keys)) {
      const list = byAnchor.get(key) ?? [];
      list.push(c);
      byAnchor.set(key, list);
    }
  });
  const anchors = new Map<string, Int32Array>();
  for (const [key, list] of byAnchor)
    if (list.length <= options.maxPostings) anchors.set(key, Int32Array.from(list));
  const known = source.meanLength.filter((x) => x > 0);
  const fallback = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const cumulative = new Float64Array(n + 1);
  for (let c = 0; c < n; c++) {
    const length = source.meanLength[c]! > 0 ? source.meanLength[c]! : fallback;
    cumulative[c + 1] = cumulative[c]! + length;
  }
  const total = cumulative[n]! || 1;
  for (let c = 0; c <= n; c++) cumulative[c] = cumulative[c]! / total;
  const stride = Math.max(1, withRefs.length / options.sample);
  const sample: number[] = [];
  for (let k = 0; k < withRefs.length; k += stride) sample.push(withRefs[Math.floor(k)]!);
  return {
    n,
    options,
    all: n <= options.allBelow ? Int32Array.from({ length: n }, (_, c) => c) : null,
    postings,
    idf,
    weight,
    anchors,
    cumulative,
    sample: Int32Array.from(new Set(sample)),
    acc: new Float64Array(n),
  };
}

/** The clause whose share of the expected length spans `position` (0-1). */
export function expectedClause(index: CandidateIndex, position: number): number {
  const cum = index.cumulative;
  let lo = 0;
  let hi = index.n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What the selection knows about a span. */
export interface CandidateQuery {
  /** Ids of the span's trigrams that occur in some reference. */
  gramIds: readonly number[];
  /** Keys of the anchors found in the span. */
  anchorKeys: ReadonlySet<string>;
  /** Where the span starts in the edition, as a share of its length (0-1); undefined: no band. */
  position?: number;
}

/** Candidate clauses of a span, ascending. */
export function selectCandidates(index: CandidateIndex, query: CandidateQuery): Int32Array {
  if (index.all) return index.all;
  const { n, options } = index;
  const chosen = new Set<number>();
  if (query.position !== undefined) {
    const at = expectedClause(index, Math.max(0, Math.min(1, query.position)));
    for (let c = Math.max(0, at - options.band); c <= Math.min(n - 1, at + options.band); c++) chosen.add(c);
  }
  for (const key of query.anchorKeys) for (const c of index.anchors.get(key) ?? []) chosen.add(c);
  for (const c of topByTrigrams(index, query.gramIds)) chosen.add(c);
  return Int32Array.from(chosen).sort();
}

/** The clauses sharing the most rare trigrams with the span (idf-weighted Dice), best first. */
export function topByTrigrams(index: CandidateIndex, gramIds: readonly number[]): number[] {
  const { acc, options } = index;
  const touched: number[] = [];
  let own = 0;
  for (const id of gramIds) {
    const list = index.postings[id];
    if (!list) continue;
    const w = index.idf[id]!;
    own += w;
    for (const c of list) {
      if (acc[c] === 0) touched.push(c);
      acc[c]! += w;
    }
  }
  const ranked = touched
    .map((c) => ({ c, s: (2 * acc[c]!) / (own + index.weight[c]!) }))
    .sort((a, b) => b.s - a.s || a.c - b.c)
    .slice(0, options.topK)
    .map((x) => x.c);
  for (const c of touched) acc[c] = 0;
  return ranked;
}
