/** Records and store ports of the edition use cases. The adapters in functions/adapters implement the ports. */

/** One clause of one language edition, as stored and served. */
export interface ClauseRecord {
  charter: string;
  clauseId: string;
  lang: string;
  /** Position of the clause in the charter's canonical order. */
  order: number;
  text: string;
  confidence: number;
  /** Edition version that wrote this clause. */
  version: number;
}

export type EditionStatus = 'writing' | 'aligned' | 'failed';

/** One language edition of a charter: where it came from and how it went. */
export interface EditionRecord {
  charter: string;
  lang: string;
  version: number;
  status: EditionStatus;
  sourceKey: string;
  /** ETag (or version id) of the uploaded object; a re-delivery with the same one changes nothing. */
  sourceEtag: string;
  detectedLang: string | null;
  clauseCount: number;
  residue: string[];
  changeCount: number;
  meanConfidence: number;
  updatedAt: string;
  error?: string;
}

/** Raw uploaded bytes and their identity. */
export interface StoredBlob {
  bytes: Uint8Array;
  etag: string;
  size: number;
}

export interface BlobStore {
  /** Size of the object without reading it, or null when absent. */
  head(key: string): Promise<{ size: number; etag: string } | null>;
  get(key: string): Promise<StoredBlob>;
  put(key: string, body: string, contentType: string): Promise<void>;
}

export interface EditionStore {
  getEdition(charter: string, lang: string): Promise<EditionRecord | null>;
  listEditions(charter: string): Promise<EditionRecord[]>;
  /**
   * Writes an edition and its clauses as version `edition.version`, replacing clauses of older versions.
   * Rejects with `StaleVersionError` when a newer or equal version is already stored (concurrent upload).
   */
  saveEdition(edition: EditionRecord, clauses: ClauseRecord[]): Promise<void>;
  /** Records a failed ingestion without touching the clauses of the last good version. */
  markFailed(edition: EditionRecord): Promise<void>;
  /** One clause in every language: one query. */
  getClause(charter: string, clauseId: string): Promise<ClauseRecord[]>;
  /** An edition's clauses in canonical order. */
  listEditionClauses(charter: string, lang: string): Promise<ClauseRecord[]>;
}
