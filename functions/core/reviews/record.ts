/**
 * Corrections become the record: a reviewer's corrected clause text is what readers are served, marked
 * `reviewed` with the OCR text kept beside it, for as long as the edition's OCR text under it is the one that
 * was corrected. A re-ingest that reads the clause the same way keeps the correction; one that reads it
 * differently serves the new OCR text and raises a `stale-correction` flag showing the old correction.
 */
import type { ClauseRecord, EditionStore } from '../editions/types.ts';
import type { ClauseReadout, DivergenceFinding, ReviewedClause, ReviewStore } from './types.ts';

/** Two clause texts read the same: Unicode NFC, runs of white space as one space, trimmed. */
export function sameText(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function normalise(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Is `correction` in force over the edition's current OCR text of its clause (undefined: the edition lacks
 * the clause)? A correction recorded before OCR texts were kept (`ocrText` absent) always is.
 */
export function correctionInForce(correction: ReviewedClause, ocrText: string | undefined): boolean {
  if (correction.ocrText === undefined) return true;
  if (correction.ocrText === null) return ocrText === undefined;
  return ocrText !== undefined && sameText(correction.ocrText, ocrText);
}

/** The OCR text of a record, whether or not a correction is already laid over it. */
export function ocrTextOf(record: ClauseRecord | undefined): string | undefined {
  if (!record) return undefined;
  return record.reviewed ? (record.reviewed.ocrText ?? undefined) : record.text;
}

const key = (clauseId: string, lang: string) => `${clauseId}\u0000${lang}`;

/**
 * The served records: each correction in force replaces the text of its clause and language (confidence 1, text
 * quality not measured: null), with `reviewed` saying who, when, through which flag, and the OCR text. A
 * correction supplying a clause the edition lacks becomes a record of its own when `currentVersion` gives the
 * language a current version. Records and corrections may span clauses and languages; the result keeps the
 * records' order, new records last. Applying it to served records again changes nothing.
 */
export function applyCorrections(
  records: readonly ClauseRecord[],
  corrections: readonly ReviewedClause[],
  currentVersion: (lang: string) => number | undefined,
): ClauseRecord[] {
  if (corrections.length === 0) return [...records];
  const byKey = new Map(records.map((r) => [key(r.clauseId, r.lang), r]));
  const served = new Map(byKey);
  for (const correction of corrections) {
    const k = key(correction.clauseId, correction.lang);
    const record = byKey.get(k);
    const ocrText = ocrTextOf(record);
    if (!correctionInForce(correction, ocrText)) continue;
    const version = record?.version ?? currentVersion(correction.lang) ?? 0;
    if (!(version > 0)) continue;
    const {
      unknownWords: _unknown,
      reviewed: _reviewed,
      ...base
    } = record ?? {
      charter: correction.charter,
      clauseId: correction.clauseId,
      lang: correction.lang,
      order: correction.order ?? Number.MAX_SAFE_INTEGER,
      version,
    };
    served.set(k, {
      ...base,
      text: correction.text,
      confidence: 1,
      quality: null,
      reviewed: {
        by: correction.by,
        at: correction.at,
        flagId: correction.flagId,
        ocrText: ocrText ?? null,
      },
    } as ClauseRecord);
  }
  return [...served.values()];
}

/**
 * `stale-correction` findings: corrections of current editions that are not in force, because a later
 * ingest read the clause differently from the OCR text that was corrected. Each names the new OCR text
 * (`actual`) and the old correction (`expected`), so the reviewer can carry it over or let the new text stand.
 */
export function staleCorrectionFindings(
  charter: string,
  corrections: readonly ReviewedClause[],
  served: readonly ClauseRecord[],
  currentLangs: ReadonlySet<string>,
): DivergenceFinding[] {
  const byKey = new Map(served.map((r) => [key(r.clauseId, r.lang), r]));
  const findings: DivergenceFinding[] = [];
  for (const correction of corrections) {
    if (correction.charter !== charter || !currentLangs.has(correction.lang)) continue;
    const record = byKey.get(key(correction.clauseId, correction.lang));
    const ocrText = ocrTextOf(record);
    if (correctionInForce(correction, ocrText)) continue;
    const day = correction.at.slice(0, 10);
    findings.push({
      charter,
      clause: correction.clauseId,
      langs: [correction.lang],
      kind: 'stale-correction',
      severity: 'medium',
      reason:
        ocrText === undefined
          ? `the ${correction.lang} edition no longer has this clause that ${correction.by} corrected on ${day}`
          : `the ${correction.lang} OCR text changed since ${correction.by} corrected it on ${day}; the new OCR text is served`,
      evidence: {
        actual: [ocrText ?? ''],
        expected: [correction.text],
        comparedWith: [],
      },
    });
  }
  return findings;
}

/** What {@link reviewedRecord} reads corrections and flags from. */
export type CorrectionSource = Pick<
  ReviewStore,
  'getReviewedClauses' | 'listReviewedClauses' | 'listClauseFlags'
>;

/**
 * An edition store whose clause reads serve the record (corrections in force applied), for stores that do not
 * apply them themselves (the in-memory ones; the DynamoDB store reads them from the clause's partition).
 */
export function reviewedRecord(
  editions: EditionStore,
  reviews: CorrectionSource,
): EditionStore & { readClause(charter: string, clauseId: string): Promise<ClauseReadout> } {
  const versions = async (charter: string) =>
    new Map((await editions.listEditions(charter)).map((e) => [e.lang, e.version]));
  const readClause = async (charter: string, clauseId: string): Promise<ClauseReadout> => {
    const [records, reviewed, flags, current] = await Promise.all([
      editions.getClause(charter, clauseId),
      reviews.getReviewedClauses(charter, clauseId),
      reviews.listClauseFlags(charter, clauseId),
      versions(charter),
    ]);
    const served = applyCorrections(records, reviewed, (lang) => current.get(lang));
    return { records: served.sort((a, b) => a.lang.localeCompare(b.lang)), flags, reviewed };
  };
  return {
    getEdition: (charter, lang) => editions.getEdition(charter, lang),
    listEditions: (charter) => editions.listEditions(charter),
    nextVersion: (charter, lang) => editions.nextVersion(charter, lang),
    saveEdition: (edition, clauses, options) => editions.saveEdition(edition, clauses, options),
    markFailed: (edition) => editions.markFailed(edition),
    recordCandidate: (...args) => editions.recordCandidate(...args),
    keepVersion: (...args) => editions.keepVersion(...args),
    listVersions: (...args) => editions.listVersions(...args),
    readClause,
    getClause: async (charter: string, clauseId: string) => (await readClause(charter, clauseId)).records,
    listEditionClauses: async (charter: string, lang: string) => {
      const [records, reviewed, edition] = await Promise.all([
        editions.listEditionClauses(charter, lang),
        reviews.listReviewedClauses(charter),
        editions.getEdition(charter, lang),
      ]);
      const own = reviewed.filter((r) => r.lang === lang);
      const version = edition?.version ?? 0;
      return applyCorrections(records, own, () => version).sort((a, b) => a.order - b.order);
    },
  };
}
