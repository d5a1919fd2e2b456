/**
 * Uploads edition files through S3 and waits for the pipeline to account for each one: the stored edition
 * carries the upload's ETag and is aligned or failed, or the message went to the dead letters. This works
 * the same whoever runs the pipeline (this process, another one, or the cloud), since it only reads the store.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EditionRecord } from '../functions/core/editions/types.ts';
import { decodeBytes } from '../functions/core/text/decode-bytes/index.ts';
import type { S3EventNotification } from './local-stack.ts';
import type { Progress } from './output.ts';
import type { Stack } from './stack.ts';

export interface IngestRequest {
  file: string;
  charter: string;
  /** A language code, or null to let the pipeline detect it. */
  lang: string | null;
}

export type EditionOutcome = 'aligned' | 'unchanged' | 'failed' | 'rejected' | 'timeout';

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
  residue: number;
  changes: number;
  /** Milliseconds from upload until the pipeline was done with it. */
  ms: number;
  error?: string;
}

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

export async function ingestFiles(
  stack: Stack,
  requests: IngestRequest[],
  options: IngestOptions,
): Promise<EditionResult[]> {
  const results: EditionResult[] = new Array(requests.length);
  const before = new Map<string, EditionRecord[]>();
  const uploads: Array<{ index: number; key: string; etag: string; started: number }> = [];
  // Dead letters of earlier runs say nothing about these uploads.
  const deadBefore = stack.queue?.deadLetters.length ?? 0;

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
    const key = uploadKey(request.charter, request.lang, request.file);
    options.progress?.status(`uploading ${basename(request.file)}`);
    const started = performance.now();
    const etag = await stack.upload(key, bytes);
    uploads.push({ index, key, etag, started });
  }

  const deadline = Date.now() + options.timeoutMs;
  for (const upload of uploads) {
    const request = requests[upload.index]!;
    options.progress?.status(`processing ${basename(request.file)}`);
    const outcome = await waitForEdition(stack, request, upload, deadline, deadBefore);
    const ms = Math.round(performance.now() - upload.started);
    const base = { ...emptyResult(request), key: upload.key, ms };
    let result: EditionResult;
    if ('dead' in outcome) result = { ...base, status: 'failed', error: outcome.dead };
    else if (!outcome.record) {
      result = { ...base, status: 'timeout', error: `no result after ${options.timeoutMs / 1000} s` };
    } else {
      const record = outcome.record;
      const earlier = before.get(request.charter)?.find((e) => e.lang === record.lang);
      const unchanged =
        earlier?.version === record.version &&
        earlier.sourceEtag === record.sourceEtag &&
        record.status === 'aligned';
      result = {
        ...base,
        lang: record.lang,
        status: record.status === 'failed' ? 'failed' : unchanged ? 'unchanged' : 'aligned',
        version: record.version,
        clauses: record.clauseCount,
        meanConfidence: record.status === 'failed' ? null : record.meanConfidence,
        residue: record.residue.length,
        changes: record.changeCount,
        error: record.error,
      };
    }
    results[upload.index] = result;
    options.progress?.step(describe(result));
  }
  return results;
}

function describe(result: EditionResult): string {
  const name = basename(result.file);
  if (result.status === 'aligned' || result.status === 'unchanged') {
    return `${name}: ${result.lang} ${result.status} v${result.version}, ${result.clauses} clauses, mean confidence ${result.meanConfidence?.toFixed(3)} (${result.ms} ms)`;
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
    residue: 0,
    changes: 0,
    ms: 0,
  };
}

async function waitForEdition(
  stack: Stack,
  request: IngestRequest,
  { key, etag }: { key: string; etag: string },
  deadline: number,
  deadBefore: number,
): Promise<{ record: EditionRecord | null } | { dead: string }> {
  const pollMs = stack.mode === 'remote' ? 1000 : 50;
  for (;;) {
    const record = request.lang
      ? await stack.editions.getEdition(request.charter, request.lang)
      : ((await stack.editions.listEditions(request.charter)).find((e) => e.sourceEtag === etag) ?? null);
    if (record && record.sourceEtag === etag && record.status !== 'writing') return { record };
    const dead = stack.queue?.deadLetters
      .slice(deadBefore)
      .find((letter) => keysOf(letter.body).includes(key));
    if (dead) return { dead: `dead-lettered after ${dead.receives} receives: ${dead.error}` };
    if (Date.now() > deadline) return { record: null };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function keysOf(body: string): string[] {
  try {
    return (JSON.parse(body) as S3EventNotification).Records.map((r) =>
      decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
    );
  } catch {
    return [];
  }
}
