/** Reading an observed word as lexicon words through OCR confusions, walking the lexicon letter by letter. */
import type { Confusion, FrequencyList, Lexicon, LexiconCursor } from '../types.ts';
import { mostFrequent } from '../most-frequent.ts';
import { LETTER } from './word-parts.ts';

/** Cost of each join in a compound (compounds are rarer than their parts suggest). */
export const JOIN_COST = 1.2;

/** One way to read an observed word as a lexicon word. */
export interface Candidate {
  /** The lexicon word, cased as found. */
  word: string;
  /** Confusions applied to read the observed word as this one. */
  edits: Confusion[];
  /** Compound parts of the word (1 = a dictionary word). */
  parts: number;
}

const alphabets = new WeakMap<FrequencyList, Set<string>>();

/** Letters making up at least 1 in 100,000 letters of the language's 3,000 most frequent words. */
export function lettersInUse(frequency: FrequencyList): Set<string> {
  let found = alphabets.get(frequency);
  if (!found) {
    found = countLetters(frequency);
    alphabets.set(frequency, found);
  }
  return found;
}

function countLetters(frequency: FrequencyList): Set<string> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const word of mostFrequent(frequency, 3000)) {
    const weight = frequency.count(word);
    for (const ch of word) {
      counts.set(ch, (counts.get(ch) ?? 0) + weight);
      total += weight;
    }
  }
  return new Set([...counts].filter(([ch, n]) => LETTER.test(ch) && n >= total * 1e-5).map(([ch]) => ch));
}

/** A lexicon cursor that remembers its steps: words of one text share most of their prefixes. */
interface CachedCursor {
  readonly isWord: boolean;
  readonly parts: number;
  next(chars: string): CachedCursor | undefined;
}

function cached(cursor: LexiconCursor): CachedCursor {
  let steps: Map<string, CachedCursor | null> | undefined;
  return {
    isWord: cursor.isWord,
    parts: cursor.parts ?? 1,
    next(chars) {
      steps ??= new Map();
      let found = steps.get(chars);
      if (found === undefined) {
        const next = cursor.next(chars);
        found = next ? cached(next) : null;
        steps.set(chars, found);
      }
      return found ?? undefined;
    },
  };
}

/** A cursor for lexicons without prefix walks: accepts every prefix, checks whole words. */
function plainCursor(lexicon: Lexicon, prefix = ''): LexiconCursor {
  return {
    get isWord() {
      return prefix !== '' && lexicon.has(prefix);
    },
    next: (chars) => plainCursor(lexicon, prefix + chars),
  };
}

/** Confusions with their cost under one cost function, cheapest first, indexed by what the OCR wrote. */
export interface CostTable {
  bySeen: Map<string, { confusion: Confusion; cost: number }[]>;
  drops: { confusion: Confusion; cost: number }[];
}

/**
 * Builds a cost table of `confusions` under `costOf`, leaving out those costing more than `cap`; with
 * `freeLosses`, lost diacritics cost nothing (they are then bounded by the number of edits only).
 */
export function costTable(
  confusions: readonly Confusion[],
  costOf: (confusion: Confusion) => number,
  freeLosses: boolean,
  cap: number,
): CostTable {
  const table: CostTable = { bySeen: new Map(), drops: [] };
  for (const confusion of confusions) {
    const free = freeLosses && confusion.kind === 'diacritic-lost';
    const cost = free ? 0 : costOf(confusion);
    if (cost > cap) continue;
    if (confusion.seen === '') {
      table.drops.push({ confusion, cost });
      continue;
    }
    const first = confusion.seen.charAt(0);
    const list = table.bySeen.get(first) ?? [];
    list.push({ confusion, cost });
    table.bySeen.set(first, list);
  }
  for (const list of table.bySeen.values()) list.sort((x, y) => x.cost - y.cost);
  table.drops.sort((x, y) => x.cost - y.cost);
  return table;
}

/** Reads words through a lexicon; the lexicon steps walked are remembered for every later word. */
export interface LexiconReader {
  /**
   * Reads `word` as lexicon words through the confusions of `table`, at most `budget` in all, and adds
   * each reading (the cheapest way to it) to `into`. One dropped letter may be restored.
   */
  search(word: string, into: Map<string, Candidate>, table: CostTable, budget: number): void;
  /** Compound parts of a lexicon word (1 for a dictionary word or a word the walk does not know). */
  compoundParts(word: string): number;
}

/** A {@link LexiconReader} over `lexicon`, trying at most `maxEdits` confusions per word. */
export function createLexiconReader(lexicon: Lexicon, maxEdits: number): LexiconReader {
  const root = cached(lexicon.start?.() ?? plainCursor(lexicon));
  function search(word: string, into: Map<string, Candidate>, table: CostTable, budget: number) {
    const edits: Confusion[] = [];
    const costs = new Map<string, number>();
    let drops = 0;
    const walk = (at: number, cursor: CachedCursor, out: string, cost: number) => {
      // A letter the OCR left out inside the word, at most one: restore it without reading anything.
      if (drops === 0 && at > 0 && edits.length < maxEdits) {
        for (const { confusion, cost: dropCost } of table.drops) {
          const nextCost = cost + dropCost;
          if (nextCost > budget) break;
          const next = cursor.next(confusion.intended);
          if (!next) continue;
          drops++;
          edits.push(confusion);
          walk(at, next, out + confusion.intended, nextCost);
          edits.pop();
          drops--;
        }
      }
      if (at === word.length) {
        if (cursor.isWord && out !== word) {
          const total = cost + (cursor.parts - 1) * JOIN_COST;
          if (total <= budget && total < (costs.get(out) ?? Number.POSITIVE_INFINITY)) {
            costs.set(out, total);
            into.set(out, { word: out, edits: [...edits], parts: cursor.parts });
          }
        }
        return;
      }
      const ch = word.charAt(at);
      if (LETTER.test(ch)) {
        const next = cursor.next(ch);
        if (next) walk(at + 1, next, out + ch, cost);
      }
      if (edits.length >= maxEdits) return;
      for (const { confusion, cost: editCost } of table.bySeen.get(ch) ?? []) {
        const nextCost = cost + editCost;
        if (nextCost > budget) break;
        if (!word.startsWith(confusion.seen, at)) continue;
        const next = cursor.next(confusion.intended);
        if (!next) continue;
        edits.push(confusion);
        walk(at + confusion.seen.length, next, out + confusion.intended, nextCost);
        edits.pop();
      }
    };
    walk(0, root, '', 0);
  }

  return {
    search,
    compoundParts(word) {
      const cursor = root.next(word) ?? root.next(word.toLowerCase());
      return cursor?.isWord ? cursor.parts : 1;
    },
  };
}
