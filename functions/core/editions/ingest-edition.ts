import type { Change } from '../text/types.ts';
import { EditionError, UploadKeyError } from './errors.ts';
import type { BlobStore, ClauseRecord, EditionRecord, EditionStore } from './types.ts';

/** An uploaded edition after cleaning and alignment. */
export interface ProcessedEdition {
  lang: string;
  detectedLang: string | null;
  cleanedText: string;
  clauses: Array<{ id: string; order: number; text: string; confidence: number }>;
  residue: string[];
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
}

export type IngestOutcome =
  | { status: 'aligned'; charter: string; lang: string; version: number; clauses: number; residue: number }
  | { status: 'unchanged'; charter: string; lang: string; version: number }
  | { status: 'rejected'; charter: string; lang: string; reason: string };

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const AUTO = 'auto';

/** Parses `uploads/<charter>/<lang|auto>/<name>`. */
export function parseUploadKey(key: string): { charter: string; lang: string | null; name: string } {
  const match = /^uploads\/([a-z0-9][a-z0-9-]*)\/([a-z]{2,3}(?:-[A-Za-z]{2,4})?|auto)\/([^/]+)$/.exec(key);
  if (!match) throw new UploadKeyError(key);
  const [, charter, lang, name] = match as unknown as [string, string, string, string];
  return { charter, lang: lang === AUTO ? null : lang, name };
}

/** Is this a problem of the uploaded file (retrying cannot help) rather than of the infrastructure? */
export function isInputProblem(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof EditionError) return error instanceof UploadKeyError;
  return /(Input|Language|Charter|Encoding)Error$/.test(error.name);
}

/**
 * The ingest use case: read an uploaded edition, clean and align it, store edition + clauses and the processed
 * output. Idempotent on the object's ETag; a bad file is recorded as a failed edition and not retried.
 */
export async function ingestEdition(key: string, deps: IngestDeps): Promise<IngestOutcome> {
  const now = deps.now ?? (() => new Date());
  const { charter, lang: requestedLang, name } = parseUploadKey(key);
  const head = await deps.blobs.head(key);
  if (!head) throw new EditionError(`uploaded object ${key} no longer exists`);
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_BYTES;

  const existing = requestedLang ? await deps.editions.getEdition(charter, requestedLang) : null;
  if (existing && existing.sourceEtag === head.etag && existing.status === 'aligned') {
    return { status: 'unchanged', charter, lang: existing.lang, version: existing.version };
  }

  const base = {
    charter,
    sourceKey: key,
    sourceEtag: head.etag,
    clauseCount: 0,
    residue: [],
    changeCount: 0,
    meanConfidence: 0,
    updatedAt: now().toISOString(),
  };
  const reject = async (reason: string): Promise<IngestOutcome> => {
    const lang = requestedLang ?? AUTO;
    const previous = requestedLang ? existing : await deps.editions.getEdition(charter, lang);
    const version = (previous?.version ?? 0) + 1;
    await deps.editions.markFailed({
      ...base,
      lang,
      version,
      status: 'failed',
      detectedLang: null,
      error: reason,
    });
    return { status: 'rejected', charter, lang, reason };
  };

  if (head.size > maxBytes) return reject(`file is ${head.size} bytes; the limit is ${maxBytes}`);

  let processed: ProcessedEdition;
  try {
    const blob = await deps.blobs.get(key);
    const references = await loadReferences(deps.editions, charter, requestedLang);
    processed = await deps.process({ bytes: blob.bytes, charter, lang: requestedLang, name, references });
  } catch (error) {
    if (isInputProblem(error)) return reject((error as Error).message);
    throw error;
  }

  const lang = processed.lang;
  const previous = lang === requestedLang ? existing : await deps.editions.getEdition(charter, lang);
  if (previous && previous.sourceEtag === head.etag && previous.status === 'aligned') {
    return { status: 'unchanged', charter, lang, version: previous.version };
  }
  const version = (previous?.version ?? 0) + 1;
  const clauses: ClauseRecord[] = processed.clauses.map((c) => ({
    charter,
    clauseId: c.id,
    lang,
    order: c.order,
    text: c.text,
    confidence: round(c.confidence),
    version,
  }));
  const edition: EditionRecord = {
    ...base,
    lang,
    version,
    status: 'aligned',
    detectedLang: processed.detectedLang,
    clauseCount: clauses.length,
    residue: processed.residue,
    changeCount: processed.changes.length,
    meanConfidence: round(mean(clauses.map((c) => c.confidence))),
  };

  const stem = name.replace(/\.[^.]+$/, '');
  await deps.blobs.put(
    `processed/${charter}/${lang}/${stem}.clean.txt`,
    processed.cleanedText,
    'text/plain; charset=utf-8',
  );
  await deps.blobs.put(
    `processed/${charter}/${lang}/${stem}.alignment.json`,
    JSON.stringify(
      {
        charter,
        lang,
        version,
        clauses: processed.clauses,
        residue: processed.residue,
        changes: processed.changes,
      },
      null,
      2,
    ),
    'application/json',
  );
  await deps.editions.saveEdition(edition, clauses);
  return {
    status: 'aligned',
    charter,
    lang,
    version,
    clauses: clauses.length,
    residue: processed.residue.length,
  };
}

async function loadReferences(store: EditionStore, charter: string, exceptLang: string | null) {
  const references = new Map<string, Map<string, string>>();
  for (const edition of await store.listEditions(charter)) {
    if (edition.lang === exceptLang || edition.status !== 'aligned') continue;
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
