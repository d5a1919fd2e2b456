/**
 * What the API's clause and edition routes answer: the record as readers get it, reviewers' corrections in
 * force served as the text (marked `reviewed`, the OCR text beside it). Kept apart from the routing so any
 * router can call it.
 */
import type { ClauseRecord, EditionStore } from '../core/editions/types.ts';
import { reviewedRecord } from '../core/reviews/record.ts';
import type { ClauseReadout, ReviewStore } from '../core/reviews/types.ts';

/** An edition store that reads whole clauses (texts served as the record, flags, reviewed texts). */
export type RecordStore = EditionStore & {
  readClause(charter: string, clauseId: string): Promise<ClauseReadout>;
};

/**
 * The store the read routes use: the DynamoDB store serves the record itself (one Query per clause); any other
 * store gets the corrections laid over it from the review store.
 */
export function recordStore(editions: EditionStore, reviews?: ReviewStore): RecordStore {
  if ('readClause' in editions && typeof editions.readClause === 'function') return editions as RecordStore;
  return reviewedRecord(editions, reviews ?? NO_REVIEWS);
}

const NO_REVIEWS = {
  getReviewedClauses: async () => [],
  listReviewedClauses: async () => [],
  listClauseFlags: async () => [],
};

/**
 * One served text: `status` says whether it is the OCR text (`aligned`) or a correction (`reviewed`); who
 * corrected it only with `reviewData` (a caller who may read review data).
 */
export function servedText(record: ClauseRecord, reviewData = true) {
  return {
    text: record.text,
    confidence: record.confidence,
    quality: record.quality ?? null,
    ...(record.unknownWords?.length ? { unknownWords: record.unknownWords } : {}),
    version: record.version,
    status: record.reviewed ? ('reviewed' as const) : ('aligned' as const),
    ...(record.reviewed && reviewData ? { reviewed: record.reviewed } : {}),
  };
}

/**
 * `GET /charters/{c}/clauses/{id}`: `{charter, clauseId, order, languages:{<lang>: servedText}, reviewed:{<lang>:
 * {text, by, at, flagId, ocrText, inForce}}, flags}`, or null when the clause has neither text nor flag. Without
 * `reviewData` (a caller who may not read review data) the flags, reviewed texts and reviewers are left out, and
 * a clause known only from its flags is not found.
 */
export async function clauseBody(store: RecordStore, charter: string, clauseId: string, reviewData = true) {
  const readout = await store.readClause(charter, clauseId);
  const { records } = readout;
  const flags = reviewData ? readout.flags : [];
  const reviewed = reviewData ? readout.reviewed : [];
  if (records.length === 0 && flags.length === 0) return null;
  const served = new Map(records.map((r) => [r.lang, r]));
  return {
    charter,
    clauseId,
    order: records[0]?.order ?? flags[0]?.order ?? null,
    languages: Object.fromEntries(
      [...records]
        .sort((a, b) => a.lang.localeCompare(b.lang))
        .map((r) => [r.lang, servedText(r, reviewData)]),
    ),
    reviewed: Object.fromEntries(
      reviewed.map((r) => [
        r.lang,
        {
          text: r.text,
          by: r.by,
          at: r.at,
          flagId: r.flagId,
          ocrText: r.ocrText ?? null,
          inForce: served.get(r.lang)?.reviewed?.flagId === r.flagId,
        },
      ]),
    ),
    flags,
  };
}

/**
 * `GET /charters/{c}/editions/{lang}`'s clauses: `[{id, text, confidence, quality, status, reviewed?}]`
 * (`reviewed`, who corrected it, only with `reviewData`).
 */
export function editionClauses(records: readonly ClauseRecord[], reviewData = true) {
  return records.map((c) => {
    const { text, confidence, quality, status, reviewed } = servedText(c, reviewData);
    return { id: c.clauseId, text, confidence, quality, status, ...(reviewed ? { reviewed } : {}) };
  });
}
