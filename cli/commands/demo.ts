/**
 * `charter demo` (`npm start`): the main job on the embedded stack. Registers the charter, uploads its
 * editions through S3, lets the pipeline (S3 event -> queue -> ingest handler) process them, prints a table
 * of clauses x languages with confidences and open review flags, then serves the API and the review page.
 * `--once` (or CI=true) exits after the summary.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { defaultChartersRoot } from '../../functions/adapters/resources/charters.ts';
import type { ClauseRecord } from '../../functions/core/editions/types.ts';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { DEFAULT_CHARTER } from '../config.ts';
import { countFor, type FlagSummary, openFlags } from '../flags.ts';
import { type EditionResult, ingestFiles } from '../ingest-files.ts';
import {
  colourEnabled,
  confidenceColour,
  formatTable,
  type Paint,
  Progress,
  paint,
  qualityColour,
} from '../output.ts';
import { charterStructure, withStack } from '../session.ts';
import { listen } from './serve.ts';

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('demo', 'ingest the corpus editions of a charter, summarise, then serve the API')
    .option('-c, --charter <charter>', 'charter id', DEFAULT_CHARTER)
    .option('--once', 'exit after the summary (also with CI=true)')
    .option('-p, --port <port>', 'port of the API (taken when free, else any free port)', '3000')
    .option('--timeout <seconds>', 'give up waiting for the pipeline after this long', '300');
  return runCommand(program, argv, async (_args, options) => {
    const started = performance.now();
    const charter = String(options.charter);
    const once = Boolean(options.once) || isCi();
    const json = Boolean(options.json);
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliError(`--port must be a port number, not "${options.port}"`, EXIT.usage);
    }
    const structure = charterStructure(charter);
    const files = editionFiles(charter);
    if (files.length === 0)
      throw new CliError(`charter ${charter} has no editions/*.txt to ingest`, EXIT.notFound);
    const err = (line: string) => process.stderr.write(`${line}\n`);

    return withStack(
      { command: 'demo', announce: true, signals: 'return', ingestThread: true },
      async (stack, stopped) => {
        const api = await stack.api();
        // The charter catalogue the API's GET /charters lists (the review workflow also registers on flags).
        await new DynamoDbReviewStore(stack.dynamodb, stack.table).registerCharter(charter);
        err(`charter: registered ${charter} "${structure.title}", ${structure.clauses.length} clauses`);
        const progress = new Progress(files.length, 'pipeline');
        const results = await ingestFiles(stack, files, {
          timeoutMs: Number(options.timeout) * 1000,
          progress,
        });
        progress.end();
        const langs = results.filter(done).map((r) => r.lang!);
        const clauses = new Map<string, ClauseRecord[]>();
        for (const lang of langs) clauses.set(lang, await stack.editions.listEditionClauses(charter, lang));
        const flags = await openFlags(api, charter).catch(() => null);
        const seconds = (performance.now() - started) / 1000;
        const summary = { charter, title: structure.title, seconds, structure, results, clauses, flags };
        if (json) process.stdout.write(`${JSON.stringify(toJson(summary), null, 2)}\n`);
        else process.stdout.write(`${render(summary)}\n`);
        const ok = results.every(done);
        if (once) return ok ? EXIT.ok : EXIT.failed;

        const gateway = await stack.gateway();
        const served = await listen(gateway, port, '127.0.0.1', false).catch((error: Error) => {
          if (port === 0 || !/in use/.test(error.message)) throw error;
          err(`charter: port ${port} is in use; taking a free one`);
          return listen(gateway, 0, '127.0.0.1', false);
        });
        // `charter query` then reads through this server instead of opening the store itself.
        stack.publishApi?.({ url: served.url, tokenFile: gateway.tokenFile });
        const lines = [
          `API and review page on ${served.url}`,
          `  review page   ${served.url}/review`,
          `  one clause    ${served.url}/charters/${charter}/clauses/policy-makers.2`,
          `  an edition    ${served.url}/charters/${charter}/editions/${langs[0] ?? 'sv'}`,
          `  review queue  ${served.url}/reviews?status=open (with the token)`,
          `  token         ${gateway.tokenFile} (Authorization: Bearer ...)`,
          'Ctrl-C to stop',
        ];
        if (json)
          process.stdout.write(`${JSON.stringify({ url: served.url, review: `${served.url}/review` })}\n`);
        else process.stdout.write(`\n${lines.join('\n')}\n`);
        await stopped;
        await new Promise((resolve) => served.server.close(resolve));
        return ok ? EXIT.ok : EXIT.failed;
      },
    );
  });
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

function done(result: EditionResult): boolean {
  return (result.status === 'aligned' || result.status === 'unchanged') && result.lang !== null;
}

/** The charter's edition files in the corpus, each with its language from the file name (`sv.txt`). */
function editionFiles(charter: string) {
  const dir = join(defaultChartersRoot, charter, 'editions');
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.txt'));
  } catch {
    return [];
  }
  return names.sort().map((name) => {
    const stem = name.replace(/\.txt$/, '');
    const lang = /^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/.test(stem) ? stem : null;
    return { file: join(dir, name), charter, lang };
  });
}

