/**
 * Page furniture: running headers and footers and page numbers, a pure artefact of the print. Found by
 * general rules only: a short line that comes back on several pages (the same after digits and spacing
 * are set aside, allowing for OCR noise), and page-number lines in any language ("12", "- 12 -", "2/3",
 * "<word> 2 / 3", "<word> 2 <word> 3", and "<word> 2" where such lines recur at a regular interval).
 */
import levenshtein from 'fast-levenshtein';
import type { SourceLine } from './types.ts';

/** What {@link findPageFurniture} found. */
export interface PageFurniture {
  /** Indexes of the furniture lines. */
  lines: Set<number>;
  /** Indexes of lines that start a new page (the first line after a furniture group or a form feed). */
  pageStarts: Set<number>;
}

/** A number alone, perhaps between dashes or brackets, perhaps with its total: "12", "- 12 -", "2/3". */
const BARE_NUMBER = /^[-–—([]?\s*\d{1,4}(?:\s*\/\s*\d{1,4})?\s*[-–—)\]]?$/u;
/** A word, a number and a total: "Side 2 / 3", "Seite 2 von 3", "Page 2 of 3", "p. 2/3". */
const NUMBER_OF_TOTAL = /^\p{L}{1,10}\.?\s*\d{1,4}\s*(?:\/|\p{Ll}{1,4}\.?)\s*\d{1,4}$/u;
/** A word and a number: "Page 2", "S. 2"; page furniture only when such lines recur regularly. */
const WORD_NUMBER = /^(\p{L}{1,10})\.?\s*(\d{1,4})$/u;

const MAX_FURNITURE_LENGTH = 100;
/**
 * Fewest lines between two page numbers of the "<word> <n>" kind: a printed page holds more, while numbered
 * headings ("Article 2") a few lines apart would pass for page numbers if they came at an even pace.
 */
const MIN_PAGE_LINES = 12;
/** Most distinct running header and footer lines a page carries. */
const MAX_FURNITURE_LINES = 4;

/** Key of a line for comparison across pages: case, digits, punctuation and spacing set aside. */
function keyOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/gu, '#')
    .replace(/[^\p{L}#]+/gu, ' ')
    .trim();
}

function similar(a: string, b: string): boolean {
  if (a === b) return true;
  // Only long lines are compared loosely (OCR noise); short ones must match.
  const max = Math.max(a.length, b.length);
  if (max < 20) return false;
  // Nor the length difference (a lower bound of the bag distance): a pair of lines far apart in length fails here.
  if (1 - Math.abs(a.length - b.length) / max < 0.85) return false;
  // The bag distance never exceeds the edit distance: most pairs of lines fail on it, at a fraction of the cost.
  if (1 - bagDistance(a, b) / max < 0.85) return false;
  return 1 - levenshtein.get(a, b) / max >= 0.85;
}

/** Buckets of code units (the unit modulo {@link BUCKETS}) of {@link bucketCounts}. */
const BUCKETS = 64;

/** How many of the text's code units fall in each bucket. */
function bucketCounts(text: string): Int32Array {
  const counts = new Int32Array(BUCKETS);
  for (let i = 0; i < text.length; i++) counts[text.charCodeAt(i) % BUCKETS]!++;
  return counts;
}

/**
 * The bag distance of two texts' bucket counts: units merged into buckets can only cancel out, so this never
 * exceeds {@link bagDistance}.
 */
function bucketDistance(a: Int32Array, b: Int32Array): number {
  let extraA = 0;
  let extraB = 0;
  for (let k = 0; k < BUCKETS; k++) {
    const d = a[k]! - b[k]!;
    if (d > 0) extraA += d;
    else extraB -= d;
  }
  return Math.max(extraA, extraB);
}

/** Counts of UTF-16 code units, zero between calls of {@link bagDistance}. */
const unitCounts = new Int32Array(65536);

/** The larger of the code units `a` has beyond `b` and `b` beyond `a` (multisets): a lower bound of the edit distance. */
function bagDistance(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) unitCounts[a.charCodeAt(i)]!++;
  for (let i = 0; i < b.length; i++) unitCounts[b.charCodeAt(i)]!--;
  let extraA = 0;
  let extraB = 0;
  for (const text of [a, b]) {
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      const count = unitCounts[unit]!;
      if (count > 0) extraA += count;
      else if (count < 0) extraB -= count;
      unitCounts[unit] = 0;
    }
  }
  return Math.max(extraA, extraB);
}

/** Whether line `i` is among the first or last two text lines of its page. */
function atPageEdge(texts: readonly string[], i: number, edges: ReadonlySet<number>): boolean {
  for (const step of [-1, 1]) {
    let seen = 0;
    for (let j = i + step; ; j += step) {
      if (j < 0 || j >= texts.length || edges.has(j)) return true;
      if (texts[j]) seen++;
      if (seen >= 2) break;
    }
  }
  return false;
}

