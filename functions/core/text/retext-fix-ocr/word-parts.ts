/** nlcst helpers of retext-fix-ocr: the parts of words worth correcting, case patterns, replacement. */
import type { Nodes, Parent, Sentence, Text, Word } from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';

export const LETTER = /\p{L}/u;
export const DIGIT = /\p{Nd}/u;
export const UPPER = /^\p{Lu}+$/u;
export const CAPITALISED = /^\p{Lu}[^\p{Lu}]*$/u;
export const LOWER = /^[^\p{Lu}]*$/u;

/** A run of a word's letters between punctuation ("EU", "kommisjonen"), or a standalone symbol. */
export interface Part {
  /** The word (or, for a standalone symbol, the sentence) holding the nodes. */
  parent: Parent;
  nodes: Nodes[];
  /** The text as written. */
  text: string;
  /** The text with OCR case confusions undone ("fOr" -> "for"): what is corrected. */
  observed: string;
  /** A symbol standing alone between lower-case words, such as "&" for "å". */
  symbol?: boolean;
  /** A digit or capital letter standing alone between lower-case words ("til 4 arbeide", "til A skape"). */
  lone?: boolean;
}

/** Restores the observed word's case pattern on a candidate found in lower case. */
export function withCase(observed: string, candidate: string): string {
  if (candidate !== candidate.toLowerCase()) return candidate;
  if (UPPER.test(observed) && observed.length > 1) return candidate.toUpperCase();
  if (/^\P{L}*\p{Lu}/u.test(observed)) return candidate.charAt(0).toUpperCase() + candidate.slice(1);
  return candidate;
}

/** Splits a word at its punctuation ("EU-kommisjonen", "EU:s") into parts worth correcting. */
export function collectParts(word: Word, into: Part[]) {
  const whole = nlcstToString(word);
  if (/@.*\.|^www\.|:\/\/|\.(com|org|net|eu)$/i.test(whole)) return;
  let run: Nodes[] = [];
  const flush = () => {
    if (run.length > 0) {
      const text = run.map((node) => nlcstToString(node)).join('');
      if (worthCorrecting(text)) into.push({ parent: word, nodes: run, text, observed: uncased(text) });
    }
    run = [];
  };
  for (const child of word.children) {
    if (child.type === 'PunctuationNode') flush();
    else run.push(child);
  }
  flush();
}

function worthCorrecting(text: string): boolean {
  if (!LETTER.test(text)) return false;
  // Acronyms and names in capitals are left alone, also around a symbol (R&D).
  const letters = text.replace(/\P{L}/gu, '');
  if (UPPER.test(letters) && letters.length > 1) return false;
  // A number with a one-letter unit (2011, 5g, 10x) rather than letters read as digits ("6kar"); but a
  // leading 0 before small letters is an o read as a digit ("0g" for "og"). See NUMBER_WITH_UNIT.
  if (DIGIT.test(text) && /^\P{L}*\p{L}?$/u.test(text) && !/^0\p{Ll}+$/u.test(text)) return false;
  // Mixed case inside a word (iPhone, McKinsey) is deliberate unless OCR confused a letter's case.
  if (!LOWER.test(text) && !CAPITALISED.test(text) && !/[^\p{L}]/u.test(text)) return uncased(text) !== text;
  return true;
}

/**
 * Letters whose capital has the shape of the small letter, which OCR mixes up (fOr, stOd); I for l;
 * and A, which an OCR model without å/ä writes for them inside a word (mAngfald, sArskild).
 */
export const CASE_LOOKALIKES = new Set('CKOPSUVWXZIA');

/** Undoes OCR case confusions inside a word: capitals after a small letter that look like small ones. */
function uncased(text: string): string {
  if (UPPER.test(text) || LOWER.test(text.slice(1))) return text;
  let out = text.charAt(0);
  for (let i = 1; i < text.length; i++) {
    const ch = text.charAt(i);
    const before = text.charAt(i - 1);
    if (CASE_LOOKALIKES.has(ch) && before !== before.toUpperCase())
      out += ch === 'I' ? 'l' : ch.toLowerCase();
    else out += ch;
  }
  return out;
}

/**
 * Collects symbols standing alone between two lower-case words ("for & fremme"): OCR may have written
 * them for a one-letter word. A capitalised word after it ("Migration & Integration") marks a real symbol.
 * `digits` are single digits collected the same way ("for 4 fremme"), and so are single capitals
 * ("til A skape"); both are marked `lone` and added to `taken`.
 */
