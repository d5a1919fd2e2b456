/** Check: names, acronyms and Latin-script titles that differ between editions of a clause. */
import type { DivergenceFinding } from '../reviews/types.ts';
import { type ClauseView, type DetectionContext, editionsWith } from './context.ts';
import { severityOf } from './severity.ts';
import { type NameMatchSettings, namesMatch } from './tokens.ts';
import { tokenDifferenceFinding, voteOnTokens } from './token-votes.ts';

const found = new WeakMap<ClauseView, WeakMap<object, Map<string, boolean>>>();

/**
 * Whether a clause's words hold the name `key` (see `namesMatch`), answered once per clause view, settings and
 * name: views are kept across runs, so an ingest looks up only the names the new edition brings or lacks.
 */
function containsName(clause: ClauseView, key: string, settings: NameMatchSettings): boolean {
  let bySettings = found.get(clause);
  if (!bySettings) {
    bySettings = new WeakMap();
    found.set(clause, bySettings);
  }
  let byName = bySettings.get(settings);
  if (!byName) {
    byName = new Map();
    bySettings.set(settings, byName);
  }
  let answer = byName.get(key);
  if (answer === undefined) {
    answer = clause.tokens.some((t) => namesMatch(t.folded, key, settings));
    byName.set(key, answer);
  }
  return answer;
}

/**
 * One finding per clause and edition whose names differ from the majority: a name of one edition is looked
 * for among all words of another (names are shared across languages; inflection and local spellings are
 * matched loosely, see `namesMatch`). Strength: names differing.
 */
export function nameMismatches(context: DetectionContext): DivergenceFinding[] {
  const settings = context.thresholds.names;
  const findings: DivergenceFinding[] = [];
  for (const def of context.structure.clauses) {
    const editions = editionsWith(context, def.id);
    if (editions.length < 2) continue;
    const diffs = voteOnTokens(
      editions,
      (e) => e.clauses.get(def.id)!.names.map((n) => ({ key: n.folded, shown: n.text })),
      (e, token) => containsName(e.clauses.get(def.id)!, token.key, settings),
    );
    for (const d of diffs) {
      const where = { charter: context.charter, clause: def.id, editions };
      findings.push(
        tokenDifferenceFinding(
          d,
          where,
          'name-mismatch',
          'names',
          severityOf('name-mismatch', d.extra.length + d.lacking.length, context.thresholds),
        ),
      );
    }
  }
  return findings;
}
