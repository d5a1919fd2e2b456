/** Majority vote over tokens (numbers, names) that should appear in every edition of a clause. */
import type { EditionView } from './context.ts';

/** A token as written in an edition, with the key it is compared by. */
export interface VotedToken {
  key: string;
  shown: string;
}

/** What one edition has that the others lack (`extra`) and lacks that the others have (`lacking`). */
export interface TokenDifference {
  edition: EditionView;
  extra: VotedToken[];
  lacking: VotedToken[];
  /** Editions that sided against this one on at least one token. */
  against: Set<string>;
}

/**
 * Compares the tokens of one clause across editions. Each token of each edition is looked for in the others
 * (`contains`); when the editions that have it are a minority, they have an extra token, when they are a
 * majority, the others lack it, and on a tie both sides are reported.
 */
export function voteOnTokens(
  editions: readonly EditionView[],
  tokensOf: (edition: EditionView) => VotedToken[],
  contains: (edition: EditionView, token: VotedToken) => boolean,
): TokenDifference[] {
  const diffs = new Map<EditionView, TokenDifference>();
  const diff = (edition: EditionView) => {
    let found = diffs.get(edition);
    if (!found) {
      found = { edition, extra: [], lacking: [], against: new Set() };
      diffs.set(edition, found);
    }
    return found;
  };
  const add = (list: VotedToken[], token: VotedToken) => {
    if (!list.some((t) => t.key === token.key)) list.push(token);
  };
  const seen = new Set<string>();
  for (const source of editions) {
    for (const token of tokensOf(source)) {
      const having = editions.filter((e) => e === source || contains(e, token));
      if (having.length === editions.length) continue;
      const lacking = editions.filter((e) => !having.includes(e));
      const signature = `${token.key}|${having.map((e) => e.lang).join(',')}`;
      if (seen.has(signature)) continue;
      seen.add(signature);
      if (having.length * 2 <= editions.length) {
        for (const e of having) {
          add(diff(e).extra, token);
          for (const l of lacking) diff(e).against.add(l.lang);
        }
      }
      if (having.length * 2 >= editions.length) {
        for (const e of lacking) {
          add(diff(e).lacking, token);
          for (const h of having) diff(e).against.add(h.lang);
        }
      }
    }
  }
  return [...diffs.values()].filter((d) => d.extra.length + d.lacking.length > 0);
}
