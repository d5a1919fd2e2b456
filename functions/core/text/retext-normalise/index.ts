import type { Nodes, Parents, Root, WhiteSpace, Word } from 'nlcst';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { reportChange } from '../change-log.ts';
import {
  type Chunk,
  chunksOf,
  type Leaf,
  insertAfter,
  type Line,
  indexTree,
  linesFrom,
  linesOf,
  pointIn,
  removeNode,
  replaceNode,
  span,
  textOf,
  trimmedLeaves,
} from '../nlcst-lines/index.ts';

/** Options of {@link retextNormalise}. */
export interface RetextNormaliseOptions {
  /** The one bullet mark every list mark becomes (default `-`, followed by one space). */
  bullet?: string;
}

const SOURCE = 'retext-normalise';

/** Glyphs that only ever mark list items at the start of a line (PUA: symbol-font bullets from PDFs). */
const STRONG_BULLET = /^[•●○◦▪▫■□◆◇►▸‣⁃∙➢➤✓✔❖\uE000-\uF8FF]+$/u;
/** Marks that are bullets when they stand alone at the start of a line. */
const WEAK_BULLETS = new Set(['*', '+', '«', '»', '·', '°', '>', '¤']);
/**
 * Dashes are bullets only where a new item can start (after a blank line or a line ending a clause); so
 * are a tilde and an equals sign there, a dash as a noisy scan reads it.
 */
const DASH_BULLETS = new Set(['-', '–', '—', '−', '‐', '~', '=']);

const PRIVATE_USE = /[\uE000-\uF8FF]/u;
const REMOVED_CHARS: ReadonlyArray<{ ruleId: string; pattern: RegExp; reason: string }> = [
  { ruleId: 'replacement-character', pattern: /\uFFFD+/gu, reason: 'Remove replacement character' },
  { ruleId: 'control-character', pattern: /\p{Cc}+/gu, reason: 'Remove control character' },
  {
    ruleId: 'invisible-character',
    pattern: /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]+/gu,
    reason: 'Remove invisible formatting character',
  },
  { ruleId: 'soft-hyphen', pattern: /\u00AD+(?!$)/gu, reason: 'Remove soft hyphen inside a line' },
  { ruleId: 'private-use-character', pattern: /[\uE000-\uF8FF]+/gu, reason: 'Remove private-use glyph' },
];

