/** Confusion costs fitted to one document from how its words were first read. */
import type { Confusion } from '../types.ts';

/** Weight (in letters) of the data file's cost as prior of a document's confusion rates. */
const KIND_PRIOR = 10;
/** Weight (in letters) of a confusion kind's document rate as prior of one confusion's rate. */
const PAIR_PRIOR = 5;
/** Times a document's unknown words must need a kind of confusion before it may change valid words. */
const MIN_EVIDENCE = 2;

/** Costs fitted to one document. */
export interface DocumentModel {
  /** Cost (nats) of a confusion in this document. */
  editCost: (confusion: Confusion) => number;
  /** True when the document's unknown words needed confusions of this kind more than once. */
  evidenced?: (confusion: Confusion) => boolean;
  /** How many of the document's unknown words needed this very confusion in their first reading. */
  uses?: (confusion: Confusion) => number;
  /** How often each word (lower case) occurs in the document as first read; total words. */
  words?: { counts: Map<string, number>; total: number };
  /** How often each pair of adjacent words (lower case, joined by U+0000) occurs as first read. */
  pairs?: Map<string, number>;
}

/** The data file's costs, before any document is seen. */
export const staticModel: DocumentModel = { editCost: (c) => c.cost };

/** A document as first read: each word as read (known words as written) and the confusions needed. */
export interface FirstReading {
  /** Occurrences of each word as read. */
  words: Map<string, number>;
  /** Occurrences of each confusion in the readings of unknown words. */
  used: Map<Confusion, number>;
}

/**
 * Fits confusion costs to a document. A confusion's rate is how often the first reading needed it
 * over how often its intended letters occur in that reading, smoothed toward the rate of its kind,
 * itself smoothed toward the data file's cost. So a text that lost its diacritics gets cheap
 * diacritic restoration (and real-word fixes such as for -> för), a clean text expensive ones.
 * `lossRate`, when given, is the rate of every lost diacritic.
 */
export function fitDocumentModel(
  reading: FirstReading,
  confusions: readonly Confusion[],
  lossRate?: number,
): DocumentModel {
  const { words, used } = reading;
  const intended = [...new Set(confusions.map((c) => c.intended))];
  const singleForms = new Set(intended.filter((form) => [...form].length === 1));
  const longerForms = intended.filter((form) => [...form].length > 1);
  const occurrences = new Map<string, number>();
  for (const [read, count] of words) {
    for (const ch of read) {
      if (singleForms.has(ch)) occurrences.set(ch, (occurrences.get(ch) ?? 0) + count);
    }
    for (const form of longerForms) {
      let at = read.indexOf(form);
      while (at !== -1) {
        occurrences.set(form, (occurrences.get(form) ?? 0) + count);
        at = read.indexOf(form, at + form.length);
      }
    }
  }

  const kindRate = new Map<string, number>();
  const kindUses = new Map<string, number>();
  for (const kind of new Set(confusions.map((c) => c.kind))) {
    let needed = 0;
    let chances = 0;
    let cheapest = Number.POSITIVE_INFINITY;
    for (const confusion of confusions) {
      if (confusion.kind !== kind) continue;
      needed += used.get(confusion) ?? 0;
      chances += occurrences.get(confusion.intended) ?? 0;
      cheapest = Math.min(cheapest, confusion.cost);
    }
    kindRate.set(kind, (needed + KIND_PRIOR * Math.exp(-cheapest)) / (chances + KIND_PRIOR));
    kindUses.set(kind, needed);
  }

  const costs = new Map<Confusion, number>();
  for (const confusion of confusions) {
    const needed = used.get(confusion) ?? 0;
    const chances = occurrences.get(confusion.intended) ?? 0;
    const rate =
      lossRate !== undefined && confusion.kind === 'diacritic-lost'
        ? lossRate
        : (needed + PAIR_PRIOR * kindRate.get(confusion.kind)!) / (chances + PAIR_PRIOR);
    costs.set(confusion, Math.max(0, -Math.log(rate)));
  }

  const counts = new Map<string, number>();
  let total = 0;
  for (const [read, count] of words) {
    const key = read.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + count);
    total += count;
  }
  return {
    editCost: (c) => costs.get(c) ?? c.cost,
    evidenced: (c) => (kindUses.get(c.kind) ?? 0) >= MIN_EVIDENCE,
    uses: (c) => used.get(c) ?? 0,
    words: { counts, total: Math.max(1, total) },
  };
}
