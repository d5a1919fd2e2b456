/**
 * Lines whose words came out in reverse order (a PDF text extraction of right-to-left runs, or of columns
 * drawn backwards): "paix la de et justice la de liberté," for "liberté, de la justice et de la paix". Each line
 * is read both ways against what the rest of the document writes: its word pairs, the pairs of word classes
 * (the document's frequent words themselves, every other word by its shape: capitalised, a number, a list mark,
 * the punctuation at its ends), the classes that open and close its lines, and the pairs across its line breaks.
 * The evidence is weighed as a log-linear model whose prior, the share of reversed lines, is estimated per
 * document, so a page read the right way keeps its lines. The document is its own language model, so this
 * works in any language.
 */
import type { SourceLine } from './types.ts';
import { wordKey } from './word-key.ts';

/** Words a line needs before its order can be judged. */
const MIN_WORDS = 2;
/** Word pairs a document needs before it can judge any line. */
const MIN_DOCUMENT_PAIRS = 200;
/** Added to both counts of a word pair (a pair seen once either way says little). */
const WORD_SMOOTHING = 0.5;
/** Added to both counts of a class pair. */
const CLASS_SMOOTHING = 1;
/** The document's most frequent words that stand as classes of their own (its function words). */
const FREQUENT_WORDS = 40;
/** Rounds of turning lines and counting again. */
const ROUNDS = 6;
/** Share of a page's lines with wide gaps inside that makes it a page laid out by position. */
const LAID_OUT_SHARE = 0.2;
/**
 * The share of reversed lines assumed before any is found: low, so that only lines that read backwards
 * beyond doubt are turned round first; the share they make sets the next round's prior, which rises on a
 * damaged page and stays low on a page read the right way.
 */
const START_PRIOR = 0.003;
/** Bounds of the estimated share of reversed lines. */
const MIN_PRIOR = 0.001;
const MAX_PRIOR = 0.5;

/**
 * Weights of the evidence (log odds that a line runs backwards), fitted by `bench/segment/fit-reversed.ts` on the
 * reviewed editions of every charter wrapped at several widths with a share of their lines reversed; the bias
 * is the log odds at the prior the fit saw ({@link FIT_PRIOR}), moved to each document's own estimate.
 */
export const REVERSAL_WEIGHTS = {
  bias: -1.38,
  words: 0.71,
  classes: 1.01,
  edges: 1.2,
  breakWords: 0.66,
  breakClasses: 0.41,
};
/** Share of reversed lines in the data the weights were fitted on. */
export const FIT_PRIOR = 0.2;

/** The evidence of one line that it runs backwards (each a log ratio, positive for backwards). */
export interface ReversalEvidence {
  /** Word pairs inside the line. */
  words: number;
  /** Class pairs inside the line. */
  classes: number;
  /** Classes opening and closing the line. */
  edges: number;
  /** Word pairs across its line breaks. */
  breakWords: number;
  /** Class pairs across its line breaks. */
  breakClasses: number;
}

/** A word as the pair counts key it: numbers are one class ("Article 4" and "Article 8" are one pattern). */
function pairKey(word: string): string {
  const key = wordKey(word);
  return /^\p{N}+$/u.test(key) ? '#' : key;
}

