/** Punctuation OCR misreads between words: a comma read as a full stop, or a speck read as one. */
import type { Nodes, Paragraph, Root } from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportChange } from '../change-log.ts';

/** What the rule needs to know about words. */
export interface PunctuationWords {
  /** True for a word of the language (as written or in lower case). */
  isWord(word: string): boolean;
  /** True when the word written with a full stop is an abbreviation the language knows ("osv.", "bl.a."). */
  isAbbreviation(word: string): boolean;
  /** The language's coordinating conjunctions ("och", "og", "and"): a list "A. B och C" wants a comma. */
  conjunctions?: readonly string[];
}

/** Share of a word's occurrences beside a comma from which the document shows it takes one there. */
const COMMA_HABIT = 0.2;

/** How often each word (lower case, bare) stands before and after a comma in a text, and in all. */
interface CommaHabits {
  words: Map<string, number>;
  before: Map<string, number>;
  after: Map<string, number>;
}

function commaHabits(text: string): CommaHabits {
  const habits: CommaHabits = { words: new Map(), before: new Map(), after: new Map() };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let previousComma = false;
  for (const token of text.split(/\s+/u)) {
    const bare = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
    if (bare === '') continue;
    bump(habits.words, bare);
    if (previousComma) bump(habits.after, bare);
    previousComma = token.endsWith(',');
    if (previousComma) bump(habits.before, bare);
  }
  return habits;
}

/** True when the document shows `word` taking a comma on that side often enough. */
function takesComma(habits: CommaHabits, side: 'before' | 'after', word: string): boolean {
  const key = word.toLowerCase();
  const total = habits.words.get(key) ?? 0;
  return total > 0 && (habits[side].get(key) ?? 0) >= COMMA_HABIT * total;
}

