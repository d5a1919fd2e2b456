/**
 * Records and store ports of the edition use cases. The adapters in functions/adapters implement the ports:
 * `EditionStore` (edition items and their versioned writes), `ClauseStore` (clause reads) and `BlobStore`
 * (uploaded and processed files). The review store port lives in functions/core/reviews/types.ts.
 */

/** One clause of one language edition, as stored and served. */
export interface ClauseRecord {
  charter: string;
  clauseId: string;
  lang: string;
  /** Position of the clause in the charter's canonical order. */
  order: number;
  text: string;
  /** Alignment confidence: how sure the aligner is that this text is this clause. */
  confidence: number;
  /**
   * Text quality in [0, 1]: how readable the stored text is in its language (share of its word letters the
   * language's lexicon accepts; see functions/core/text/text-quality). Null or absent when the language has no
   * lexicon, or for a clause stored before quality was measured.
   */
  quality?: number | null;
  /** Words (and stray marks) of the text that counted against its quality, at most {@link MAX_UNKNOWN_WORDS}. */
  unknownWords?: string[];
  /** Edition version that wrote this clause. */
  version: number;
  /**
   * Set when a reviewer's correction is the clause's text (see functions/core/reviews/record.ts): `text` is the
   * corrected text and `ocrText` the text the edition's OCR gave (null: the edition lacked the clause).
   */
  reviewed?: ClauseReview;
}

/** Who corrected a served clause, when, through which flag, and the OCR text kept beside the correction. */
export interface ClauseReview {
  by: string;
  at: string;
  flagId: string;
  ocrText: string | null;
}

/** Most unknown words kept on a stored clause (the first ones in reading order). */
export const MAX_UNKNOWN_WORDS = 20;

/**
 * `aligned`: the last upload is the current version (or, with `candidate` set, a newer upload was held back by
 * the quality gate and the current version stays); `failed`: the last upload was rejected (see `error`);
 * `candidate`: no version is current yet, and the only upload was held back by the quality gate.
 */
export type EditionStatus = 'writing' | 'aligned' | 'failed' | 'candidate';

/** Text of an edition that belongs to no clause, placed after the clause it follows (when known). */
export interface EditionResidue {
  text: string;
  after?: string;
}

/** One language edition of a charter: its current version, where it came from and how the last upload went. */
export interface EditionRecord {
  charter: string;
  lang: string;
  /**
   * The current version: the one readers see. On a record passed to `saveEdition` or `markFailed`, the
   * version of that upload (from `EditionStore.nextVersion`). 0 when no upload has been aligned yet.
   */
  version: number;
  status: EditionStatus;
  /** Upload of the current version. */
  sourceKey: string;
  /** ETag of the uploaded object; a re-delivery with the same one changes nothing. */
  sourceEtag: string;
  /** S3 version id of the uploaded object, in a versioned bucket. */
  sourceVersionId?: string;
  detectedLang: string | null;
  /**
   * False when the text was aligned as it is, not cleaned: its language has no lexicon here, or could not be
   * told (stored under `und`). Absent on editions stored before this was recorded.
   */
  cleaned?: boolean;
  /** Why the text was not cleaned; null when it was. */
  cleanReason?: string | null;
  clauseCount: number;
  /** Text that matched no clause, with the clause it follows in the edition when known. */
  residue: EditionResidue[];
  changeCount: number;
  meanConfidence: number;
  /** Mean text quality of the clauses; null or absent when unknown (no lexicon, or stored before quality). */
  meanQuality?: number | null;
  updatedAt: string;
  /** Why the last upload failed (status `failed`). */
  error?: string;
  /** Key and ETag of the upload that failed, when the last one did. */
  failedKey?: string;
  failedEtag?: string;
  /** Cleaned text and alignment report of the current version, in the blob store. */
  outputs?: { cleanedText: string; report: string };
  /**
   * Languages whose texts were the alignment references of the current version (absent on items written before
   * it was recorded). An edition aligned against few references is aligned again when a new language arrives.
   */
  referenceLangs?: string[];
  /**
   * Where the upload of this record stands in upload order (see `uploadOrder`): the S3 event's time and
   * sequencer. A decision for an upload older than the current version's is refused (`StaleVersionError`).
   */
  sourceOrder?: string;
  /**
   * The newest upload the quality gate kept as a candidate instead of making it current, with its reasons;
   * absent when the newest decided upload became current or failed.
   */
  candidate?: CandidateSummary;
  /** The kept version this one restored (promote, rollback). */
  restoredFrom?: number;
}

/** A version the quality gate kept beside the current one: promote it to make it current. */
export interface CandidateSummary {
  version: number;
  sourceKey: string;
  sourceEtag: string;
  sourceOrder?: string;
  reasons: string[];
  clauseCount: number;
  meanConfidence: number;
  meanQuality?: number | null;
  updatedAt: string;
}

/** What a version is now: the current one, a candidate the gate held back, or an earlier current one. */
export type VersionState = 'current' | 'candidate' | 'previous';

