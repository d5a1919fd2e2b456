/**
 * The quality gate an aligned upload passes before it becomes an edition's current version. A version that
 * fails is kept as a candidate with the reasons, and the current version stays: a bad upload never replaces a
 * good edition. The rules are general (shares of the charter and of the current version), never tuned to a text.
 */

/** What the gate weighs of one version. */
export interface VersionStats {
  clauseCount: number;
  meanConfidence: number;
  /** Mean text quality; null when unknown (no lexicon for the language). */
  meanQuality?: number | null;
}

/** The gate's limits. */
export interface GateLimits {
  /** Fewest of the charter's clauses an edition must be aligned to (share of them). */
  minClauseShare: number;
  /** Fewest clauses relative to the current version's. */
  minShareOfCurrent: number;
  /** Largest drop of the mean confidence below the current version's. */
  maxConfidenceDrop: number;
  /** Largest drop of the mean text quality below the current version's. */
  maxQualityDrop: number;
  /**
   * A language's first edition aligned with references: the confidence from which a clause counts as found
   * (`minClauseShare` of the charter's clauses must reach it).
   */
  firstEditionConfidence: number;
  /**
   * A charter's very first edition (aligned with the structure alone, no references): the share of the
   * charter's clauses it must find at `firstEditionConfidence` or more.
   */
  structureOnlyShare: number;
}

/**
 * Default limits: a quarter of the charter (an abridged edition passes, a page or a stray paragraph does not),
 * half the current version's clauses, and drops of 0.15 confidence and 0.10 text quality. A new version of a
 * good edition (the same edition cleaned or scanned again) moves by a few hundredths at most.
 */
export const DEFAULT_GATE: GateLimits = {
  minClauseShare: 0.25,
  minShareOfCurrent: 0.5,
  maxConfidenceDrop: 0.15,
  maxQualityDrop: 0.1,
  firstEditionConfidence: 0.5,
  structureOnlyShare: 0.5,
};

/** What the gate weighs of a language's first version: it has no current version to be compared with. */
export interface FirstEditionStats extends VersionStats {
  /** The confidence of each aligned clause. */
  confidences: readonly number[];
  /** Languages the alignment had as references; 0 when it had the charter's structure alone. */
  referenceCount: number;
}

/**
 * Why `next` may not replace `current` (the edition's current version, null when it has none) of a charter of
 * `totalClauses` clauses: an empty list means it passes. With no current version it passes here: a language's
 * first version is judged by {@link firstEditionReasons}. Garbage and texts in another language than the one
 * declared never get this far (text-gate.ts).
 */
export function gateReasons(
  next: VersionStats,
  current: VersionStats | null,
  totalClauses: number,
  limits: GateLimits = DEFAULT_GATE,
): string[] {
  const reasons: string[] = [];
  if (!current || current.clauseCount === 0) return reasons;
  const needed = Math.max(1, Math.ceil(totalClauses * limits.minClauseShare));
  if (totalClauses > 0 && next.clauseCount < needed) {
    reasons.push(
      `only ${next.clauseCount} of the charter's ${totalClauses} clauses were found (at least ${needed} needed): ` +
        'it does not read as an edition of this charter',
    );
  }
  if (next.clauseCount < current.clauseCount * limits.minShareOfCurrent) {
    reasons.push(
      `${next.clauseCount} clauses against the current version's ${current.clauseCount}: ` +
        `less than ${Math.round(limits.minShareOfCurrent * 100)}% of the current edition`,
    );
  }
  if (next.meanConfidence < current.meanConfidence - limits.maxConfidenceDrop) {
    reasons.push(
      `mean confidence ${next.meanConfidence.toFixed(3)} against the current version's ` +
        `${current.meanConfidence.toFixed(3)} (at most ${limits.maxConfidenceDrop} lower)`,
    );
  }
  if (
    typeof next.meanQuality === 'number' &&
    typeof current.meanQuality === 'number' &&
    next.meanQuality < current.meanQuality - limits.maxQualityDrop
  ) {
    reasons.push(
      `mean text quality ${next.meanQuality.toFixed(3)} against the current version's ` +
        `${current.meanQuality.toFixed(3)} (at most ${limits.maxQualityDrop} lower)`,
    );
  }
  return reasons;
}

/**
 * Why a language's first version may not become its current edition (an empty list: it may). It replaces
 * nothing, but readers, exports and the other languages' alignments take it as the charter's text in that
 * language, so it must read as an edition of the charter: enough of the charter's clauses found at confidence
 * `firstEditionConfidence` or more,
 * - `minClauseShare` of them when the alignment had references (the other languages' editions): a news report,
 *   another charter's text or a few sentences find few clauses, and those at low confidence;
 * - `structureOnlyShare` of them when it had the charter's structure alone (no edition in any language yet):
 *   confidences then rest on clause lengths, order and anchors only, and a part of another text can fill a
 *   part of any structure; only a text that fills most of it reads as this charter.
 * A version that fails is held back as a candidate that a reviewer can promote (a page of a charter, or an
 * edition of its headings only, may be wanted all the same).
 */
export function firstEditionReasons(
  next: FirstEditionStats,
  totalClauses: number,
  limits: GateLimits = DEFAULT_GATE,
): string[] {
  if (totalClauses <= 0) return [];
  const withReferences = next.referenceCount > 0;
  const share = withReferences ? limits.minClauseShare : limits.structureOnlyShare;
  const needed = Math.max(1, Math.ceil(totalClauses * share));
  const confident = next.confidences.filter((c) => c >= limits.firstEditionConfidence).length;
  if (confident >= needed) return [];
  const against = withReferences
    ? `against ${next.referenceCount} other language${next.referenceCount === 1 ? '' : 's'}`
    : 'on its structure alone (no edition in another language yet)';
  return [
    `first edition of its language: only ${confident} of the charter's ${totalClauses} clauses were found at ` +
      `confidence ${limits.firstEditionConfidence} or more ${against} (at least ${needed} needed): it does not ` +
      'read as an edition of this charter',
  ];
}

let arrivals = 0;

/**
 * Where an upload stands in upload order, as a string that sorts in that order: the S3 event's time
 * (milliseconds), then its sequencer left-padded (S3 compares sequencers of one key that way). Without an event,
 * the time it is processed, then its place among this process's arrivals.
 */
export function uploadOrder(event: { eventTime?: string; sequencer?: string }, fallback: Date): string {
  const given = event.eventTime !== undefined && !Number.isNaN(Date.parse(event.eventTime));
  const time = given ? new Date(event.eventTime!) : fallback;
  const sequencer = given
    ? (event.sequencer ?? '').toUpperCase().replace(/[^0-9A-F]/g, '')
    : (++arrivals).toString(16).toUpperCase();
  return `${time.toISOString()}#${sequencer.padStart(32, '0')}`;
}
