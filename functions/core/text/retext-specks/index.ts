import type { Parents, Punctuation, Root, Text, WhiteSpace, Word } from 'nlcst';
import type { VFile } from 'vfile';
import { reportChange } from '../change-log.ts';
import type { Lexicon } from '../types.ts';

/** Options of {@link retextSpecks}. */
export interface RetextSpecksOptions {
  /** The language's word list: both words around a speck must be words of it. */
  lexicon: Pick<Lexicon, 'has'>;
}

const SOURCE = 'retext-specks';
/** Marks a speck of dirt is read as between two words run together: "at.tale", "alder'og", "ret til:social". */
const JOINING_SPECK = new Set(['.', ',', ':', "'", '’', '`', '·']);
/** Marks after which a one-letter word may stand run together with the next ("a.report", "indbyggere.i"). */
const SHORT_WORD_SPECK = new Set(['.', ',', ':']);
/** Fewest letters of the other word beside a one-letter word run together with it. */
const MIN_BESIDE_SHORT = 3;
const LETTERS = /^\p{L}+$/u;
const APOSTROPHES = new Set(["'", '’', '`']);
/** Shortest word before an apostrophe read as a speck: "qu'il", "l'homme", "d'un" are elisions. */
const MIN_BEFORE_APOSTROPHE = 3;
const LOWER_FIRST = /^\p{Ll}/u;

const isText = (node: unknown): node is Text => (node as Text)?.type === 'TextNode';
const isPunctuation = (node: unknown, values?: ReadonlySet<string>): node is Punctuation =>
  (node as Punctuation)?.type === 'PunctuationNode' && (!values || values.has((node as Punctuation).value));

/** Marks a speck is read as when it sits just before a word in the middle of a line: " .om", " ,det". */
const LEADING_SPECK = new Set(['.', ',']);

/**
 * A dot or comma glued to the front of a word in small letters of the language, after a space inside a
 * sentence (" .om", " ,det"), is a speck: no language writes punctuation there (a ".eu" or ".com" is no
 * word of it). Message: `leading-speck`.
 */
function removeLeadingSpecks(
  words: ReadonlyArray<{ word: Word; parent: Parents }>,
  isWord: (word: string) => boolean,
  file: VFile,
) {
  for (const { word, parent } of words) {
    const [mark, text] = word.children;
    if (word.children.length !== 2 || !isPunctuation(mark, LEADING_SPECK) || !isText(text)) continue;
    if (!/^\p{Ll}{2,}$/u.test(text.value) || !isWord(text.value)) continue;
    const at = parent.children.indexOf(word as never);
    const previous = parent.children[at - 1];
    const beforeThat = parent.children[at - 2];
    if (previous?.type !== 'WhiteSpaceNode' || /\n/u.test(previous.value) || beforeThat?.type !== 'WordNode')
      continue;
    word.children.splice(0, 1);
    reportChange(
      file,
      'Remove a speck read as punctuation before a word',
      mark.position,
      'leading-speck',
      SOURCE,
      `${mark.value}${text.value}`,
      text.value,
    );
  }
}

/** Letters a genitive apostrophe may follow ("cities'", "EUROCITIES'", "Marx'"). */
const GENITIVE_END = /[sxzSXZ]$/u;

/**
 * An apostrophe after a word of the language that does not end in s, x or z, before a space or the end,
 * in a paragraph where no single quote opens ("within' the city", "af' samfundet"), is a speck: no
 * genitive, no closing quote. Message: `trailing-speck`.
 */
function removeTrailingApostrophes(tree: Root, isWord: (word: string) => boolean, file: VFile) {
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    const sentences = paragraph.children.filter((node) => node.type === 'SentenceNode');
    const nodes = sentences.flatMap((sentence) => sentence.children.map((node) => ({ node, sentence })));
    const opens = nodes.some(
      ({ node }, i) =>
        isPunctuation(node, APOSTROPHES) &&
        (i === 0 || nodes[i - 1]!.node.type === 'WhiteSpaceNode') &&
        nodes[i + 1]?.node.type === 'WordNode',
    );
    if (opens) continue;
    nodes.forEach(({ node, sentence }, i) => {
      const word = nodes[i - 1]?.node;
      const next = nodes[i + 1]?.node;
      if (!isPunctuation(node, APOSTROPHES) || word?.type !== 'WordNode') return;
      if (next !== undefined && next.type !== 'WhiteSpaceNode') return;
      const [text] = word.children;
      if (word.children.length !== 1 || !isText(text) || !LETTERS.test(text.value)) return;
      if (GENITIVE_END.test(text.value) || !isWord(text.value)) return;
      sentence.children.splice(sentence.children.indexOf(node), 1);
      reportChange(
        file,
        'Remove a speck read as an apostrophe after a word',
        node.position,
        'trailing-speck',
        SOURCE,
        `${text.value}${node.value}`,
        text.value,
      );
    });
  }
}

