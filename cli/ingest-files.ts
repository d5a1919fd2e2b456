/**
 * Uploads edition files through S3 and waits for the pipeline to be done with each one. When this process runs
 * the pipeline, that is when its queue has finished the upload's message (flags refreshed included); otherwise
 * (another process's servers, the cloud) when the store shows the edition with the upload's ETag, aligned or
 * failed. The outcome is read from the store either way.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EditionRecord } from '../functions/core/editions/types.ts';
import { decodeBytes } from '../functions/core/text/decode-bytes/index.ts';
import { objectKeys } from './local-queue.ts';
import type { Progress } from './output.ts';
import type { Stack } from './stack.ts';

/** One file to ingest. */
export interface IngestRequest {
  file: string;
  charter: string;
  /** A language code, or null to let the pipeline detect it. */
  lang: string | null;
}

/**
 * How the pipeline ended with an upload (or why the file was not uploaded). `candidate`: the quality gate held
 * it back and the current version stays (`error` gives the reasons); `superseded`: a newer upload is current;
 * `dead-lettered`: the pipeline failed on it every time it was received (`error` says why).
 */
export type EditionOutcome =
  | 'aligned'
  | 'unchanged'
  | 'superseded'
  | 'candidate'
  | 'failed'
  | 'rejected'
  | 'dead-lettered'
  | 'timeout';

/** Outcomes where the file ended as it should: it is current, was already, or a newer upload replaced it. */
export const GOOD_OUTCOMES: readonly EditionOutcome[] = ['aligned', 'unchanged', 'superseded'];

/** How one file went. */
export interface EditionResult {
  file: string;
  key: string | null;
  charter: string;
  lang: string | null;
  status: EditionOutcome;
  version: number | null;
  clauses: number;
  meanConfidence: number | null;
  /** Mean text quality of the clauses; null when unknown (no lexicon for the language). */
  meanQuality: number | null;
  residue: number;
  changes: number;
  /** False when the pipeline aligned the text as it is (no lexicon for its language, or the language unknown). */
  cleaned?: boolean;
  /** Why the text was left as it is. */
  cleanReason?: string;
  /** Milliseconds from upload until the pipeline was done with it. */
  ms: number;
  error?: string;
}

/** How long to wait, and where to report progress. */
export interface IngestOptions {
  timeoutMs: number;
  progress?: Progress;
}

/** Upload key of a file: `uploads/<charter>/<lang|auto>/<file name, made key-safe>`. */
export function uploadKey(charter: string, lang: string | null, file: string): string {
  const name =
    basename(file)
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+/, '') || 'edition.txt';
  return `uploads/${charter}/${lang ?? 'auto'}/${name}`;
}

/**
 * Uploads every file that decodes as text (the others are `rejected` without an upload), then waits for each
 * one in turn until `options.timeoutMs` after the last upload. Results are in the order of `requests`.
 */
