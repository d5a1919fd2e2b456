/** Language-independent text folding and similarity measures used to compare clauses across editions. */
import levenshtein from 'fast-levenshtein';

const LETTER_MAP: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ð: 'd',
};

/** Texts folded lately: the aligner folds each clause and segment text several times (about 4 calls a text). */
const foldedTexts = new Map<string, string>();
/** Most texts kept before the memory starts afresh. */
const MAX_FOLDED = 20_000;

/** Lower case, diacritics removed (å -> a, ø -> o, æ -> ae), punctuation turned into spaces, spaces collapsed. */
export function foldText(text: string): string {
  let folded = foldedTexts.get(text);
  if (folded === undefined) {
    folded = text
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[øæœßđłþð]/g, (ch) => LETTER_MAP[ch] ?? ch)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (foldedTexts.size >= MAX_FOLDED) foldedTexts.clear();
    foldedTexts.set(text, folded);
  }
  return folded;
}

/** Folded words of `text`. */
export function foldedWords(text: string): string[] {
  const folded = foldText(text);
  return folded ? folded.split(' ') : [];
}

/** Character trigrams of the folded text (pass `folded` when `text` is folded already), words padded with spaces. */
export function trigramSet(text: string, folded = false): Set<string> {
  const grams = new Set<string>();
  const padded = ` ${folded ? text : foldText(text)} `;
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Dice coefficient of two sets, 0 when both are empty. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  // Sets are compared by the hundred thousand (every clause against every clause): each is turned once into
  // sorted numbers. One of the two is marked in a table of all numbers and the other's members are looked up
  // there; the marks stay until another set is marked, so a set compared with many others in a row (each
  // clause against every clause) is marked once.
  if (stringIds.size > MAX_IDS) {
    // A long-lived process that met too many distinct members starts its numbering afresh.
    stringIds.clear();
    idsOfSet = new WeakMap();
    marks = new Uint8Array(0);
    marked = null;
  }
  const x = sortedIds(a);
  const y = sortedIds(b);
  if (marks.length < stringIds.size) {
    const grown = new Uint8Array(Math.max(stringIds.size, marks.length * 2, 1024));
    grown.set(marks);
    marks = grown;
  }
  let probe = y;
  if (y === marked) probe = x;
  else if (x !== marked) mark(x);
  let shared = 0;
  for (let j = 0; j < probe.length; j++) shared += marks[probe[j]!]!;
  return (2 * shared) / (a.size + b.size);
}

/** 1 at the numbers of the marked set, 0 elsewhere (every number below its length has a place). */
let marks = new Uint8Array(0);
/** The numbers marked in {@link marks}. */
let marked: Int32Array | null = null;

/** Marks `ids` (and only them) in {@link marks}. */
function mark(ids: Int32Array): void {
  if (marked) for (let i = 0; i < marked.length; i++) marks[marked[i]!] = 0;
  for (let i = 0; i < ids.length; i++) marks[ids[i]!] = 1;
  marked = ids;
}

/** A number for each string ever put in a compared set. */
const stringIds = new Map<string, number>();
let idsOfSet = new WeakMap<ReadonlySet<string>, Int32Array>();
/** Most numbered strings before the numbering starts afresh. */
const MAX_IDS = 1_000_000;

/** The members of `set` as sorted numbers, kept while the set lives (and rebuilt if its size changed). */
function sortedIds(set: ReadonlySet<string>): Int32Array {
  let ids = idsOfSet.get(set);
  if (ids?.length === set.size) return ids;
  ids = new Int32Array(set.size);
  let k = 0;
  for (const member of set) {
    let id = stringIds.get(member);
    if (id === undefined) {
      id = stringIds.size;
      stringIds.set(member, id);
    }
    ids[k++] = id;
  }
  ids.sort();
  idsOfSet.set(set, ids);
  return ids;
}

/** 1 - levenshtein / max length, on the folded texts (1 for two empty texts). */
export function foldedSimilarity(a: string, b: string): number {
  const x = foldText(a);
  const y = foldText(b);
  const max = Math.max(x.length, y.length);
  if (max === 0) return 1;
  return 1 - levenshtein.get(x, y) / max;
}

/** Words of a text prepared for {@link cognateShare}: an exact set and long words by first letter. */
export interface CognateIndex {
  exact: Set<string>;
  byInitial: Map<string, string[]>;
}

/** Indexes folded words for {@link cognateShare}. */
export function cognateIndex(words: readonly string[]): CognateIndex {
  const byInitial = new Map<string, string[]>();
  for (const w of new Set(words)) {
    if (w.length < 4) continue;
    const list = byInitial.get(w[0]!);
    if (list) list.push(w);
    else byInitial.set(w[0]!, [w]);
  }
  return { exact: new Set(words), byInitial };
}

/**
 * Share of the long words of `a` that have a cognate in `b` (same first letter, normalised edit
 * distance at most 0.34 after folding). Survives OCR damage and closely related languages.
 */
export function cognateShare(aWords: readonly string[], b: CognateIndex): number {
  let long = 0;
  let hits = 0;
  for (const w of aWords) {
    if (w.length < 4) continue;
    long++;
    if (b.exact.has(w)) {
      hits++;
      continue;
    }
    const limit = 0.34 * w.length;
    for (const c of b.byInitial.get(w[0]!) ?? []) {
      if (Math.abs(c.length - w.length) > limit) continue;
      if (levenshtein.get(c, w) <= 0.34 * Math.max(c.length, w.length)) {
        hits++;
        break;
      }
    }
  }
  return long ? hits / long : 0;
}
