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
import { firstEditionReasons, gateReasons, uploadOrder, type VersionStats } from './quality-gate.ts';
import type { CandidateSummary, EditionVersion } from './types.ts';
import { resolveUpload } from './upload-key.ts';
import { expiry, KEEP_DAYS, retireEarlierVersions } from './version-expiry.ts';

export { parseUploadKey, resolveUpload } from './upload-key.ts';

/** One aligned clause as an edition's alignment report holds it. */
export interface ReportedClause {
  id: string;
  order: number;
  text: string;
  confidence: number;
  /** Text quality; null: the language has no lexicon. */
  quality?: number | null;
  unknownWords?: string[];
}

/** The stored record of a reported clause, in version `version` of the edition. */
export function clauseRecord(
  c: ReportedClause,
  charter: string,
  lang: string,
  version: number,
): ClauseRecord {
  return {
    charter,
    clauseId: c.id,
    lang,
    order: c.order,
    text: c.text,
    confidence: round(c.confidence),
    quality: typeof c.quality === 'number' ? round(c.quality) : null,
    ...(c.unknownWords?.length ? { unknownWords: c.unknownWords.slice(0, MAX_UNKNOWN_WORDS) } : {}),
    version,
  };
}

/** An uploaded edition after cleaning and alignment. */
export interface ProcessedEdition {
  lang: string;
  detectedLang: string | null;
  cleanedText: string;
  /** Each clause with its alignment confidence and text quality. */
  clauses: ReportedClause[];
  residue: EditionResidue[];
  changes: Change[];
  /** Languages whose texts were the references of the alignment. */
  referenceLangs?: string[];
  /** False when the text was aligned as it is (no lexicon for its language, or the language unknown). */
  cleaned?: boolean;
  /** Why it was not cleaned. */
  cleanReason?: string | null;
  /** Clauses of the charter, for the quality gate's share of them (absent: that rule is skipped). */
  totalClauses?: number;
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
  /**
   * Runs after the quality gate held an upload back as a candidate (`edition.candidate`, `edition.version` its
   * version), and again when a re-delivery finds it so: idempotent. The candidate's review flag is raised here.
   */
  afterHeldBack?: (edition: EditionRecord) => Promise<void>;
  /**
   * Days a version stays restorable (promote, rollback) once another one replaced it, and a held-back candidate
   * from when it was held back. Default {@link KEEP_DAYS}.
   */
  keepDays?: number;
}

/** What the S3 event said of the upload: it places the upload in upload order. */
export interface UploadEvent {
  eventTime?: string;
  sequencer?: string;
}

/** How an ingest is asked for. */
export interface IngestOptions {
  event?: UploadEvent;
  /** Upload order to use (an edition aligned again from its own upload keeps the order of that upload). */
  order?: string;
  /** Align again although this upload is the current version (new references). */
  realign?: boolean;
}

/** An earlier edition aligned again because this upload brought a new reference language. */
export interface Realignment {
  lang: string;
  status: IngestOutcome['status'];
  version?: number;
}

export type IngestOutcome =
  | {
      status: 'aligned';
      charter: string;
      lang: string;
      version: number;
      clauses: number;
      residue: number;
      realigned?: Realignment[];
      /** False when the text was aligned as it is, with the reason. */
      cleaned: boolean;
      cleanReason: string | null;
    }
  | { status: 'unchanged'; charter: string; lang: string; version: number }
  | { status: 'rejected'; charter: string; lang: string; reason: string }
  /** Held back by the quality gate: kept as version `version` beside the current one, with the reasons. */
  | { status: 'candidate'; charter: string; lang: string; version: number; reasons: string[] }
  /** A newer upload of the same edition (`by`, its key) is current or was decided while this one was processed. */
  | { status: 'superseded'; charter: string; lang: string; version: number; by?: string }
  /** Nothing to ingest: the object is gone, or its key and metadata name no charter. */
  | { status: 'ignored'; key: string; reason: string };

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export { KEEP_DAYS } from './version-expiry.ts';
/** Attempts at making a version current when a concurrent older upload took the version number meanwhile. */
const SAVE_ATTEMPTS = 4;
/**
 * An edition aligned against fewer reference languages than this is aligned again when an edition in a new
 * language arrives: the first editions of a charter align on its structure and a few references, and gain from
 * every later one.
 */
