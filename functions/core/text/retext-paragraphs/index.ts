import type { Root, WhiteSpace } from 'nlcst';
import type { VFile } from 'vfile';
import { reportChange } from '../change-log.ts';
import {
  type Leaf,
  type Line,
  indexTree,
  linesFrom,
  removeNode,
  textOf,
  trimmedLeaves,
} from '../nlcst-lines/index.ts';

/** Options of {@link retextParagraphs}. */
export interface RetextParagraphsOptions {
  /** Conjunctions of the language: a line ending "…; and" closes a list item, it does not run on. */
  conjunctions?: readonly string[];
}

const SOURCE = 'retext-paragraphs';
const CLOSERS = '["”’»)\\]]*';
const ENDS_CLAUSE = new RegExp(`[.:;!?]${CLOSERS}$`, 'u');
const ENDS_SENTENCE = new RegExp(`[.!?]${CLOSERS}$`, 'u');
const ENDS_LEAD_IN = new RegExp(`:${CLOSERS}$`, 'u');
const STARTS_UPPER = /^["“„«(]?[\p{Lu}\p{N}]/u;
const STRONG_BULLET = /^[•●○◦▪■‣⁃∙]$/u;
/** A line shorter than this share of the typical line ended before the margin: on purpose. */
const SHORT_LINE = 0.7;
/** A line this share of the typical line long or longer ran to the margin. */
const FULL_LINE = 0.85;
/** Longest lead-in line, in words. */
const LEAD_IN_WORDS = 10;
/** List items end in ";", and the next item opens with a capital. */
const ENDS_ITEM = new RegExp(`;${CLOSERS}$`, 'u');
/** Longest title-like line, in words. */
const TITLE_WORDS = 8;

interface LineInfo {
  line: Line;
  /** Position of the line among all lines. */
  index: number;
  text: string;
  bullet: boolean;
  /** The line opens a footnote (marked by retext-normalise). */
  footnote: boolean;
  words: number;
}

/**
 * Rebuild paragraphs from lines. A new paragraph starts at a blank line, a bullet line, a footnote
 * (marked by retext-normalise), after a lead-in ending in ":" followed by a capital or ended early,
 * after a short line closing a clause, after an item ending in ";" when the next opens with a
 * capital, at a short lead-in after a finished sentence, and around a short title-like line; other
 * lines are joined with one space. A blank line inside a sentence (a page or column break) is joined
 * over: the line before stops without closing a clause and the next goes on in lower case, or in
 * capitals after a line that ran to the margin or a comma. Paragraphs come out separated by one
 * blank line; white space inside lines is collapsed. "Short" and "ran to the margin" are measured
 * against the text's own typical line length. Messages record only the decisions that went against
 * the layout: `break-paragraph` (no blank line in the input) and `join-across-blank-line`.
 */
export default function retextParagraphs(options: RetextParagraphsOptions = {}) {
  if (options === null || typeof options !== 'object')
    throw new TypeError('retext-paragraphs: options must be an object');
  const { conjunctions = [] } = options;
  if (!Array.isArray(conjunctions) || conjunctions.some((c) => typeof c !== 'string')) {
    throw new TypeError('retext-paragraphs: `conjunctions` must be an array of strings');
  }
  const conjunctionSet = new Set(conjunctions.map((c) => c.toLowerCase()));
  const endsListItem = (text: string): boolean => {
    const match = /[;,]\s*(\p{L}+)$/u.exec(text);
    return (
      match !== null &&
      (conjunctionSet.size > 0 ? conjunctionSet.has(match[1]!.toLowerCase()) : match[1]!.length <= 4)
    );
  };

  return (tree: Root, file: VFile): void => {
    const { leaves, parents } = indexTree(tree);
    const lines = linesFrom(leaves);
    const infos = lines.map((line, index) => describe(line, index, lines));
    const filled = infos.filter((info) => info.words >= 3).map((info) => info.text.length);
    const typical = filled.length >= 5 ? percentile(filled, 0.8) : undefined;
    const isShort = (info: LineInfo) => typical !== undefined && info.text.length < SHORT_LINE * typical;
    /** A short lead-in ending in a colon, such as "As employers we will:". */
    const isLeadIn = (info: LineInfo) =>
      !info.bullet &&
      ENDS_LEAD_IN.test(info.text) &&
      info.words <= LEAD_IN_WORDS &&
      /^\P{L}{0,2}[\p{Lu}\p{N}]/u.test(info.text);
    const isTitle = (info: LineInfo) =>
      !info.bullet &&
      isShort(info) &&
      info.words <= TITLE_WORDS &&
      STARTS_UPPER.test(info.text) &&
      !/[.,;:!?]$/u.test(info.text);

    for (const line of lines) collapseInnerSpace(line);
    const nonEmpty = infos.filter((info) => info.text !== '');
    // White space before the first and after the last line goes.
    for (const info of infos) {
      if (info === nonEmpty[0]) {
        const leaves = info.line.leaves;
        for (const leaf of leaves.slice(0, leaves.indexOf(trimmedLeaves(info.line)[0]!)))
          removeNode(leaf.node, parents);
        break;
      }
      for (const leaf of [...info.line.leaves, ...(info.line.end ? [info.line.end] : [])])
        removeNode(leaf.node, parents);
    }
    const last = nonEmpty.at(-1);
    if (last) {
      for (const leaf of last.line.leaves.slice(
        last.line.leaves.indexOf(trimmedLeaves(last.line).at(-1)!) + 1,
      )) {
        removeNode(leaf.node, parents);
      }
      for (const info of infos.slice(last.index + 1))
        for (const leaf of info.line.leaves) removeNode(leaf.node, parents);
      if (last.line.end) removeNode(last.line.end.node, parents);
    }

    let startOfParagraph = true;
    for (let n = 0; n < nonEmpty.length - 1; n++) {
      const a = nonEmpty[n]!;
      const b = nonEmpty[n + 1]!;
      const between = infos.slice(a.index, b.index);
      const separators = between.flatMap((info) => (info.line.end ? [info.line.end] : []));
      const blank = between.length > 1 || separators.some((s) => /\n[^\n]*\n/u.test(s.node.value));
      for (const info of between.slice(1))
        for (const leaf of info.line.leaves) removeNode(leaf.node, parents);
      for (const separator of separators.slice(1)) removeNode(separator.node, parents);
      // Trailing spaces of line a are part of the separator already (one white-space leaf).
      const separator = separators[0]!;

      let paragraphBreak: boolean;
      if (blank) {
        // A line that stops without punctuation and goes on after the blank line: a page or column
        // break. In lower case the next line surely continues; in capitals only after a full line.
        const runsOn =
          !ENDS_CLAUSE.test(a.text) &&
          !b.bullet &&
          !b.footnote &&
          (!isShort(a) || /,$/u.test(a.text)) &&
          !endsListItem(a.text) &&
          (/^\p{Ll}/u.test(b.text) ||
            (STARTS_UPPER.test(b.text) &&
              !isTitle(b) &&
              !isLeadIn(b) &&
              (/,$/u.test(a.text) ||
                (typical !== undefined &&
                  a.text.length >= FULL_LINE * typical &&
                  /[\p{L}\p{N}]$/u.test(a.text)))));
        paragraphBreak = !runsOn;
      } else {
        const next = nonEmpty[n + 2];
        paragraphBreak =
          b.bullet ||
          b.footnote ||
          (ENDS_LEAD_IN.test(a.text) && (STARTS_UPPER.test(b.text) || isShort(a))) ||
          // A line that ends a clause well before the margin was ended on purpose.
          (ENDS_CLAUSE.test(a.text) &&
            isShort(a) &&
            (STARTS_UPPER.test(b.text) || !ENDS_LEAD_IN.test(a.text))) ||
          // A lead-in after a finished sentence opens a new block ("…behov.\nSom arbeidsgivere vil vi:").
          (isLeadIn(b) && ENDS_SENTENCE.test(a.text)) ||
          (ENDS_ITEM.test(a.text) && STARTS_UPPER.test(b.text)) ||
          (startOfParagraph && isTitle(a) && STARTS_UPPER.test(b.text)) ||
          (isTitle(b) &&
            ENDS_SENTENCE.test(a.text) &&
            (!next || b.line.breaks >= 2 || STARTS_UPPER.test(next.text)));
      }
      const value = paragraphBreak ? '\n\n' : ' ';
      if (blank !== paragraphBreak) {
        reportChange(
          file,
          paragraphBreak ? 'Start a paragraph at a line break' : 'Join lines across a page or column break',
          separator.node.position,
          paragraphBreak ? 'break-paragraph' : 'join-across-blank-line',
          SOURCE,
          separator.node.value,
          value,
        );
      }
      (separator.node as WhiteSpace).value = value;
      startOfParagraph = paragraphBreak;
    }
  };
}

function describe(line: Line, index: number, lines: readonly Line[]): LineInfo {
  const leaves = trimmedLeaves(line);
  const text = textOf(leaves).replace(/\s+/gu, ' ');
  const first = leaves[0];
  const bullet =
    first !== undefined &&
    (first.node.data?.bullet === true ||
      STRONG_BULLET.test(first.node.value) ||
      (first.node.value === '-' &&
        leaves[1]?.node.type === 'WhiteSpaceNode' &&
        dashStartsItem(index, lines)));
  const footnote = first?.node.data?.footnote !== undefined;
  return { line, index, text, bullet, footnote, words: text === '' ? 0 : text.split(' ').length };
}

function dashStartsItem(index: number, lines: readonly Line[]): boolean {
  if (index === 0) return true;
  const previous = lines[index - 1]!;
  return previous.breaks >= 2 || ENDS_CLAUSE.test(textOf(trimmedLeaves(previous)));
}

function collapseInnerSpace(line: Line): void {
  const leaves: Leaf[] = trimmedLeaves(line);
  for (const leaf of leaves) if (leaf.node.type === 'WhiteSpaceNode') leaf.node.value = ' ';
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}