/**
 * Lines that repeat on several pages: groups of near-identical short lines at page edges (next to a
 * form feed, a page number or the document's ends). Without such page marks only a line standing
 * alone between blank lines three times or more counts.
 */
function repeatedLines(texts: readonly string[], edges: ReadonlySet<number>): number[] {
  const groups: Array<{ key: string; counts: Int32Array; members: number[] }> = [];
  texts.forEach((text, i) => {
    if (!text || text.length > MAX_FURNITURE_LENGTH || !/\p{L}{2}/u.test(text)) return;
    // Repeated sentences and list items are text: furniture does not end like a sentence or an item.
    // (The end tested on the last character alone: the pattern would be tried from every start of the line.)
    if (/[.;:,!?]/u.test(text.slice(-1)) || /^[-–—•*·▪■]\s/u.test(text)) return;
    const key = keyOf(text);
    if (key.replace(/[#\s]/gu, '').length < 3) return;
    const counts = bucketCounts(key);
    // The first group whose key is similar; the bucket bound (below the bag distance, itself below the edit
    // distance) turns most pairs away before the exact test.
    const group = groups.find((g) => {
      if (g.key === key) return true;
      const max = Math.max(g.key.length, key.length);
      if (max < 20 || 1 - bucketDistance(g.counts, counts) / max < 0.85) return false;
      return similar(g.key, key);
    });
    if (group) group.members.push(i);
    else groups.push({ key, counts, members: [i] });
  });
  const paginated = edges.size > 0;
  const alone = (i: number) => !texts[i - 1] && !texts[i + 1];
  const found = groups.filter(({ members }) => {
    if (members.length < 2) return false;
    if (!members.every((m, k) => k === 0 || m - members[k - 1]! >= 8)) return false;
    return paginated
      ? members.every((m) => atPageEdge(texts, m, edges))
      : members.length >= 3 && members.every(alone);
  });
  // A page carries a header and a footer of a line or two each; many more lines that recur are a text
  // repeated (an edition pasted in more than once), whose lines are text, not furniture.
  if (found.length > MAX_FURNITURE_LINES) return [];
  return found.flatMap((g) => g.members);
}

/** "<word> <n>" lines whose word recurs at a regular interval (a page's length) with growing numbers. */
function regularWordNumbers(texts: readonly string[]): number[] {
  const byWord = new Map<string, Array<{ i: number; n: number }>>();
  texts.forEach((text, i) => {
    const match = WORD_NUMBER.exec(text);
    if (!match) return;
    const word = match[1]!.toLowerCase();
    byWord.set(word, [...(byWord.get(word) ?? []), { i, n: Number(match[2]) }]);
  });
  const out: number[] = [];
  for (const hits of byWord.values()) {
    if (hits.length < 2) continue;
    if (!hits.every((h, k) => k === 0 || h.n === hits[k - 1]!.n + 1)) continue;
    const gaps = hits.slice(1).map((h, k) => h.i - hits[k]!.i);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const spread = Math.max(...gaps) - Math.min(...gaps);
    // Pages are long and of nearly one length; headings numbered in the text are not.
    if (mean >= MIN_PAGE_LINES && spread <= mean * 0.25) out.push(...hits.map((h) => h.i));
  }
  return out;
}

/** Finds the running headers, footers and page numbers among `lines`, and where pages start. */
export function findPageFurniture(lines: readonly SourceLine[]): PageFurniture {
  const texts = lines.map((l) => l.text.replace(/[\f\s]+/gu, ' ').trim());
  const found = new Set<number>();
  texts.forEach((text, i) => {
    if (BARE_NUMBER.test(text) || NUMBER_OF_TOTAL.test(text)) found.add(i);
  });
  for (const i of regularWordNumbers(texts)) found.add(i);
  // Page edges: form feeds and page numbers.
  const edges = new Set<number>(found);
  lines.forEach((l, i) => {
    if (l.text.includes('\f')) edges.add(i - 1);
  });
  for (const i of repeatedLines(texts, edges)) found.add(i);
  // A bare number inside running text (a line of a table, a number set on its own) is no page number
  // when text continues around it without a gap: keep lines whose neighbours are both text lines that
  // run on (the first ends unfinished and the next starts in lower case).
  for (const i of [...found]) {
    const before = texts[i - 1];
    const after = texts[i + 1];
    if (before && after && !/[.!?:;]$/u.test(before) && /^\p{Ll}/u.test(after) && BARE_NUMBER.test(texts[i]!))
      found.delete(i);
  }
  const pageStarts = new Set<number>();
  let inGroup = false;
  texts.forEach((text, i) => {
    if (lines[i]!.text.includes('\f')) pageStarts.add(i);
    if (found.has(i)) inGroup = true;
    else if (text && inGroup) {
      pageStarts.add(i);
      inGroup = false;
    }
  });
  return { lines: found, pageStarts };
}
