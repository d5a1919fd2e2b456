/**
 * Columns whose lines a text extraction interleaved: `pdftotext` without `-layout`, and tools like it, cut a
 * page of several columns into blocks and print them in an order of their own, so a column's blocks come out
 * mixed with the other columns' blocks (a block of one column, then one of the next, and so on). Each column
 * still reads in order, so the page is a few streams woven together. The weave is undone by assigning every
 * block to a stream so that each stream reads on from block to block (an unfinished line goes on in lower case,
 * a word broken by a hyphen is finished, a word pair the page uses elsewhere spans the join), then putting the
 * streams one after another. A page that reads as well as it came out is left as it is.
 */
import type { SourceLine } from './types.ts';

/** Blocks a sheet needs before a weave can be told from chance. */
const MIN_BLOCKS = 8;
/** Share of a sheet's blocks that may be one line of one or two words. */
const MAX_SCATTERED = 0.3;
/** Most streams (columns) tried. */
const MAX_STREAMS = 3;
/** Readings kept while decoding. */
const BEAM = 256;
/** How much better than as read (plus this per block) a weave must read, and the cost of each stream. */
const MARGIN = 4;
const MARGIN_PER_BLOCK = 0.15;
const STREAM_COST = 2;
/** A block that goes on in the stream of the block before it: a tie-break toward reading as printed. */
const STAY = 0.05;
/** Lines a stream may run ahead of the one furthest behind, and the cost of each line beyond. */
const Y_SLACK = 0;
/** Blocks starting level on the sheet come left column first. */
const LEFT_FIRST = 1;
const Y_WEIGHT = 2;

/** A run of lines with no blank line between them. */
interface Block {
  lines: SourceLine[];
  first: string;
  last: string;
}

/** How a line ends and how the next one starts, the cues of {@link link}. */
type Ending = 'stop' | 'soft' | 'hyphen' | 'open' | 'heading';

/** Most words of a one-line block read as a heading. */
const HEADING_WORDS = 5;

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Words of a line, folded for counting pairs. */
function wordsOf(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.toLowerCase());
}

