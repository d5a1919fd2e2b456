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
/** Marks a speck of dirt is read as between two words run together: "at.tale", "alder'og". */
const JOINING_SPECK = new Set(['.', ',', "'", '’', '`', '·']);
const LETTERS = /^\p{L}+$/u;
const APOSTROPHES = new Set(["'", '’', '`']);
/** Shortest word before an apostrophe read as a speck: "qu'il", "l'homme", "d'un" are elisions. */
const MIN_BEFORE_APOSTROPHE = 3;
const LOWER_FIRST = /^\p{Ll}/u;

const isText = (node: unknown): node is Text => (node as Text)?.type === 'TextNode';
const isPunctuation = (node: unknown, values?: ReadonlySet<string>): node is Punctuation =>
  (node as Punctuation)?.type === 'PunctuationNode' && (!values || values.has((node as Punctuation).value));

/**
 * Specks of dirt the OCR read as punctuation where a space was: "at.tale" -> "at tale" and "alder'og" ->
 * "alder og" (two words of the language run together by a dot, comma or apostrophe, the second in lower case,
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
  return (tree: Root, file: VFile) => {
    const words: Array<{ word: Word; parent: Parents }> = [];
    const walk = (node: Parents) => {
      for (const child of node.children) {
        if (child.type === 'WordNode') words.push({ word: child, parent: node });
        else if ('children' in child) walk(child as Parents);
      }
    };
    walk(tree);
    for (const { word, parent } of words) {
      const [a, mark, b] = word.children;
      if (
        word.children.length === 3 &&
        isText(a) &&
        isText(b) &&
        isPunctuation(mark, JOINING_SPECK) &&
        LETTERS.test(a.value) &&
        LETTERS.test(b.value) &&
        a.value.length >= 2 &&
        b.value.length >= 2 &&
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
