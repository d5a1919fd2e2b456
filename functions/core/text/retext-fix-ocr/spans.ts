/** Word-level context of retext-fix-ocr: spans of another language, and words OCR broke in two. */
import type { Nodes, Root, Sentence, Word } from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';
import { eachSentence } from '../nlcst-walk/index.ts';

/** What the span rules need to know about a word. */
export interface WordKnowledge {
  /** A word of the edition's language (lexicon, as written or in small letters). */
  known(word: string): boolean;
  /** A common word of another language the edition may quote ("the", "of", "für"). */
  foreign(word: string): boolean;
}

const WORD = /^\p{L}+$/u;
const CAPITALISED = /^\p{Lu}\p{Ll}+$/u;

/** The word nodes of a sentence, with the white space before each. */
function wordsOf(sentence: Sentence): { node: Word; text: string; spaceBefore: string | undefined }[] {
  const out: { node: Word; text: string; spaceBefore: string | undefined }[] = [];
  sentence.children.forEach((node, i) => {
    if (node.type !== 'WordNode') return;
    const before = sentence.children[i - 1];
    out.push({
      node,
      text: nlcstToString(node),
      spaceBefore: before?.type === 'WhiteSpaceNode' ? before.value : undefined,
    });
  });
  return out;
}

/**
 * Words inside a span of another language, left as written: a name or title ("European Fund for the
 * Integration of ..."), or a quoted phrase ("good governance"). A word that only the other language
 * writes is protected beside another word of that language or a capitalised word; a word both write
 * is protected beside a word only the other writes, or between capitalised words (a title's small
 * words). The capitalised words next to a protected word are protected too.
 */
export function foreignSpans(tree: Root, words: WordKnowledge): Set<Nodes> {
  const protectedWords = new Set<Nodes>();
  const capitalsMarkNames = capitalsAreRare(tree);
  eachSentence(tree, (sentence: Sentence) => {
    const list = wordsOf(sentence);
    const foreign = list.map(({ text }) => WORD.test(text) && words.foreign(text));
    const foreignOnly = list.map(({ text }, i) => foreign[i]! && !words.known(text));
    const capital = list.map(({ text }, i) => capitalsMarkNames && i > 0 && CAPITALISED.test(text));
    list.forEach(({ node }, i) => {
      if (!foreign[i]) return;
      const near = [i - 1, i + 1].filter((j) => j >= 0 && j < list.length);
      const protect = foreignOnly[i]
        ? near.some((j) => foreign[j] || capital[j])
        : near.some((j) => foreignOnly[j]) ||
          ([i - 1, i - 2].some((j) => capital[j] || foreignOnly[j]) &&
            [i + 1, i + 2].some((j) => capital[j] || foreignOnly[j]));
      if (!protect) return;
      protectedWords.add(node);
      for (const j of near) if (capital[j]) protectedWords.add(list[j]!.node);
    });
  });
  return protectedWords;
}

/** Share of capitalised words inside sentences above which capitals are grammar (German nouns), not names. */
const GRAMMATICAL_CAPITALS = 0.15;

/**
 * True when capitalised words inside sentences are rare enough in this document to mark names and titles. In a
 * language that capitalises every noun they are a fifth or more of the words and say nothing of names.
 */
function capitalsAreRare(tree: Root): boolean {
  let inside = 0;
  let capitalised = 0;
  eachSentence(tree, (sentence: Sentence) => {
    wordsOf(sentence).forEach(({ text }, i) => {
      if (i === 0 || !WORD.test(text)) return;
      inside++;
      if (CAPITALISED.test(text)) capitalised++;
    });
  });
  return inside === 0 || capitalised / inside < GRAMMATICAL_CAPITALS;
}

/** Two words on one line that OCR may have broken out of one ("dét te" for "dette"). */
export interface BrokenWord {
  sentence: Sentence;
  /** The first word, the white space and the second word. */
  nodes: [Word, Nodes, Word];
  left: string;
  right: string;
}

/** Pairs of words in small letters separated by one space on one line, where one is not a word. */
export function brokenWords(tree: Root, isWord: (word: string) => boolean): BrokenWord[] {
  const found: BrokenWord[] = [];
  eachSentence(tree, (sentence: Sentence) => {
    const children = sentence.children;
    for (let i = 0; i + 2 < children.length; i++) {
      const a = children[i]!;
      const space = children[i + 1]!;
      const b = children[i + 2]!;
      if (a.type !== 'WordNode' || b.type !== 'WordNode' || space.type !== 'WhiteSpaceNode') continue;
      if (space.value !== ' ') continue;
      const left = nlcstToString(a);
      const right = nlcstToString(b);
      if (!/^\p{L}+$/u.test(left) || !/^\p{Ll}+$/u.test(right)) continue;
      if (isWord(left) && isWord(right)) continue;
      found.push({ sentence, nodes: [a, space, b], left, right });
    }
  });
  return found;
}
