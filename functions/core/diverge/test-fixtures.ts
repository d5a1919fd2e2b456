/** Builders of small charters and editions for the detector's unit tests. */
import type { CharterStructure, ClauseDef, ClauseKind } from '../structure/types.ts';
import type { DivergenceEdition, DivergenceThresholds } from './types.ts';

/** A structure from `[id, kind, group]` rows in canonical order. */
export function structureOf(rows: readonly [string, ClauseKind, string?][]): CharterStructure {
  const clauses: ClauseDef[] = rows.map(([id, kind, group], order) => ({
    id,
    kind,
    group: group ?? id,
    section: 'main',
    anchors: [],
    footnoteRef: false,
    order,
    leadIn: false,
    bulletIndex: 0,
    groupSize: 0,
  }));
  for (const c of clauses) {
    const bullets = clauses.filter((b) => b.group === c.id && b.kind === 'bullet');
    c.leadIn = bullets.length > 0;
    bullets.forEach((b, i) => {
      b.bulletIndex = i + 1;
      b.groupSize = bullets.length;
    });
  }
  return { charter: 'test-charter', title: 'Test', clauses };
}

/** An edition with every clause at confidence 1 unless given. */
export function editionOf(
  lang: string,
  texts: Record<string, string>,
  extra: Partial<DivergenceEdition> = {},
): DivergenceEdition {
  return {
    lang,
    clauses: Object.fromEntries(Object.entries(texts).map(([id, text]) => [id, { text, confidence: 1 }])),
    ...extra,
  };
}

/** Thresholds as in the data file, for tests that must not read it. */
export const testThresholds: DivergenceThresholds = {
  minPairClauses: 8,
  minSigma: 0.02,
  lowConfidence: 0.5,
  lowQuality: 0.8,
  length: { zLimit: 3.5, cutZLimit: 1.5 },
  drift: { zLimit: 2.2, minPairReliability: 0.6 },
  duplicate: { minWords: 6, minSentenceWords: 3, zLimit: 4 },
  singlePartnerFactor: 1.5,
  swap: { minGain: 0 },
  residue: { minWords: 2, minLetterShare: 0.6, minLowerShare: 0.3 },
  names: { maxEditDistance: 0.2, minSharedPrefix: 5, minPrefixShare: 0.6 },
  severity: {
    'missing-clause': { mediumAt: 0, highAt: 0.5 },
    'number-mismatch': { mediumAt: 0, highAt: 1 },
  },
};
