/**
 * A bilingual word table learned from text pairs believed to be translations of each other (the clause
 * pairs a first alignment pass is sure of), as in hunalign's `-realign`: two words are associated when
 * they occur in the same pairs far more often than apart (Dice coefficient over pairs). No dictionary,
 * no shared spelling needed: a German and a French edition learn `gipfel`~`sommet` from the pairs alone.
 */

/** One aligned pair of texts as folded words. */
export interface WordPair {
  source: readonly string[];
  target: readonly string[];
}

/** Learned associations in both directions, each word's list sorted best first. */
export interface WordTable {
  /** Source word -> target word -> association in (0, 1]. */
  forward: Map<string, Map<string, number>>;
  /** Target word -> source word -> association in (0, 1]. */
  backward: Map<string, Map<string, number>>;
  /** Informativeness of a source word (inverse pair frequency), for weighting coverage. */
  sourceWeight: Map<string, number>;
  /** Informativeness of a target word. */
  targetWeight: Map<string, number>;
  /** Number of pairs it was learned from. */
  pairs: number;
}

/** Options of {@link learnWordTable}. */
export interface WordTableOptions {
  /** Pairs two words must share to be associated (default 2). */
  minShared?: number;
  /** Lowest Dice coefficient kept (default 0.3). */
  minScore?: number;
  /** Associations kept per word and direction (default 3). */
  maxPerWord?: number;
}

function countWords(lists: readonly (readonly string[])[]): { df: Map<string, number>; sets: Set<string>[] } {
  const df = new Map<string, number>();
  const sets = lists.map((words) => new Set(words.filter((w) => w.length > 0)));
  for (const set of sets) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  return { df, sets };
}

/** Share of a word's best association a runner-up must reach to be kept. */
const RUNNER_UP = 0.7;

function keepBest(
  candidates: Map<string, Map<string, number>>,
  maxPerWord: number,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [word, links] of candidates) {
    // Runners-up far behind the best associate are chance co-occurrences, not synonyms.
    const sorted = [...links].sort((a, b) => b[1] - a[1]);
    const best = sorted.slice(0, maxPerWord).filter(([, score]) => score >= RUNNER_UP * sorted[0]![1]);
    out.set(word, new Map(best));
  }
  return out;
}

/** Most (source, target) word pairs counted in a flat array; more are counted in a map. */
const DENSE_COUNTS = 1 << 23;

/** Learns a word table from aligned pairs (Dice over co-occurrence in pairs). */
export function learnWordTable(pairs: readonly WordPair[], options: WordTableOptions = {}): WordTable {
  const minShared = options.minShared ?? 2;
  const minScore = options.minScore ?? 0.3;
  const maxPerWord = options.maxPerWord ?? 3;
  const source = countWords(pairs.map((p) => p.source));
  const target = countWords(pairs.map((p) => p.target));
  // Words seen in enough pairs, numbered in the order the pairs first show them (the tables' order).
  const number = (sets: Set<string>[], df: Map<string, number>) => {
    const ids = new Map<string, number>();
    const perPair = sets.map((set) => {
      const list: number[] = [];
      for (const w of set) {
        if (df.get(w)! < minShared) continue;
        let id = ids.get(w);
        if (id === undefined) {
          id = ids.size;
          ids.set(w, id);
        }
        list.push(id);
      }
      return list;
    });
    return { words: [...ids.keys()], perPair };
  };
  const src = number(source.sets, source.df);
  const tgt = number(target.sets, target.df);
  // Co-occurrence counts per (source, target) id pair; each source word's targets in first-seen order.
  const width = tgt.words.length;
  const dense = src.words.length * width <= DENSE_COUNTS ? new Int32Array(src.words.length * width) : null;
  const sparse = dense ? null : new Map<number, number>();
  const rows: number[][] = src.words.map(() => []);
  src.perPair.forEach((sources, i) => {
    const targets = tgt.perPair[i]!;
    for (const s of sources) {
      const row = rows[s]!;
      for (const t of targets) {
        const key = s * width + t;
        const before = dense ? dense[key]! : (sparse!.get(key) ?? 0);
        if (before === 0) row.push(t);
        if (dense) dense[key] = before + 1;
        else sparse!.set(key, before + 1);
      }
    }
  });
  const forward = new Map<string, Map<string, number>>();
  const backward = new Map<string, Map<string, number>>();
  rows.forEach((row, sId) => {
    const s = src.words[sId]!;
    for (const tId of row) {
      const key = sId * width + tId;
      const shared = dense ? dense[key]! : sparse!.get(key)!;
      if (shared < minShared) continue;
      const t = tgt.words[tId]!;
      const score = (2 * shared) / (source.df.get(s)! + target.df.get(t)!);
      if (score < minScore) continue;
      if (!forward.has(s)) forward.set(s, new Map());
      forward.get(s)!.set(t, score);
      if (!backward.has(t)) backward.set(t, new Map());
      backward.get(t)!.set(s, score);
    }
  });
  const weight = (df: Map<string, number>) =>
    new Map([...df].map(([w, n]) => [w, Math.log(1 + pairs.length / n)] as [string, number]));
  return {
    forward: keepBest(forward, maxPerWord),
    backward: keepBest(backward, maxPerWord),
    sourceWeight: weight(source.df),
    targetWeight: weight(target.df),
    pairs: pairs.length,
  };
}

