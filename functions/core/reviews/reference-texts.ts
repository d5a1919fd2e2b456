import type { ReviewedEdition } from '../structure/types.ts';
import type { ReviewedClause } from './types.ts';

/**
 * The alignment references of an edition with the reviewers' corrections laid over them: a corrected clause
 * text replaces the reference text of its language (shipped reviewed edition or stored edition alike), and a
 * language known only through corrections becomes a partial reference. Corrections of `lang` itself are left
 * out: an edition is never its own reference.
 */
export function withCorrections(
  references: readonly ReviewedEdition[],
  corrections: readonly ReviewedClause[],
  lang: string,
): ReviewedEdition[] {
  const byLang = new Map(references.map((r) => [r.lang, { ...r, clauses: { ...r.clauses } }]));
  for (const correction of corrections) {
    if (correction.lang === lang) continue;
    let reference = byLang.get(correction.lang);
    if (!reference) {
      reference = { charter: correction.charter, lang: correction.lang, clauses: {}, residue: [] };
      byLang.set(correction.lang, reference);
    }
    reference.clauses[correction.clauseId] = correction.text;
  }
  return [...byLang.values()];
}
