/**
 * Transition scores of the lattice in a decomposed form. The score of going from clause p to clause c
 * depends on p only through three special moves (next: p = c - 1, repeat: p = c, skip: p = c - 2) and
 * whether p ends a section; every other move scores `entry[c]` (a section start, group start or plain jump),
 * plus a bonus when p ends a section and c starts one. So a max or a sum over all previous states is a few
 * terms plus one global max or sum: O(1) per clause instead of O(n).
 */
import type { CharterStructure } from '../structure/types.ts';

/** Weights that shape the transitions (a subset of the lattice weights). */
export interface TransitionWeights {
  next: number;
  skipOne: number;
  sectionStart: number;
  groupStart: number;
  jump: number;
  repeat: number;
}

/** Bonus of a jump to a section start from a clause that ends a section. */
export const SECTION_END_BONUS = 0.3;

/** Decomposed transition scores of one charter. Clause -1 is the start of the edition. */
export interface Transitions {
  /** Number of clauses. */
  n: number;
  next: number;
  repeat: number;
  skip: number;
  /** Score of entering clause c by anything but next, repeat or skip. */
  entry: Float64Array;
  /** `entry[c]` plus the section-end bonus, for section starts (else equal to `entry[c]`). */
  entryAfterSectionEnd: Float64Array;
  /** Clause c starts a section. */
  startsSection: Uint8Array;
  /** Clause p ends a section. */
  endsSection: Uint8Array;
  /** Highest and lowest score any transition can have. */
  max: number;
  min: number;
}

/** Decomposed transitions of `structure`. */
export function decomposedTransitions(structure: CharterStructure, w: TransitionWeights): Transitions {
  const clauses = structure.clauses;
  const n = clauses.length;
  const entry = new Float64Array(n);
  const entryAfterSectionEnd = new Float64Array(n);
  const startsSection = new Uint8Array(n);
  const endsSection = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    const clause = clauses[c]!;
    const starts = c === 0 || clauses[c - 1]!.section !== clause.section;
    startsSection[c] = starts ? 1 : 0;
    endsSection[c] = c === n - 1 || clauses[c + 1]!.section !== clause.section ? 1 : 0;
    if (starts) {
      entry[c] = w.sectionStart;
      entryAfterSectionEnd[c] = w.sectionStart + SECTION_END_BONUS;
    } else {
      entry[c] = clause.group === clause.id ? w.groupStart : w.jump;
      entryAfterSectionEnd[c] = entry[c]!;
    }
  }
  let max = Math.max(w.next, w.repeat, w.skipOne);
  let min = Math.min(w.next, w.repeat, w.skipOne);
  for (let c = 0; c < n; c++) {
    max = Math.max(max, entry[c]!, entryAfterSectionEnd[c]!);
    min = Math.min(min, entry[c]!, entryAfterSectionEnd[c]!);
  }
  return {
    n,
    next: w.next,
    repeat: w.repeat,
    skip: w.skipOne,
    entry,
    entryAfterSectionEnd,
    startsSection,
    endsSection,
    max,
    min,
  };
}

/** Score of moving from clause `prev` (-1: the start) to clause `c`. */
export function transitionScore(t: Transitions, prev: number, c: number): number {
  if (c === prev + 1) return t.next;
  if (c === prev) return t.repeat;
  if (c === prev + 2 && prev >= 0) return t.skip;
  return jumpScore(t, prev, c);
}

/** Score of moving from `prev` to `c` by a jump (what the move would score were it not next, repeat or skip). */
export function jumpScore(t: Transitions, prev: number, c: number): number {
  return prev >= 0 && t.endsSection[prev] ? t.entryAfterSectionEnd[c]! : t.entry[c]!;
}

/** True when `prev` -> `c` is one of the special moves (next, repeat, skip) rather than a jump. */
export function isSpecialMove(prev: number, c: number): boolean {
  return c === prev + 1 || c === prev || (c === prev + 2 && prev >= 0);
}
