/** Majority vote over tokens (numbers, names) that should appear in every edition of a clause. */
import type { DivergenceFinding, DivergenceKind, FlagSeverity } from '../reviews/types.ts';
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

/**
 * The finding for one edition's token difference: `<what> differ: has …; lacks … (compared with …)`, the extra
 * tokens as `actual`, the lacking ones as `expected`.
 */
export function tokenDifferenceFinding(
  d: TokenDifference,
  where: { charter: string; clause: string; editions: readonly EditionView[] },
  kind: DivergenceKind,
  what: string,
  severity: FlagSeverity,
): DivergenceFinding {
  const shown = (tokens: VotedToken[]) => tokens.map((t) => t.shown);
  const parts = [
    d.extra.length ? `has ${shown(d.extra).join(', ')}` : '',
    d.lacking.length ? `lacks ${shown(d.lacking).join(', ')}` : '',
  ].filter(Boolean);
  return {
    charter: where.charter,
    clause: where.clause,
    langs: [d.edition.lang],
    kind,
    severity,
    reason: `${what} differ: ${parts.join('; ')} (compared with ${[...d.against].join(', ')})`,
    evidence: {
      actual: shown(d.extra),
      expected: shown(d.lacking),
      comparedWith: where.editions.filter((e) => e !== d.edition).map((e) => e.lang),
    },
  };
}
