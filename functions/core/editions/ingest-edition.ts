import type { Change } from '../text/types.ts';
import { EditionError, StaleVersionError, UploadKeyError } from './errors.ts';
import {
  type BlobStore,
  type ClauseRecord,
  type EditionRecord,
  type EditionResidue,
  type EditionStore,
  MAX_UNKNOWN_WORDS,
} from './types.ts';
import { resolveUpload } from './upload-key.ts';

export { parseUploadKey, resolveUpload } from './upload-key.ts';

/** An uploaded edition after cleaning and alignment. */
export interface ProcessedEdition {
  lang: string;
  detectedLang: string | null;
  cleanedText: string;
  /** Each clause with its alignment confidence and text quality (null: the language has no lexicon). */
  clauses: Array<{
    id: string;
    order: number;
    text: string;
    confidence: number;
    quality?: number | null;
    unknownWords?: string[];
  }>;
  residue: EditionResidue[];
  changes: Change[];
}

export interface ProcessRequest {
  bytes: Uint8Array;
  charter: string;
  /** A language code, or null to detect it. */
  lang: string | null;
  name: string;
  /** Clause texts of the other languages already stored: lang -> clause id -> text. */
  references: Map<string, Map<string, string>>;
}

/** Cleans and aligns one edition. Throws an `InputError`-named error for bad input. */
export type EditionProcessor = (request: ProcessRequest) => Promise<ProcessedEdition>;

export interface IngestDeps {
  blobs: BlobStore;
  editions: EditionStore;
  process: EditionProcessor;
  now?: () => Date;
  /** Larger uploads are rejected before they are read. */
  maxBytes?: number;
  /**
   * Runs after an edition version became current, and again when a re-delivery finds it unchanged (so a
   * failed run is retried by the queue): it must be idempotent. Divergence flags are refreshed here.
   */
  afterAligned?: (edition: EditionRecord) => Promise<void>;
}

export type IngestOutcome =
  | { status: 'aligned'; charter: string; lang: string; version: number; clauses: number; residue: number }
  | { status: 'unchanged'; charter: string; lang: string; version: number }
  | { status: 'rejected'; charter: string; lang: string; reason: string }
  /** A newer upload of the same edition was decided while this one was processed. */
  | { status: 'superseded'; charter: string; lang: string; version: number }
  /** Nothing to ingest: the object is gone, or its key and metadata name no charter. */
  | { status: 'ignored'; key: string; reason: string };

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const AUTO = 'auto';

/** Is this a problem of the uploaded file (retrying cannot help) rather than of the infrastructure? */
export function isInputProblem(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof EditionError) return error instanceof UploadKeyError;
  return /(Input|Language|Charter|Encoding)Error$/.test(error.name);
}

/**
 * The ingest use case: read an uploaded edition, clean and align it, store its clauses as a new version and
 * make that version current, with the cleaned text and alignment report beside it under `processed/`.
 * Idempotent on the object's ETag; a bad file is recorded on the edition as failed, with the reason, and is not
 * retried. Infrastructure errors are thrown, for the queue to retry.
 */
