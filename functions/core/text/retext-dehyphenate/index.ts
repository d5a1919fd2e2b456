import type { Nodes, Parents, Root, Text, Word } from 'nlcst';
import type { VFile } from 'vfile';
import { reportChange } from '../change-log.ts';
import {
  type Leaf,
  type Line,
  indexTree,
  linesFrom,
  removeNode,
  span,
  textOf,
  textOfNode,
  trimmedLeaves,
  wordOf,
} from '../nlcst-lines/index.ts';
import type { FrequencyList, Lexicon } from '../types.ts';

/** Options of {@link retextDehyphenate}. */
export interface RetextDehyphenateOptions {
  /** Words that may follow a suspended-compound hyphen ("jämlikhets- och"); from the language settings. */
  conjunctions?: readonly string[];
  /** The language's word list, to prefer the more plausible of the joined and the hyphenated form. */
  lexicon?: Lexicon;
  /** The word an OCR-damaged form stands for, when one is clearly better (e.g. from the OCR confusion model). */
  correct?: (word: string) => string | undefined;
  /** Attested words of the language: unlike the lexicon, it does not accept any compound. */
  frequency?: FrequencyList;
}

const SOURCE = 'retext-dehyphenate';
const SENTENCE_END = /(?:^|[.!?:])["”’»)\]]*$/u;
const HYPHENS = new Set(['-', '‐', '¬', '\u00AD']);
/** Marks that only ever mean "word broken here" (never a real hyphen). */
const BREAK_ONLY = new Set(['¬', '\u00AD']);

/**
 * Join words broken across a line end ("sprakun-" + "dervisning" -> "sprakundervisning") while
 * keeping real hyphens. A suspended compound before a conjunction ("jämlikhets- och") keeps its
 * hyphen and line break; the hyphen stays and the break goes after digits, an acronym or a name
 * ("EU-" + "kommisjonen", "Milano-" + "deklarationen"), between two capitalised parts, and where
 * the text itself, the frequency list or the lexicon knows the word only with a hyphen ("e-post").
 * A lower-case part before a capital is a sentence or a column starting and is left alone. Over a
 * blank line (a page break) a word is joined only when the lexicon knows neither half. Mid-line
 * hyphens and spaced dashes are never touched. Messages: `join-line-end-hyphen`,
 * `keep-compound-hyphen`.
 */
export default function retextDehyphenate(options: RetextDehyphenateOptions = {}) {
  if (options === null || typeof options !== 'object')
    throw new TypeError('retext-dehyphenate: options must be an object');
  const { conjunctions = [], lexicon, correct, frequency } = options;
  if (!Array.isArray(conjunctions) || conjunctions.some((c) => typeof c !== 'string')) {
    throw new TypeError('retext-dehyphenate: `conjunctions` must be an array of strings');
  }
  if (lexicon !== undefined && typeof lexicon?.has !== 'function') {
    throw new TypeError('retext-dehyphenate: `lexicon` must have a `has(word)` method');
  }
  if (frequency !== undefined && typeof frequency?.count !== 'function') {
    throw new TypeError('retext-dehyphenate: `frequency` must have a `count(word)` method');
  }
  if (correct !== undefined && typeof correct !== 'function') {
    throw new TypeError('retext-dehyphenate: `correct` must be a function');
  }
  const conjunctionSet = new Set(conjunctions.map((c) => c.toLowerCase()));
  const known = (word: string) =>
    lexicon !== undefined && (lexicon.has(word) || lexicon.has(word.toLowerCase()));

  return (tree: Root, file: VFile): void => {
    const { leaves, parents } = indexTree(tree);
    const lines = linesFrom(leaves);
    const forms = wordCounts(lines);
    const hyphenatedHeads = headsBeforeHyphens(forms.keys());

    for (let i = 0; i < lines.length - 1; i++) {
      const line = lines[i]!;
      if (line.breaks === 0 || !line.end) continue;
      const tail = trimmedLeaves(line);
      const hyphen = tail.at(-1);
      const before = tail.at(-2);
      if (!hyphen || !before || !HYPHENS.has(hyphen.node.value)) continue;
      if (before.node.type !== 'TextNode' || line.leaves.indexOf(hyphen) !== line.leaves.indexOf(before) + 1)
        continue;
      const head = trimmedLeaves(lines[i + 1]!)[0];
      if (head?.node.type !== 'TextNode' || !/^[\p{L}\p{N}]/u.test(head.node.value)) continue;
      const first = wordOf(before.node, parents);
      const second = wordOf(head.node, parents);
      if (!first || !second || first === second) continue;

      const left = stripHyphen(textOfNode(first));
      const right = textOfNode(second).replace(/[^\p{L}\p{N}]+$/u, '');
      const lastPart = left.split(/[-‐]/u).at(-1)!;
      const mark = hyphen.node.value;

      if (!BREAK_ONLY.has(mark) && conjunctionSet.has(right.toLowerCase())) continue;
      // Over a blank line (a page break, or another column) only a word plainly broken in two is
      // joined: lower case on both sides, and the lexicon knows neither half as a word.
      if (line.breaks > 1 && !brokenAcrossBreak(lastPart, right)) continue;
      // A word in capitals ("INTEGRA-" + "TION") breaks like any other; only the evidence can keep its hyphen.
      const shouting = isUpperCase(lastPart) && isUpperCase(right);
      // A capital after a lower-case part is a sentence or a column starting, not a compound
      // ("lærings-" + "Vi"): leave the hyphen and the break as they are.
      if (!shouting && /^\p{Ll}/u.test(lastPart) && /^\p{Lu}/u.test(right) && !prefersHyphen(left, right))
        continue;
      const keep =
        !BREAK_ONLY.has(mark) &&
        (shouting
          ? prefersHyphen(left, right)
          : /\p{N}$/u.test(lastPart) ||
            /^[\p{Lu}\p{N}]/u.test(right) ||
            (lastPart.length >= 2 && isUpperCase(lastPart)) ||
            keepsNameHyphen(left, right, lastPart, () => startsSentence(lines, i, left)) ||
            prefersHyphen(left, right));

      const place = span(first, second);
      const actual = `${left}${mark}${'\n'.repeat(line.breaks)}${right}`;
      const expected = keep ? `${left}-${right}` : `${left}${right}`;
      merge(first, second, hyphen, before, head, keep, parents);
      removeNode(line.end.node, parents);
      reportChange(
        file,
        keep ? 'Keep the compound hyphen, remove the line break' : 'Join a word broken at a line end',
        place,
        keep ? 'keep-compound-hyphen' : 'join-line-end-hyphen',
        SOURCE,
        actual,
        expected,
      );
    }

    /**
     * A name before the hyphen ("Milano-" + "deklarationen") keeps it, as Nordic compounds with a
     * name do; a capital that only starts a sentence ("Integra-" + "tion") does not count.
     */
    function keepsNameHyphen(
      left: string,
      right: string,
      lastPart: string,
      sentenceStart: () => boolean,
    ): boolean {
      if (!/^\p{Lu}\p{Ll}/u.test(lastPart) || !/^\p{Ll}/u.test(right)) return false;
      if ((forms.get(`${left}${right}`.toLowerCase()) ?? 0) > 0) return false;
      // Names join in some compounds ("Nobelpriset") and not in others ("Milano-deklarationen"):
      // only an attested joined word says the hyphen was a line break.
      if (frequency && lexicon)
        return (
          lexicon.has(lastPart) &&
          !lexicon.has(lastPart.toLowerCase()) &&
          frequency.count(`${left}${right}`) === 0
        );
      if (lexicon)
        return !known(`${left}${right}`) && lexicon.has(lastPart) && !lexicon.has(lastPart.toLowerCase());
      return !sentenceStart();
    }

    function brokenAcrossBreak(lastPart: string, right: string): boolean {
      if (!lexicon || !/^\p{Ll}+$/u.test(lastPart) || !/^\p{Ll}+$/u.test(right)) return false;
      return !known(lastPart) && !known(right) && !prefersHyphen(lastPart, right);
    }

    function prefersHyphen(left: string, right: string): boolean {
      const joined = `${left}${right}`.toLowerCase();
      const hyphenated = `${left}-${right}`.toLowerCase();
      const joinedSeen = forms.get(joined) ?? 0;
      const hyphenatedSeen = forms.get(hyphenated) ?? 0;
      if (joinedSeen !== hyphenatedSeen) return hyphenatedSeen > joinedSeen;
      const joinedCount = frequency?.count(joined) ?? 0;
      const hyphenatedCount = frequency?.count(hyphenated) ?? 0;
      if (joinedCount !== hyphenatedCount) return hyphenatedCount > joinedCount;
      // A word no list attests joined, whose first part the text writes with a hyphen before other
      // words ("ikke-" + "diskriminerende" beside "ikke-diskriminering"): the text's own compounding.
      if (hyphenatedHeads.has(left.toLowerCase())) return true;
      if (!lexicon || known(`${left}${right}`)) return false;
      if (known(`${left}-${right}`)) {
        // The lexicon knows the hyphenated form only; join anyway when the joined form is an OCR-damaged word.
        const corrected = correct?.(`${left}${right}`);
        return corrected === undefined || corrected.includes('-');
      }
      // Two words the lexicon knows, joined into one it does not ("co-" + "financing"): a real hyphen,
      // unless the joined form is an OCR-damaged word ("for-" + "klaring" for "förklaring").
      // A right part that is itself a hyphenated compound ("anti-" + "fraud-related") counts part by part.
      const lastPart = left.split(/[-‐]/u).at(-1)!;
      const rightParts = right.split(/[-‐]/u);
      return (
        correct !== undefined &&
        known(lastPart) &&
        rightParts.every((part) => part !== '' && known(part)) &&
        correct(`${left}${right}`) === undefined
      );
    }
  };
}

/** Whether the word `left`, ending line `index`, starts a sentence. */
function startsSentence(lines: readonly Line[], index: number, left: string): boolean {
  const text = textOf(trimmedLeaves(lines[index]!)).replace(/[-‐¬\u00AD]$/u, '');
  const before = text.endsWith(left) ? text.slice(0, text.length - left.length).trimEnd() : '';
  if (before !== '') return SENTENCE_END.test(before);
  const previous = lines[index - 1];
  return !previous || previous.breaks >= 2 || SENTENCE_END.test(textOf(trimmedLeaves(previous)));
}

function isUpperCase(word: string): boolean {
  return /\p{Lu}/u.test(word) && word === word.toUpperCase();
}

function stripHyphen(text: string): string {
  return text.replace(/[-‐¬\u00AD]$/u, '');
}

/** How often each word form occurs in the text, lower-cased, hyphenated compounds included. */
function wordCounts(lines: readonly Line[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const word of textOf(line.leaves).split(/\s+/u)) {
      const form = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
      if (form) counts.set(form, (counts.get(form) ?? 0) + 1);
    }
  }
  return counts;
}