/** The target words a source word is most associated with, best first. */
export function translationsOf(table: WordTable, word: string): [string, number][] {
  return [...(table.forward.get(word) ?? [])].sort((a, b) => b[1] - a[1]);
}

/** One side's words made ready for {@link preparedSimilarity}: those the table links, with their weights. */
export interface PreparedWords {
  /** Every word of the text (the other side looks its associates up here). */
  all: ReadonlySet<string>;
  /** The words the table links in this side's direction, in the text's order, with their links and weights. */
  rows: Map<string, number>[];
  weights: number[];
}

/** Prepares a text's words as the source (`forward`) or target (`backward`) side of the table. */
export function prepareWords(
  table: WordTable,
  words: ReadonlySet<string>,
  side: 'source' | 'target',
): PreparedWords {
  const links = side === 'source' ? table.forward : table.backward;
  const weightOf = side === 'source' ? table.sourceWeight : table.targetWeight;
  const rows: Map<string, number>[] = [];
  const weights: number[] = [];
  for (const w of words) {
    const row = links.get(w);
    if (!row) continue;
    rows.push(row);
    weights.push(weightOf.get(w) ?? 1);
  }
  return { all: words, rows, weights };
}

/** {@link tableSimilarity} of two prepared sides (the same value; each side prepared once, compared often). */
export function preparedSimilarity(source: PreparedWords, target: PreparedWords): number {
  const cover = (words: PreparedWords, other: ReadonlySet<string>) => {
    let total = 0;
    let hit = 0;
    words.rows.forEach((row, i) => {
      const weight = words.weights[i]!;
      total += weight;
      let best = 0;
      for (const [o, score] of row) if (score > best && other.has(o)) best = score;
      hit += weight * best;
    });
    return { total, hit };
  };
  const f = cover(source, target.all);
  const b = cover(target, source.all);
  const shares = [f, b].filter((x) => x.total > 0).map((x) => x.hit / x.total);
  return shares.length ? shares.reduce((a, c) => a + c, 0) / 2 : 0;
}

/**
 * How well two texts translate each other by the table: the weighted share of the source's known words
 * that have an associate in the target, averaged with the same share the other way (0 to 1; 0 when
 * neither side has a word the table knows).
 */
export function tableSimilarity(
  table: WordTable,
  source: ReadonlySet<string>,
  target: ReadonlySet<string>,
): number {
  return preparedSimilarity(prepareWords(table, source, 'source'), prepareWords(table, target, 'target'));
}
