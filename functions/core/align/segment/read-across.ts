/**
 * Columns read across: OCR that reads a page of N printed columns straight across puts on each line the
 * left column's line, then the next column's line beside it. Decides per page whether that happened,
 * with how many columns (1, 2 or 3) and how wide, and puts the page back in reading order: every
 * column's lines top to bottom, the left column first.
 *
 * The decision compares layouts by how well each one explains the lines with general cues only:
 * a column of justified text has a near-constant width in characters, so a column line that stops short
 * in mid-sentence (its column's next word would have fitted) is an anomaly; so is a sentence that
 * ends and goes on in lower case, or an unfinished column line followed by a gap. A cut is favoured where
 * the line shows the join of two columns (sentence punctuation before a capital, a bullet mid-line, a
 * word hyphen), and the lexicon confirms a word hyphenated across a column's lines. More columns are
 * chosen only when they explain the page clearly better than fewer.
 */
import { cueAt } from './columns.ts';
import { wordKey } from './word-key.ts';
import { endsTerminal, lineMeasure } from './line-marks.ts';
import type { SourceLine } from './types.ts';

/** Options of {@link readAcrossLayout} and {@link unreadAcross}. */
export interface ReadAcrossOptions {
  /** True when a word is a word of the edition's language (confirms words hyphenated across lines). */
  isWord?: (word: string) => boolean;
  /** Short words that may follow a suspended-compound hyphen ("jämlikhets- och"). */
  conjunctions?: ReadonlySet<string>;
  /** Most columns to consider (default 3). */
  maxColumns?: number;
  /** Word pairs of the page (see wordPairs); computed from the rows when absent. */
  pairs?: ReadonlyMap<string, number>;
  /**
   * Parts and cut cues already computed per row text, shared by every width and column count tried (on one page:
   * they hold what its word pairs and the lexicon said).
   */
  memo?: Map<string, RowMemo>;
  /** The weights of the cues; by default chosen per page (see {@link readAcrossLayout}). */
  weights?: ReadAcrossWeights;
}

/** What {@link candidatesOf} computed for one row text, whatever the width or column count. */
interface RowMemo {
  parts: Map<number, Part>;
  /**
   * Score terms of a cut between two parts (word pair, cut cue, gap), keyed by the left part's end and the right
   * part's start and end: the left part's cues are those of its last word, the same whatever its start.
   */
  cues: Map<number, [number, number, number]>;
  /** The row's tokens ({@link tokensOf}) read as one column (0) and as several (1). */
  tokens: Array<ReturnType<typeof tokensOf> | undefined>;
}

/** The layout found for one page: its column count and column width in characters. */
export interface PageLayout {
  columns: number;
  width: number;
  /** How much better than one column the layout explains the page (0 for one column). */
  gain: number;
}

interface Token {
  start: number;
  end: number;
}

/** One column line of a row: the offsets of its text within the row. */
interface Part {
  start: number;
  end: number;
  text: string;
  /** Derived cues of the text. */
  terminal: boolean;
  sentenceEnd: boolean;
  lower: boolean;
  upper: boolean;
  firstWord: number;
  hyphenStem: string | null;
  firstLetters: string;
  /** First and last words, folded for the page's word-pair counts. */
  head: string;
  tail: string;
  /** Score of a bullet glyph inside the text (see bulletInside). */
  bullet: number;
  /** Two or more spaces between words inside the text. */
  spaced: boolean;
  /** Ends in a comma, semicolon or hyphen (a line that cannot be a heading). */
  openEnd: boolean;
  /** The page's counts of the words that follow `tail` (see {@link pairCount}), and the pairs they are of. */
  after?: ReadonlyMap<string, number> | null;
  afterPairs?: ReadonlyMap<string, number>;
}

interface Candidate {
  /** The part in each column, or null where the column is empty on this row. */
  parts: Array<Part | null>;
  unary: number;
}

/** A bullet glyph anywhere (a quick test before the pattern of a bullet inside a line). */
const BULLET_GLYPH = /[•▪■►‣◦]/u;

