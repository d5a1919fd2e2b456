/** Marks specks leave beside words and stops: unpaired quotation marks, marks after a full stop, lone letters. */
import type {
  Paragraph,
  Parents,
  Punctuation,
  Root,
  Sentence,
  Symbol as Symbol_,
  WhiteSpace,
  Word,
} from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';
import type { VFile } from 'vfile';
import { reportChange } from '../change-log.ts';

const SOURCE = 'retext-specks';
const LETTERS = /^\p{L}+$/u;
const isPunctuation = (node: unknown, values?: ReadonlySet<string>): node is Punctuation =>
  (node as Punctuation)?.type === 'PunctuationNode' && (!values || values.has((node as Punctuation).value));

/** Double quotation marks, straight and curly. */
const DOUBLE_QUOTES = new Set(['"', '“', '”', '„']);
/** Single marks that may open a quotation before a word. */
const SINGLE_OPENING = new Set(["'", '‘']);
/** Single marks that may close a quotation (or end a genitive) after a word. */
const SINGLE_CLOSING = new Set(["'", '’']);
const isWordNode = (node: unknown): node is Word => (node as Word)?.type === 'WordNode';
const isSpace = (node: unknown) => node === undefined || (node as WhiteSpace).type === 'WhiteSpaceNode';
const lettersOnly = (node: unknown) => isWordNode(node) && LETTERS.test(nlcstToString(node));

/**
 * Quotation marks that nothing in their paragraph pairs with, glued to a word in letters: a speck the OCR
 * read as a quote (`- "Vi vil`, `byen, sikres" ved`, `or 'public services`). Double marks
 * pair in turn, an opening one before a word with the next closing one after a word; a single mark
 * opening a word is matched by any single mark closing one later in the paragraph. Message: `quote-speck`.
 */
export function removeUnmatchedQuotes(tree: Root, file: VFile): number {
  let removed = 0;
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    const nodes = paragraph.children
      .filter((node) => node.type === 'SentenceNode')
      .flatMap((sentence) => sentence.children.map((node) => ({ node, sentence })));
    const unmatched: Array<{ node: Punctuation; sentence: Sentence; word: unknown }> = [];
    let open: (typeof unmatched)[number] | undefined;
    nodes.forEach(({ node, sentence }, i) => {
      if (!isPunctuation(node)) return;
      const previous = nodes[i - 1]?.node;
      const next = nodes[i + 1]?.node;
      const opening = isWordNode(next) && !isWordNode(previous);
      const closing = !isSpace(previous) && !isWordNode(next);
      if (DOUBLE_QUOTES.has(node.value)) {
        if (opening) {
          if (open) unmatched.push(open);
          open = { node, sentence, word: next };
        } else if (closing) {
          if (open) open = undefined;
          else if (isWordNode(previous)) unmatched.push({ node, sentence, word: previous });
        }
      } else if (SINGLE_OPENING.has(node.value) && opening && isSpace(previous)) {
        const closed = nodes
          .slice(i + 2)
          .some(
            ({ node: later }, k) => isPunctuation(later, SINGLE_CLOSING) && !isSpace(nodes[i + 1 + k]?.node),
          );
        if (!closed) unmatched.push({ node, sentence, word: next });
      }
    });
    if (open) unmatched.push(open);
    for (const { node, sentence, word } of unmatched) {
      if (!lettersOnly(word)) continue;
      sentence.children.splice(sentence.children.indexOf(node), 1);
      removed++;
      reportChange(
        file,
        'Remove a speck read as a quotation mark',
        node.position,
        'quote-speck',
        SOURCE,
        node.value,
        '',
      );
    }
  }
  return removed;
}

/** Marks a speck after a full stop is read as (`politik.:`, `the city. :`, `byen. '`). */
const AFTER_STOP = new Set([':', ';', "'"]);

/** A paragraph's nodes in order, sentences opened, each with the node that holds it. */
function paragraphNodes(paragraph: Paragraph): Array<{ node: unknown; holder: Parents }> {
  return paragraph.children.flatMap((child) =>
    child.type === 'SentenceNode'
      ? child.children.map((node) => ({ node: node as unknown, holder: child as Parents }))
      : [{ node: child as unknown, holder: paragraph as Parents }],
  );
}

/**
 * A colon, semicolon or apostrophe right after a full stop, glued to it or standing alone, and before a
 * space or the end, is a speck: no sentence ends twice. After an abbreviation the lexicon knows with its
 * stop (`etc.:`) the mark stays. Message: `stop-speck`.
 */
export function removeMarksAfterStops(tree: Root, isWord: (word: string) => boolean, file: VFile): number {
  let removed = 0;
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    const nodes = paragraphNodes(paragraph);
    nodes.forEach(({ node, holder }, i) => {
      if (!isPunctuation(node, AFTER_STOP) || !isSpace(nodes[i + 1]?.node)) return;
      let at = i - 1;
      const spaced = (nodes[at]?.node as WhiteSpace | undefined)?.type === 'WhiteSpaceNode';
      if (spaced) {
        if (/\n/u.test((nodes[at]!.node as WhiteSpace).value)) return;
        at--;
      }
      const stop = nodes[at]?.node;
      const word = nodes[at - 1]?.node;
      // The stop stands alone after the word, or the parser kept it inside the word.
      const [text, mark] = isWordNode(stop)
        ? [nlcstToString(stop).slice(0, -1), stop.children.at(-1)]
        : [isWordNode(word) ? nlcstToString(word) : '', stop];
      if (!isPunctuation(mark, new Set(['.'])) || !LETTERS.test(text) || text.length < 2) return;
      if (isWord(`${text}.`)) return;
      const children = holder.children as unknown[];
      children.splice(children.indexOf(node), 1);
      if (spaced) {
        const space = nodes[i - 1]!.holder.children as unknown[];
        space.splice(space.indexOf(nodes[i - 1]!.node), 1);
      }
      removed++;
      reportChange(
        file,
        'Remove a speck read as a mark after a full stop',
        (node as Punctuation).position,
        'stop-speck',
        SOURCE,
        (node as Punctuation).value,
        '',
      );
    });
  }
  return removed;
}

