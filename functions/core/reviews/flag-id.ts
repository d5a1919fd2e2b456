import {
  DIVERGENCE_KINDS,
  type DivergenceFinding,
  type DivergenceKind,
  type FlagSeverity,
  type ReviewFlag,
} from './types.ts';

const KINDS: readonly DivergenceKind[] = DIVERGENCE_KINDS;
const PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export { DIVERGENCE_KINDS };

/** Is `value` a divergence kind? */
export function isDivergenceKind(value: string): value is DivergenceKind {
  return (KINDS as readonly string[]).includes(value);
}

/** The parts a flag id is made of. */
export interface FlagIdParts {
  charter: string;
  clause: string;
  kind: DivergenceKind;
  langs: string[];
}

/**
 * A flag's stable id: `<charter>:<clause>:<kind>:<lang>+<lang>...` with the languages sorted, so the same
 * finding on a re-ingest gets the same id. Readable, and safe in a URL path segment.
 */
export function flagId(finding: Pick<DivergenceFinding, 'charter' | 'clause' | 'kind' | 'langs'>): string {
  const langs = sortedLangs(finding.langs);
  for (const part of [finding.charter, finding.clause, ...langs]) {
    if (!PART.test(part)) throw new TypeError(`"${part}" cannot be part of a flag id`);
  }
  return [finding.charter, finding.clause, finding.kind, langs.join('+')].join(':');
}

/** Splits a flag id; null when it is not one. */
export function parseFlagId(id: string): FlagIdParts | null {
  const parts = id.split(':');
  if (parts.length !== 4) return null;
  const [charter, clause, kind, langList] = parts as [string, string, string, string];
  const langs = langList.split('+');
  if (![charter, clause, ...langs].every((p) => PART.test(p)) || !isDivergenceKind(kind)) return null;
  return { charter, clause, kind, langs };
}

/** Languages deduplicated and sorted. */
export function sortedLangs(langs: readonly string[]): string[] {
  return [...new Set(langs)].sort();
}

const SEVERITY_RANK: Record<FlagSeverity, number> = { high: 0, medium: 1, low: 2 };

/**
 * Sort key of a flag inside its charter's queue: severity first, then canonical clause order, then the id.
 * Prefixed by the charter so one charter's flags are one key range.
 */
export function queueSortKey(flag: Pick<ReviewFlag, 'charter' | 'severity' | 'order' | 'id'>): string {
  const order = String(Math.max(0, Math.min(99999, Math.round(flag.order)))).padStart(5, '0');
  return `CHARTER#${flag.charter}#${SEVERITY_RANK[flag.severity]}#${order}#${flag.id}`;
}
