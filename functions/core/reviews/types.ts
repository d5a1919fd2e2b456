/** Divergence findings, review flags and the review store port, shared by the detector, the workflow and the API. */
import type { ClauseRecord } from '../editions/types.ts';

/** The divergence kinds, in the order the detector documents them. */
export const DIVERGENCE_KINDS = [
  'missing-clause',
  'unaligned-residue',
  'number-mismatch',
  'name-mismatch',
  'list-structure',
  'length-outlier',
  'meaning-drift',
  'low-confidence',
  'low-quality',
  // Raised by the review workflow, not the detector: the OCR text under a correction changed on a re-ingest.
  'stale-correction',
  // Raised by the review workflow: an upload the quality gate held back as a candidate (candidate-flags.ts).
  'held-back-candidate',
] as const;

/** What kind of difference between language editions a finding reports. */
export type DivergenceKind = (typeof DIVERGENCE_KINDS)[number];

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

/**
 * `resolved`: an open flag whose finding a later ingest no longer raised; closed by the workflow, history kept.
 * A decided flag whose finding is gone keeps its decision and gets `resolvedAt` instead.
 */
export type FlagStatus = 'open' | 'accepted' | 'dismissed' | 'corrected' | 'resolved';

/** A reviewer's decision on a flag: who, when, why. */
export interface ReviewDecision {
  /**
   * A reviewer's decision, or an event of the workflow itself: `reopened` (the clause text changed under a
   * decision), `resolved` (the detector no longer raises the finding; the decision is kept).
   */
  status: Exclude<FlagStatus, 'open' | 'resolved'> | 'reopened' | 'resolved';
  by: string;
  at: string;
  note: string;
  /** With `corrected`: the clause text the reviewer supplies. */
  correctedText?: string;
  /** With `corrected`: the edition the corrected text belongs to. */
  lang?: string;
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
  /** Canonical position of the clause (queue order); residue and unknown clauses sort last. */
  order: number;
  /** Bumped by every write; a decision names the revision it was made on (optimistic concurrency). */
  revision: number;
  /** Set when the detector stopped raising the finding: a decided flag keeps its decision, an open one closes. */
  resolvedAt?: string;
  /** The edition version whose ingest no longer raised the finding. */
  resolvedBy?: { lang: string; version: number };
}

/** A clause text supplied by a reviewer when correcting a flag; later alignments use it as reference. */
export interface ReviewedClause {
  charter: string;
  clauseId: string;
  lang: string;
  text: string;
  by: string;
  at: string;
  /** The flag whose correction supplied it. */
  flagId: string;
  /**
   * The OCR text of the clause the correction replaced, as served when it was made (null: the edition lacked
   * the clause; absent: recorded before OCR texts were kept, always in force). The correction is the clause's
   * text while the edition's OCR text stays this one.
   */
  ocrText?: string | null;
  /** The edition version whose text was corrected. */
  version?: number;
  /** Canonical position of the clause (for a clause the edition lacked). */
  order?: number;
}

/** One clause read whole: its served texts (corrections in force applied), its flags and its reviewed texts. */
export interface ClauseReadout {
  records: ClauseRecord[];
  flags: ReviewFlag[];
  reviewed: ReviewedClause[];
}

/** Filters of the review queue. Every field is optional; no status means every status. */
export interface FlagQuery {
  status?: FlagStatus;
  charter?: string;
  lang?: string;
  kind?: DivergenceKind;
  /** Page size. */
  limit: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
}

export interface FlagPage {
  flags: ReviewFlag[];
  /** Cursor of the next page, or null on the last one. */
  cursor: string | null;
}

/**
 * Where flags and reviewed clause texts are kept. Writes are conditional on the flag's revision: a write whose
 * `expectedRevision` is not the stored one (null: the flag must not exist) rejects with `FlagConflictError`.
 */
export interface ReviewStore {
  getFlag(id: string): Promise<ReviewFlag | null>;
  /** Every flag of a charter, whatever its status. */
  listCharterFlags(charter: string): Promise<ReviewFlag[]>;
  /** The flags of one clause (every language and kind). */
  listClauseFlags(charter: string, clauseId: string): Promise<ReviewFlag[]>;
  /** The review queue: severity first, then canonical clause order; one page. */
  queryFlags(query: FlagQuery): Promise<FlagPage>;
  putFlag(flag: ReviewFlag, expectedRevision: number | null): Promise<void>;
  deleteFlag(id: string, expectedRevision: number): Promise<void>;
  saveReviewedClause(clause: ReviewedClause): Promise<void>;
  /** Reviewed clause texts of a charter, every language. */
  listReviewedClauses(charter: string): Promise<ReviewedClause[]>;
  /** Reviewed texts of one clause. */
  getReviewedClauses(charter: string, clauseId: string): Promise<ReviewedClause[]>;
  /** Records that a charter has flags computed (the charter catalogue). */
  registerCharter(charter: string): Promise<void>;
  listCharters(): Promise<string[]>;
}