/** A joining mark between two runs of letters in one text (a word the OCR corrector rewrote whole). */
const JOINED_TEXT = /^(\p{L}+)([.,:'’`·])(\p{L}+)$/u;

/**
 * The two texts and the mark of a word made of text, a joining mark and text: as the parser splits it,
 * or as one text node (a word the OCR corrector replaced whole, "mediem.af" read as "medlem.af").
 */
function joinedWords(word: Word): { a: Text; mark: Punctuation; b: Text } | undefined {
  const [a, mark, b] = word.children;
  if (word.children.length === 3 && isText(a) && isText(b) && isPunctuation(mark, JOINING_SPECK))
    return { a, mark, b };
  const match = word.children.length === 1 && isText(a) ? JOINED_TEXT.exec(a.value) : null;
  if (!match || !JOINING_SPECK.has(match[2]!)) return undefined;
  const position = a!.position;
  return {
    a: { type: 'TextNode', value: match[1]!, position },
    mark: { type: 'PunctuationNode', value: match[2]!, position },
    b: { type: 'TextNode', value: match[3]!, position },
  };
}

/**
 * Specks of dirt the OCR read as punctuation where a space was: "at.tale" -> "at tale" and "alder'og" ->
 * "alder og" (two words of the language run together by a dot, comma, colon or apostrophe, the second in lower case,
 * where neither the whole nor the two run together is a word). Names, numbers, addresses, elisions and
 * abbreviations are left alone. Message: `split-speck-joined-words`.
 */
export default function retextSpecks(options: RetextSpecksOptions) {
  if (typeof options?.lexicon?.has !== 'function') {
    throw new TypeError('retext-specks: `lexicon` must have a `has(word)` method');
  }
  const { lexicon } = options;
  const isWord = (word: string) => lexicon.has(word) || lexicon.has(word.toLowerCase());
  // An elision or a contraction the language writes with an apostrophe, in either apostrophe.
  const elides = (before: string, after: string) =>
    before.length < MIN_BEFORE_APOSTROPHE ||
    [...APOSTROPHES].some((mark) => isWord(`${before}${mark}${after}`));
  // Two words of two letters or more; or a one-letter word and one of three or more, by a dot or colon
  // (never initials or abbreviations like "e.g", "z.B", both of one letter).
  const longEnough = (a: string, b: string, mark: string) =>
    (a.length >= 2 && b.length >= 2) ||
    (SHORT_WORD_SPECK.has(mark) &&
      Math.min(a.length, b.length) === 1 &&
      Math.max(a.length, b.length) >= MIN_BESIDE_SHORT);
  return (tree: Root, file: VFile) => {
    const words: Array<{ word: Word; parent: Parents }> = [];
    const walk = (node: Parents) => {
      for (const child of node.children) {
        if (child.type === 'WordNode') words.push({ word: child, parent: node });
        else if ('children' in child) walk(child as Parents);
      }
    };
    walk(tree);
    removeLeadingSpecks(words, isWord, file);
    removeTrailingApostrophes(tree, isWord, file);
    for (const { word, parent } of words) {
      const joined = joinedWords(word);
      if (!joined) continue;
      const { a, mark, b } = joined;
      if (
        LETTERS.test(a.value) &&
        LETTERS.test(b.value) &&
        longEnough(a.value, b.value, mark.value) &&
        LOWER_FIRST.test(b.value) &&
        isWord(a.value) &&
        isWord(b.value) &&
        !isWord(a.value + mark.value + b.value) &&
        !isWord(a.value + b.value) &&
        !(APOSTROPHES.has(mark.value) && elides(a.value, b.value))
      ) {
        const actual = `${a.value}${mark.value}${b.value}`;
        const space: WhiteSpace = { type: 'WhiteSpaceNode', value: ' ', position: mark.position };
        const left: Word = { type: 'WordNode', children: [a], position: a.position };
        const right: Word = { type: 'WordNode', children: [b], position: b.position };
        const at = parent.children.indexOf(word as never);
        (parent.children as unknown[]).splice(at, 1, left, space, right);
        reportChange(
          file,
          'Split two words a speck ran together',
          word.position,
          'split-speck-joined-words',
          SOURCE,
          actual,
          `${a.value} ${b.value}`,
        );
      }
    }
  };
}