const SOURCE = 'retext-fix-ocr';
/** Punctuation a word may end with. */
const TRAILING_MARKS = /[.,;:!?'"’”]+$/u;
/** Letters from which a word the lexicon lacks (a name, an inflection it misses) is no abbreviation. */
const LONG_WORD = 7;

/** The nodes of a paragraph in reading order, sentences flattened. */
function flatten(paragraph: Paragraph): Nodes[] {
  const out: Nodes[] = [];
  for (const child of paragraph.children) {
    if (child.type === 'SentenceNode') out.push(...child.children);
    else out.push(child);
  }
  return out;
}

/** Removes a node from whichever sentence or word of the paragraph holds it. */
function removeFrom(paragraph: Paragraph, node: Nodes): void {
  for (const sentence of paragraph.children) {
    if (sentence.type !== 'SentenceNode') continue;
    for (const holder of [sentence, ...sentence.children]) {
      if (!('children' in holder)) continue;
      const at = (holder.children as Nodes[]).indexOf(node);
      if (at >= 0) {
        holder.children.splice(at, 1);
        return;
      }
    }
  }
}

/**
 * Reports and makes one fix of a punctuation mark: it becomes `to`, or goes from the paragraph when `to` is
 * empty. True when it went.
 */
function fixMark(
  file: VFile,
  paragraph: Paragraph,
  mark: Nodes & { value: string },
  to: string,
  message: string,
): boolean {
  reportChange(file, message, mark.position, 'ocr-punctuation', SOURCE, mark.value, to);
  if (to) {
    mark.value = to;
    return false;
  }
  removeFrom(paragraph, mark);
  return true;
}

/**
 * A full stop between a word and a word in small letters, in the same paragraph, is no full stop: a
 * sentence starts with a capital in every language supported, and abbreviations (the lexicon knows
 * them with their stop) are left alone. It is a comma the OCR read as a stop where the document shows
 * a comma belongs (the word before takes one elsewhere in it, or the word after follows one, or a list
 * "A. B och C" goes on), else a speck of noise, and goes. Messages: `ocr-punctuation`. Returns the
 * number of specks removed.
 */
export function commaForPeriod(tree: Root, words: PunctuationWords, file: VFile): number {
  let specks = 0;
  const habits = commaHabits(nlcstToString(tree));
  const conjunctions = new Set(words.conjunctions?.map((c) => c.toLowerCase()) ?? []);
  visit(tree, 'ParagraphNode', (paragraph: Paragraph) => {
    const nodes = flatten(paragraph);
    for (let i = 0; i + 2 < nodes.length; i++) {
      const before = nodes[i]!;
      const space = nodes[i + 1]!;
      const after = nodes[i + 2]!;
      if (space.type !== 'WhiteSpaceNode' || after.type !== 'WordNode' || /\n/u.test(space.value)) continue;
      // The parser keeps a stop before a small letter inside the word ("frihet." + "rättvisa"), as
      // it would an abbreviation's; elsewhere the stop stands alone after the word.
      let stop: Nodes | undefined;
      let word: Nodes | undefined;
      if (before.type === 'WordNode' && before.children.length === 2) {
        const [text, mark] = before.children;
        if (text?.type === 'TextNode' && mark?.type === 'PunctuationNode') [word, stop] = [text, mark];
      } else if (before.type === 'PunctuationNode' && nodes[i - 1]?.type === 'WordNode') {
        const previous = nodes[i - 1]!;
        // Initials and abbreviations with stops inside ("bl.a.", "t.ex.") are not misread commas.
        if (nodes[i - 2]?.type !== 'PunctuationNode') [word, stop] = [previous, before];
      }
      if (!stop || !word || stop.type !== 'PunctuationNode' || stop.value !== '.') continue;
      // Nor after a line's first word: a line extracted backwards ends its sentence there.
      const wordAt = before === stop ? i - 1 : i;
      const opening = nodes[wordAt - 1];
      if (wordAt === 0 || (opening?.type === 'WhiteSpaceNode' && /\n/u.test(opening.value))) continue;
      const text = nlcstToString(word);
      // The word after may carry a speck of its own ("skal. sikre. at") or be a hyphenated compound.
      const next = nlcstToString(after).replace(TRAILING_MARKS, '');
      if (!/^\p{L}{2,}$/u.test(text) || !/^\p{Ll}\p{L}*(?:-\p{L}+)*$/u.test(next)) continue;
      if (!words.isWord(next.split('-')[0]!) || words.isAbbreviation(text)) continue;
      // A word the lexicon lacks may be an abbreviation too, unless it is too long for one.
      if (!words.isWord(text) && [...text].length < LONG_WORD) continue;
      const following = nodes[i + 4];
      const list =
        nodes[i + 3]?.type === 'WhiteSpaceNode' &&
        following?.type === 'WordNode' &&
        conjunctions.has(nlcstToString(following).toLowerCase());
      const comma = list || takesComma(habits, 'before', text) || takesComma(habits, 'after', next);
      const message = comma
        ? 'Replace `.` with `,` before a word in small letters (OCR)'
        : 'Remove a speck read as `.` before a word in small letters (OCR)';
      if (fixMark(file, paragraph, stop, comma ? ',' : '', message)) specks++;
    }
  });
  return specks;
}

/**
 * A semicolon inside a list of single words run by commas ("Rotterdam, Milano; Berlin og London",
 * "vetenskap, konst; handel och"): one word after a comma, and one word after it before a comma or a
 * conjunction, is a comma the OCR read with a speck. A list whose items hold commas is separated by
 * semicolons throughout, so a sentence with another semicolon is left alone. Message: `ocr-punctuation`.
 */
export function commaForSemicolon(tree: Root, words: PunctuationWords, file: VFile): void {
  const conjunctions = new Set(words.conjunctions?.map((c) => c.toLowerCase()) ?? []);
  const isMark = (node: Nodes | undefined, value: string) =>
    node?.type === 'PunctuationNode' && node.value === value;
  const isSpace = (node: Nodes | undefined) => node?.type === 'WhiteSpaceNode' && !/\n/u.test(node.value);
  const isLetters = (node: Nodes | undefined) =>
    node?.type === 'WordNode' && /^\p{L}+$/u.test(nlcstToString(node));
  visit(tree, 'SentenceNode', (sentence) => {
    const nodes = sentence.children as Nodes[];
    const semicolons = nodes.filter((node) => isMark(node, ';'));
    if (semicolons.length !== 1) return;
    const i = nodes.indexOf(semicolons[0]!);
    const listBefore = isLetters(nodes[i - 1]) && isSpace(nodes[i - 2]) && isMark(nodes[i - 3], ',');
    const next = nodes[i + 2];
    const listAfter =
      isSpace(nodes[i + 1]) &&
      isLetters(next) &&
      (isMark(nodes[i + 3], ',') ||
        (isSpace(nodes[i + 3]) &&
          nodes[i + 4]?.type === 'WordNode' &&
          conjunctions.has(nlcstToString(nodes[i + 4]!).toLowerCase())));
    if (!listBefore || !listAfter) return;
    const mark = semicolons[0] as Extract<Nodes, { type: 'PunctuationNode' }>;
    reportChange(
      file,
      'Replace `;` with `,` inside a list of words run by commas (OCR)',
      mark.position,
      'ocr-punctuation',
      SOURCE,
      ';',
      ',',
    );
    mark.value = ',';
  });
}

/** Bare words of a text in lower case, and how often each pair of them stands together with no mark between. */
function plainPairs(text: string): Map<string, number> {
  const pairs = new Map<string, number>();
  let previous: string | undefined;
  for (const token of text.split(/\s+/u)) {
    const bare = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
    if (bare === '') {
      previous = undefined;
      continue;
    }
    if (previous !== undefined) pairs.set(`${previous} ${bare}`, (pairs.get(`${previous} ${bare}`) ?? 0) + 1);
    previous = /[\p{L}\p{N}]$/u.test(token) ? bare : undefined;
  }
  return pairs;
}

/** What {@link colonSpecks} needs beyond {@link PunctuationWords}. */
export interface ColonWords extends PunctuationWords {
  /** True for one of the language's commonest words (a function word: "und", "the", "og"). */
  isFunctionWord(word: string): boolean;
}

/**
 * A colon glued to a word in the middle of a line is a speck when no language would put one there: before
 * a conjunction ("polarisering: og konflikt"), or between two words the text writes together elsewhere
 * ("respect: for" beside "respect for"). A colon that opens an enumeration, a list or a clause ("livet:
 * ekonomiska", "för att: främja", "religionsfrihed: denne ret") has neither. In a scan whose OCR shows
 * specks elsewhere (`damaged`), a colon after a function word ("und: internationale", "the: views") goes
 * too, and one before a sentence's first word, a capitalised function word ("beboerne: Denne prosessen"),
 * is the full stop it was printed as. Message: `ocr-punctuation`. Returns the number of specks removed.
 */
export function colonSpecks(tree: Root, words: ColonWords, file: VFile, damaged: boolean): number {
  let removed = 0;
  const pairs = plainPairs(nlcstToString(tree));
  const conjunctions = new Set(words.conjunctions?.map((c) => c.toLowerCase()) ?? []);
  visit(tree, 'ParagraphNode', (paragraph: Paragraph) => {
    const nodes = flatten(paragraph);
    for (let i = 1; i + 2 < nodes.length; i++) {
      const colon = nodes[i]!;
      const word = nodes[i - 1]!;
      const space = nodes[i + 1]!;
      const after = nodes[i + 2]!;
      if (colon.type !== 'PunctuationNode' || colon.value !== ':' || word.type !== 'WordNode') continue;
      if (space.type !== 'WhiteSpaceNode' || /\n/u.test(space.value) || after.type !== 'WordNode') continue;
      // Nor after a line's first word: a line extracted backwards ends its sentence there ("att: vi kommer").
      const opening = nodes[i - 2];
      if (i === 1 || (opening?.type === 'WhiteSpaceNode' && /\n/u.test(opening.value))) continue;
      const left = nlcstToString(word);
      const right = nlcstToString(after).replace(TRAILING_MARKS, '');
      if (!/^\p{L}{2,}$/u.test(left) || !words.isWord(left)) continue;
      const small = /^\p{Ll}{2,}$/u.test(right) && words.isWord(right);
      const speck =
        small &&
        (conjunctions.has(right) ||
          (pairs.get(`${left.toLowerCase()} ${right}`) ?? 0) > 0 ||
          (damaged && words.isFunctionWord(left)));
      const stop =
        !speck &&
        damaged &&
        /^\p{Lu}\p{Ll}*$/u.test(right) &&
        words.isFunctionWord(right) &&
        words.isWord(right.toLowerCase());
      if (!speck && !stop) continue;
      const message = stop
        ? 'Replace `:` with `.` before a sentence (OCR)'
        : 'Remove a speck read as `:` inside a phrase (OCR)';
      if (fixMark(file, paragraph, colon, stop ? '.' : '', message)) removed++;
    }
  });
  return removed;
}
