/** Divergence findings, review flags and the review store port, shared by the detector, the workflow and the API. */

/** What kind of difference between language editions a finding reports. */
export type DivergenceKind =
  | 'missing-clause'
  | 'unaligned-residue'
  | 'number-mismatch'
  | 'name-mismatch'
  | 'list-structure'
  | 'length-outlier'
  | 'meaning-drift'
  | 'low-confidence';

export type FlagSeverity = 'high' | 'medium' | 'low';

/** What the detector saw: tokens or spans found here (`actual`) against what the other editions have (`expected`). */
export interface DivergenceEvidence {
  actual: string[];
  expected: string[];
  /** Languages the evidence was compared with. */
  comparedWith: string[];
  /** A measured figure behind the finding (ratio, similarity, confidence) and the limit it crossed. */
  score?: { value: number; limit: number };
}

/** One divergence found by `functions/core/diverge` in one clause of one or more editions. */
export interface DivergenceFinding {
  charter: string;
  /** Canonical clause id; residue findings use the id of the clause the residue follows, or `residue`. */
  clause: string;
  /** The edition(s) that diverge. */
  langs: string[];
  kind: DivergenceKind;
  severity: FlagSeverity;
  /** One line a reviewer can read. */
  reason: string;
  evidence: DivergenceEvidence;
}

export type FlagStatus = 'open' | 'accepted' | 'dismissed' | 'corrected';

/** A reviewer's decision on a flag: who, when, why. */
export interface ReviewDecision {
  status: Exclude<FlagStatus, 'open'> | 'reopened';
  by: string;
  at: string;
  note: string;
  /** With `corrected`: the clause text the reviewer supplies. */
  correctedText?: string;
}

/** A finding under review. `id` is stable across re-ingests of the same charter, clause, languages and kind. */
export interface ReviewFlag extends DivergenceFinding {
  id: string;
  status: FlagStatus;
  /** Fingerprint of the clause texts the finding was computed on; a change reopens a decided flag. */
  textHash: string;
  history: ReviewDecision[];
  createdAt: string;
  updatedAt: string;
}
