/** Language-independent anchors (years, place names, acronyms, English titles) found in a text. */
import type { Anchor } from '../structure/types.ts';
import { foldedWords } from './fold.ts';

/** An anchor folded into word sequences, one per spelling. */
export interface CompiledAnchor {
  key: string;
  spellings: string[][];
}

/** Folds every spelling of `anchor` into its words; the first spelling names the anchor. */
export function compileAnchor(anchor: Anchor): CompiledAnchor {
  return { key: anchor[0]!, spellings: anchor.map((s) => foldedWords(s)).filter((w) => w.length > 0) };
}

function matchesAt(words: readonly string[], at: number, spelling: readonly string[]): boolean {
  for (let k = 0; k < spelling.length; k++) {
    const word = words[at + k];
    const want = spelling[k]!;
    if (word === undefined) return false;
    if (word === want) continue;
    // The last word may be inflected, compounded or cut short by the OCR ("Milano" and "Milanoerklæringen"
    // for "Milan", "Nat" for "Nationals"); numbers match whole.
    const last = k === spelling.length - 1;
    const inflected =
      want.length >= 4 &&
      /\p{L}$/u.test(want) &&
      word.startsWith(want) &&
      (word.length - want.length <= 3 || want.length >= 5);
    const truncated = k > 0 && last && word.length >= 3 && want.startsWith(word);
    if (!(last && (inflected || truncated))) return false;
  }
  return true;
}

/** Keys of the anchors that occur in the folded words of a text. */
export function findAnchors(words: readonly string[], anchors: readonly CompiledAnchor[]): Set<string> {
  const found = new Set<string>();
  for (const anchor of anchors) {
    outer: for (const spelling of anchor.spellings) {
      for (let at = 0; at + spelling.length <= words.length; at++) {
        if (matchesAt(words, at, spelling)) {
          found.add(anchor.key);
          break outer;
        }
      }
    }
  }
  return found;
}

/** Anchor spellings by the first four letters of their first word, for {@link findAnchorsIndexed}. */
export interface AnchorIndex {
  byPrefix: Map<string, { key: string; spelling: string[] }[]>;
}

/** Indexes compiled anchors; a spelling can only match at a word that starts like its first word. */
export function anchorIndex(anchors: readonly CompiledAnchor[]): AnchorIndex {
  const byPrefix = new Map<string, { key: string; spelling: string[] }[]>();
  for (const anchor of anchors) {
    for (const spelling of anchor.spellings) {
      const prefix = spelling[0]!.slice(0, 4);
      const list = byPrefix.get(prefix) ?? [];
      list.push({ key: anchor.key, spelling });
      byPrefix.set(prefix, list);
    }
  }
  return { byPrefix };
}

/** The same as {@link findAnchors}, in time proportional to the words rather than words x anchors. */
export function findAnchorsIndexed(words: readonly string[], index: AnchorIndex): Set<string> {
  const found = new Set<string>();
  for (let at = 0; at < words.length; at++) {
    for (const { key, spelling } of index.byPrefix.get(words[at]!.slice(0, 4)) ?? []) {
      if (!found.has(key) && matchesAt(words, at, spelling)) found.add(key);
    }
  }
  return found;
}
