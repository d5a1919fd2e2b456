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