/** A word's shape: a list mark or other sign as itself, else letters or digits with their case and end marks. */
function shapeOf(word: string, frequent: ReadonlySet<string>): string {
  const key = pairKey(word);
  if (!key) return word.length <= 2 ? word : '~';
  const open = /^[("«„“'‘[]/u.test(word) ? '(' : '';
  const close = /[.!?]["»”’)]*$/u.test(word)
    ? '.'
    : /[,;:]["»”’)]*$/u.test(word)
      ? ','
      : /\p{L}[-‐]$/u.test(word)
        ? '-'
        : /[)"»”’\]]$/u.test(word)
          ? ')'
          : '';
  const letters = word.replace(/[^\p{L}]/gu, '');
  const kase = !letters
    ? ''
    : letters === letters.toUpperCase() && letters.length > 1
      ? 'U'
      : /^\P{L}*\p{Lu}/u.test(word)
        ? 'A'
        : 'a';
  const base = frequent.has(key) ? key : key === '#' ? '#' : 'w';
  return `${open}${base}${kase}${close}`;
}

/** A line as the counts see it: its words in runs (a wide gap of a laid-out page separates runs). */
export interface LineView {
  words: string[];
  runs: string[][];
  /** Starts after a run of spaces (placed by position on a laid-out page). */
  indented: boolean;
}

function viewOf(text: string): LineView {
  const indented = /^\s{2,}\S/u.test(text);
  const runs = text
    .trim()
    .split(/\s{2,}/u)
    .map((run) => run.split(/\s+/u).filter(Boolean))
    .filter((run) => run.length > 0);
  return { words: runs.flat(), runs, indented };
}

const NO_WORDS: ReadonlySet<string> = new Set();

/** Pair counts keyed by two interned ids. */
class PairCounts {
  private readonly map = new Map<number, number>();
  add(a: number, b: number, by = 1): void {
    const key = a * ID_SPACE + b;
    this.map.set(key, (this.map.get(key) ?? 0) + by);
  }
  get(a: number, b: number): number {
    return this.map.get(a * ID_SPACE + b) ?? 0;
  }
}

/** Interned ids stay below this, so two of them key one pair exactly. */
const ID_SPACE = 1 << 24;
/** A word with no letters or digits: it makes no word pair. */
const NO_KEY = -1;

/** Strings as small integers. */
class Interner {
  private readonly ids = new Map<string, number>();
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
    }
    return id;
  }
}

/** A line's words as ids: word keys (NO_KEY for none), classes, and the shapes its ends have. */
interface LineIds {
  keys: number[];
  classes: number[];
  edges: number[];
}

/** The document's lines as the evidence reads them, prepared once for every round. */
export interface PreparedDocument {
  views: readonly LineView[];
  /** Per line, its runs' ids (one run for a line not laid out by position). */
  runs: LineIds[][];
  /** Per line, all its words' ids as printed. */
  printed: LineIds[];
  /** Per line, whether its order can be judged at all. */
  judged: boolean[];
  laidOut: boolean;
  start: number;
  end: number;
}

/** Counts the word keys and the classes of a document's lines once (they do not change between rounds). */
export function prepareDocument(views: readonly LineView[]): PreparedDocument {
  // A page laid out by position (many lines keep wide gaps between columns): its line breaks do not join
  // running text, and its lines placed by an indent came out left to right.
  const laidOut =
    views.filter((v) => v.runs.length > 1).length >=
    LAID_OUT_SHARE * views.filter((v) => v.words.length).length;
  // Each distinct token is keyed and shaped once (a page repeats most of its tokens).
  const keyOf = new Map<string, string>();
  const keyCounts = new Map<string, number>();
  for (const view of views)
    for (const word of view.words) {
      let key = keyOf.get(word);
      if (key === undefined) {
        key = pairKey(word);
        keyOf.set(word, key);
      }
      if (key) keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
    }
  const frequent = new Set(
    [...keyCounts.entries()]
      .filter(([key]) => key !== '#')
      .sort((a, b) => b[1] - a[1])
      .slice(0, FREQUENT_WORDS)
      .map(([key]) => key),
  );
  const keys = new Interner();
  const classes = new Interner();
  const tokenIds = new Map<string, { key: number; cls: number; edge: number }>();
  const token = (word: string) => {
    let ids = tokenIds.get(word);
    if (!ids) {
      const key = keyOf.get(word)!;
      ids = {
        key: key ? keys.id(key) : NO_KEY,
        cls: classes.id(shapeOf(word, frequent)),
        edge: classes.id(`edge:${shapeOf(word, NO_WORDS)}`),
      };
      tokenIds.set(word, ids);
    }
    return ids;
  };
  const idsOf = (words: readonly string[]): LineIds => {
    const tokens = words.map(token);
    return {
      keys: tokens.map((t) => t.key),
      classes: tokens.map((t) => t.cls),
      edges: tokens.map((t) => t.edge),
    };
  };
  return {
    views,
    runs: views.map((view) => view.runs.map(idsOf)),
    printed: views.map((view) => idsOf(view.words)),
    // A line that keeps wide gaps between its words was laid out by position, left to right.
    judged: views.map(
      (view) =>
        view.runs.length === 1 &&
        !(laidOut && view.indented) &&
        view.words.length >= MIN_WORDS &&
        view.words.some((w) => /\p{L}/u.test(w)),
    ),
    laidOut,
    start: classes.id('<s>'),
    end: classes.id('</s>'),
  };
}

const reversedIds = (ids: LineIds): LineIds => ({
  keys: [...ids.keys].reverse(),
  classes: [...ids.classes].reverse(),
  edges: [...ids.edges].reverse(),
});

/** A pair of ids. */
type Pair = readonly [number, number];

/** The pairs one reading of a line puts in the counts. */
interface Contribution {
  /** Word and class pairs inside the line, and the classes at its edges. */
  words: Pair[];
  classes: Pair[];
  /** The pairs across its break into the next line. */
  breakWords: Pair[];
  breakClasses: Pair[];
}

/** The pairs one reading of a line contributes (inside runs; its edges; its break into the next line). */
function contributions(
  runs: readonly LineIds[],
  next: readonly LineIds[] | undefined,
  doc: PreparedDocument,
): Contribution {
  const out: Contribution = { words: [], classes: [], breakWords: [], breakClasses: [] };
  for (const run of runs) {
    for (let i = 0; i + 1 < run.keys.length; i++) {
      if (run.keys[i] !== NO_KEY && run.keys[i + 1] !== NO_KEY)
        out.words.push([run.keys[i]!, run.keys[i + 1]!]);
      out.classes.push([run.classes[i]!, run.classes[i + 1]!]);
    }
  }
  if (runs.length === 1) {
    const only = runs[0]!;
    const n = only.keys.length;
    out.classes.push([doc.start, only.edges[0]!], [only.edges[n - 1]!, doc.end]);
    const pair = breakPair(only, next);
    if (pair) {
      out.breakWords.push(pair.words);
      out.breakClasses.push(pair.classes);
    }
  }
  return out;
}

/** The pair a line break joins, when both lines are one run: the last word of one and the first of the next. */
function breakPair(
  above: LineIds | undefined,
  below: readonly LineIds[] | undefined,
): { words: Pair; classes: Pair } | null {
  if (!above?.keys.length || below?.length !== 1) return null;
  const last = above.keys.length - 1;
  const a = above.keys[last]!;
  const b = below[0]!.keys[0]!;
  if (a === NO_KEY || b === NO_KEY) return null;
  return { words: [a, b], classes: [above.classes[last]!, below[0]!.classes[0]!] };
}

/** How often the pair (a, b) occurs in a few short lists. */
function occurrences(lists: readonly (readonly Pair[])[], a: number, b: number): number {
  let n = 0;
  for (const list of lists) for (const [x, y] of list) if (x === a && y === b) n++;
  return n;
}

const logRatio = (backwards: number, forwards: number, smoothing: number) =>
  Math.log((backwards + smoothing) / (forwards + smoothing));

/**
 * The evidence that each line runs backwards, given which lines are read turned round now (`flipped`). Each
 * line is weighed against the document's counts without its own contribution, so it does not vouch for itself.
 */
export function reversalEvidence(
  doc: PreparedDocument,
  flipped: readonly boolean[],
): Array<ReversalEvidence | null> | null {
  const { views, laidOut } = doc;
  const reading = doc.runs.map((runs, i) => (flipped[i] ? [reversedIds(doc.printed[i]!)] : runs));
  const wordCounts = new PairCounts();
  const classCounts = new PairCounts();
  let wordPairs = 0;
  const own = reading.map((runs, i) => contributions(runs, reading[i + 1], doc));
  for (const c of own) {
    for (const [a, b] of c.words) wordCounts.add(a, b);
    for (const [a, b] of c.breakWords) wordCounts.add(a, b);
    for (const [a, b] of c.classes) classCounts.add(a, b);
    for (const [a, b] of c.breakClasses) classCounts.add(a, b);
    wordPairs += c.words.length + c.breakWords.length;
  }
  if (wordPairs < MIN_DOCUMENT_PAIRS) return null;

  return views.map((_, i) => {
    if (!doc.judged[i]) return null;
    // The pairs this line and the line above put in the counts as read now, left out while judging it.
    const above = i > 0 ? own[i - 1]! : null;
    const ownWords = [own[i]!.words, own[i]!.breakWords, above?.breakWords ?? []];
    const ownClasses = [own[i]!.classes, own[i]!.breakClasses, above?.breakClasses ?? []];
    const word = (a: number, b: number) => wordCounts.get(a, b) - occurrences(ownWords, a, b);
    const cls = (a: number, b: number) => classCounts.get(a, b) - occurrences(ownClasses, a, b);
    const printed = doc.printed[i]!;
    const { keys, classes, edges } = printed;
    const n = keys.length;
    const evidence: ReversalEvidence = { words: 0, classes: 0, edges: 0, breakWords: 0, breakClasses: 0 };
    // Read as printed, pair (a, b); turned round, the same two words stand as (b, a).
    for (let k = 0; k + 1 < n; k++) {
      const ka = keys[k]!;
      const kb = keys[k + 1]!;
      if (ka !== NO_KEY && kb !== NO_KEY)
        evidence.words += logRatio(word(kb, ka), word(ka, kb), WORD_SMOOTHING);
      const ca = classes[k]!;
      const cb = classes[k + 1]!;
      evidence.classes += logRatio(cls(cb, ca), cls(ca, cb), CLASS_SMOOTHING);
    }
    const first = edges[0]!;
    const last = edges[n - 1]!;
    evidence.edges =
      logRatio(cls(doc.start, last), cls(doc.start, first), CLASS_SMOOTHING) +
      logRatio(cls(first, doc.end), cls(last, doc.end), CLASS_SMOOTHING);
    // The line breaks around it: turned round, the line's last word follows the line above and its first word
    // goes on into the line below. Only lines of one run have breaks that speak (a laid-out page's do not).
    if (laidOut) return evidence;
    const lineAbove = i > 0 && reading[i - 1]!.length === 1 ? reading[i - 1]![0] : undefined;
    const below = reading[i + 1];
    const turned = reversedIds(printed);
    for (const [asPrinted, backwards] of [
      [breakPair(lineAbove, [printed]), breakPair(lineAbove, [turned])],
      [breakPair(printed, below), breakPair(turned, below)],
    ] as const) {
      if (!asPrinted || !backwards) continue;
      evidence.breakWords += logRatio(word(...backwards.words), word(...asPrinted.words), WORD_SMOOTHING);
      evidence.breakClasses += logRatio(
        cls(...backwards.classes),
        cls(...asPrinted.classes),
        CLASS_SMOOTHING,
      );
    }
    return evidence;
  });
}

/** Log odds that a line runs backwards, with the document's own prior share of reversed lines. */
export function reversalScore(evidence: ReversalEvidence, prior: number): number {
  const w = REVERSAL_WEIGHTS;
  const shift = Math.log(prior / (1 - prior)) - Math.log(FIT_PRIOR / (1 - FIT_PRIOR));
  return (
    w.bias +
    shift +
    w.words * evidence.words +
    w.classes * evidence.classes +
    w.edges * evidence.edges +
    w.breakWords * evidence.breakWords +
    w.breakClasses * evidence.breakClasses
  );
}

/** The lines as the evidence reads them. */
export function lineViews(lines: readonly SourceLine[]): LineView[] {
  return lines.map((line) => viewOf(line.text));
}

/** Lines with reversed word order turned round; the others returned as they are. */
export function restoreReversedLines(lines: readonly SourceLine[]): SourceLine[] {
  return judgeReversedLines(lines).lines;
}

/** Lines with reversed word order turned round, and how doubtful each line's order still is. */
export interface JudgedLines {
  lines: SourceLine[];
  /**
   * Per line, the model's probability that it now reads in the wrong order (turned round wrongly, or left
   * reversed); 0 for lines it does not judge.
   */
  doubt: number[];
}

/** {@link restoreReversedLines} with the doubt left on each line. */
export function judgeReversedLines(lines: readonly SourceLine[]): JudgedLines {
  const views = lineViews(lines);
  const doc = prepareDocument(views);
  let flipped = views.map(() => false);
  let prior = START_PRIOR;
  let scores: number[] = views.map(() => Number.NEGATIVE_INFINITY);
  // Once the clearest reversed lines are turned round, their pairs stop speaking for the wrong order and the
  // next round sees the others better; the share turned round is the next round's prior.
  for (let round = 0; round < ROUNDS; round++) {
    const evidence = reversalEvidence(doc, flipped);
    if (!evidence) return { lines: [...lines], doubt: views.map(() => 0) };
    scores = evidence.map((e) => (e ? reversalScore(e, prior) : Number.NEGATIVE_INFINITY));
    const judged = evidence.filter(Boolean).length;
    const next = scores.map((s) => s > 0);
    const turned = next.filter(Boolean).length;
    prior = Math.min(MAX_PRIOR, Math.max(MIN_PRIOR, turned / Math.max(1, judged)));
    if (next.every((f, i) => f === flipped[i])) break;
    flipped = next;
  }
  const doubt = scores.map((score, i) => {
    if (!Number.isFinite(score)) return 0;
    const backwards = 1 / (1 + Math.exp(-score));
    return flipped[i] ? 1 - backwards : backwards;
  });
  const restored = lines.map((line, i) => {
    if (!flipped[i]) return line;
    const indent = /^\s*/u.exec(line.text)![0];
    const tokens = line.text.trim().split(/(\s+)/u);
    return { ...line, text: `${indent}${tokens.reverse().join('')}` };
  });
  return { lines: restored, doubt };
}