/** Marks that end a sentence. */
const SENTENCE_STOPS = new Set(['.', '!', '?']);
/** Share of the language's words a one-letter word must reach to stand alone at a line end after a full stop. */
export const LONE_LETTER_SHARE = 1e-3;

/**
 * A letter standing alone at the end of a line right after a full stop (`politik. R`,
 * `Kapitel 4. s`) is a speck: in small letters when it is no common word of the language, a capital
 * only before a paragraph break (a capital before more text may be an initial). Message: `letter-speck`.
 */
export function removeLoneLetters(tree: Root, common: (word: string) => boolean, file: VFile): number {
  let removed = 0;
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    // White space between sentences belongs to the paragraph.
    const nodes = paragraphNodes(paragraph);
    nodes.forEach(({ node, holder }, i) => {
      if (!isWordNode(node) || !/^\p{L}$/u.test(nlcstToString(node))) return;
      const letter = nlcstToString(node);
      const before = nodes[i - 1]?.node as WhiteSpace | undefined;
      const stop = nodes[i - 2]?.node;
      const after = nodes[i + 1]?.node as WhiteSpace | undefined;
      if (before?.type !== 'WhiteSpaceNode' || /\n/u.test(before.value)) return;
      // The stop stands alone, or inside the word before when the parser kept it there ("4." + "s").
      const mark = isWordNode(stop) ? stop.children.at(-1) : stop;
      if (!isPunctuation(mark, SENTENCE_STOPS)) return;
      if (after !== undefined && (after.type !== 'WhiteSpaceNode' || !/\n/u.test(after.value))) return;
      // A capital before more text may be an initial: only one ending its paragraph goes; so does any
      // small letter there, which no sentence of one word without a stop is.
      const paragraphEnd = after === undefined && holder === paragraph.children.at(-1);
      if (/^\p{Lu}$/u.test(letter) ? !paragraphEnd : common(letter) && !paragraphEnd) return;
      const children = holder.children as unknown[];
      children.splice(children.indexOf(node), 1);
      const space = nodes[i - 1]!.holder.children as unknown[];
      space.splice(space.indexOf(before), 1);
      removed++;
      reportChange(
        file,
        'Remove a letter standing alone after a full stop at a line end',
        (node as Word).position,
        'letter-speck',
        SOURCE,
        letter,
        '',
      );
    });
  }
  return removed;
}

/** Marks a speck standing alone between two words of a line is read as (`Concerning . the`, `fondet * for`). */
const LONE_BETWEEN = new Set(['.', ',', '*', "'", '|', '·']);
/** Marks a speck standing alone after a number ending a line is read as (`Article 4 :`). */
const AFTER_NUMBER = new Set([':', ';', '.', ',']);

/**
 * A mark standing alone between spaces, between two words of a line, the second in small letters, is a
 * speck: no language writes a stop, comma, asterisk or apostrophe with a space on both sides (French
 * spaces only its colons and semicolons, which are not read here). So is a colon, semicolon, stop or comma
 * standing alone after a number that ends its line (`Article 4 :`, a heading). Message: `lone-speck`.
 */
export function removeLoneMarks(tree: Root, file: VFile): number {
  let removed = 0;
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    const nodes = paragraphNodes(paragraph);
    const lineSpace = (k: number) => {
      const node = nodes[k]?.node as WhiteSpace | undefined;
      return node?.type === 'WhiteSpaceNode' && !/\n/u.test(node.value);
    };
    nodes.forEach(({ node, holder }, i) => {
      // The parser reads "*" and "|" as symbols, the others as punctuation.
      const mark = node as Punctuation | Symbol_;
      if ((mark.type !== 'PunctuationNode' && mark.type !== 'SymbolNode') || !lineSpace(i - 1)) return;
      const before = nodes[i - 2]?.node;
      const after = nodes[i + 2]?.node;
      const between =
        LONE_BETWEEN.has(mark.value) &&
        lineSpace(i + 1) &&
        lettersOnly(before) &&
        lettersOnly(after) &&
        /^\p{Ll}/u.test(nlcstToString(after as Word));
      const next = nodes[i + 1]?.node as WhiteSpace | undefined;
      const lineEnd = next === undefined || (next.type === 'WhiteSpaceNode' && /\n/u.test(next.value));
      const afterNumber =
        AFTER_NUMBER.has(mark.value) &&
        lineEnd &&
        isWordNode(before) &&
        /^\p{N}+$/u.test(nlcstToString(before));
      if (!between && !afterNumber) return;
      const children = holder.children as unknown[];
      children.splice(children.indexOf(node), 1);
      // The space before the mark goes with it.
      const space = nodes[i - 1]!;
      const spaceChildren = space.holder.children as unknown[];
      spaceChildren.splice(spaceChildren.indexOf(space.node), 1);
      removed++;
      reportChange(
        file,
        'Remove a speck read as a mark standing alone',
        mark.position,
        'lone-speck',
        SOURCE,
        mark.value,
        '',
      );
    });
  }
  return removed;
}