interface Summary {
  charter: string;
  title: string;
  seconds: number;
  structure: ReturnType<typeof charterStructure>;
  results: EditionResult[];
  clauses: Map<string, ClauseRecord[]>;
  flags: FlagSummary[] | null;
}

function toJson(summary: Summary) {
  const langs = [...summary.clauses.keys()];
  const byLang = new Map(
    langs.map((lang) => [lang, new Map(summary.clauses.get(lang)!.map((c) => [c.clauseId, c]))]),
  );
  return {
    charter: summary.charter,
    title: summary.title,
    seconds: Math.round(summary.seconds * 10) / 10,
    editions: summary.results.map((r) => ({
      lang: r.lang,
      file: r.file,
      status: r.status,
      version: r.version,
      clauses: r.clauses,
      meanConfidence: r.meanConfidence,
      meanQuality: r.meanQuality,
      ...(summary.flags && r.lang ? { flags: countFor(summary.flags, r.lang) } : {}),
      ms: r.ms,
      ...(r.error ? { error: r.error } : {}),
    })),
    clauses: summary.structure.clauses.map((clause) => ({
      id: clause.id,
      languages: Object.fromEntries(
        langs.map((lang) => {
          const record = byLang.get(lang)!.get(clause.id);
          const flags = summary.flags ? { flags: countFor(summary.flags, lang, clause.id) } : {};
          return [
            lang,
            record
              ? { confidence: record.confidence, quality: record.quality ?? null, ...flags }
              : { confidence: null, quality: null, ...flags },
          ];
        }),
      ),
    })),
  };
}

function render(summary: Summary): string {
  const p = paint(colourEnabled(process.stdout));
  const langs = [...summary.clauses.keys()];
  const byLang = new Map(
    langs.map((lang) => [lang, new Map(summary.clauses.get(lang)!.map((c) => [c.clauseId, c]))]),
  );
  const flags = summary.flags;
  const cell = (lang: string, clauseId: string) => {
    const record = byLang.get(lang)!.get(clauseId);
    const text = record
      ? confidenceColour(p, record.confidence)(record.confidence.toFixed(2))
      : p.red('  --');
    const count = flags ? countFor(flags, lang, clauseId) : 0;
    return count ? `${text} ${p.yellow(`[${count}]`)}` : text;
  };
  const rows: string[][] = [['clause', ...langs].map((h) => p.bold(h))];
  for (const clause of summary.structure.clauses)
    rows.push([clause.id, ...langs.map((lang) => cell(lang, clause.id))]);
  rows.push([]);
  const total = summary.structure.clauses.length;
  rows.push([p.bold('aligned'), ...langs.map((lang) => `${byLang.get(lang)!.size}/${total}`)]);
  rows.push([
    p.bold('mean confidence'),
    ...langs.map((lang) => {
      const values = summary.clauses.get(lang)!.map((c) => c.confidence);
      const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
      return confidenceColour(p, mean)(mean.toFixed(3));
    }),
  ]);
  rows.push([
    p.bold('mean quality'),
    ...langs.map((lang) => {
      const values = summary.clauses
        .get(lang)!
        .flatMap((c) => (typeof c.quality === 'number' ? [c.quality] : []));
      if (values.length === 0) return p.dim('unknown');
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return qualityColour(p, mean)(mean.toFixed(3));
    }),
  ]);
  if (flags) rows.push([p.bold('open flags'), ...langs.map((lang) => String(countFor(flags, lang)))]);
  const out = [
    `${p.bold(summary.charter)}: ${summary.title}, ${total} clauses x ${langs.length} languages`,
    '',
    formatTable(rows),
    '',
    legend(p, flags !== null),
  ];
  for (const r of summary.results) if (!done(r)) out.push(p.red(`${r.file}: ${r.status}: ${r.error ?? ''}`));
  const aligned = summary.results.filter(done).length;
  out.push(`${aligned} of ${summary.results.length} editions aligned in ${summary.seconds.toFixed(1)} s`);
  return out.join('\n');
}

function legend(p: Paint, withFlags: boolean): string {
  const parts = [
    `confidence: ${p.green('>= 0.95')}, ${p.yellow('0.5-0.95')}, ${p.red('< 0.5')}`,
    `quality: ${p.green('>= 0.95')}, ${p.yellow('0.8-0.95')}, ${p.red('< 0.8')}`,
    `${p.red('--')} missing in that edition`,
  ];
  if (withFlags) parts.push(`${p.yellow('[n]')} open review flags`);
  return p.dim(parts.join('; '));
}