function endingOf(block: Block): Ending {
  const text = block.last.trimEnd();
  if (/\p{L}[-‐­]$/u.test(text)) return 'hyphen';
  if (/[.!?][)”"’»]?$/u.test(text)) return 'stop';
  if (/[,;:][)”"’»]?$/u.test(text)) return 'soft';
  // A one-line block without final punctuation that starts with a capital or a number: a heading.
  if (block.lines.length === 1 && /^[\p{Lu}\p{N}]/u.test(text) && wordsOf(text).length <= HEADING_WORDS)
    return 'heading';
  return 'open';
}

/** The page's word pairs (adjacent on one line), and its words, as the running text has them. */
interface PageWords {
  pairs: Map<string, number>;
  words: Set<string>;
}

function pageWords(blocks: readonly Block[]): PageWords {
  const pairs = new Map<string, number>();
  const words = new Set<string>();
  for (const block of blocks)
    for (const line of block.lines) {
      const ws = wordsOf(line.text);
      for (let i = 0; i < ws.length; i++) {
        words.add(ws[i]!);
        if (i > 0) {
          const key = `${ws[i - 1]} ${ws[i]}`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      }
    }
  return { pairs, words };
}

/** How well `below` reads on from `above` in one stream (positive: it does; negative: it does not). */
function link(above: Block, below: Block, page: PageWords): number {
  const ending = endingOf(above);
  const start = below.first.trimStart();
  const lower = /^\p{Ll}/u.test(start);
  const upper = /^\p{Lu}/u.test(start);
  let score = 0;
  if (ending === 'hyphen') {
    if (lower) score += 3;
    const stem = wordsOf(above.last).at(-1) ?? '';
    const head = wordsOf(start)[0] ?? '';
    if (stem && head && page.words.has(stem + head)) score += 2;
  } else if (ending === 'open') score += lower ? 2 : upper ? -1 : 0;
  else if (ending === 'soft') score += lower ? 1.5 : 0;
  else if (ending === 'stop') score += lower ? -2 : upper ? 0.5 : 0;
  else score += lower ? -0.5 : 0.5;
  if (ending !== 'stop' && ending !== 'heading') {
    const tail = wordsOf(above.last).at(-1);
    const head = wordsOf(start)[0];
    if (tail && head) score += Math.min(2, page.pairs.get(`${tail} ${head}`) ?? 0);
  }
  return score;
}

/** One partial reading: the stream of each block so far and the last block of each stream. */
interface Reading {
  score: number;
  lastOf: number[];
  /** Lines each stream holds so far: where its next block starts down the sheet. */
  heightOf: number[];
  /** Where the last block started down the sheet. */
  front: number;
  streamOf: number[];
}

/** The best assignment of blocks to at most `k` streams (streams open in order), with its score. */
function decode(blocks: readonly Block[], k: number, links: (a: number, b: number) => number): Reading {
  let beam: Reading[] = [{ score: 0, lastOf: [], heightOf: [], front: 0, streamOf: [] }];
  for (let j = 0; j < blocks.length; j++) {
    const next: Reading[] = [];
    for (const r of beam) {
      const previous = j > 0 ? r.streamOf[j - 1]! : -1;
      const open = Math.min(k, r.lastOf.length + 1);
      const lowest = r.heightOf.length ? Math.min(...r.heightOf) : 0;
      for (let s = 0; s < open; s++) {
        const opening = s === r.lastOf.length;
        const top = opening ? 0 : r.heightOf[s]!;
        // The extraction prints blocks by how far down the sheet they start: the next block comes from the
        // stream that is furthest behind.
        const ahead = Math.max(0, top - (opening ? 0 : lowest) - Y_SLACK);
        const back = Math.max(0, r.front - top - Y_SLACK);
        let later = 0;
        for (let t = 0; t < s; t++) if (r.heightOf[t]! <= top) later = LEFT_FIRST;
        const gain =
          (opening ? 0 : links(r.lastOf[s]!, j)) +
          (s === previous ? STAY : 0) -
          Y_WEIGHT * (ahead + back) -
          later;
        const lastOf = r.lastOf.slice();
        lastOf[s] = j;
        const heightOf = r.heightOf.slice();
        heightOf[s] = top + blocks[j]!.lines.length;
        next.push({ score: r.score + gain, lastOf, heightOf, front: top, streamOf: [...r.streamOf, s] });
      }
    }
    next.sort((a, b) => b.score - a.score);
    // Readings that leave every stream at the same blocks go on alike: keep the best of them.
    const seen = new Set<string>();
    beam = [];
    for (const r of next) {
      const key = `${r.lastOf.join(',')}/${r.heightOf.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      beam.push(r);
      if (beam.length >= BEAM) break;
    }
  }
  return beam.find((r) => r.lastOf.length === k) ?? beam[0]!;
}

/** Blocks of one sheet's lines (blank lines dropped). */
function blocksOf(lines: readonly SourceLine[]): Block[] {
  const blocks: Block[] = [];
  let run: SourceLine[] = [];
  const flush = () => {
    if (run.length) blocks.push({ lines: run, first: run[0]!.text, last: run.at(-1)!.text });
    run = [];
  };
  for (const line of lines) {
    if (line.text.trim()) run.push(line);
    else flush();
  }
  flush();
  return blocks;
}

/** One sheet's lines in reading order: its streams one after another, or as they came. */
function unweaveSheet(lines: SourceLine[]): SourceLine[] | null {
  const blocks = blocksOf(lines);
  if (blocks.length < MIN_BLOCKS) return null;
  // Words scattered one or two to a block come from a reading that broke the lines themselves: no streams.
  const scattered = blocks.filter((b) => b.lines.length === 1 && wordsOf(b.first).length <= 2).length;
  if (scattered > blocks.length * MAX_SCATTERED) return null;
  const page = pageWords(blocks);
  const memo = new Map<number, number>();
  const links = (a: number, b: number) => {
    const key = a * blocks.length + b;
    let v = memo.get(key);
    if (v === undefined) {
      v = link(blocks[a]!, blocks[b]!, page);
      memo.set(key, v);
    }
    return v;
  };
  const asRead = decode(blocks, 1, links).score;
  let best: { reading: Reading; streams: number } | null = null;
  let bestScore = asRead + MARGIN + MARGIN_PER_BLOCK * blocks.length;
  for (let k = 2; k <= MAX_STREAMS; k++) {
    const reading = decode(blocks, k, links);
    const streams = reading.lastOf.length;
    if (streams < k) continue;
    const score = reading.score - STREAM_COST * (streams - 2);
    if (score > bestScore) {
      best = { reading, streams };
      bestScore = score;
    }
  }
  if (!best) return null;
  const out: SourceLine[] = [];
  for (let s = 0; s < best.streams; s++)
    blocks.forEach((block, j) => {
      if (best.reading.streamOf[j] !== s) return;
      if (out.length) out.push({ text: '', start: block.lines[0]!.start });
      out.push(...block.lines);
    });
  return out;
}

/**
 * The lines with every sheet whose columns came out as interleaved blocks put in reading order, each column's
 * blocks together. Sheets are split at form feeds, which stay where they were.
 */
export function unweaveStreams(lines: readonly SourceLine[]): SourceLine[] {
  const out: SourceLine[] = [];
  let sheet: SourceLine[] = [];
  let changed = false;
  const flush = () => {
    const unwoven = unweaveSheet(sheet);
    if (unwoven) changed = true;
    out.push(...(unwoven ?? sheet));
    sheet = [];
  };
  for (const line of lines) {
    const feed = line.text.indexOf('\f');
    if (feed < 0) {
      sheet.push(line);
      continue;
    }
    // The form feed keeps its place between the sheets; the rest of its line starts the next sheet.
    if (feed > 0) sheet.push({ text: line.text.slice(0, feed), start: line.start });
    flush();
    out.push({ text: '\f', start: line.start + feed });
    const rest = line.text.slice(feed + 1);
    if (rest) sheet.push({ text: rest, start: line.start + feed + 1 });
  }
  flush();
  return changed ? out : lines.slice();
}

/** Share of a sheet's blocks that are one word on one line in a reading that scattered the words. */
const SCATTERED_WORDS = 0.5;

/**
 * Per line, whether it lies on a sheet whose words came out scattered one to a block (an extraction that
 * broke the printed lines into single words and printed them in an order of their own). Such a sheet's text
 * cannot be put back in order from the text alone.
 */
export function scatteredSheetLines(lines: readonly SourceLine[]): boolean[] {
  const out = new Array<boolean>(lines.length).fill(false);
  let from = 0;
  const judge = (to: number) => {
    const blocks = blocksOf(lines.slice(from, to));
    const single = blocks.filter((b) => b.lines.length === 1 && wordsOf(b.first).length === 1).length;
    if (blocks.length >= MIN_BLOCKS && single > blocks.length * SCATTERED_WORDS) out.fill(true, from, to);
    from = to;
  };
  lines.forEach((line, i) => {
    if (line.text.includes('\f')) judge(i);
  });
  judge(lines.length);
  return out;
}
