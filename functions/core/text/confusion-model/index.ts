import type { Confusion, ConfusionKind, ConfusionModel } from '../types.ts';

/** One group of `data/ocr-confusions.json`: pairs of [intended, seen] sharing a kind and cost. */
export interface ConfusionGroupData {
  kind: ConfusionKind;
  cost: number;
  note?: string;
  /** Also add each pair the other way round. */
  both?: boolean;
  pairs: [string, string][];
}

/** The shape of `data/ocr-confusions.json` (already validated against its schema). */
export interface ConfusionData {
  description: string;
  sources?: string[];
  groups: ConfusionGroupData[];
}

function upperVariant(text: string): string | undefined {
  const upper = text.toUpperCase();
  if (upper === text) return undefined;
  // Upper-case only forms that stay one letter each ("ß" would become "SS").
  if ([...upper].length !== [...text].length) return undefined;
  return upper;
}

/**
 * Expands confusion data into a model: reversed pairs for `both` groups, upper-case variants of
 * letter pairs (ä/a also gives Ä/A; a digit or symbol on either side keeps its form), the lowest cost
 * kept when a pair appears twice.
 */
export function createConfusionModel(data: ConfusionData): ConfusionModel {
  const byKey = new Map<string, Confusion>();
  const add = (intended: string, seen: string, cost: number, kind: ConfusionKind) => {
    if (intended === seen) return;
    const key = `${intended}\u0000${seen}`;
    const known = byKey.get(key);
    if (!known || known.cost > cost) byKey.set(key, { intended, seen, cost, kind });
  };
  for (const group of data.groups) {
    for (const [intended, seen] of group.pairs) {
      const pairs: [string, string][] = [[intended, seen]];
      if (group.both) pairs.push([seen, intended]);
      for (const [i, s] of pairs) {
        add(i, s, group.cost, group.kind);
        const upperIntended = upperVariant(i);
        if (upperIntended === undefined) continue;
        const upperSeen = upperVariant(s) ?? s;
        // "ä" read as "a" gives "Ä" as "A"; "ö" as "6" gives "Ö" as "6"; only the first letter
        // of a word is upper case in running text, so multi-letter forms capitalise their first letter.
        add(upperIntended, upperSeen, group.cost, group.kind);
        if ([...i].length > 1 || [...s].length > 1) {
          const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
          add(cap(i), cap(s), group.cost, group.kind);
        }
      }
    }
  }
  return { confusions: [...byKey.values()] };
}