export async function ingestFiles(
  stack: Stack,
  requests: IngestRequest[],
  options: IngestOptions,
): Promise<EditionResult[]> {
  const results: EditionResult[] = new Array(requests.length);
  const before = new Map<string, EditionRecord[]>();
  const uploads: Array<{
    index: number;
    key: string;
    etag: string;
    started: number;
    handledBefore: number;
    uploadedAt: string;
  }> = [];
  // Dead letters of earlier runs say nothing about these uploads.
  const deadBefore = stack.queue?.deadLetters.length ?? 0;

  type Upload = (typeof uploads)[number];
  const settle = async (upload: Upload, deadline: number) => {
    const request = requests[upload.index]!;
    options.progress?.status(`processing ${basename(request.file)}`);
    const outcome = await waitForEdition(stack, request, upload, deadline, deadBefore);
    const result = toResult(request, upload, outcome, before, options.timeoutMs);
    results[upload.index] = result;
    options.progress?.step(describe(result));
  };
  // The last upload of this command to each declared edition, not yet waited for.
  const pending = new Map<string, Upload>();

  for (const [index, request] of requests.entries()) {
    const base = emptyResult(request);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(request.file));
      // The pipeline's own first step: a file it would reject is not uploaded.
      decodeBytes(bytes, basename(request.file));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code
        ? `cannot read ${request.file}: ${(error as NodeJS.ErrnoException).code}`
        : (error as Error).message;
      results[index] = { ...base, status: 'rejected', error: reason };
      options.progress?.step(`${basename(request.file)}: rejected: ${reason}`);
      continue;
    }
    if (!before.has(request.charter))
      before.set(request.charter, await stack.editions.listEditions(request.charter));
    // One edition records one rejection at a time: an earlier upload of this command to the same edition is
    // waited for first, so a later one never overwrites its recorded reason before it is read. Uploads without
    // a language (the usual "ingest every edition") are all made at once, so a killed command leaves them all
    // queued; when several of them fail, only the last one's reason is kept on the charter's "auto" record.
    const slot = `${request.charter}/${request.lang}`;
    const earlier = request.lang ? pending.get(slot) : undefined;
    if (earlier) {
      uploads.splice(uploads.indexOf(earlier), 1);
      await settle(earlier, Date.now() + options.timeoutMs);
    }
    const key = uploadKey(request.charter, request.lang, request.file);
    options.progress?.status(`uploading ${basename(request.file)}`);
    const started = performance.now();
    const uploadedAt = new Date(Date.now() - 1000).toISOString();
    // S3 and the local servers give a single PUT the MD5 of its body as ETag.
    const handledBefore = stack.queue?.handledCount(key, createHash('md5').update(bytes).digest('hex')) ?? 0;
    const etag = await stack.upload(key, bytes);
    const upload = { index, key, etag, started, handledBefore, uploadedAt };
    uploads.push(upload);
    pending.set(slot, upload);
  }

  const deadline = Date.now() + options.timeoutMs;
  for (const upload of uploads) await settle(upload, deadline);
  return results;
}

/** How the pipeline ended with one upload, as the command reports it. */
function toResult(
  request: IngestRequest,
  upload: { key: string; started: number },
  outcome: Waited,
  before: Map<string, EditionRecord[]>,
  timeoutMs: number,
): EditionResult {
  const ms = Math.round(performance.now() - upload.started);
  const base = { ...emptyResult(request), key: upload.key, ms };
  if ('dead' in outcome) return { ...base, status: 'dead-lettered', error: outcome.dead };
  if (outcome.outcome === 'candidate') {
    const held = outcome.record.candidate!;
    return {
      ...base,
      lang: outcome.record.lang,
      status: 'candidate',
      version: held.version,
      clauses: held.clauseCount,
      meanConfidence: held.meanConfidence,
      meanQuality: held.meanQuality ?? null,
      error:
        `held back as candidate v${held.version} (${
          outcome.record.version > 0
            ? `v${outcome.record.version} stays current`
            : 'no version is current yet'
        }): ` + `${held.reasons.join('; ')}; charter edition promote ${outcome.record.lang} makes it current`,
    };
  }
  if (outcome.outcome === 'timeout') {
    return { ...base, status: 'timeout', error: `no result after ${timeoutMs / 1000} s` };
  }
  if (outcome.outcome === 'failed') {
    return {
      ...base,
      lang: outcome.record?.lang ?? request.lang,
      status: 'failed',
      error: outcome.record?.error ?? 'the pipeline stored nothing for this upload',
    };
  }
  if (outcome.outcome === 'superseded') {
    return {
      ...base,
      status: 'superseded',
      error: `a newer upload (${outcome.record.sourceKey}) is the current ${outcome.record.lang} edition`,
    };
  }
  const record = outcome.record;
  const earlier = before.get(request.charter)?.find((e) => e.lang === record.lang);
  const unchanged = earlier?.version === record.version && earlier.sourceEtag === record.sourceEtag;
  return {
    ...base,
    lang: record.lang,
    status: unchanged ? 'unchanged' : 'aligned',
    version: record.version,
    clauses: record.clauseCount,
    meanConfidence: record.meanConfidence,
    meanQuality: record.meanQuality ?? null,
    residue: record.residue.length,
    changes: record.changeCount,
    ...(record.cleaned === false
      ? { cleaned: false, cleanReason: record.cleanReason ?? 'the text was left as it is' }
      : record.cleaned === true
        ? { cleaned: true }
        : {}),
  };
}