export function collectSymbols(
  sentence: Sentence,
  symbols: ReadonlySet<string>,
  into: Part[],
  digits: ReadonlySet<string> = new Set(),
  taken?: Set<Nodes>,
) {
  const children = sentence.children;
  const lowerWord = (node: Nodes | undefined) =>
    node?.type === 'WordNode' && /^\p{Ll}+$/u.test(nlcstToString(node));
  // A sentence may start with the word before ("For & oppna"); a name pair has two capitals.
  const capitalisedWord = (node: Nodes | undefined) =>
    node?.type === 'WordNode' && /^\p{Lu}\p{Ll}+$/u.test(nlcstToString(node));
  children.forEach((node, i) => {
    const value = nlcstToString(node);
    const lone = node.type === 'WordNode' && (digits.has(value) || /^\p{Lu}$/u.test(value));
    const standalone = node.type === 'SymbolNode' ? symbols.has(node.value) : lone;
    if (!standalone) return;
    if (children[i - 1]?.type !== 'WhiteSpaceNode' || children[i + 1]?.type !== 'WhiteSpaceNode') return;
    if (!(lowerWord(children[i - 2]) || capitalisedWord(children[i - 2])) || !lowerWord(children[i + 2]))
      return;
    into.push({
      parent: sentence,
      nodes: [node],
      text: value,
      observed: lone ? value.toLowerCase() : value,
      symbol: true,
      lone,
    });
    if (lone) taken?.add(node);
  });
}

/**
 * Collects words with a glued symbol OCR writes for a letter ("p&" for "på", "st&der"): the parser
 * splits them into words and symbols, read here as one part. Adds the words taken to `taken`.
 */
export function collectGlued(
  sentence: Sentence,
  symbols: ReadonlySet<string>,
  into: Part[],
  taken: Set<Nodes>,
) {
  const children = sentence.children;
  let i = 0;
  while (i < children.length) {
    let end = i;
    let glued = false;
    while (end < children.length) {
      const node = children[end]!;
      if (node.type === 'SymbolNode' && symbols.has(node.value)) glued = true;
      else if (node.type !== 'WordNode') break;
      end++;
    }
    const run = children.slice(i, end) as Nodes[];
    const words = run.filter((node) => node.type === 'WordNode');
    const text = run.map((node) => nlcstToString(node)).join('');
    if (glued && words.length > 0 && /^[\p{L}\p{P}\p{S}]+$/u.test(text) && worthCorrecting(text)) {
      into.push({ parent: sentence, nodes: run, text, observed: uncased(text) });
      for (const word of words) taken.add(word);
    }
    i = Math.max(end, i + 1);
  }
}

/** Replaces the part's nodes by one text node holding the correction (a word node for a symbol). */
export function replacePart(part: Part, value: string) {
  const first = part.nodes[0]!;
  const last = part.nodes[part.nodes.length - 1]!;
  const text: Text = { type: 'TextNode', value };
  if (first.position && last.position)
    text.position = { start: first.position.start, end: last.position.end };
  const replacement: Nodes =
    part.parent.type === 'SentenceNode'
      ? { type: 'WordNode', children: [text], position: text.position }
      : text;
  const children = part.parent.children as Nodes[];
  children.splice(children.indexOf(first), part.nodes.length, replacement);
}

/**
 * Capitalised words inside a sentence, after a word in small letters and before one that is not
 * capitalised (a run of capitals is a name or a title): where OCR may have read a small first letter
 * as its look-alike capital ("mellan Invandrare Och").
 */
export function collectMidSentenceCapitals(sentence: Sentence, into: Set<Nodes>) {
  const children = sentence.children;
  const words = children.filter((node) => node.type !== 'WhiteSpaceNode');
  words.forEach((node, i) => {
    if (node.type !== 'WordNode') return;
    // On the same line as the word before: a line may be a heading or a title of its own.
    const space = children[children.indexOf(node) - 1];
    if (space?.type !== 'WhiteSpaceNode' || /\n/u.test(space.value)) return;
    const text = nlcstToString(node);
    if (!CAPITALISED.test(text) || !CASE_LOOKALIKES.has(text.charAt(0)) || !/^\p{L}+$/u.test(text)) return;
    const before = words[i - 1];
    const after = words[i + 1];
    if (before?.type !== 'WordNode' || !/^\p{Ll}+$/u.test(nlcstToString(before))) return;
    // And before a word in small letters on the same line: a capital ending a line may open a
    // sentence whose line came from elsewhere (columns read across, lines extracted backwards).
    const next = children[children.indexOf(node) + 1];
    if (next?.type !== 'WhiteSpaceNode' || /\n/u.test(next.value)) return;
    if (after?.type !== 'WordNode' || !/^\p{Ll}/u.test(nlcstToString(after))) return;
    into.add(node);
  });
}
