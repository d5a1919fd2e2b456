/** Inputs and settings of divergence detection. Pure data. */
import type { CharterStructure } from '../structure/types.ts';

/** One clause of an edition as the detector sees it. */
export interface EditionClause {
  text: string;
  /** Alignment confidence in [0, 1]; 1 for reviewed text. */
  confidence: number;
  /** Text quality in [0, 1] (functions/core/text/text-quality); null or absent when unknown. */
  quality?: number | null;
  /** The words that counted against the quality. */
  unknownWords?: readonly string[];
}

/** Text of an edition that belongs to no clause. */
export interface ResidueEntry {
  text: string;
  /** Id of the clause the residue follows in the edition, when known. */
  after?: string;
}

/** The current edition of one language. */
export interface DivergenceEdition {
  lang: string;
  /** Clause id -> aligned text; a clause the edition lacks is simply absent. */
  clauses: Readonly<Record<string, EditionClause>>;
  residue?: readonly (string | ResidueEntry)[];
  /**
   * Word membership in the language's lexicon (case-sensitive, as a cspell trie answers). Optional: without
   * it, names are told from capitalisation alone (capitalised words that do not start a sentence).
   */
  isWord?: (word: string) => boolean;
}

/** What {@link detectDivergences} compares. */
export interface DivergenceInput {
  structure: CharterStructure;
  /** Every current edition of the charter, one per language. */
  editions: readonly DivergenceEdition[];
}

/** Severity rule of a kind: `high` at or above `highAt`, `low` below `mediumAt`, `medium` between. */
export interface SeverityBands {
  mediumAt: number;
  highAt: number;
}

/** Limits of the checks, kept as data in `data/divergence-thresholds.json`. */
export interface DivergenceThresholds {
  /** Fewest shared clauses a language pair needs before its statistics are used. */
  minPairClauses: number;
  /** Floor of the robust spread (MAD-based sigma) of a pair's statistics, so a tiny spread does not inflate z. */
  minSigma: number;
  /** Confidence below which an aligned clause is flagged. */
  lowConfidence: number;
  /** Text quality below which a clause is flagged (its text reads poorly: OCR damage left in it). */
  lowQuality: number;
  /**
   * Residue that reads like running text: fewest words of two or more letters, least share of letters among
   * its characters, least share of its words starting in lower case.
   */
  residue: { minWords: number; minLetterShare: number; minLowerShare: number };
  /**
   * Names: two folded names match within this normalised edit distance (one edit from four letters on), or
   * sharing a prefix of at least `minSharedPrefix` letters and `minPrefixShare` of the shorter name.
   */
  names: { maxEditDistance: number; minSharedPrefix: number; minPrefixShare: number };
  /**
   * Length outliers: robust z of a clause's log length ratio beyond which it is flagged; `cutZLimit`, lower,
   * applies to a shorter clause that ends without closing punctuation where the other edition has one.
   */
  length: { zLimit: number; cutZLimit: number };
  /**
   * Meaning drift: robust z of a clause's match margin below which it is flagged; a pair is used only when
   * its clauses find their own counterpart best at least `minPairReliability` of the time.
   */
  drift: { zLimit: number; minPairReliability: number };
  /**
   * Repeated text: fewest consecutive words two clauses of one edition share to count as a copied passage
   * (`minSentenceWords` when the passage is a whole sentence in both); robust z of how much more alike two
   * clauses of one edition are than the same two of another edition, beyond which one is a near copy.
   */
  duplicate: { minWords: number; minSentenceWords: number; zLimit: number };
  /**
   * The z limits of the statistical checks (length, drift) are multiplied by this when a clause has a single
   * other edition to compare with: one vote must be stronger than a majority of two or more.
   */
  singlePartnerFactor: number;
  /** Exchanged clauses: least similarity gained by exchanging two clauses' texts, against a majority of editions. */
  swap: { minGain: number };
  /** How strength maps to severity, per kind (see each check for its strength). */
  severity: Record<string, SeverityBands>;
}
