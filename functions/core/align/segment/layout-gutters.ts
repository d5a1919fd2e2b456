/**
 * Columns kept side by side by a text extraction that preserves the layout (`pdftotext -layout` and the like):
 * every printed line is laid out at its position, so the columns of a page stand in fixed character ranges
 * with a gutter of spaces between them that runs down the whole page. Such a page is found by its gutters
 * (character positions blank on nearly every line that reaches past them, with text on both sides on many
 * lines) and put in reading order: each column top to bottom, the left one first. Text read with single
 * spaces (OCR) has no such gutter and passes through unchanged.
 */
import type { SourceLine } from './types.ts';

/** Lines a page needs before its gutters can be told from chance. */
const MIN_ROWS = 8;
/** Narrowest gutter, in characters (words inside a column are one space apart, or a few when justified). */
const MIN_GUTTER = 2;
/** Narrowest column, in characters. */
const MIN_COLUMN = 12;
/** Share of the lines reaching past a gutter position that may have text there (a heading across columns). */
const MAX_CROSSING = 0.06;
/** Share of the page's lines that must hold text on both sides of a gutter. */
const MIN_BESIDE = 0.3;

interface Gutter {
  from: number;
  to: number;
}

/** Where each line's text lies: its non-space runs as [start, end) offsets. */
function inkOf(text: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const pattern = /\S+/gu;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) runs.push([m.index, m.index + m[0].length]);
  return runs;
}

/** The gutters of one page's rows (form feeds already blanked), left to right. */
function guttersOf(rows: readonly string[]): Gutter[] {
  // Lines without a run of spaces inside were not laid out (reflowed or reversed by the extraction): they
  // say nothing of where the columns stand.
  const texts = rows.filter((r) => /\S/u.test(r) && /\S {2,}\S/u.test(r.trim()));
  if (texts.length < MIN_ROWS) return [];
  const width = Math.max(...texts.map((t) => t.trimEnd().length));
  const ink = new Array<number>(width).fill(0);
  const reach = new Array<number>(width).fill(0);
  for (const text of texts) {
    const end = text.trimEnd().length;
    for (let x = 0; x < end; x++) {
      reach[x]!++;
      if (text[x] !== ' ') ink[x]!++;
    }
  }
  const blank = (x: number) => reach[x]! >= MIN_ROWS && ink[x]! <= reach[x]! * MAX_CROSSING;
  const gutters: Gutter[] = [];
  let x = MIN_COLUMN;
  while (x < width - MIN_COLUMN) {
    if (!blank(x)) {
      x++;
      continue;
    }
    let to = x;
    while (to < width && blank(to)) to++;
    if (to - x >= MIN_GUTTER) {
      const gutter = { from: x, to };
      const beside = texts.filter((t) => /\S/u.test(t.slice(0, x)) && /\S/u.test(t.slice(to))).length;
      const last = gutters.at(-1);
      if (beside >= texts.length * MIN_BESIDE && (!last || x - last.to >= MIN_COLUMN)) gutters.push(gutter);
    }
    x = to + 1;
  }
  return gutters;
}

/** True when a line's text runs across a gutter (a heading over the columns, or a line extracted otherwise). */
function crosses(text: string, gutters: readonly Gutter[]): boolean {
  return inkOf(text).some(([start, end]) => gutters.some((g) => start < g.to && end > g.from));
}

/** Each column's usual share of a full row's letters, from the rows with text in every column. */
function columnShares(rows: readonly string[], bounds: readonly number[], ends: readonly number[]): number[] {
  const sums = bounds.map(() => 0);
  for (const row of rows) {
    const sizes = bounds.map(
      (from, c) => row.slice(from, Math.min(row.length, ends[c]!)).replace(/\s+/gu, ' ').trim().length,
    );
    if (sizes.some((n) => n === 0)) continue;
    sizes.forEach((n, c) => {
      sums[c]! += n;
    });
  }
  const total = sums.reduce((a, b) => a + b, 0);
  return total ? sums.map((n) => n / total) : [];
}

/** A run-together row cut at the word boundaries nearest the columns' shares; null when it has too few words. */
function cutByShares(row: string, shares: readonly number[]): Array<{ text: string; at: number }> | null {
  const words = inkOf(row);
  if (!shares.length || words.length < shares.length * 2) return null;
  const first = words[0]![0];
  const length = words.at(-1)![1] - first;
  const cuts: number[] = [];
  let share = 0;
  for (const s of shares.slice(0, -1)) {
    share += s;
    const target = first + length * share;
    let best = -1;
    words.forEach(([start], w) => {
      if (w === 0 || (cuts.length && w <= cuts.at(-1)!)) return;
      if (best < 0 || Math.abs(start - target) < Math.abs(words[best]![0] - target)) best = w;
    });
    if (best < 0) return null;
    cuts.push(best);
  }
  const edges = [0, ...cuts, words.length];
  return edges.slice(0, -1).map((from, c) => {
    const at = words[from]![0];
    return { text: row.slice(at, words[edges[c + 1]! - 1]![1]), at };
  });
}

/**
 * The lines with every page whose columns stand side by side put in reading order. `breaks` are indexes of
 * lines that start a page besides form feeds. A line that runs across a gutter stays whole, first on its row.
 */
export function splitAtGutters(
  lines: readonly SourceLine[],
  breaks: ReadonlySet<number> = new Set(),
): SourceLine[] {
  const pages: number[][] = [[]];
  lines.forEach((line, i) => {
    if ((breaks.has(i) || line.text.includes('\f')) && pages.at(-1)!.length) pages.push([]);
    pages.at(-1)!.push(i);
  });
  const out: SourceLine[] = [];
  for (const page of pages) {
    // A form feed takes no place on the printed line.
    const rows = page.map((i) => lines[i]!.text.replace(/\f/gu, ''));
    const shift = page.map((i) => lines[i]!.text.length - rows[page.indexOf(i)]!.length);
    const gutters = guttersOf(rows);
    if (!gutters.length) {
      for (const i of page) out.push(lines[i]!);
      continue;
    }
    const bounds = [0, ...gutters.map((g) => g.to)];
    const ends = [...gutters.map((g) => g.from), Number.POSITIVE_INFINITY];
    const columns: SourceLine[][] = bounds.map(() => []);
    const shares = columnShares(rows, bounds, ends);
    page.forEach((i, k) => {
      const row = rows[k]!;
      const line = lines[i]!;
      if (!/\S/u.test(row)) return;
      if (crosses(row, gutters)) {
        // A line the extraction ran together (single spaces): cut where the columns' usual shares of it end.
        const parts = /\S {2,}\S/u.test(row.trim()) ? null : cutByShares(row, shares);
        if (!parts) columns[0]!.push(line);
        else
          parts.forEach((part, c) => {
            if (part.text) columns[c]!.push({ text: part.text, start: line.start + shift[k]! + part.at });
          });
        return;
      }
      bounds.forEach((from, c) => {
        const part = row.slice(from, Math.min(row.length, ends[c]!));
        const lead = part.length - part.trimStart().length;
        const text = part.trim();
        if (text) columns[c]!.push({ text, start: line.start + shift[k]! + from + lead });
      });
    });
    for (const column of columns) {
      // A column that ends a sentence before one that starts with a capital: a paragraph ends there.
      const last = out.at(-1)?.text ?? '';
      const first = column[0]?.text ?? '';
      if (out.length && /[.!?:][)”"’»]?$/u.test(last) && /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(first))
        out.push({ text: '', start: column[0]!.start });
      out.push(...column);
    }
  }
  return out;
}