/**
 * One decided version of an edition as kept for promotion and rollback: its statistics, upload and outputs.
 * The clauses are rebuilt from the alignment report in the blob store (`outputs.report`).
 */
export interface EditionVersion {
  charter: string;
  lang: string;
  version: number;
  /** How it was decided: made current, or held back by the quality gate. */
  decision: 'aligned' | 'candidate';
  /** Why the gate held it back (decision `candidate`). */
  reasons?: string[];
  sourceKey: string;
  sourceEtag: string;
  sourceOrder?: string;
  detectedLang: string | null;
  cleaned?: boolean;
  cleanReason?: string | null;
  clauseCount: number;
  changeCount: number;
  meanConfidence: number;
  meanQuality?: number | null;
  outputs?: { cleanedText: string; report: string };
  referenceLangs?: string[];
  /** Version this one was restored from (promote, rollback). */
  restoredFrom?: number;
  decidedAt: string;
  /**
   * Until when it can be restored (promoted or rolled back to): set when it is held back, or when another
   * version replaces it as current; absent while it is the current version (kept as long as it is).
   */
  restorableUntil?: string;
  /** The same instant in epoch seconds: the table's TTL attribute (see version-expiry.ts). */
  expiresAt?: number;
}

/** Raw uploaded bytes and their identity. */
export interface StoredBlob {
  bytes: Uint8Array;
  etag: string;
  size: number;
}

/** What a blob store knows of an object without reading it. */
export interface BlobHead {
  size: number;
  etag: string;
  /** User metadata (S3 `x-amz-meta-*`), keys in lower case without the prefix. */
  metadata?: Record<string, string>;
  /** Object version id in a versioned bucket. */
  versionId?: string;
}

/** Uploaded editions and processed output (S3). */
export interface BlobStore {
  /** Size, ETag and metadata of the object without reading it, or null when absent. */
  head(key: string): Promise<BlobHead | null>;
  /** The object's bytes; with `etag`, only if the object still has that ETag (else it rejects). */
  get(key: string, etag?: string): Promise<StoredBlob>;
  put(key: string, body: string, contentType: string): Promise<void>;
}

/** Clause reads. Readers only ever see the clauses of each edition's current version. */
export interface ClauseStore {
  /** One clause in every language that has it in its current version. */
  getClause(charter: string, clauseId: string): Promise<ClauseRecord[]>;
  /** An edition's clauses (current version) in canonical order; empty when the edition has no version. */
  listEditionClauses(charter: string, lang: string): Promise<ClauseRecord[]>;
}

/**
 * Edition items and versioned writes. A version is written beside the current one and becomes visible at
 * once when `saveEdition` moves the edition's current-version pointer.
 *
 * It still extends `ClauseStore` so that callers typed against the old single port keep compiling; code that
 * only reads clauses should ask for a `ClauseStore`.
 */
export interface EditionStore extends ClauseStore {
  /** The edition's record, or null when nothing was ever recorded for it. */
  getEdition(charter: string, lang: string): Promise<EditionRecord | null>;
  listEditions(charter: string): Promise<EditionRecord[]>;
  /** Reserves a version number for a new upload: above every version stored or reserved, never reused. */
  nextVersion(charter: string, lang: string): Promise<number>;
  /**
   * Writes the clauses under version `edition.version`, then makes that version current with one conditional
   * write and deletes the clauses of older versions (their version records and alignment reports stay, so a
   * rollback can restore them). Rejects with `StaleVersionError` (and removes what it wrote) when a newer
   * upload was decided meanwhile, or the current version comes from a newer upload (`sourceOrder`), or from
   * the same upload without `options.sameUpload`. Saving the same version of the same upload again converges.
   */
  saveEdition(edition: EditionRecord, clauses: ClauseRecord[], options?: SaveOptions): Promise<void>;
  /**
   * Records that upload `edition.version` failed (`edition.error`), keeping the current version and its clauses.
   * Rejects with `StaleVersionError` when a newer upload was decided meanwhile.
   */
  markFailed(edition: EditionRecord): Promise<void>;
  /**
   * Records that upload `edition.version` was held back by the quality gate (`edition.candidate`), keeping the
   * current version and its clauses, and keeps its version record for promotion. Rejects with
   * `StaleVersionError` when a newer upload was decided meanwhile, or the current version comes from a newer upload.
   */
  recordCandidate(edition: EditionRecord, version: EditionVersion): Promise<void>;
  /** Keeps a version record (written when a version becomes current; idempotent). */
  keepVersion(version: EditionVersion): Promise<void>;
  /** The kept version records of an edition, newest first. */
  listVersions(charter: string, lang: string): Promise<EditionVersion[]>;
}

/** Options of `EditionStore.saveEdition`. */
export interface SaveOptions {
  /**
   * Let a version of the same upload as the current one (same `sourceOrder`) replace it: an edition aligned
   * again with new references, or restored. Without it a second version of one upload is refused.
   */
  sameUpload?: boolean;
}