export async function ingestEdition(key: string, deps: IngestDeps): Promise<IngestOutcome> {
  const now = deps.now ?? (() => new Date());
  const head = await deps.blobs.head(key);
  if (!head) return { status: 'ignored', key, reason: 'the object no longer exists' };
  let target: ReturnType<typeof resolveUpload>;
  try {
    target = resolveUpload(key, head.metadata);
  } catch (error) {
    if (error instanceof UploadKeyError) return { status: 'ignored', key, reason: error.message };
    throw error;
  }
  const { charter, lang: requestedLang, name } = target;

  const unchanged = async (edition: EditionRecord | null): Promise<IngestOutcome | null> => {
    if (!edition) return null;
    const same =
      (edition.status === 'aligned' && edition.sourceEtag === head.etag) ||
      (edition.status === 'failed' && edition.failedEtag === head.etag);
    if (!same) return null;
    if (edition.status === 'aligned') await deps.afterAligned?.(edition);
    return { status: 'unchanged', charter, lang: edition.lang, version: edition.version };
  };
  // Without a language, the upload may already be stored under the language detected last time.
  const existing = requestedLang
    ? await deps.editions.getEdition(charter, requestedLang)
    : ((await deps.editions.listEditions(charter)).find(
        (e) => e.sourceKey === key && e.sourceEtag === head.etag && e.status === 'aligned',
      ) ?? (await deps.editions.getEdition(charter, AUTO)));
  const early = await unchanged(existing);
  if (early) return early;

  const attempt = {
    charter,
    sourceKey: key,
    sourceEtag: head.etag,
    ...(head.versionId ? { sourceVersionId: head.versionId } : {}),
    clauseCount: 0,
    residue: [],
    changeCount: 0,
    meanConfidence: 0,
    updatedAt: now().toISOString(),
  };
  const reject = async (reason: string): Promise<IngestOutcome> => {
    const lang = requestedLang ?? AUTO;
    const version = await deps.editions.nextVersion(charter, lang);
    try {
      await deps.editions.markFailed({
        ...attempt,
        lang,
        version,
        status: 'failed',
        detectedLang: null,
        error: reason,
      });
    } catch (error) {
      if (error instanceof StaleVersionError) return { status: 'superseded', charter, lang, version };
      throw error;
    }
    return { status: 'rejected', charter, lang, reason };
  };

  if (head.size > (deps.maxBytes ?? DEFAULT_MAX_BYTES)) {
    return reject(`file is ${head.size} bytes; the limit is ${deps.maxBytes ?? DEFAULT_MAX_BYTES}`);
  }

  let processed: ProcessedEdition;
  try {
    // The bytes of the object that was headed: if the key was overwritten meanwhile, this fails and is retried.
    const blob = await deps.blobs.get(key, head.etag);
    const references = await loadReferences(deps.editions, charter, requestedLang);
    processed = await deps.process({ bytes: blob.bytes, charter, lang: requestedLang, name, references });
  } catch (error) {
    if (isInputProblem(error)) return reject((error as Error).message);
    throw error;
  }

  const lang = processed.lang;
  if (lang !== requestedLang) {
    const detected = await unchanged(await deps.editions.getEdition(charter, lang));
    if (detected) return detected;
  }
  const version = await deps.editions.nextVersion(charter, lang);
  const clauses: ClauseRecord[] = processed.clauses.map((c) => ({
    charter,
    clauseId: c.id,
    lang,
    order: c.order,
    text: c.text,
    confidence: round(c.confidence),
    quality: typeof c.quality === 'number' ? round(c.quality) : null,
    ...(c.unknownWords?.length ? { unknownWords: c.unknownWords.slice(0, MAX_UNKNOWN_WORDS) } : {}),
    version,
  }));
  const qualities = clauses.flatMap((c) => (typeof c.quality === 'number' ? [c.quality] : []));
  const stem = name.replace(/\.[^.]+$/, '');
  const outputs = {
    cleanedText: `processed/${charter}/${lang}/${version}/${stem}.clean.txt`,
    report: `processed/${charter}/${lang}/${version}/${stem}.alignment.json`,
  };
  const edition: EditionRecord = {
    ...attempt,
    lang,
    version,
    status: 'aligned',
    detectedLang: processed.detectedLang,
    clauseCount: clauses.length,
    residue: processed.residue,
    changeCount: processed.changes.length,
    meanConfidence: round(mean(clauses.map((c) => c.confidence))),
    meanQuality: qualities.length ? round(mean(qualities)) : null,
    outputs,
  };

  // Outputs go under the version's own prefix: until the edition points at the version, nothing refers to them.
  await deps.blobs.put(outputs.cleanedText, processed.cleanedText, 'text/plain; charset=utf-8');
  await deps.blobs.put(outputs.report, alignmentReport(edition, processed), 'application/json');
  try {
    await deps.editions.saveEdition(edition, clauses);
  } catch (error) {
    if (error instanceof StaleVersionError) return { status: 'superseded', charter, lang, version };
    throw error;
  }
  await deps.afterAligned?.(edition);
  return {
    status: 'aligned',
    charter,
    lang,
    version,
    clauses: clauses.length,
    residue: processed.residue.length,
  };
}

/** The JSON alignment report written beside the cleaned text. */
function alignmentReport(edition: EditionRecord, processed: ProcessedEdition): string {
  return JSON.stringify(
    {
      charter: edition.charter,
      lang: edition.lang,
      version: edition.version,
      source: { key: edition.sourceKey, etag: edition.sourceEtag },
      detectedLang: processed.detectedLang,
      meanConfidence: edition.meanConfidence,
      meanQuality: edition.meanQuality ?? null,
      clauses: processed.clauses,
      residue: processed.residue,
      changes: processed.changes,
    },
    null,
    2,
  );
}

async function loadReferences(store: EditionStore, charter: string, exceptLang: string | null) {
  const references = new Map<string, Map<string, string>>();
  for (const edition of await store.listEditions(charter)) {
    if (edition.lang === exceptLang || edition.version === 0) continue;
    const clauses = await store.listEditionClauses(charter, edition.lang);
    references.set(edition.lang, new Map(clauses.map((c) => [c.clauseId, c.text])));
  }
  return references;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