export const REALIGN_BELOW_REFERENCES = 3;
const AUTO = 'auto';

/** Is this a problem of the uploaded file (retrying cannot help) rather than of the infrastructure? */
export function isInputProblem(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof EditionError) return error instanceof UploadKeyError;
  // An alignment that ran out of its time budget is recorded with the reason, not retried: it would again.
  return /(Input|Language|Charter|Encoding|AlignmentBudget)Error$/.test(error.name);
}

/**
 * The ingest use case: read an uploaded edition, clean and align it, store its clauses as a new version and
 * make that version current, with the cleaned text and alignment report beside it under `processed/`.
 * Idempotent on the object's ETag; a bad file is recorded on the edition as failed, with the reason, and is not
 * retried. Infrastructure errors are thrown, for the queue to retry.
 */
export async function ingestEdition(
  key: string,
  deps: IngestDeps,
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const now = deps.now ?? (() => new Date());
  // A key with `.` or `..` segments names no upload: never looked up (a guarded store refuses it outright).
  if (key.split('/').some((part) => part === '.' || part === '..')) {
    return { status: 'ignored', key, reason: `${key} is not an upload key: it has a "." or ".." segment` };
  }
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
  const order = options.order ?? uploadOrder(options.event ?? {}, now());
  const sameUpload = (record: { sourceKey: string; sourceEtag: string; sourceOrder?: string }) =>
    record.sourceKey === key &&
    record.sourceEtag === head.etag &&
    (record.sourceOrder === undefined || options.event === undefined || record.sourceOrder === order);

  const unchanged = async (edition: EditionRecord | null): Promise<IngestOutcome | null> => {
    if (!edition) return null;
    if (edition.candidate && sameUpload(edition.candidate)) {
      await deps.afterHeldBack?.({ ...edition, version: edition.candidate.version });
      return {
        status: 'candidate',
        charter,
        lang: edition.lang,
        version: edition.candidate.version,
        reasons: edition.candidate.reasons,
      };
    }
    const same =
      (edition.status === 'aligned' && edition.sourceEtag === head.etag && !options.realign) ||
      (edition.status === 'failed' && edition.failedEtag === head.etag);
    if (!same) return null;
    // The same bad file again: rejected again, with the reason recorded the first time.
    if (edition.status === 'failed') {
      const reason = edition.error ?? 'rejected before';
      return { status: 'rejected', charter, lang: edition.lang, reason };
    }
    if (edition.status === 'aligned' && (await gainsReferences(deps.editions, edition))) return null;
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
  // This upload is the current version already and is aligned again (new references): it may replace itself.
  const realigning =
    options.realign === true ||
    (existing !== null &&
      existing.version > 0 &&
      existing.sourceKey === key &&
      existing.sourceEtag === head.etag);
  // A redelivery of an upload that became an older version or candidate: nothing to do again.
  if (requestedLang && !realigning) {
    const kept = (await deps.editions.listVersions(charter, requestedLang)).find(
      (v) => sameUpload(v) && v.sourceOrder === order,
    );
    if (kept) return { status: 'unchanged', charter, lang: kept.lang, version: kept.version };
  }

  const attempt = {
    charter,
    sourceKey: key,
    sourceEtag: head.etag,
    sourceOrder: order,
    ...(head.versionId ? { sourceVersionId: head.versionId } : {}),
    clauseCount: 0,
    residue: [],
    changeCount: 0,
    meanConfidence: 0,
    updatedAt: now().toISOString(),
  };
  const superseded = async (lang: string, version: number): Promise<IngestOutcome> => {
    const current = await deps.editions.getEdition(charter, lang);
    return {
      status: 'superseded',
      charter,
      lang,
      version,
      ...(current?.version ? { by: current.sourceKey } : {}),
    };
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
      if (error instanceof StaleVersionError) return superseded(lang, version);
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
  let current = lang === existing?.lang ? existing : await deps.editions.getEdition(charter, lang);
  if (lang !== requestedLang) {
    const detected = await unchanged(current);
    if (detected) return detected;
    // A detected language is a guess: it never replaces an edition another upload made.
    // Also when the language's latest upload failed: the record is then 'failed' but keeps its current version.
    if (current && current.version > 0 && current.sourceKey !== key) {
      return reject(
        `detected as '${lang}', but the current '${lang}' edition comes from ${current.sourceKey}; an upload ` +
          `whose language is detected does not replace another upload's edition: upload it under ` +
          `uploads/${charter}/${lang}/ to replace it, or under its own language`,
      );
    }
  }
  const cleaned = processed.cleaned ?? true;
  const cleanReason = cleaned ? null : (processed.cleanReason ?? 'the text was left as it is');
  const stem = name.replace(/\.[^.]+$/, '');
  const build = (version: number) => {
    const clauses = processed.clauses.map((c) => clauseRecord(c, charter, lang, version));
    const qualities = clauses.flatMap((c) => (typeof c.quality === 'number' ? [c.quality] : []));
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
      cleaned,
      cleanReason,
      clauseCount: new Set(clauses.map((c) => c.clauseId)).size,
      residue: processed.residue,
      changeCount: processed.changes.length,
      meanConfidence: round(mean(clauses.map((c) => c.confidence))),
      meanQuality: qualities.length ? round(mean(qualities)) : null,
      outputs,
      ...(processed.referenceLangs ? { referenceLangs: [...processed.referenceLangs].sort() } : {}),
    };
    return { edition, clauses };
  };

  for (let attemptNo = 1; ; attemptNo++) {
    const version = await deps.editions.nextVersion(charter, lang);
    const { edition, clauses } = build(version);
    // Outputs go under the version's own prefix: until the edition points at the version, nothing refers to them.
    await deps.blobs.put(edition.outputs!.cleanedText, processed.cleanedText, 'text/plain; charset=utf-8');
    await deps.blobs.put(edition.outputs!.report, alignmentReport(edition, processed), 'application/json');
    // A realignment of the current upload is judged against itself as it was: it passes unless it got worse.
    // A language's first version replaces nothing, but must read as an edition of the charter.
    const reasons =
      current && current.version > 0
        ? gateReasons(edition, current, processed.totalClauses ?? 0)
        : firstEditionReasons(
            {
              ...edition,
              confidences: clauses.map((c) => c.confidence),
              referenceCount: processed.referenceLangs?.length ?? 0,
            },
            processed.totalClauses ?? 0,
          );
    try {
      if (reasons.length) {
        const candidate: CandidateSummary = {
          version,
          sourceKey: key,
          sourceEtag: head.etag,
          sourceOrder: order,
          reasons,
          clauseCount: edition.clauseCount,
          meanConfidence: edition.meanConfidence,
          meanQuality: edition.meanQuality ?? null,
          updatedAt: edition.updatedAt,
        };
        await deps.editions.recordCandidate(
          { ...edition, candidate },
          versionRecord(edition, 'candidate', now(), deps.keepDays, reasons),
        );
        await deps.afterHeldBack?.({ ...edition, candidate });
        return { status: 'candidate', charter, lang, version, reasons };
      }
      await deps.editions.saveEdition(edition, clauses, { sameUpload: realigning });
      await deps.editions.keepVersion(versionRecord(edition, 'aligned', now(), deps.keepDays));
      // The version this one replaced (kept while it was current) is restorable from now for keepDays.
      await retireEarlierVersions(deps.editions, charter, lang, version, now(), deps.keepDays);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      const latest = await deps.editions.getEdition(charter, lang);
      if (latest?.version && sameUpload(latest) && latest.sourceOrder === order) {
        return { status: 'unchanged', charter, lang, version: latest.version };
      }
      if (latest?.candidate && sameUpload(latest.candidate) && latest.candidate.sourceOrder === order) {
        return {
          status: 'candidate',
          charter,
          lang,
          version: latest.candidate.version,
          reasons: latest.candidate.reasons,
        };
      }
      const newerCurrent = latest?.version && latest.sourceOrder !== undefined && latest.sourceOrder >= order;
      if (newerCurrent || attemptNo >= SAVE_ATTEMPTS) return superseded(lang, version);
      // An older upload took the version number meanwhile: this newer one takes the next.
      current = latest;
      continue;
    }
    await deps.afterAligned?.(edition);
    const firstOfLanguage = !existing || existing.lang !== lang || existing.version === 0;
    const realigned = firstOfLanguage ? await realignEarlierEditions(charter, lang, deps) : [];
    return {
      status: 'aligned',
      charter,
      lang,
      version,
      clauses: clauses.length,
      residue: processed.residue.length,
      ...(realigned.length ? { realigned } : {}),
      cleaned,
      cleanReason,
    };
  }
}

/** The kept record of a decided version. */
function versionRecord(
  edition: EditionRecord,
  decision: EditionVersion['decision'],
  at: Date,
  keepDays = KEEP_DAYS,
  reasons?: string[],
): EditionVersion {
  return {
    charter: edition.charter,
    lang: edition.lang,
    version: edition.version,
    decision,
    ...(reasons ? { reasons } : {}),
    sourceKey: edition.sourceKey,
    sourceEtag: edition.sourceEtag,
    ...(edition.sourceOrder ? { sourceOrder: edition.sourceOrder } : {}),
    detectedLang: edition.detectedLang,
    ...(edition.cleaned === undefined
      ? {}
      : { cleaned: edition.cleaned, cleanReason: edition.cleanReason ?? null }),
    clauseCount: edition.clauseCount,
    changeCount: edition.changeCount,
    meanConfidence: edition.meanConfidence,
    meanQuality: edition.meanQuality ?? null,
    ...(edition.outputs ? { outputs: edition.outputs } : {}),
    ...(edition.referenceLangs ? { referenceLangs: edition.referenceLangs } : {}),
    ...(edition.restoredFrom ? { restoredFrom: edition.restoredFrom } : {}),
    decidedAt: at.toISOString(),
    // A current version is kept while it is current; a candidate is restorable for keepDays.
    ...(decision === 'candidate' ? expiry(at, keepDays) : {}),
  };
}

/** Current version's statistics, for the gate. */
export type { VersionStats };

/**
 * True when an aligned edition was aligned against few references and a language it did not use is now stored:
 * the same upload is then worth aligning again.
 */
async function gainsReferences(store: EditionStore, edition: EditionRecord): Promise<boolean> {
  const used = edition.referenceLangs;
  if (!used || used.length >= REALIGN_BELOW_REFERENCES) return false;
  const stored = await store.listEditions(edition.charter);
  return stored.some(
    (other) =>
      other.status === 'aligned' &&
      other.version > 0 &&
      other.lang !== edition.lang &&
      !used.includes(other.lang),
  );
}

/**
 * Aligns again, from their own uploads, the editions of the charter that the new language can help: those
 * aligned against fewer than {@link REALIGN_BELOW_REFERENCES} references, none of them `lang`. Runs when a
 * language gets its first current version (an upload, or a promoted held-back first edition).
 */
export async function realignEarlierEditions(
  charter: string,
  lang: string,
  deps: IngestDeps,
): Promise<Realignment[]> {
  const results: Realignment[] = [];
  for (const other of await deps.editions.listEditions(charter)) {
    if (other.lang === lang || other.status !== 'aligned' || other.version === 0 || !other.sourceKey)
      continue;
    const used = other.referenceLangs;
    if (!used || used.length >= REALIGN_BELOW_REFERENCES || used.includes(lang)) continue;
    const outcome = await ingestEdition(other.sourceKey, deps, {
      ...(other.sourceOrder ? { order: other.sourceOrder } : {}),
      realign: true,
    });
    results.push({
      lang: other.lang,
      status: outcome.status,
      ...('version' in outcome ? { version: outcome.version } : {}),
    });
  }
  return results;
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
      cleaned: edition.cleaned,
      cleanReason: edition.cleanReason,
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