function describe(result: EditionResult): string {
  const name = basename(result.file);
  if (result.status === 'aligned' || result.status === 'unchanged') {
    const asIs = result.cleaned === false ? `; not cleaned: ${result.cleanReason}` : '';
    return `${name}: ${result.lang} ${result.status} v${result.version}, ${result.clauses} clauses, mean confidence ${result.meanConfidence?.toFixed(3)} (${result.ms} ms)${asIs}`;
  }
  return `${name}: ${result.status}: ${result.error ?? ''}`;
}

function emptyResult(request: IngestRequest): EditionResult {
  return {
    file: request.file,
    key: null,
    charter: request.charter,
    lang: request.lang,
    status: 'rejected',
    version: null,
    clauses: 0,
    meanConfidence: null,
    meanQuality: null,
    residue: 0,
    changes: 0,
    ms: 0,
  };
}

type Waited =
  | { record: EditionRecord; outcome: 'done' }
  | { record: EditionRecord; outcome: 'superseded' }
  | { record: EditionRecord; outcome: 'candidate' }
  | { record: EditionRecord | null; outcome: 'failed' }
  | { record: null; outcome: 'timeout' }
  | { dead: string };

async function waitForEdition(
  stack: Stack,
  request: IngestRequest,
  {
    key,
    etag,
    handledBefore,
    uploadedAt,
  }: { key: string; etag: string; handledBefore: number; uploadedAt: string },
  deadline: number,
  deadBefore: number,
): Promise<Waited> {
  const pollMs = stack.mode === 'remote' ? 1000 : 50;
  for (;;) {
    // With the pipeline in this process, wait until it is done with the message (flags refreshed included);
    // otherwise watch the store.
    const handled = stack.queue ? stack.queue.handledCount(key, etag) > handledBefore : false;
    if (handled || !stack.queue) {
      const candidates = (
        request.lang
          ? [await stack.editions.getEdition(request.charter, request.lang)]
          : await stack.editions.listEditions(request.charter)
      ).filter((record): record is EditionRecord => record !== null && record.status !== 'writing');
      const exact = match(
        candidates,
        (r) => r.sourceKey === key,
        (r) => r.failedKey === key,
        etag,
      );
      if (exact) return exact;
      // The same bytes stored from another key: the pipeline finds them unchanged.
      if (handled || !stack.queue) {
        const loose = match(
          candidates,
          () => true,
          () => true,
          etag,
        );
        if (loose) return loose;
      }
      const dead = deadLetter(stack, key, deadBefore);
      if (dead) return dead;
      if (handled) {
        // Handled, yet another upload is current: superseded if that upload was made after this one.
        const newer = candidates.find(
          (r) => r.version > 0 && r.sourceKey !== key && (r.sourceOrder ?? r.updatedAt) >= uploadedAt,
        );
        if (request.lang && newer) return { record: newer, outcome: 'superseded' };
        return { record: null, outcome: 'failed' };
      }
    }
    const dead = deadLetter(stack, key, deadBefore);
    if (dead) return dead;
    if (Date.now() > deadline) return { record: null, outcome: 'timeout' };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function deadLetter(stack: Stack, key: string, deadBefore: number): { dead: string } | null {
  const dead = stack.queue?.deadLetters
    .slice(deadBefore)
    .find((letter) => objectKeys(letter.body).includes(key));
  return dead ? { dead: `dead-lettered after ${dead.receives} receives: ${dead.error}` } : null;
}

function match(
  records: EditionRecord[],
  sameSource: (record: EditionRecord) => boolean,
  sameFailed: (record: EditionRecord) => boolean,
  etag: string,
): Waited | null {
  for (const record of records) {
    if (record.status === 'failed' && record.failedEtag === etag && sameFailed(record)) {
      return { record, outcome: 'failed' };
    }
  }
  for (const record of records) {
    if (record.version > 0 && record.sourceEtag === etag && sameSource(record))
      return { record, outcome: 'done' };
  }
  for (const record of records) {
    const held = record.candidate;
    if (held?.sourceEtag === etag && sameSource({ ...record, sourceKey: held.sourceKey })) {
      return { record, outcome: 'candidate' };
    }
  }
  return null;
}
