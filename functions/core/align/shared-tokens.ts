/**
 * Tokens that survive translation unchanged: numbers (years, heights, article numbers, page numbers) and
 * capitalised names. A piece and a reference clause that share a rare one are likely the same clause in
 * any pair of languages; a number the piece holds that the clause lacks (but another clause has) speaks
 * against it. Rarity is measured over the reference clauses, so a year every clause repeats counts little.
 */
import type { CharterStructure, ReviewedEdition } from '../structure/types.ts';
import { foldText } from './fold.ts';

/** Reference tokens per clause and how many clauses hold each token. */
export interface TokenIndex {
  /** Token -> indexes of the clauses whose references hold it. */
  clausesOf: Map<string, number[]>;
  clauseCount: number;
}

/** Numbers and capitalised words of at least four letters, folded; not the text's first word. */
export function stableTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  words.forEach((word, i) => {
    if (/^\p{N}+$/u.test(word)) tokens.add(word.replace(/^0+(?=\d)/, ''));
    else if (i > 0 && word.length >= 4 && /^\p{Lu}/u.test(word) && /\p{Ll}/u.test(word))
      tokens.add(foldText(word));
  });
  return tokens;
}

/** Indexes the stable tokens of every clause's references. */
export function buildTokenIndex(
  structure: CharterStructure,
  references: readonly ReviewedEdition[],
): TokenIndex {
  const clausesOf = new Map<string, number[]>();
  structure.clauses.forEach((clause, c) => {
    const tokens = new Set<string>();
    for (const edition of references) {
      const text = edition.clauses[clause.id];
      if (text) for (const t of stableTokens(text)) tokens.add(t);
    }
    for (const t of tokens) {
      const list = clausesOf.get(t);
      if (list) list.push(c);
      else clausesOf.set(t, [c]);
    }
  });
  return { clausesOf, clauseCount: structure.clauses.length };
}

/** Largest bonus and largest penalty a piece can get from shared tokens. */
const MAX_BONUS = 2.5;
const MAX_PENALTY = 1.2;

/**
 * Evidence per clause from the stable tokens of a piece: for each token the references know, a bonus to
 * the clauses holding it (more for a rarer token) and a smaller penalty to the others when it is a number.
 * Null when the piece has no token the references know.
 */
export function sharedTokenScores(index: TokenIndex, text: string): Float64Array | null {
  const n = index.clauseCount;
  if (n < 2) return null;
  let scores: Float64Array | null = null;
  let penalty = 0;
  for (const token of stableTokens(text)) {
    const holders = index.clausesOf.get(token);
    if (!holders) continue;
    scores ??= new Float64Array(n);
    // 1 for a token only one clause holds, falling to 0 for one every clause holds.
    const rarity = Math.log(n / holders.length) / Math.log(n);
    for (const c of holders) scores[c]! += rarity;
    if (/^\p{N}+$/u.test(token)) {
      penalty += 0.5 * rarity;
      for (const c of holders) scores[c]! += 0.5 * rarity;
    }
  }
  if (!scores) return null;
  for (let c = 0; c < n; c++) scores[c] = Math.min(MAX_BONUS, scores[c]!) - Math.min(MAX_PENALTY, penalty);
  return scores;
}