/** A lone speck at a row's edge (gutter dirt): not part of any column line. */
const SPECK = /^[.,:;·°'‘`]$/u;
/** Share of a page's lines ending in a lone speck from which the specks are the text's own marks (tokenised text). */
const TOKENISED_SHARE = 0.6;

/** The row ends in a lone speck after a space. */
function endsInSpeck(row: string): boolean {
  const last = row.trimEnd();
  const space = last.lastIndexOf(' ');
  return space > 0 && SPECK.test(last.slice(space + 1));
}

/**
 * Tokenised text sets every mark apart by a space: most of its lines end in a lone mark, and many hold one
 * inside (" , "), where margin dirt only stands at a row's edge.
 */
function tokenised(texts: readonly string[]): boolean {
  const inner = texts.filter((t) => / [,;:] \S/u.test(t.trim())).length;
  return (
    texts.filter(endsInSpeck).length >= texts.length * TOKENISED_SHARE &&
    inner >= texts.length * INNER_MARK_SHARE
  );
}

/** Share of a tokenised text's lines with a lone mark inside. */
const INNER_MARK_SHARE = 0.2;

/** Cost of a column line beside a speck at the edge of a row that fills every column (margin dirt, mostly). */
const SPECK_SIDE = 0.5;

/** The weights of the cues that score a reading (see {@link READ_ACROSS_WEIGHTS}). */
export interface ReadAcrossWeights {
  /** A column line may run over the column width by this share (character counts of proportional type). */
  overWidthShare: number;
  /** Each cut of a row into column lines. */
  cut: number;
  /** A cut through a word pair the page uses elsewhere (per use, up to two). */
  seenPairCut: number;
  /** The cut cues of columns.ts (sentence punctuation before a capital, a bullet, a hyphen). */
  cutCue: number;
  /** A wider gap than between words where the cut is. */
  wideGap: number;
  /** A column line longer than the width, per width's worth. */
  overWidth: number;
  /** Two or more spaces between the words of a column line. */
  spacedWords: number;
  /** An unfinished column line that stops short of `shortShare` of the width, per width's worth. */
  short: number;
  shortShare: number;
  /** An unfinished column line before a gap in its column; a gap followed by a line in lower case. */
  gapAfterUnfinished: number;
  gapThenLower: number;
  /**
   * An unfinished line whose column's next word would have fitted on it (within `fitsShare` of the width):
   * before a heading, before a capital, before lower case.
   */
  fitsShare: number;
  /** The share of those costs where the word would have fitted only beyond `fitsShare` of the width. */
  fitsNear: number;
  fitsBeforeHeading: number;
  fitsBeforeUpper: number;
  fitsBeforeLower: number;
  /** An unfinished line followed by a capital (names aside, running text goes on in lower case). */
  upperAfterUnfinished: number;
  /** A word pair the page uses elsewhere, joined across a column's line break (per use, up to two). */
  seenPairLink: number;
  /** A word hyphenated across a column's lines that the lexicon knows joined. */
  hyphenJoin: number;
  /** A sentence that ends at a line's end and goes on in lower case. */
  endThenLower: number;
  /** How much better than one column (plus this per line) another layout must explain a page. */
  margin: number;
  marginPerLine: number;
  /** Anomaly score a line above which a one-column reading is clean enough to stand. */
  cleanSingle: number;
}

/**
 * Weights for proportional type, where character counts only approximate widths: fitted on the matrix's dev split
 * (pages OCR'd by Tesseract from prints of 1-3 columns) by `bench/segment/fit-read-across.ts`, coordinate ascent
 * on how well the pages read across come out in reading order. The product never changes them.
 */
export const READ_ACROSS_WEIGHTS: ReadAcrossWeights = {
  overWidthShare: 1.17,
  cut: 0,
  seenPairCut: 0.6,
  cutCue: 0.5,
  wideGap: 0.5,
  overWidth: 8,
  spacedWords: 0.5,
  short: 1.2,
  shortShare: 0.85,
  gapAfterUnfinished: 1,
  gapThenLower: 0.5,
  fitsShare: 0.9,
  fitsNear: 0,
  fitsBeforeHeading: 0.3,
  fitsBeforeUpper: 1.5,
  fitsBeforeLower: 2,
  upperAfterUnfinished: 0.2,
  seenPairLink: 0.4,
  hyphenJoin: 1,
  endThenLower: 1.4,
  margin: 2,
  marginPerLine: 0.05,
  cleanSingle: 0.2,
};

/**
 * Weights for text whose character counts are exact widths (type of one width, or text wrapped by characters):
 * a column line stops short only where its column's next word did not fit.
 */
export const EXACT_WIDTH_WEIGHTS: ReadAcrossWeights = {
  ...READ_ACROSS_WEIGHTS,
  overWidthShare: 1.12,
  cut: 0.1,
  short: 3,
  fitsShare: 1,
  endThenLower: 1,
};

/**
 * Share of a reading's column lines that may stop short unforced for its character counts to be exact widths
 * (none but OCR noise: one line in 200).
 */
const EXACT_UNFORCED_SHARE = 0.005;
/** Share of a page's text rows a layout of several columns must cut. */
const MIN_SPLIT_SHARE = 0.3;
const MAX_CANDIDATES = 64;
/** Fewest text lines of a sheet that is followed by another (a blank line closer to the last is no sheet end). */
const MIN_SHEET_ROWS = 12;
/** Cuts per line kept while comparing layouts (the chosen one is read with MAX_CANDIDATES). */
const SEARCH_CANDIDATES = 12;
/** Anomaly score a line above which a one-column reading is clean enough to stand. */
/** No printed column is wider than this many characters (an unwrapped paragraph is no column). */
const MAX_COLUMN_WIDTH = 100;
/** Lines of a page judged when choosing its layout (a longer page is read with the layout they show). */
const WINDOW = 240;

/** Lines a page needs for its sentence ends alone to tell that it is one column. */
const PLAIN_MIN_LINES = 40;
/** Share of its lines a page of one column may have with a sentence ending before a word in small letters. */
const PLAIN_STOP_SHARE = 0.02;
/** A word of four small letters or more ending a sentence, then a word in small letters. */
const STOP_BEFORE_SMALL = /\p{Ll}{4,}[.!?][)”"’»]? +\p{Ll}{2}/gu;

/**
 * Sentences that end before a word in small letters, inside a line or across a line break. In prose read in
 * order a sentence ends before a capital (the four small letters leave out abbreviations such as "etc."); on a
 * page read across, each line holds the seam of two column lines, and where one column line ends a sentence
 * the next one often goes on in small letters, in a tenth of the lines or more.
 */
export function stopsBeforeSmall(texts: readonly string[]): number {
  let count = 0;
  texts.forEach((text, i) => {
    const line = text.replace(/\s+/gu, ' ').trim();
    // Both patterns need a full stop, an exclamation or a question mark; tried from every start of the line
    // by V8, they are tried only on lines that have one.
    if (!line.includes('.') && !line.includes('!') && !line.includes('?')) return;
    count += line.match(STOP_BEFORE_SMALL)?.length ?? 0;
    const next = texts[i + 1]?.trimStart() ?? '';
    if (endsInStop(line) && /^\p{Ll}{2}/u.test(next) && /\p{Ll}{4,}[.!?][)”"’»]?$/u.test(line)) count++;
  });
  return count;
}

/** The line ends in a sentence stop, perhaps followed by a closing bracket or quote. */
function endsInStop(line: string): boolean {
  const last = line.charAt(line.length - 1);
  if (last && '.!?'.includes(last)) return true;
  const before = line.charAt(line.length - 2);
  return last !== '' && ')”"’»'.includes(last) && before !== '' && '.!?'.includes(before);
}

function partOf(text: string, start: number, end: number): Part {
  const value = text.slice(start, end);
  const lastSpace = value.lastIndexOf(' ');
  const firstSpace = value.indexOf(' ');
  const first = firstSpace < 0 ? value : value.slice(0, firstSpace);
  const last = lastSpace < 0 ? value : value.slice(lastSpace + 1);
  return {
    start,
    end,
    text: value,
    terminal: endsTerminal(value),
    sentenceEnd: /[.!?][)”"’»*†\d]?$/u.test(value),
    lower: /^[^\p{L}\p{N}]*\p{Ll}/u.test(value),
    upper: /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(value),
    firstWord: first.length,
    hyphenStem: last.endsWith('-') ? (/(\p{L}+)-$/u.exec(last)?.[1] ?? null) : null,
    firstLetters: /^\p{L}+/u.exec(first)?.[0] ?? '',
    head: wordKey(first),
    tail: wordKey(last),
    bullet: BULLET_GLYPH.test(value) && /\S\s+[•▪■►‣◦]\s+\p{L}/u.test(value) ? -1.5 : 0,
    spaced: /\S {2,}\S/u.test(value),
    openEnd: /[,;-]$/u.test(value),
  };
}

/** A word folded for counting pairs: lower case, outer punctuation off. */
/** Word pairs of a page (adjacent words on one line), counted: most are pairs of the running text. */
export function wordPairs(rows: readonly string[]): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const row of rows) {
    const words = row.split(/\s+/u).filter(Boolean);
    for (let i = 1; i < words.length; i++) {
      if (/[.!?;:]$/u.test(words[i - 1]!)) continue;
      const key = `${wordKey(words[i - 1]!)} ${wordKey(words[i]!)}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  }
  return pairs;
}

/** Word tokens of a row, without lone specks at its edges; and whether a speck stood at each edge. */
function tokensOf(
  text: string,
  columns: number,
): { tokens: Token[]; leadSpeck: boolean; trailSpeck: boolean } {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/\S+/gu)) tokens.push({ start: m.index!, end: m.index! + m[0].length });
  let leadSpeck = false;
  let trailSpeck = false;
  if (tokens.length > 1 && SPECK.test(text.slice(tokens[0]!.start, tokens[0]!.end))) {
    tokens.shift();
    leadSpeck = true;
  }
  const last = tokens.at(-1);
  const trailing = text.slice(last?.start ?? 0, last?.end ?? 0);
  // Across columns a lone dash or star at the end is a speck where the last column had a gap.
  if (tokens.length > 1 && last && (SPECK.test(trailing) || (columns > 1 && /^[-–—*~]$/u.test(trailing)))) {
    tokens.pop();
    trailSpeck = true;
  }
  return { tokens, leadSpeck, trailSpeck };
}

const choicesMemo = new Map<number, number[][]>();

/** Increasing choices of `k` columns out of `n` (shared arrays: not to be changed). */
function columnChoices(n: number, k: number): number[][] {
  const key = n * 64 + k;
  let found = choicesMemo.get(key);
  if (!found) {
    found = allColumnChoices(n, k);
    choicesMemo.set(key, found);
  }
  return found;
}

function allColumnChoices(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === k) {
      out.push(chosen);
      return;
    }
    for (let c = from; c < n; c++) pick(c + 1, [...chosen, c]);
  };
  pick(0, []);
  return out;
}

/** Every way to cut a row into column lines that fit `width`, with a score of its own cues. */
function candidatesOf(
  text: string,
  columns: number,
  width: number,
  options: ReadAcrossOptions,
  limit = MAX_CANDIDATES,
): Candidate[] {
  let memo = options.memo?.get(text);
  if (!memo) {
    memo = { parts: new Map(), cues: new Map(), tokens: [] };
    options.memo?.set(text, memo);
  }
  const several = columns > 1 ? 1 : 0;
  memo.tokens[several] ??= tokensOf(text, columns);
  const { tokens, leadSpeck, trailSpeck } = memo.tokens[several];
  if (tokens.length === 0 || /^\s*$/u.test(text)) return [{ parts: new Array(columns).fill(null), unary: 0 }];
  const W = options.weights ?? READ_ACROSS_WEIGHTS;
  const { parts: cache, cues } = memo;
  const part = (from: number, to: number) => {
    const key = from * 4096 + to;
    let p = cache.get(key);
    if (!p) {
      p = partOf(text, from, to);
      cache.set(key, p);
    }
    return p;
  };
  if (columns === 1) {
    const whole = part(tokens[0]!.start, tokens.at(-1)!.end);
    return [{ parts: [whole], unary: shortfall(whole, width, W) + bulletInside(whole) }];
  }
  const max = width * W.overWidthShare + 1;
  const conjunctions = options.conjunctions ?? new Set<string>();
  // Each cut's parts and score; its column choices share the score, so the cuts are ranked (stably, as the
  // candidates they expand to would be) and only the best are expanded to candidates.
  const scored: Array<{ parts: Part[]; unary: number }> = [];
  // Cut points are token indexes where a new part starts: `starts` holds those of the cut being walked.
  const starts: number[] = [];
  const scoreCut = () => {
    const parts = starts.map((s, i) => {
      const end = i + 1 < starts.length ? tokens[starts[i + 1]! - 1]!.end : tokens.at(-1)!.end;
      return part(tokens[s]!.start, end);
    });
    let unary = -W.cut * (parts.length - 1);
    for (let i = 1; i < parts.length; i++) {
      const boundary = parts[i - 1]!.end * 16777216 + parts[i]!.start * 4096 + parts[i]!.end;
      let terms = cues.get(boundary);
      if (terms === undefined) {
        // A cut through a word pair the page uses elsewhere breaks running text, not a column gap.
        const seen = pairCount(parts[i - 1]!, parts[i]!.head, options.pairs) - 1;
        const cue = cueAt(parts[i - 1]!.text, parts[i]!.text, conjunctions);
        terms = [
          seen > 0 && !parts[i - 1]!.terminal ? W.seenPairCut * Math.min(seen, 2) : 0,
          W.cutCue * Math.max(-0.5, Math.min(cue, 3)),
          // A wider gap than between words is where the OCR stepped from one column to the next.
          parts[i]!.start - parts[i - 1]!.end >= 2 ? W.wideGap : 0,
        ];
        cues.set(boundary, terms);
      }
      // Added one by one, in this order, as the sum's rounding decides ties between cuts.
      unary -= terms[0];
      unary += terms[1];
      unary += terms[2];
    }
    for (const p of parts) {
      if (p.text.length > width) unary -= (W.overWidth * (p.text.length - width)) / width;
      if (p.spaced) unary -= W.spacedWords;
      unary += p.bullet;
      unary += shortfall(p, width, W);
    }
    scored.push({ parts, unary });
  };
  const walk = (from: number) => {
    if (starts.length + 1 > columns) return;
    starts.push(from);
    for (let to = from + 1; to <= tokens.length; to++) {
      const length = tokens[to - 1]!.end - tokens[from]!.start;
      if (length > max) break;
      if (to === tokens.length) scoreCut();
      else walk(to);
    }
    starts.pop();
  };
  walk(0);
  scored.sort((a, b) => b.unary - a.unary);
  const out: Candidate[] = [];
  for (const { parts, unary } of scored) {
    if (out.length >= limit) break;
    for (const choice of columnChoices(columns, parts.length)) {
      // A speck before the text stands where the first column was empty; after it, where the last was. A row
      // that fills every column has no empty column: there the speck is margin dirt, a weaker sign.
      const against =
        (leadSpeck && choice[0] === 0 ? 1 : 0) + (trailSpeck && choice.at(-1) === columns - 1 ? 1 : 0);
      if (against && parts.length < columns) continue;
      const row: Array<Part | null> = new Array(columns).fill(null);
      choice.forEach((c, i) => {
        row[c] = parts[i]!;
      });
      out.push({ parts: row, unary: unary - SPECK_SIDE * against });
    }
  }
  if (out.length === 0) {
    // A line wider than every column (a title across the page): kept whole, as the first column's.
    const row: Array<Part | null> = new Array(columns).fill(null);
    row[0] = part(tokens[0]!.start, tokens.at(-1)!.end);
    return [{ parts: row, unary: -3 }];
  }
  return out.length > limit ? out.slice(0, limit) : out;
}

/** A bullet glyph inside a line (not at its start) is where another column's list item begins. */
function bulletInside(part: Part): number {
  return part.bullet;
}

/** A column line of justified text that stops well short of the width, unfinished: unlikely. */
function shortfall(part: Part, width: number, W: ReadAcrossWeights): number {
  if (part.terminal) return 0;
  return (-W.short * Math.max(0, width * W.shortShare - part.text.length)) / width;
}

/** How well `below` goes on from `above` in one column `width` wide (0 is neutral, negative is an anomaly). */
function link(
  above: Part | null,
  below: Part | null,
  width: number,
  W: ReadAcrossWeights,
  isWord?: (w: string) => boolean,
  pairs?: ReadonlyMap<string, number>,
): number {
  if (!above || !below) {
    // A column line left unfinished before a gap; a gap followed by a continuation.
    if (above && !below)
      return above.terminal || (above.upper && above.text.length < width * 0.7) ? 0 : -W.gapAfterUnfinished;
    if (below && !above) return below.lower ? -W.gapThenLower : 0;
    return 0;
  }
  let score = 0;
  if (!above.terminal) {
    const needs = above.text.length + 1 + below.firstWord;
    // In ragged type the next word may just not have fitted where characters count short: a weaker sign.
    const fits = needs <= width;
    const near = fits && needs > width * W.fitsShare;
    // A short unpunctuated line before a capital is a heading; otherwise the line stopped for nothing.
    const heading = below.upper && above.upper && above.text.length < width * 0.7 && !above.openEnd;
    if (fits)
      score -=
        (near ? W.fitsNear : 1) *
        (heading ? W.fitsBeforeHeading : below.upper ? W.fitsBeforeUpper : W.fitsBeforeLower);
    // An unfinished line goes on in lower case, mostly (names aside).
    else if (below.upper && !heading) score -= W.upperAfterUnfinished;
    // A word pair the page uses elsewhere, joined across the line break: running text.
    const seen = pairCount(above, below.head, pairs);
    if (seen > 0) score += W.seenPairLink * Math.min(seen, 2);
    if (above.hyphenStem && below.firstLetters && isWord) {
      const joined = above.hyphenStem + below.firstLetters;
      if (isWord(joined) || isWord(joined.toLowerCase())) score += W.hyphenJoin;
    }
  } else if (above.sentenceEnd && below.lower) score -= W.endThenLower;
  return score;
}

/** Word pairs by their first word: `pairs.get(`${a} ${b}`)` is `byFirst.get(a)?.get(b)`. */
const pairsByFirst = new WeakMap<ReadonlyMap<string, number>, Map<string, Map<string, number>>>();

/**
 * How often the page pairs `part`'s last word with `head` (`pairs.get(`${part.tail} ${head}`)`, 0 if never),
 * without building the key: the part keeps the counts of the words that follow its last word.
 */
function pairCount(part: Part, head: string, pairs: ReadonlyMap<string, number> | undefined): number {
  if (!pairs) return 0;
  if (part.afterPairs !== pairs) {
    let byFirst = pairsByFirst.get(pairs);
    if (!byFirst) {
      byFirst = new Map();
      for (const [key, count] of pairs) {
        // Words hold no spaces: the first one splits the key into its two words.
        const space = key.indexOf(' ');
        const first = key.slice(0, space);
        let after = byFirst.get(first);
        if (!after) {
          after = new Map();
          byFirst.set(first, after);
        }
        after.set(key.slice(space + 1), count);
      }
      pairsByFirst.set(pairs, byFirst);
    }
    part.after = byFirst.get(part.tail) ?? null;
    part.afterPairs = pairs;
  }
  return part.after?.get(head) ?? 0;
}

/** Best cuts of the rows for `columns` columns of `width`, and the score of that reading. */
function decode(
  rows: readonly string[],
  columns: number,
  width: number,
  options: ReadAcrossOptions,
  limit = MAX_CANDIDATES,
  withMargins = false,
): { score: number; plan: Candidate[]; margins?: number[][] } {
  const weights = options.weights ?? READ_ACROSS_WEIGHTS;
  const empty: Candidate = { parts: new Array(columns).fill(null), unary: 0 };
  const plan: Candidate[] = rows.map(() => empty);
  // Blank lines fall anywhere in OCR of a page across columns: they do not break a column's lines.
  const kept = rows.flatMap((r, i) => (/\S/u.test(r) ? [i] : []));
  if (kept.length === 0) return { score: 0, plan };
  const cands = kept.map((i) => candidatesOf(rows[i]!, columns, width, options, limit));
  // Each column's distinct parts on a row, and each candidate's part index per column: links are scored
  // once per pair of distinct parts, not once per pair of candidates.
  const distinct = cands.map((row) =>
    Array.from({ length: columns }, (_, c) => {
      const parts: Array<Part | null> = [];
      const index = row.map((cand) => {
        const part = cand.parts[c] ?? null;
        let at = parts.indexOf(part);
        if (at < 0) at = parts.push(part) - 1;
        return at;
      });
      return { parts, index };
    }),
  );
  let best = cands[0]!.map((c) => c.unary);
  const back: number[][] = [cands[0]!.map(() => -1)];
  // Kept for the margins of the cuts: each row's best scores so far and its links to the row above.
  const forward: number[][] = [best];
  const linksAt: number[][][][] = [[]];
  for (let k = 1; k < kept.length; k++) {
    const prev = cands[k - 1]!;
    const links = distinct[k]!.map((cur, c) => {
      const above = distinct[k - 1]![c]!.parts;
      return cur.parts.map((b) =>
        above.map((a) => link(a, b, width, weights, options.isWord, options.pairs)),
      );
    });
    const scores: number[] = [];
    const from: number[] = [];
    cands[k]!.forEach((cur, q) => {
      let top = Number.NEGATIVE_INFINITY;
      let arg = 0;
      const rowsOf = links.map((l, c) => l[distinct[k]![c]!.index[q]!]!);
      for (let p = 0; p < prev.length; p++) {
        let s = best[p]!;
        for (let c = 0; c < columns; c++) s += rowsOf[c]![distinct[k - 1]![c]!.index[p]!]!;
        if (s > top) {
          top = s;
          arg = p;
        }
      }
      scores.push(top + cur.unary);
      from.push(arg);
    });
    best = scores;
    back.push(from);
    if (withMargins) {
      forward.push(scores);
      linksAt.push(links);
    }
  }
  let pick = best.indexOf(Math.max(...best));
  const score = best[pick]!;
  const picks: number[] = [];
  for (let k = kept.length - 1; k >= 0; k--) {
    plan[kept[k]!] = cands[k]![pick]!;
    picks[k] = pick;
    pick = back[k]![pick]!;
  }
  if (!withMargins) return { score, plan };
  const margins: number[][] = rows.map(() => []);
  cutMargins(cands, distinct, linksAt, forward, picks).forEach((m, k) => {
    margins[kept[k]!] = m;
  });
  return { score, plan, margins };
}

/**
 * How sure a decoded reading is of each column line: per row and column, the score of the best reading minus
 * that of the best reading that puts other text (or none) in that column on that row (max-marginals by a
 * backward pass over the same links). Infinity where no other cut was weighed; near 0 where another was
 * almost as good.
 */
function cutMargins(
  cands: readonly Candidate[][],
  distinct: ReadonlyArray<ReadonlyArray<{ index: readonly number[] }>>,
  linksAt: readonly number[][][][],
  forward: readonly number[][],
  picks: readonly number[],
): number[][] {
  const margins: number[][] = [];
  let after = cands.at(-1)!.map(() => 0);
  for (let k = cands.length - 1; k >= 0; k--) {
    const through = forward[k]!.map((f, q) => f + after[q]!);
    const top = through[picks[k]!]!;
    margins[k] = distinct[k]!.map(({ index }) => {
      const chosen = index[picks[k]!];
      let rival = Number.NEGATIVE_INFINITY;
      through.forEach((s, q) => {
        if (index[q] !== chosen && s > rival) rival = s;
      });
      return top - rival;
    });
    if (k === 0) break;
    const links = linksAt[k]!;
    after = cands[k - 1]!.map((_, p) => {
      let best = Number.NEGATIVE_INFINITY;
      cands[k]!.forEach((cur, q) => {
        let s = after[q]! + cur.unary;
        links.forEach((l, c) => {
          s += l[distinct[k]![c]!.index[q]!]![distinct[k - 1]![c]!.index[p]!]!;
        });
        if (s > best) best = s;
      });
      return best;
    });
  }
  return margins;
}

/** The width of the column lines of a reading: the longest ordinary line (a high quantile). */
function columnWidthOf(plan: readonly Candidate[], quantile: number): number {
  const lengths = plan
    .filter((c) => c.parts.filter(Boolean).length > 1)
    .flatMap((c) => c.parts.filter((p): p is Part => p !== null).map((p) => p.text.length))
    .sort((a, b) => a - b);
  return lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * quantile))] ?? 0;
}

/** The score of reading `rows` as `columns` columns of `width` (higher is better), with its cuts. */
export function scoreLayout(
  rows: readonly string[],
  columns: number,
  width: number,
  options: ReadAcrossOptions = {},
): { score: number; cuts: Array<Array<string | null>> } {
  const { score, plan } = decode(rows, columns, width, {
    ...options,
    pairs: options.pairs ?? wordPairs(rows),
    memo: options.memo ?? new Map<string, RowMemo>(),
  });
  return { score, cuts: plan.map((c) => c.parts.map((p) => p?.text ?? null)) };
}

/** Column widths worth trying for `columns` columns: from the longest lines of the page. */
function widthsToTry(rows: readonly string[], columns: number): number[] {
  const lengths = rows
    .map((r) => r.replace(/\s+/gu, ' ').trim().length)
    .filter((n) => n >= 12)
    .sort((a, b) => a - b);
  if (lengths.length === 0) return [];
  const at = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(list.length * q))]!;
  const longest = at(lengths, 0.95);
  // Lines holding fewer columns than the page has (a column had a gap): their own longest.
  const narrow = lengths.filter((n) => n < longest * 0.7);
  const measures = [longest, at(lengths, 0.99)];
  if (narrow.length >= 3) measures.push(at(narrow, 0.95));
  const out: number[] = [];
  for (const measure of measures) {
    for (let k = 1; k <= columns; k++) {
      const width = Math.round((measure - (k - 1) * 1.5) / k);
      // The page's longest lines hold every column: a width they cannot hold or fill is no column.
      if (
        width < 12 ||
        width > MAX_COLUMN_WIDTH ||
        width * columns > longest * 1.25 + columns * 2 ||
        width * columns < longest * 0.85
      )
        continue;
      if (!out.some((w) => Math.abs(w - width) <= 1)) out.push(width);
    }
  }
  return out;
}

/** A page's layout with the cuts of its rows and the weights it was read with. */
type LayoutFound = PageLayout & {
  plan: Candidate[];
  /** Per row and column, how sure the reading is of that column line (see {@link cutMargins}). */
  margins?: number[][];
  weights: ReadAcrossWeights;
  /** One column by the text alone (too few lines, or plain prose), whatever the weights. */
  oneColumnByText?: boolean;
};

/**
 * The layout that explains the rows of one page best: one column unless two or three explain it clearly
 * better. Rows are the page's lines, blank ones included. Unless weights are given, the page is read with the
 * weights of proportional type and of exact widths, and the layout that gains more over one column per line is
 * kept: whether character counts are widths is a property of the page, not known beforehand.
 */
export function readAcrossLayout(rows: readonly string[], given: ReadAcrossOptions = {}): LayoutFound {
  const options = {
    ...given,
    pairs: given.pairs ?? wordPairs(rows),
    memo: given.memo ?? new Map<string, RowMemo>(),
  };
  if (given.weights) return layoutWith(rows, options, given.weights);
  const exact = layoutWith(rows, options, EXACT_WIDTH_WEIGHTS);
  // Read with exact widths, a column line never stops short where its column's next word would have fitted;
  // in proportional type character counts say that of some lines.
  if (exact.oneColumnByText) return exact;
  if (exact.columns > 1 && unforcedBreaks(exact.plan, exact.width) <= EXACT_UNFORCED_SHARE) return exact;
  const proportional = layoutWith(rows, options, READ_ACROSS_WEIGHTS);
  return proportional.columns > 1 || exact.columns === 1 ? proportional : exact;
}

/** Share of a reading's column lines that end unfinished though their column's next word would have fitted. */
function unforcedBreaks(plan: readonly Candidate[], width: number): number {
  const rows = plan.filter((c) => c.parts.some(Boolean));
  let lines = 0;
  let unforced = 0;
  for (let k = 1; k < rows.length; k++) {
    rows[k]!.parts.forEach((below, c) => {
      const above = rows[k - 1]!.parts[c];
      if (!above || !below) return;
      lines++;
      if (!above.terminal && above.text.length + 1 + below.firstWord <= width) unforced++;
    });
  }
  return unforced / Math.max(1, lines);
}

function layoutWith(
  rows: readonly string[],
  given: ReadAcrossOptions & { pairs: ReadonlyMap<string, number>; memo: Map<string, RowMemo> },
  weights: ReadAcrossWeights,
): LayoutFound {
  const options = { ...given, weights };
  const W = weights;
  if (rows.length > WINDOW) {
    // A long page is judged on a window of its lines, then read whole with the layout found there: the
    // cost stays linear in the lines.
    const sample = readAcrossLayout(rows.slice(0, WINDOW), options);
    if (sample.columns === 1) return { ...sample, plan: decode(rows, 1, sample.width, options).plan };
    const { score, plan, margins } = decode(
      rows,
      sample.columns,
      sample.width,
      options,
      MAX_CANDIDATES,
      true,
    );
    const single = decode(rows, 1, sample.width * sample.columns, options).score;
    return { columns: sample.columns, width: sample.width, gain: score - single, plan, margins, weights };
  }
  const texts = rows.filter((r) => /\S/u.test(r));
  const single = decode(rows, 1, lineMeasure(texts.map((t) => t.trim())).width, options);
  let chosen: LayoutFound = {
    columns: 1,
    width: lineMeasure(texts.map((t) => t.trim())).width,
    gain: 0,
    plan: single.plan,
    weights,
  };
  // Too few lines to tell columns apart; or a page of plain prose whose sentences never go on in small letters;
  // or a page that reads cleanly as one column (its lines stop short only at paragraph ends): pages read across
  // score far lower (about -0.3 to -1.3 a line against 0.0 to -0.1 for one column on the generated and held-out
  // prints), so no other layout is tried.
  if (texts.length < 4) return { ...chosen, oneColumnByText: true };
  // Lines that end in a lone stop or comma as a habit are tokenised text (a space before every mark), one column:
  // a speck at a row's edge is gutter dirt only where it is rare.
  if (tokenised(texts)) return { ...chosen, oneColumnByText: true };
  // Judged against the longest ordinary line (the measure above is the common length, a little shorter).
  const measure = chosen.width;
  const lengths = texts.map((t) => t.trim().length);
  const gateWidth = Math.max(...lengths.filter((n) => n <= measure * 1.1));
  // Lines far over the measure (columns side by side) are no sign of one column, whatever else.
  const withinMeasure = lengths.filter((n) => n > measure * 1.1).length <= texts.length * 0.05;
  const plain = texts.length >= PLAIN_MIN_LINES && stopsBeforeSmall(texts) <= texts.length * PLAIN_STOP_SHARE;
  if (withinMeasure && plain) return { ...chosen, oneColumnByText: true };
  if (withinMeasure && decode(rows, 1, gateWidth, options).score > -W.cleanSingle * texts.length)
    return chosen;
  const margin = W.margin + texts.length * W.marginPerLine;
  let bestScore = single.score + margin;
  for (let columns = 2; columns <= (options.maxColumns ?? 3); columns++) {
    const tried: number[] = [];
    for (const estimate of widthsToTry(rows, columns)) {
      // The estimate comes from whole rows; the longest column lines of its reading give better ones.
      const queue = [estimate];
      while (queue.length) {
        const width = queue.shift()!;
        if (width < 12 || width > MAX_COLUMN_WIDTH || tried.some((w) => w === width)) continue;
        tried.push(width);
        const { score, plan } = decode(rows, columns, width, options, SEARCH_CANDIDATES);
        // Rows read across hold text of more than one column, most of them; a page whose rows are nearly all
        // kept whole (a list of short lines dealt out to columns) is no read-across page, whatever the score.
        const split = plan.filter((c) => c.parts.filter(Boolean).length > 1).length;
        if (split < Math.max(1, texts.length * MIN_SPLIT_SHARE)) continue;
        if (score > bestScore) {
          bestScore = score;
          chosen = { columns, width, gain: score - single.score, plan, weights };
        }
        if (width === estimate) queue.push(columnWidthOf(plan, 0.95), columnWidthOf(plan, 0.99));
      }
    }
  }
  if (chosen.columns > 1) {
    // The layout found, read with every cut worth weighing.
    const { score, plan, margins } = decode(
      rows,
      chosen.columns,
      chosen.width,
      options,
      MAX_CANDIDATES,
      true,
    );
    chosen = { ...chosen, gain: score - single.score, plan, margins };
  }
  return chosen;
}

/**
 * Page breaks: a form feed at a line start (Tesseract ends each page with one) or a given boundary. A run of more
 * lines than a window without any break is several pages pasted together: it is cut at the first blank line
 * after each window's worth of lines, so that each part is judged on its own layout.
 */
function pagesOf(lines: readonly SourceLine[], breaks: ReadonlySet<number>): number[][] {
  const pages: number[][] = [[]];
  lines.forEach((line, i) => {
    const page = pages.at(-1)!;
    const forced = breaks.has(i) || /^\s*\f/u.test(line.text);
    const tooLong = page.length >= WINDOW && !/\S/u.test(line.text);
    if ((forced || tooLong) && page.length) pages.push([]);
    pages.at(-1)!.push(i);
  });
  return pages;
}

/** A column line of a page read across: where it is in the source and how sure its reading was. */
export interface ColumnLineCut {
  start: number;
  end: number;
  /** Score of the page's reading over the best reading that cuts this line otherwise (see cutMargins). */
  margin: number;
}

/** A page read across, with the layout found for it. */
export interface ReadAcrossPage {
  /** Indexes of the page's lines in the input. */
  lines: number[];
  layout: PageLayout;
}

/**
 * Puts pages read across columns back in reading order: each page's columns one after the other, each
 * column line a line of its own (a gap in a column becomes a blank line). Pages of one column are left as
 * they are. `breaks` are indexes of lines that start a page (besides form feeds).
 */
export function unreadAcross(
  lines: readonly SourceLine[],
  options: ReadAcrossOptions & { breaks?: ReadonlySet<number> } = {},
): { lines: SourceLine[]; pages: ReadAcrossPage[]; cuts: ColumnLineCut[] } {
  const out: SourceLine[] = [];
  const pages: ReadAcrossPage[] = [];
  const cuts: ColumnLineCut[] = [];
  const emit = (page: number[], rows: string[], columns: number, plan: Candidate[], margins?: number[][]) => {
    // Where the OCR put blank lines after most lines they say nothing about paragraphs.
    const blankRows = rows.filter((r) => !/\S/u.test(r)).length;
    const blanksMean = blankRows < (rows.length - blankRows) * 0.6;
    for (let c = 0; c < columns; c++) {
      const column: SourceLine[] = [];
      plan.forEach((candidate, k) => {
        const part = candidate.parts[c];
        const line = lines[page[k]!]!;
        const blankRow = !/\S/u.test(rows[k]!);
        if (part) {
          column.push({ text: part.text, start: line.start + part.start });
          const margin = margins?.[k]?.[c];
          if (margin !== undefined)
            cuts.push({ start: line.start + part.start, end: line.start + part.end, margin });
        } else if ((!blankRow || blanksMean) && column.length && column.at(-1)!.text !== '')
          column.push({ text: '', start: line.start });
      });
      while (column.at(-1)?.text === '') column.pop();
      // A column that ends a sentence before one that starts with a capital: a paragraph ends there.
      const last = out.at(-1)?.text ?? '';
      const first = column[0]?.text ?? '';
      if (out.length && /[.!?][)”"’»]?$/u.test(last) && /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(first))
        out.push({ text: '', start: column[0]!.start });
      out.push(...column);
    }
  };
  for (const page of pagesOf(lines, options.breaks ?? new Set())) {
    const rows = page.map((i) => lines[i]!.text.replace(/\f/gu, ' '));
    // The page's word pairs, counted once for the layout search and for reading each sheet.
    const pairs = wordPairs(rows);
    const layout = readAcrossLayout(rows, { ...options, pairs });
    pages.push({ lines: page, layout: { columns: layout.columns, width: layout.width, gain: layout.gain } });
    if (layout.columns === 1) {
      for (const i of page) out.push(lines[i]!);
      continue;
    }
    // On a page whose columns run without gaps, a blank line across every column is a page break that
    // lost its form feed (pages pasted together): each sheet is read column by column on its own.
    const textRows = layout.plan.filter((c) => c.parts.some(Boolean));
    const gapped = textRows.filter((c) => c.parts.filter(Boolean).length < layout.columns).length;
    // With three columns, gaps in all of them on one line are rare enough for a rare blank line to be a
    // page break even where paragraphs are set apart.
    const blankRows = rows.length - textRows.length;
    const splits =
      gapped <= textRows.length * 0.2 || (layout.columns >= 3 && blankRows <= textRows.length * 0.05);
    const sheets: number[][] = [[]];
    page.forEach((_, k) => {
      const blank = !/\S/u.test(rows[k]!);
      if (blank && splits && sheets.at(-1)!.length >= 4) sheets.push([]);
      else if (!blank) sheets.at(-1)!.push(k);
    });
    while (sheets.length > 1 && sheets.at(-1)!.length === 0) sheets.pop();
    // A sheet of columns holds more than a few lines: blank lines closer together are the OCR's, not sheet ends.
    const tooShort = sheets.slice(0, -1).some((sheet) => sheet.length < MIN_SHEET_ROWS);
    if (sheets.length === 1 || tooShort || sheets.at(-1)!.length < 4) {
      emit(page, rows, layout.columns, layout.plan, layout.margins);
      continue;
    }
    for (const sheet of sheets) {
      const sheetRows = sheet.map((k) => rows[k]!);
      const { plan, margins } = decode(
        sheetRows,
        layout.columns,
        layout.width,
        { ...options, pairs, weights: layout.weights },
        MAX_CANDIDATES,
        true,
      );
      emit(
        sheet.map((k) => page[k]!),
        sheetRows,
        layout.columns,
        plan,
        margins,
      );
    }
  }
  return { lines: out, pages, cuts };
}
