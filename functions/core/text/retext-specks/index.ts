import type { Parents, Punctuation, Root, Text, WhiteSpace, Word } from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';
import type { VFile } from 'vfile';
import { reportChange } from '../change-log.ts';
import {
  LONE_LETTER_SHARE,
  removeLoneLetters,
  removeLoneMarks,
  removeMarksAfterStops,
  removeUnmatchedQuotes,
} from './stray-marks.ts';
import type { FrequencyList, Lexicon } from '../types.ts';

/** Options of {@link retextSpecks}. */
export interface RetextSpecksOptions {
  /** The language's word list: both words around a speck must be words of it. */
  lexicon: Pick<Lexicon, 'has' | 'start'>;
  /**
   * The language's word counts: with them, a hyphen between two of the language's commonest words
   * is read as a speck too, in a document whose OCR shows specks between words.
   */
  frequency?: Pick<FrequencyList, 'count' | 'total'>;
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
const LOWER = /^\p{Ll}+$/u;
/** A first word or capitalised word (the second must be in small letters). */
const CAPITALISED_OR_LOWER = /^\p{Lu}?\p{Ll}+$/u;
/** Most letters of a common word before a hyphen read as a speck whatever the word after it. */
const SHORT_PREFIX = 3;
/** Hyphens a speck between two words may be read as. */
const HYPHENS = new Set(['-', '‐']);
/** Share of the language's words each word beside a hyphen must reach for the hyphen to be read as a speck. */
const COMMON_SHARE = 1e-3;
/** Specks between words (dots, colons, apostrophes) a document must show before a hyphen is read as one. */
const MIN_SPECK_EVIDENCE = 2;
/** Share of the language's words from which a word the dictionary lacks counts as written whole. */
const LISTED_SHARE = 1e-5;
/** Key of the vfile data where a document's specks are counted, across this and later cleaning steps. */
export const SPECK_EVIDENCE = 'speckEvidence';

/** Specks between words counted in a document so far (by this plugin and the OCR corrector). */
export function speckEvidence(file: VFile): number {
  return ((file.data as Record<string, unknown>)[SPECK_EVIDENCE] as number | undefined) ?? 0;
}

/** Adds `count` specks to a document's evidence. */
export function addSpeckEvidence(file: VFile, count: number): void {
  (file.data as Record<string, unknown>)[SPECK_EVIDENCE] = speckEvidence(file) + count;
}

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
): number {
  let removed = 0;
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
    removed++;
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
  return removed;
}

/** Letters a genitive apostrophe may follow ("cities'", "EUROCITIES'", "Marx'"). */
const GENITIVE_END = /[sxzSXZ]$/u;

/**
 * An apostrophe after a word of the language that does not end in s, x or z, before a space or the end,
 * in a paragraph where no single quote opens ("within' the city", "af' samfundet"), is a speck: no
 * genitive, no closing quote. Message: `trailing-speck`.
 */
