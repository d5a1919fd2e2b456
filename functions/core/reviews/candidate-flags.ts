/**
 * Review flags for versions the quality gate held back. An upload that fails the gate is kept as a candidate
 * beside the current version (functions/core/editions/quality-gate.ts); a `held-back-candidate` flag puts it in
 * the review queue with the gate's reasons, so a reviewer sees it beside the divergence flags. Each candidate
 * version has its own flag (clause part `version-<n>`); when the edition no longer holds that candidate
 * (promoted, or superseded by a newer upload, promotion or rollback) the refresh closes the flag as resolved,
 * with a history entry saying which, and its history is kept like every other flag's.
 */
import type { EditionRecord } from '../editions/types.ts';
import type { DivergenceFinding, ReviewFlag } from './types.ts';

/** The kind of the flags raised here. */
export const HELD_BACK_KIND = 'held-back-candidate';

/** The flag's clause part for candidate version `version`: not a clause id, it names the version. */
export function candidateClause(version: number): string {
  return `version-${version}`;
}

/** The version a candidate flag names, or null for another flag. */
export function candidateVersionOf(flag: Pick<ReviewFlag, 'kind' | 'clause'>): number | null {
  if (flag.kind !== HELD_BACK_KIND) return null;
  const match = /^version-(\d+)$/.exec(flag.clause);
  return match ? Number(match[1]) : null;
}

/** One finding per edition that holds a candidate: its language, version and the gate's reasons. */
export function candidateFindings(charter: string, editions: readonly EditionRecord[]): DivergenceFinding[] {
  return editions.flatMap((edition) => {
    const candidate = edition.candidate;
    if (!candidate) return [];
    const current =
      edition.version > 0
        ? `the current version stays version ${edition.version} (${edition.sourceKey})`
        : 'no version is current yet';
    return [
      {
        charter,
        clause: candidateClause(candidate.version),
        langs: [edition.lang],
        kind: HELD_BACK_KIND,
        severity: 'high',
        reason:
          `${edition.lang} version ${candidate.version} (${candidate.sourceKey}) was held back by the quality ` +
          `gate; ${current}: ${candidate.reasons.join('; ')}. Promote it (the review page's Promote button, or ` +
          `\`charter edition promote ${edition.lang} --candidate ${candidate.version}\`) if it is right.`,
        evidence: {
          actual: [...candidate.reasons],
          expected: edition.version > 0 ? [`current version ${edition.version}`] : [],
          comparedWith: [],
        },
      },
    ];
  });
}

/**
 * The history note of a candidate flag being closed: what became of the candidate (promoted as version n, or
 * superseded by version n); undefined for other flags and for a candidate the edition still holds.
 */
export function candidateResolutionNote(
  flag: Pick<ReviewFlag, 'kind' | 'clause' | 'langs'>,
  editions: readonly EditionRecord[],
): string | undefined {
  const version = candidateVersionOf(flag);
  const lang = flag.langs[0];
  if (version === null || lang === undefined) return undefined;
  const edition = editions.find((e) => e.lang === lang);
  if (edition?.candidate?.version === version) return undefined;
  if (!edition || !(edition.version > 0)) return `candidate version ${version} is no longer held back`;
  if (edition.restoredFrom === version) {
    return `promoted: ${lang} version ${edition.version} is candidate version ${version} made current`;
  }
  if (edition.candidate) {
    return `superseded by candidate version ${edition.candidate.version}; ${lang} version ${edition.version} stays current`;
  }
  return `superseded: ${lang} version ${edition.version} is current`;
}