/** The parts before a hyphen inside the words `forms` ("ikke" and "ikke-selv" of "ikke-selv-styrt"). */
function headsBeforeHyphens(forms: Iterable<string>): Set<string> {
  const heads = new Set<string>();
  for (const form of forms) {
    for (let at = form.indexOf('-'); at > 0 && at < form.length - 1; at = form.indexOf('-', at + 1))
      heads.add(form.slice(0, at));
  }
  return heads;
}

/** Move the second word's children into the first; drop the hyphen and join the text when not keeping it. */
function merge(
  first: Word,
  second: Word,
  hyphen: Leaf,
  before: Leaf,
  head: Leaf,
  keep: boolean,
  parents: Map<Nodes, Parents>,
): void {
  const hyphenNode = hyphen.node;
  if (keep) {
    if (parents.get(hyphenNode) !== first) {
      removeNode(hyphenNode, parents);
      first.children.push(hyphenNode as Word['children'][number]);
      parents.set(hyphenNode, first);
    }
  } else removeNode(hyphenNode, parents);
  const moved = second.children.splice(0);
  removeNode(second, parents);
  for (const child of moved) {
    first.children.push(child);
    parents.set(child, first);
  }
  if (!keep) {
    // The right part survives: a later line may still refer to it.
    const left = before.node as Text;
    const right = head.node as Text;
    right.value = left.value + right.value;
    if (left.position && right.position)
      right.position = { start: left.position.start, end: right.position.end };
    removeNode(left, parents);
  }
  if (first.position && second.position)
    first.position = { start: first.position.start, end: second.position.end };
}
