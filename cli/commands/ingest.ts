/**
 * `charter ingest FILE... [--lang L] [--charter C] [--timeout S] [--json]`: uploads editions to the bucket's
 * uploads/ prefix, waits until the pipeline (S3 event -> queue -> ingest handler) has stored each one, and
 * prints per edition the clauses aligned, the mean confidence, the open review flags and the time taken.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { DEFAULT_CHARTER } from '../config.ts';
import { countFor, type FlagSummary, openFlags } from '../flags.ts';
import { type EditionResult, GOOD_OUTCOMES, ingestFiles } from '../ingest-files.ts';
import { colourEnabled, confidenceColour, formatTable, type Paint, Progress, paint } from '../output.ts';
import { charterStructure, checkLang, withStack } from '../session.ts';

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command(
    'ingest',
    'upload editions and wait for the pipeline to align them (--timeout stops the waiting, not the work)',
  )
    .argument('<file...>', 'edition text files (a folder: its .txt files)')
    .option('-l, --lang <lang>', 'language of every file (default: detected by the pipeline)')
    .option('-c, --charter <charter>', 'charter id', DEFAULT_CHARTER)
    .option('--timeout <seconds>', 'stop waiting after this long; the pipeline still finishes', '300');
  return runCommand(program, argv, async (files, options) => {
    const charter = String(options.charter);
    const lang = options.lang === undefined ? null : checkLang(String(options.lang));
    const timeout = Number(options.timeout);
    if (!(timeout > 0)) throw new CliError('--timeout must be a positive number of seconds', EXIT.usage);
    const structure = charterStructure(charter);
    const json = Boolean(options.json);
    const paths = expandFolders(files);
    const progress = new Progress(paths.length, 'ingest');
    const results = await withStack({ command: 'ingest', announce: true }, async (stack) => {
      const results = await ingestFiles(
        stack,
        paths.map((file) => ({ file, charter, lang })),
        { timeoutMs: timeout * 1000, progress },
      );
      progress.end();
      const flags = await openFlags(await stack.api(), charter).catch(() => null);
      // Reported now, not after the stack closes: closing waits for the pipeline's work in flight.
      const rows = results.map((r) => toJson(r, flags, timeout));
      if (json) process.stdout.write(`${JSON.stringify({ charter, editions: rows }, null, 2)}\n`);
      else process.stdout.write(`${render(results, flags, structure.clauses.length, timeout)}\n`);
      const waiting = results.filter((r) => r.status === 'timeout').length;
      if (waiting > 0)
        process.stderr.write(`charter ingest: ${stillRunning(waiting, timeout, stack.queue !== null)}\n`);
      return results;
    });
    // Exit 0 when every file ended as it should: current, unchanged, or replaced by a newer upload.
    const ok = results.every((r) => GOOD_OUTCOMES.includes(r.status));
    return ok ? EXIT.ok : EXIT.failed;
  });
}

/** A folder stands for the .txt files in it. */
function expandFolders(paths: string[]): string[] {
  return paths.flatMap((path) => {
    let folder = false;
    try {
      folder = statSync(path).isDirectory();
    } catch {
      // missing: reported as rejected by ingestFiles
    }
    if (!folder) return [path];
    return readdirSync(path)
      .filter((name) => name.endsWith('.txt'))
      .sort()
      .map((name) => join(path, name));
  });
}

/** What a timeout means: the waiting stopped, the work did not. */
function stillRunning(count: number, seconds: number, here: boolean): string {
  const what = `stopped waiting after ${seconds} s for ${count} edition(s); the pipeline goes on with them`;
  return here
    ? `${what}: this process finishes them before it exits (Ctrl-C leaves them queued, and the next charter command resumes them)`
    : `${what}: charter edition LANG shows the result once it is stored`;
}

function toJson(result: EditionResult, flags: FlagSummary[] | null, timeout: number) {
  const done = result.status === 'aligned' || result.status === 'unchanged';
  return {
    file: result.file,
    key: result.key,
    charter: result.charter,
    lang: result.lang,
    status: result.status,
    version: result.version,
    clauses: result.clauses,
    meanConfidence: result.meanConfidence,
    meanQuality: result.meanQuality,
    residue: result.residue,
    changes: result.changes,
    ...(result.cleaned === undefined ? {} : { cleaned: result.cleaned }),
    ...(result.cleanReason ? { cleanReason: result.cleanReason } : {}),
    ...(flags && done && result.lang ? { flags: countFor(flags, result.lang) } : {}),
    ms: result.ms,
    ...(result.status === 'timeout'
      ? { error: `stopped waiting after ${timeout} s; the pipeline goes on with it` }
      : result.error
        ? { error: result.error }
        : {}),
  };
}

function render(
  results: EditionResult[],
  flags: FlagSummary[] | null,
  total: number,
  timeout: number,
): string {
  const p = paint(colourEnabled(process.stdout));
  const header = ['file', 'lang', 'status', 'clauses', 'confidence', ...(flags ? ['flags'] : []), 'time'];
  const rows = results.map((r) => {
    const done = r.status === 'aligned' || r.status === 'unchanged';
    return [
      basename(r.file),
      r.lang ?? '-',
      statusColour(p, r.status)(r.status),
      done || r.status === 'candidate' ? `${r.clauses}/${total}` : '-',
      r.meanConfidence === null ? '-' : confidenceColour(p, r.meanConfidence)(r.meanConfidence.toFixed(3)),
      ...(flags ? [done && r.lang ? String(countFor(flags, r.lang)) : '-'] : []),
      r.ms ? `${(r.ms / 1000).toFixed(1)} s` : '-',
    ];
  });
  const right = new Set([3, 4, 5, ...(flags ? [6] : [])]);
  const lines = [formatTable([header.map((h) => p.bold(h)), ...rows], right)];
  for (const r of results) {
    if (r.status === 'timeout')
      lines.push(p.yellow(`${basename(r.file)}: still processing after ${timeout} s`));
    else if (r.error) lines.push(p.red(`${basename(r.file)}: ${r.error}`));
  }
  for (const r of results) {
    if (r.cleaned === false) lines.push(p.yellow(`${basename(r.file)}: not cleaned: ${r.cleanReason}`));
  }
  return lines.join('\n');
}

function statusColour(p: Paint, status: EditionResult['status']): (text: string) => string {
  if (status === 'aligned') return p.green;
  if (status === 'unchanged' || status === 'superseded') return p.cyan;
  if (status === 'candidate') return p.yellow;
  return p.red;
}