/** Leaves without any of these characters need no character-level work. */
const SUSPECT = /[^\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E]/u;
/** A debris chunk: punctuation and symbols only, or a single letter. */
const DEBRIS_CHUNK = /^(?:[\p{P}\p{S}]+|\p{L})$/u;
const DOT_LIKE = /^[.·,:;'`´‚˙…]+$/u;
const FOOTNOTE_REFERENCE = /^(.*\p{L}[\p{L}\p{M}]*[:;,.]?)([*†‡]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$/u;
const MARK_END = /[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰\d]$/u;
const FOOTNOTE_NUMBER_REFERENCE = /^(.*\p{L}:)(\d{1,2})$/u;
const CLAUSE_END = /[.:;!?](?:["”’»)\]]*)$/u;
const SENTENCE_END = /[.!?]["”’»)\]]*$/u;

/**
 * Normalise glyphs of OCR'd or PDF-extracted text, keeping its line structure: Unicode NFC,
 * control / replacement / invisible characters removed, line-start list marks (•, *, +, «, ·, °,
 * dashes at an item start, symbol-font glyphs) unified into one bullet form (`- ` by default, a
 * Markdown-style list mark that survives any later tool), footnote marks removed (`vil vi:*`,
 * `vil vi:1`, and the same mark opening the footnote text), `|` read as `I` at a sentence start,
 * and layout debris removed: dot lines (`. . . .`, `. o . A . .`), stray gutter dots and unmatched
 * quote specks at a line start, page numbers and running headers standing between paragraphs.
 * Lines are never joined, so the result can still be split into columns. Every change is a
 * message with `actual` and `expected` (ruleIds: nfc, control-character, replacement-character,
 * invisible-character, soft-hyphen, private-use-character, running-header, page-number, debris,
 * footnote-mark, bullet, list-number, pipe-as-i).
 */
export default function retextNormalise(options: RetextNormaliseOptions = {}) {
  if (options === null || typeof options !== 'object')
    throw new TypeError('retext-normalise: options must be an object');
  const bullet = options.bullet ?? '-';
  if (typeof bullet !== 'string' || bullet.length === 0 || /\s/u.test(bullet)) {
    throw new TypeError('retext-normalise: `bullet` must be a non-empty string without white space');
  }

  return (tree: Root, file: VFile): void => {
    const { leaves, parents } = indexTree(tree);
    // Edits remove or move leaves; the lines of the leaves still in the tree are the current lines.
    const current = () => linesFrom(leaves.filter((leaf) => parents.has(leaf.node)));
    const report = (
      reason: string,
      ruleId: string,
      place: Point | Position | undefined,
      actual: string,
      expected: string,
    ) => {
      reportChange(file, reason, place, ruleId, SOURCE, actual, expected);
    };

    normaliseCharacters(current(), parents, report);
    removeRunningHeaders(current(), parents, report);
    removeDebris(current(), parents, report);
    const marks = removeFootnoteReferences(current(), parents, report);
    removeFootnoteBodyMarks(current(), parents, marks, report);
    readGarbledBullets(current(), parents, bullet, report);
    readGarbledNumbers(current(), parents, report);
    unifyBullets(current(), parents, bullet, report);
    // Bullets may have added white space: read the tree again.
    readPipesAsI(linesOf(tree), parents, report);
  };
}

type Report = (
  reason: string,
  ruleId: string,
  place: Point | Position | undefined,
  actual: string,
  expected: string,
) => void;
type Parents_ = Map<Nodes, Parents>;

function normaliseCharacters(lines: readonly Line[], parents: Parents_, report: Report): void {
  for (const line of lines) {
    const trimmed = trimmedLeaves(line);
    const first = trimmed[0];
    const last = trimmed.at(-1);
    const all = line.end ? [...line.leaves, line.end] : line.leaves;
    for (const leaf of all) {
      const node = leaf.node;
      if (node.type === 'WhiteSpaceNode') {
        node.value = node.value.replace(/\r\n?|[\u2028\u2029\f]/gu, '\n').replace(/[\t\v]/gu, ' ');
        continue;
      }
      if (!SUSPECT.test(node.value)) continue;
      let value = node.value;
      const nfc = value.normalize('NFC');
      if (nfc !== value) {
        report('Normalise to NFC', 'nfc', node.position, value, nfc);
        value = nfc;
      }
      if (leaf === last && line.end && value.endsWith('\u00AD')) {
        report('Soft hyphen at a line end read as a hyphen', 'soft-hyphen', node.position, '\u00AD', '-');
        value = `${value.replace(/\u00AD+$/u, '')}-`;
      }
      for (const { ruleId, pattern, reason } of REMOVED_CHARS) {
        if (ruleId === 'private-use-character' && leaf === first && PRIVATE_USE.test(value[0] ?? ''))
          continue;
        value = value.replace(pattern, (match, index: number) => {
          report(reason, ruleId, pointIn(node, index), match, '');
          return '';
        });
      }
      if (value === '') removeNode(node, parents);
      else node.value = value;
    }
  }
}

function removeDebris(lines: readonly Line[], parents: Parents_, report: Report): void {
  lines.forEach((line, index) => {
    const first = line.leaves.find((leaf) => leaf.node.type !== 'WhiteSpaceNode');
    // Only lines opening with punctuation, a symbol, a lone letter or a number can hold debris.
    if (!first || /^\p{L}[\p{L}\p{M}]/u.test(first.node.value)) return;
    const chunks = chunksOf(line);
    // A whole line that is debris goes, its line end with it.
    const dropLine = (message: string, kind: string, text: string) => {
      const leaves = trimmedLeaves(line);
      report(message, kind, span(leaves[0]?.node, leaves.at(-1)?.node), text, '');
      for (const leaf of line.leaves) removeNode(leaf.node, parents);
      if (line.end) removeNode(line.end.node, parents);
    };
    if (isPageNumber(lines, index, chunks)) {
      dropLine('Remove a page number between paragraphs', 'page-number', chunks.map((c) => c.text).join(' '));
      return;
    }
    if (isDetachedListNumber(lines, index, chunks)) {
      dropLine('Remove a list number the OCR read apart from its item', 'list-number', chunks[0]!.text);
      return;
    }
    let run = 0;
    while (run < chunks.length && DEBRIS_CHUNK.test(chunks[run]!.text)) run++;
    const head = chunks.slice(0, run);
    const dots = head.filter((c) => DOT_LIKE.test(c.text)).length;
    const letters = head.filter((c) => /\p{L}/u.test(c.text)).length;
    const wholeLine = run === chunks.length;
    const isDebris = wholeLine
      ? dots >= 2 || (letters === 0 && (dots === run || head.map((c) => c.text).join('').length >= 3))
      : run >= 3 && dots >= 2 && dots * 2 >= run && /^[\p{L}\p{N}"“”„«]/u.test(chunks[run]!.text);
    if (!isDebris) {
      const quote = strayQuote(lines, index, chunks);
      if (quote) {
        report(
          'Remove an unmatched quote mark at the start of a line',
          'debris',
          quote.node.position,
          quote.node.value[0]!,
          '',
        );
        if (quote.node.value.length === 1) removeNode(quote.node, parents);
        else quote.node.value = quote.node.value.slice(1);
        return;
      }
      if (isStrayDot(lines, index, chunks)) {
        const dot = chunks[0]!.leaves;
        report(
          'Remove a stray mark at the start of a line',
          'debris',
          span(dot[0]!.node, dot.at(-1)!.node),
          chunks[0]!.text,
          '',
        );
        const stop = line.leaves.indexOf(chunks[1]!.leaves[0]!);
        for (const leaf of line.leaves.slice(line.leaves.indexOf(dot[0]!), stop))
          removeNode(leaf.node, parents);
        return;
      }
      return;
    }
    const firstLeaf = head[0]!.leaves[0]!;
    const lastLeaf = head.at(-1)!.leaves.at(-1)!;
    const actual = textOf(
      line.leaves.slice(line.leaves.indexOf(firstLeaf), line.leaves.indexOf(lastLeaf) + 1),
    );
    report(
      wholeLine ? 'Remove a debris line' : 'Remove debris at the start of a line',
      'debris',
      { start: firstLeaf.node.position!.start, end: lastLeaf.node.position!.end },
      actual,
      '',
    );
    const stop = wholeLine ? line.leaves.length : line.leaves.indexOf(chunks[run]!.leaves[0]!);
    for (const leaf of line.leaves.slice(line.leaves.indexOf(firstLeaf), stop))
      removeNode(leaf.node, parents);
    if (wholeLine && line.end) removeNode(line.end.node, parents);
  });
}

/** A line standing alone this many times or more, the same but for its numbers, is a running header or footer. */
const RUNNING_REPEATS = 3;
/** Fewest lines of text of a printed page, header included: headers closer are headings. */
const MIN_PAGE_LINES = 6;
/** Lines between two headers from which they are a page apart whatever the other gaps. */
const PAGE_LINES = 15;
/** Most a page may be longer than another (in lines) for headers to count as coming once a page. */
const PAGE_LENGTH_RATIO = 1.5;
/** Most distinct lines a paginated text repeats as running headers and footers. */
const MAX_RUNNING_KINDS = 4;

/**
 * Remove running headers and footers of a paginated extraction: a short line with letters that
 * stands alone (blank lines around it) three times or more with the same text, page numbers aside.
 */
function removeRunningHeaders(lines: readonly Line[], parents: Parents_, report: Report): void {
  const standalone = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const text = textOf(trimmedLeaves(line));
    // Headers and footers are short and end without a full stop; repeated sentences are text.
    if (text.length === 0 || text.length > 80 || !/\p{L}/u.test(text) || /[.!?;:,]$/u.test(text)) return;
    if (!startsParagraph(lines, index) || (line.end && line.breaks < 2)) return;
    const key = text.replace(/\d+/gu, '#').replace(/\s+/gu, ' ').toLowerCase();
    standalone.set(key, [...(standalone.get(key) ?? []), index]);
  });
  const running = [...standalone.values()].filter((indexes) => {
    if (indexes.length < RUNNING_REPEATS) return false;
    // A running header comes once a page, pages being about as long as each other; numbered
    // headings ("Article 1", "Article 2") come closer, after sections of any length.
    const gaps = indexes.slice(1).map((index, i) => index - indexes[i]!);
    const periodic = Math.max(...gaps) <= PAGE_LENGTH_RATIO * Math.min(...gaps);
    return Math.min(...gaps) >= MIN_PAGE_LINES && (periodic || Math.min(...gaps) >= PAGE_LINES);
  });
  // A page has a header and a footer or two; many words standing alone again and again are the text
  // itself, extracted a word or a few to a line (justified columns read by pdftotext), not headers.
  if (running.length > MAX_RUNNING_KINDS) return;
  for (const indexes of running) {
    for (const index of indexes) {
      const line = lines[index]!;
      const leaves = trimmedLeaves(line);
      report(
        'Remove a running header or footer',
        'running-header',
        span(leaves[0]?.node, leaves.at(-1)?.node),
        textOf(leaves),
        '',
      );
      for (const leaf of line.leaves) removeNode(leaf.node, parents);
      if (line.end) removeNode(line.end.node, parents);
    }
  }
}

/**
 * A line holding only a page number ("12", "- 12 -", "— 12 —") with blank lines (or the document
 * edge) on both sides: it stands between the two halves of a paragraph, not in it.
 */
function isPageNumber(lines: readonly Line[], index: number, chunks: readonly Chunk[]): boolean {
  const text = chunks.map((c) => c.text).join(' ');
  if (!/^(?:[-–—]\s?)?\d{1,4}(?:\s?[-–—])?$/u.test(text)) return false;
  const line = lines[index]!;
  const blankAfter = !line.end || line.breaks >= 2;
  return startsParagraph(lines, index) && blankAfter;
}

/**
 * A single quote glued to the first word of a line ("‘Some stay", "'Som arbetsgivare") that nothing
 * in the paragraph closes is a speck the OCR read as a quote; returns its leaf.
 */
function strayQuote(lines: readonly Line[], index: number, chunks: readonly Chunk[]): Leaf | undefined {
  const first = chunks[0];
  const leaf = first?.leaves[0];
  if (!leaf || !/^['‘`´][\p{L}]/u.test(first.text)) return undefined;
  const rest = `${first.text.slice(1)} ${paragraphText(lines, index).slice(first.text.length)}`;
  return /['’](?![\p{L}])/u.test(rest) ? undefined : leaf;
}

/**
 * A lone "." or "," opening a line of text is scanner noise from a column gutter (". studera, …"),
 * except a "." before a capital where a list item can start, which is a bullet read as a dot.
 */
function isStrayDot(lines: readonly Line[], index: number, chunks: readonly Chunk[]): boolean {
  const mark = chunks[0]?.text;
  const next = chunks[1]?.text;
  if ((mark !== '.' && mark !== ',') || !next || !/^[\p{L}\p{N}]/u.test(next)) return false;
  return !isDotBullet(lines, index, mark, next);
}

/** A "." or an "o" before a capital where a list item can start: a bullet (•, ◦) the OCR misread. */
function isDotBullet(lines: readonly Line[], index: number, mark: string, next: string): boolean {
  return (mark === '.' || mark === 'o') && /^\p{Lu}/u.test(next) && startsItem(lines, index);
}

/** Remove footnote reference marks glued to a word (`vil vi:*`, `vil vi:1`); returns the marks seen. */
function removeFootnoteReferences(
  lines: readonly Line[],
  parents: Parents_,
  report: Report,
): Map<string, number> {
  const marks = new Map<string, number>();
  lines.forEach((line, lineIndex) => {
    if (!line.leaves.some((leaf) => MARK_END.test(leaf.node.value))) return;
    const chunks = chunksOf(line);
    chunks.forEach((chunk, chunkIndex) => {
      if (!MARK_END.test(chunk.text)) return;
      const match =
        FOOTNOTE_REFERENCE.exec(chunk.text) ??
        (chunkIndex === chunks.length - 1 ? FOOTNOTE_NUMBER_REFERENCE.exec(chunk.text) : null);
      if (!match) return;
      const mark = match[2]!;
      const last = chunk.leaves.at(-1)!.node;
      const place = pointIn(last, last.value.length - mark.length);
      if (!removeTail(chunk, mark.length, parents)) return;
      if (!marks.has(mark)) marks.set(mark, lineIndex);
      report('Remove footnote reference mark', 'footnote-mark', place, mark, '');
    });
  });
  return marks;
}

/** Remove `length` characters from the end of a chunk, leaf by leaf. */
function removeTail(chunk: Chunk, length: number, parents: Parents_): boolean {
  let rest = length;
  for (let i = chunk.leaves.length - 1; i >= 0 && rest > 0; i--) {
    const node = chunk.leaves[i]!.node;
    if (node.value.length <= rest) {
      rest -= node.value.length;
      const parent = parents.get(node);
      removeNode(node, parents);
      if (parent?.type === 'WordNode') moveTrailingPunctuationOut(parent, parents);
    } else {
      node.value = node.value.slice(0, node.value.length - rest);
      rest = 0;
    }
  }
  return rest === 0;
}

/** `vi:` + `1` parse as one word; once the mark is gone, the colon goes back beside the word. */
function moveTrailingPunctuationOut(word: Word, parents: Parents_): void {
  if (!parents.has(word)) return;
  const trailing: Nodes[] = [];
  while (word.children.length > 1 && word.children.at(-1)!.type === 'PunctuationNode') {
    trailing.unshift(word.children.pop()!);
  }
  let anchor: Nodes = word;
  for (const node of trailing) {
    insertAfter(anchor, node, parents);
    anchor = node;
  }
}

function removeFootnoteBodyMarks(
  lines: readonly Line[],
  parents: Parents_,
  marks: Map<string, number>,
  report: Report,
): void {
  if (marks.size === 0) return;
  for (const [mark, referenceLine] of marks) {
    const candidates: number[] = [];
    lines.forEach((line, index) => {
      if (!trimmedLeaves(line)[0]?.node.value.startsWith(mark[0]!) || !startsItem(lines, index)) return;
      const first = chunksOf(line)[0];
      if (!first?.text.startsWith(mark)) return;
      const rest = first.text.slice(mark.length);
      const glued = /^\p{L}/u.test(rest);
      if (rest !== '' && !glued) return;
      const numeric = !/^[*†‡]+$/u.test(mark);
      if (glued || numeric || sentenceCount(paragraphText(lines, index)) >= 2) candidates.push(index);
    });
    const chosen = candidates.find((i) => i > referenceLine) ?? candidates[0];
    if (chosen === undefined) continue;
    const line = lines[chosen]!;
    const first = chunksOf(line)[0]!;
    report(
      'Remove footnote mark before the footnote text',
      'footnote-mark',
      first.leaves[0]!.node.position?.start,
      mark,
      '',
    );
    removeHead(line, first, mark.length, parents);
    const opening = line.leaves.find((leaf) => parents.has(leaf.node) && leaf.node.type !== 'WhiteSpaceNode');
    if (opening) opening.node.data = { ...opening.node.data, footnote: mark };
  }
}

/** Remove `length` characters from the start of `chunk`, and the white space after it when it all goes. */
function removeHead(line: Line, chunk: Chunk, length: number, parents: Parents_): void {
  let rest = length;
  for (const leaf of chunk.leaves) {
    if (rest === 0) break;
    if (leaf.node.value.length <= rest) {
      rest -= leaf.node.value.length;
      removeNode(leaf.node, parents);
    } else {
      leaf.node.value = leaf.node.value.slice(rest);
      rest = 0;
    }
  }
  if (chunk.text.length === length) {
    const next = line.leaves[line.leaves.indexOf(chunk.leaves.at(-1)!) + 1];
    if (next?.node.type === 'WhiteSpaceNode') removeNode(next.node, parents);
  }
}

function startsParagraph(lines: readonly Line[], index: number): boolean {
  if (index === 0) return true;
  const previous = lines[index - 1]!;
  return previous.breaks >= 2 || trimmedLeaves(previous).length === 0;
}

function paragraphText(lines: readonly Line[], index: number): string {
  const parts: string[] = [];
  for (let i = index; i < lines.length; i++) {
    parts.push(textOf(lines[i]!.leaves));
    if (lines[i]!.breaks >= 2) break;
  }
  return parts.join(' ');
}

function sentenceCount(text: string): number {
  return text.split(/[.!?]["”’)]*\s+(?=[\p{Lu}\p{N}])/u).filter((s) => s.trim() !== '').length;
}

function unifyBullets(lines: readonly Line[], parents: Parents_, bullet: string, report: Report): void {
  lines.forEach((line, index) => {
    const leaves = trimmedLeaves(line);
    const first = leaves[0];
    const next = leaves[1];
    if (!first || !next || first.node.type === 'WhiteSpaceNode') return;
    const mark = first.node.value;
    const after = line.leaves[line.leaves.indexOf(first) + 1];
    const spaced = after?.node.type === 'WhiteSpaceNode';
    const textAfter = spaced ? leaves[2] : next;
    if (!textAfter || !/^[\p{L}\p{N}"“”„«(]/u.test(textAfter.node.value)) return;
    const strong = STRONG_BULLET.test(mark);
    const weak = spaced && WEAK_BULLETS.has(mark) && !opensQuote(mark, lines, index);
    const dash = spaced && DASH_BULLETS.has(mark) && startsItem(lines, index);
    const dot = spaced && isDotBullet(lines, index, mark, textAfter.node.value);
    if (!strong && !weak && !dash && !dot) return;
    if (mark !== bullet) report('Unify bullet mark', 'bullet', first.node.position, mark, bullet);
    first.node.value = bullet;
    first.node.data = { ...first.node.data, bullet: true };
    if (spaced) {
      const space = after!.node as WhiteSpace;
      space.value = ' ';
    } else {
      const space: WhiteSpace = { type: 'WhiteSpaceNode', value: ' ' };
      insertAfter(first.node, space, parents);
    }
  });
}

/** Quotation marks. */
const QUOTE_MARKS = ["'", '‘', '’', '"', '“', '”'];
/** First characters of a list mark the OCR garbled with specks (`+.`, `*.`, `°°:`, `£.`, `-…`, `-...`, `=…`, a lone `…`). */
const GARBLED_BULLET_START = new Set([
  ...WEAK_BULLETS,
  ...DASH_BULLETS,
  '•',
  '…',
  '=',
  '~',
  '¢',
  '©',
  '£',
  '€',
  '&',
  ...QUOTE_MARKS,
]);
/**
 * Glyphs an OCR model writes alone for a bullet it does not know (•: ¢, ©, …, a quote mark, which
 * standing alone before a space opens no quotation).
 */
const BULLET_LOOKALIKES = new Set(['…', '¢', '©', ...QUOTE_MARKS]);
/** A chunk of one to four marks and symbols, no letter or digit. */
const MARKS_ONLY = /^[^\p{L}\p{N}\s]{1,4}$/u;

/**
 * The chunks of a list mark the OCR read with specks, at the start of a line where an item can start and
 * before a word: one chunk of marks only that opens with a bullet-like mark (`+.`, `*.`, `°°:`, `…`), or
 * a bullet followed by such a chunk (`- …`). A lone bullet is {@link unifyBullets}' work. 0 when none.
 */
function garbledBulletChunks(lines: readonly Line[], index: number, chunks: readonly Chunk[]): number {
  const [first, second, third] = chunks;
  // A speck may come before the bullet too (`.…`).
  const opener = first?.text[0] === '.' ? first.text[1] : first?.text[0];
  if (!first || !second || !MARKS_ONLY.test(first.text) || !opener || !GARBLED_BULLET_START.has(opener))
    return 0;
  if (!startsItem(lines, index)) return 0;
  if (/^[\p{L}\p{N}]/u.test(second.text))
    return first.text.length > 1 || BULLET_LOOKALIKES.has(first.text) ? 1 : 0;
  return MARKS_ONLY.test(second.text) && third && /^[\p{L}\p{N}]/u.test(third.text) ? 2 : 0;
}

/** List marks the OCR garbled with specks become the bullet (`+. sikre` -> `- sikre`). Message: `bullet`. */
function readGarbledBullets(lines: readonly Line[], parents: Parents_, bullet: string, report: Report): void {
  lines.forEach((line, index) => {
    const chunks = chunksOf(line);
    const count = garbledBulletChunks(lines, index, chunks);
    if (count === 0) return;
    const leaves = chunks.slice(0, count).flatMap((chunk) => chunk.leaves);
    const first = leaves[0]!;
    const last = leaves.at(-1)!;
    const stop = line.leaves.indexOf(chunks[count]!.leaves[0]!);
    const actual = textOf(line.leaves.slice(line.leaves.indexOf(first), line.leaves.indexOf(last) + 1));
    report(
      'Read a list mark garbled by specks as a bullet',
      'bullet',
      span(first.node, last.node),
      actual,
      bullet,
    );
    for (const leaf of line.leaves.slice(line.leaves.indexOf(first) + 1, stop))
      removeNode(leaf.node, parents);
    first.node.value = bullet;
    first.node.data = { ...first.node.data, bullet: true };
    insertAfter(first.node, { type: 'WhiteSpaceNode', value: ' ' } as WhiteSpace, parents);
  });
}

/**
 * A line holding only a list number (`2.`) next to another such line holding the number before or after it,
 * within a few lines: a column of list numbers the OCR read apart from their items, which the list marks'
 * removal would have taken anyway. A number alone without such a neighbour (a heading's) stays.
 */
function isDetachedListNumber(lines: readonly Line[], index: number, chunks: ReturnType<typeof chunksOf>) {
  if (chunks.length !== 1) return false;
  const match = LIST_NUMBER.exec(chunks[0]!.text);
  if (!match) return false;
  const n = Number(match[1]);
  for (let k = Math.max(0, index - LIST_REACH); k < Math.min(lines.length, index + LIST_REACH + 1); k++) {
    if (k === index) continue;
    const other = chunksOf(lines[k]!);
    const number = other.length === 1 ? LIST_NUMBER.exec(other[0]!.text) : null;
    if (number && Math.abs(Number(number[1]) - n) === 1) return true;
  }
  return false;
}

/** A list number the OCR read with a comma or doubled marks for its stop (`1,`, `3..`, `2.,`). */
const GARBLED_NUMBER = /^(\d{1,2})(?:,|[.,:;]{2,3})$/u;
/** A list number as printed (`2.`, `2)`). */
const LIST_NUMBER = /^(\d{1,2})[.)]$/u;
/** Lines around a numbered item searched for the item before or after it. */
const LIST_REACH = 8;

/**
 * A garbled list number where an item can start, before a word, in a numbered list (the number
 * before or after it opens a line nearby): `1, the first ...` beside `2. a second ...` becomes
 * `1. the first ...`. Message: `list-number`.
 */
function readGarbledNumbers(lines: readonly Line[], parents: Parents_, report: Report): void {
  const numberAt = (index: number): number | undefined => {
    const first = chunksOf(lines[index]!)[0]?.text ?? '';
    const match = LIST_NUMBER.exec(first) ?? GARBLED_NUMBER.exec(first);
    return match ? Number(match[1]) : undefined;
  };
  lines.forEach((line, index) => {
    const [first, second, third] = chunksOf(line);
    // A list number followed by a speck of its own (`2. . fremme`): the speck goes.
    if (
      first &&
      second &&
      third &&
      LIST_NUMBER.test(first.text) &&
      /^[.,:;'‘’]+$/u.test(second.text) &&
      /^\p{L}/u.test(third.text) &&
      startsItem(lines, index)
    ) {
      report(
        'Remove a speck after a list number',
        'list-number',
        span(second.leaves[0]!.node, second.leaves.at(-1)!.node),
        second.text,
        '',
      );
      const stop = line.leaves.indexOf(third.leaves[0]!);
      for (const leaf of line.leaves.slice(line.leaves.indexOf(second.leaves[0]!), stop))
        removeNode(leaf.node, parents);
      return;
    }
    const match = first ? GARBLED_NUMBER.exec(first.text) : null;
    if (!first || !match || !second || !/^\p{L}/u.test(second.text) || !startsItem(lines, index)) return;
    const n = Number(match[1]);
    let listed = false;
    for (let k = Math.max(0, index - LIST_REACH); k < Math.min(lines.length, index + LIST_REACH + 1); k++) {
      const other = k === index ? undefined : numberAt(k);
      if ((k < index && other === n - 1) || (k > index && other === n + 1)) listed = true;
    }
    const [digits, mark, ...rest] = first.leaves;
    if (!listed || !digits || !mark || digits.node.value !== match[1]) return;
    report(
      'Read a list number garbled by specks',
      'list-number',
      span(digits.node, first.leaves.at(-1)!.node),
      first.text,
      `${n}.`,
    );
    mark.node.value = '.';
    for (const leaf of rest) removeNode(leaf.node, parents);
  });
}

const CLOSING_GUILLEMET: Record<string, string> = { '«': '»', '»': '«' };

/** A guillemet that something later in its paragraph closes is a quotation mark, not a bullet. */
function opensQuote(mark: string, lines: readonly Line[], index: number): boolean {
  const closing = CLOSING_GUILLEMET[mark];
  return closing !== undefined && paragraphText(lines, index).slice(1).includes(closing);
}

/** A list item or footnote starts at a paragraph start or after a line that ends a clause. */
function startsItem(lines: readonly Line[], index: number): boolean {
  if (startsParagraph(lines, index)) return true;
  const previous = textOf(trimmedLeaves(lines[index - 1]!));
  return CLAUSE_END.test(previous);
}

function readPipesAsI(lines: readonly Line[], parents: Parents_, report: Report): void {
  for (const line of lines) {
    if (!line.leaves.some((leaf) => leaf.node.value === '|')) continue;
    const leaves = trimmedLeaves(line);
    leaves.forEach((leaf, i) => {
      if (leaf.node.value !== '|' || leaf.node.type === 'WhiteSpaceNode') return;
      const before = leaves.slice(0, i).filter((l) => l.node.type !== 'WhiteSpaceNode');
      const atStart = before.length === 0 || SENTENCE_END.test(textOf(before));
      if (!atStart) return;
      const next = leaves[i + 1];
      if (next?.node.type === 'WhiteSpaceNode') {
        const word = leaves[i + 2];
        if (!word || !/^[\p{L}\p{N}]/u.test(word.node.value)) return;
        const replacement: Word = {
          type: 'WordNode',
          children: [{ type: 'TextNode', value: 'I', position: leaf.node.position }],
          position: leaf.node.position,
        };
        report('Read `|` as the word `I`', 'pipe-as-i', leaf.node.position, '|', 'I');
        replaceNode(leaf.node, replacement, parents);
      } else if (next && next.node.type === 'TextNode' && /^\p{Ll}/u.test(next.node.value)) {
        report('Read `|` as the letter `I`', 'pipe-as-i', leaf.node.position, '|', 'I');
        next.node.value = `I${next.node.value}`;
        const start = leaf.node.position?.start;
        if (start && next.node.position) next.node.position = { ...next.node.position, start };
        removeNode(leaf.node, parents);
      }
    });
  }
}
