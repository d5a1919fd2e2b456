/**
 * Pure metrics of the condition report: word tokens, a word-level Levenshtein alignment (word-error rate, which
 * gold words a text got right), the cleaning scores built on it, and confidence calibration bins.
 */

/** Folds glyph variants OCR and typesetting swap freely (quotes, dashes, ligature-free forms) and NFC-normalises. */
export function foldGlyphs(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-');
}

/** A list mark at the start of a line: a bullet glyph or "1." / "1)". */
const LIST_MARK = /^[ \t]*(?:[•▪●◦·*–—-]|\d{1,2}[.)])[ \t]+/gm;

/** Words of a text for word-error metrics: glyphs folded, list marks at line starts dropped, split at white space. */
export function wordTokens(text: string): string[] {
  return foldGlyphs(text.replace(/\f/g, '\n'))
    .replace(LIST_MARK, '')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** A word-level alignment of a text against the gold. */
export interface WordAlignment {
  /** Substitutions + deletions + insertions. */
  errors: number;
  goldWords: number;
  /** For each gold word: true when the text holds it unchanged at its aligned position. */
  correct: boolean[];
}

/**
 * The word-level Levenshtein table of `text` against `gold` (unit costs): entry `i * width + j` is the distance
 * between the first i gold words and the first j text words.
 */
export function wordEditTable(
  gold: readonly string[],
  text: readonly string[],
): { d: Uint32Array; width: number } {
  const n = gold.length;
  const m = text.length;
  const width = m + 1;
  const d = new Uint32Array((n + 1) * width);
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    d[i * width] = i;
    for (let j = 1; j <= m; j++) {
      const diagonal = d[(i - 1) * width + j - 1]! + (gold[i - 1] === text[j - 1] ? 0 : 1);
      const up = d[(i - 1) * width + j]! + 1;
      const left = d[i * width + j - 1]! + 1;
      d[i * width + j] = Math.min(diagonal, up, left);
    }
  }
  return { d, width };
}

/** Levenshtein alignment of `text` words against `gold` words (unit costs; matches preferred in the backtrace). */
export function alignWords(gold: readonly string[], text: readonly string[]): WordAlignment {
  const n = gold.length;
  const m = text.length;
  const { d, width } = wordEditTable(gold, text);
  const correct = new Array<boolean>(n).fill(false);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = d[i * width + j]!;
    const same = gold[i - 1] === text[j - 1];
    if (here === d[(i - 1) * width + j - 1]! + (same ? 0 : 1)) {
      correct[i - 1] = same;
      i--;
      j--;
    } else if (here === d[(i - 1) * width + j]! + 1) i--;
    else j--;
  }
  return { errors: d[n * width + m]!, goldWords: n, correct };
}

/** Word-error figures of one page: the raw OCR text and the cleaned text against the gold. */
export interface CleaningScore {
  goldWords: number;
  rawErrors: number;
  cleanedErrors: number;
  /** Gold words right in the raw text and wrong after cleaning. */
  harmed: number;
  /**
   * Gold words the raw text holds and the cleaned text no longer does, counted order-free (per word form:
   * min(gold, raw) - min(gold, cleaned) when positive): words cleaning broke, not words the reading order
   * moved, which the positional `harmed` also counts on pages read across columns.
   */
  broken: number;
}

/** Occurrences of each word. */
function bag(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Gold words `before` holds (up to the gold's count) that `after` holds fewer of, summed over word forms. */
export function brokenWords(
  gold: readonly string[],
  before: readonly string[],
  after: readonly string[],
): number {
  const g = bag(gold);
  const b = bag(before);
  const a = bag(after);
  let broken = 0;
  for (const [word, count] of g) {
    broken += Math.max(0, Math.min(count, b.get(word) ?? 0) - Math.min(count, a.get(word) ?? 0));
  }
  return broken;
}

/** Scores cleaning: errors before and after, and the words cleaning broke. */
export function cleaningScore(gold: string, raw: string, cleaned: string): CleaningScore {
  const goldWords = wordTokens(gold);
  const rawWords = wordTokens(raw);
  const cleanedWords = wordTokens(cleaned);
  const before = alignWords(goldWords, rawWords);
  const after = alignWords(goldWords, cleanedWords);
  let harmed = 0;
  for (let k = 0; k < goldWords.length; k++) if (before.correct[k] && !after.correct[k]) harmed++;
  return {
    goldWords: goldWords.length,
    rawErrors: before.errors,
    cleanedErrors: after.errors,
    harmed,
    broken: brokenWords(goldWords, rawWords, cleanedWords),
  };
}

/** Summed cleaning figures of several pages. */
export interface CleaningSummary {
  rawWer: number;
  cleanedWer: number;
  /** 1 - cleanedErrors / rawErrors (null when the raw text had no errors). */
  reduction: number | null;
  /** Harmed words as a share of all gold words. */
  harm: number;
  /** Broken words (order-free) as a share of all gold words. */
  brokenShare: number;
}

/** Sums page scores into word-error rates, the error reduction and the harm share. */
export function summariseCleaning(scores: readonly CleaningScore[]): CleaningSummary {
  const sum = (f: (s: CleaningScore) => number) => scores.reduce((t, s) => t + f(s), 0);
  const words = sum((s) => s.goldWords);
  const raw = sum((s) => s.rawErrors);
  const cleaned = sum((s) => s.cleanedErrors);
  return {
    rawWer: words ? raw / words : 0,
    cleanedWer: words ? cleaned / words : 0,
    reduction: raw ? 1 - cleaned / raw : null,
    harm: words ? sum((s) => s.harmed) / words : 0,
    brokenShare: words ? sum((s) => s.broken) / words : 0,
  };
}

/** One aligned clause's confidence and whether its text matched the gold. */
export interface ConfidencePoint {
  confidence: number;
  correct: boolean;
}

/** A calibration bin: confidences in [lo, hi) (the last bin includes 1). */
export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  /** Share correct, null for an empty bin. */
  accuracy: number | null;
}

/** The report's bin edges. */
export const BIN_EDGES = [0, 0.5, 0.8, 0.9, 1] as const;

/** Counts points per confidence bin with each bin's accuracy. */
export function calibrationBins(
  points: readonly ConfidencePoint[],
  edges: readonly number[] = BIN_EDGES,
): CalibrationBin[] {
  const bins = edges.slice(0, -1).map((lo, k) => ({ lo, hi: edges[k + 1]!, count: 0, right: 0 }));
  for (const p of points) {
    const last = bins.length - 1;
    let k = bins.findIndex((b) => p.confidence >= b.lo && p.confidence < b.hi);
    if (k < 0) k = p.confidence >= bins[last]!.hi ? last : 0;
    bins[k]!.count++;
    if (p.correct) bins[k]!.right++;
  }
  return bins.map(({ lo, hi, count, right }) => ({ lo, hi, count, accuracy: count ? right / count : null }));
}

/** Share of the points at or above `threshold` confidence that are wrong (null when there are none). */
export function confidentWrongShare(points: readonly ConfidencePoint[], threshold = 0.9): number | null {
  const confident = points.filter((p) => p.confidence >= threshold);
  return confident.length ? confident.filter((p) => !p.correct).length / confident.length : null;
}