function removeTrailingApostrophes(tree: Root, isWord: (word: string) => boolean, file: VFile): number {
  let removed = 0;
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
      removed++;
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
  return removed;
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

/** The two texts and the hyphen of a word made of letters, one hyphen and letters ("for-alle"). */
function hyphenatedWords(word: Word): { a: Text; mark: Punctuation; b: Text } | undefined {
  const [a, mark, b] = word.children;
  if (word.children.length === 3 && isText(a) && isText(b) && isPunctuation(mark, HYPHENS))
    return { a, mark, b };
  return undefined;
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
  const { lexicon, frequency } = options;
  const isWord = (word: string) => lexicon.has(word) || lexicon.has(word.toLowerCase());
  // A word the language writes whole: in its word counts, or a dictionary word (not a compound the
  // lexicon only allows, such as "ret" + "sociale").
  const writtenWhole = (word: string) => {
    // Word counts from subtitles hold typos of two words run together: only a fair share counts.
    if (frequency && frequency.count(word) >= LISTED_SHARE * frequency.total) return true;
    if (!lexicon.start) return isWord(word);
    for (const form of new Set([word, word.toLowerCase()])) {
      const cursor = lexicon.start().next(form);
      if (cursor?.isWord && (cursor.parts ?? 1) === 1) return true;
    }
    return false;
  };
  const common = (word: string) =>
    frequency !== undefined && frequency.count(word) >= COMMON_SHARE * frequency.total;
  /**
   * Words a hyphen may have joined in place of a space: a word and one of the commonest words after it,
   * which no compound ends on ("stadig-mer", "Contribution-to"); or one of the commonest short words and
   * a word after it ("the-advent", "at-yde"), not a longer one, which may be a prefix ("ikke-", "non-").
   */
  const hyphenSpeck = (a: string, b: string) =>
    (common(b.toLowerCase()) && isWord(a) && [...a].length >= 2) ||
    (common(a.toLowerCase()) &&
      [...a].length <= SHORT_PREFIX &&
      isWord(b) &&
      [...b].length >= MIN_BESIDE_SHORT);
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
    let evidence = removeLeadingSpecks(words, isWord, file);
    evidence += removeTrailingApostrophes(tree, isWord, file);
    const split = (
      word: Word,
      parent: Parents,
      { a, mark, b }: NonNullable<ReturnType<typeof joinedWords>>,
    ) => {
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
    };
    const hyphenated: Array<{
      word: Word;
      parent: Parents;
      joined: NonNullable<ReturnType<typeof joinedWords>>;
    }> = [];
    for (const { word, parent } of words) {
      const joined = joinedWords(word);
      if (!joined) {
        const pair = hyphenatedWords(word);
        if (pair) hyphenated.push({ word, parent, joined: pair });
        continue;
      }
      const { a, mark, b } = joined;
      if (
        LETTERS.test(a.value) &&
        LETTERS.test(b.value) &&
        longEnough(a.value, b.value, mark.value) &&
        LOWER_FIRST.test(b.value) &&
        isWord(a.value) &&
        isWord(b.value) &&
        !isWord(a.value + mark.value + b.value) &&
        !writtenWhole(a.value + b.value) &&
        !(APOSTROPHES.has(mark.value) && elides(a.value, b.value))
      ) {
        split(word, parent, joined);
        evidence++;
      } else if (APOSTROPHES.has(mark.value) && [...a.value].length === 1) {
        // A one-letter word before an apostrophe is an elision ("l'homme") unless the scan shows specks.
        hyphenated.push({ word, parent, joined });
      }
    }
    // A colon between a word and a number ("Kapitel:4."): a speck where a space was.
    for (const { word, parent } of words) {
      const [a, mark, b, ...rest] = word.children;
      if (!isText(a) || !isPunctuation(mark, new Set([':'])) || !isText(b) || !/^\p{N}+$/u.test(b.value))
        continue;
      if (
        !/^\p{Lu}\p{Ll}{3,}$/u.test(a.value) ||
        !isWord(a.value) ||
        !rest.every((node) => isPunctuation(node))
      )
        continue;
      if (speckEvidence(file) + evidence < MIN_SPECK_EVIDENCE) continue;
      const left: Word = { type: 'WordNode', children: [a], position: a.position };
      const right: Word = { type: 'WordNode', children: [b, ...rest], position: b.position };
      const space: WhiteSpace = { type: 'WhiteSpaceNode', value: ' ', position: mark.position };
      (parent.children as unknown[]).splice(parent.children.indexOf(word as never), 1, left, space, right);
      evidence++;
      reportChange(
        file,
        'Split a word and a number a speck ran together',
        word.position,
        'split-speck-joined-words',
        SOURCE,
        nlcstToString(word),
        `${a.value} ${nlcstToString(right)}`,
      );
    }
    addSpeckEvidence(file, evidence);
    // Quotes and letters left by specks, in a document that shows specks between words elsewhere.
    if (speckEvidence(file) >= MIN_SPECK_EVIDENCE) {
      const lone = (letter: string) =>
        frequency !== undefined
          ? frequency.count(letter) >= LONE_LETTER_SHARE * frequency.total
          : isWord(letter);
      addSpeckEvidence(
        file,
        removeUnmatchedQuotes(tree, file) +
          removeLoneLetters(tree, lone, file) +
          removeMarksAfterStops(tree, isWord, file) +
          removeLoneMarks(tree, file),
      );
    }
    // A hyphen beside one of the language's commonest words ("for-alle", "stadig-mer": see hyphenSpeck)
    // where the language never writes the two hyphenated is a speck, in a document whose OCR shows specks
    // between words elsewhere; so is an apostrophe after one of its commonest one-letter words.
    if (speckEvidence(file) < MIN_SPECK_EVIDENCE || !frequency) return;
    const prefixes = new Map<string, number>();
    for (const { joined } of hyphenated) {
      const key = joined.a.value.toLowerCase();
      prefixes.set(key, (prefixes.get(key) ?? 0) + 1);
    }
    for (const { word, parent, joined } of hyphenated) {
      const { a, mark, b } = joined;
      const whole = `${a.value}${mark.value}${b.value}`;
      // Beside a one-letter word, which elides before an apostrophe in some languages, the other word
      // must be a word of three letters or more ("i'alle" -> "i alle").
      const elision = APOSTROPHES.has(mark.value);
      if (
        (elision ? LOWER.test(a.value) : CAPITALISED_OR_LOWER.test(a.value)) &&
        LOWER.test(b.value) &&
        (elision
          ? common(a.value) && isWord(b.value) && [...b.value].length >= MIN_BESIDE_SHORT
          : hyphenSpeck(a.value, b.value)) &&
        // A prefix the document writes with a hyphen before other words too ("ikke-") is meant.
        prefixes.get(a.value.toLowerCase()) === 1 &&
        !isWord(whole) &&
        frequency.count(whole) === 0 &&
        !writtenWhole(a.value + b.value)
      )
        split(word, parent, joined);
    }
  };
}
