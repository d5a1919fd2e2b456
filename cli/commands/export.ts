/**
 * `charter export [--charter C] [--format tmx|csv|json] [--source L] [--out FILE] [--bom] [--json]`: the charter's
 * aligned record (every stored edition, clause by clause, with confidences and open flags) in the formats of
 * GET /charters/{c}/export, read from the local store without ingesting anything again.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { collectExport } from '../../functions/core/export/collect.ts';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportLanguages,
  formatExport,
  isExportFormat,
} from '../../functions/core/export/index.ts';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { DEFAULT_CHARTER } from '../config.ts';
import { flagsWithStatus, openFlags } from '../flags.ts';
import { charterStructure, checkLang, withStack } from '../session.ts';

const FORMATS = Object.keys(EXPORT_FORMATS).join('|');

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('export', "write a charter's aligned record as TMX, CSV or JSON")
    .option('-c, --charter <charter>', 'charter id', DEFAULT_CHARTER)
    .option('-f, --format <format>', `${FORMATS} (default: from the --out extension, else json)`)
    .option('-s, --source <lang>', 'source language of the TMX (default: en if exported, else the first)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option(
      '--bom',
      'start a CSV with a UTF-8 byte-order mark (default for a .csv file: spreadsheets need it)',
    )
    .option('--no-bom', 'no byte-order mark, even in a .csv file')
    .addHelpText(
      'after',
      '\nWith --json and --out, prints {charter, format, file, bytes, languages, clauses, flags}; with --json alone, the JSON export.\n' +
        'A CSV written to a .csv file starts with a byte-order mark (U+FEFF), so that Excel reads it as UTF-8 (å, ä, ø);\n' +
        'on stdout it has none unless --bom.',
    );
  return runCommand(program, argv, async (_args, options) => {
    const charter = String(options.charter);
    const out = options.out === undefined ? undefined : resolve(String(options.out));
    const format = chooseFormat(options.format as string | undefined, out, Boolean(options.json));
    const source = options.source === undefined ? undefined : checkLang(String(options.source));
    const structure = charterStructure(charter);
    const input = await withStack({ command: 'export' }, async (stack) => {
      const api = await stack.api();
      return collectExport(charter, {
        editions: stack.editions,
        // Open flags are named on their clause; accepted divergences are kept as notes.
        openFlags: async () => [
          ...((await openFlags(api, charter)) ?? []),
          ...((await flagsWithStatus(api, charter, 'accepted')) ?? []),
        ],
        clauses: structure.clauses.map(({ id, order }) => ({ id, order })),
      });
    });
    if (!input) {
      throw new CliError(`no aligned edition of ${charter} in the store: ingest one first`, EXIT.notFound);
    }
    let body: string;
    try {
      body = formatExport(format, input, { source, createdAt: new Date() });
      if (format === 'csv' && withBom(options.bom as boolean | undefined, out)) body = `\uFEFF${body}`;
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(error.message, EXIT.usage);
      throw error;
    }
    if (!out) {
      process.stdout.write(body);
      return EXIT.ok;
    }
    writeAtomically(out, body);
    const summary = {
      charter,
      format,
      file: out,
      bytes: Buffer.byteLength(body),
      languages: exportLanguages(input),
      clauses: input.clauses.length,
      flags: input.flags?.length ?? 0,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stderr.write(
        `charter export: ${summary.clauses} clauses x ${summary.languages.length} languages (${summary.languages.join(', ')}), ` +
          `${summary.flags} open flags -> ${out} (${format}, ${summary.bytes} bytes)\n`,
      );
    }
    return EXIT.ok;
  });
}

/** --format, else the --out file's extension, else json; --json with no --out prints the JSON export. */
function chooseFormat(requested: string | undefined, out: string | undefined, json: boolean): ExportFormat {
  if (requested !== undefined && !isExportFormat(requested)) {
    throw new CliError(`unknown format "${requested}" (use ${FORMATS})`, EXIT.usage);
  }
  const fromFile = out ? extname(out).slice(1).toLowerCase() : '';
  const format = requested ?? (isExportFormat(fromFile) ? fromFile : 'json');
  if (json && !out && format !== 'json') {
    throw new CliError(
      `--json without --out prints the JSON export; write ${format} with --out FILE`,
      EXIT.usage,
    );
  }
  return format;
}

/**
 * A byte-order mark for a CSV: as asked (--bom, --no-bom), else when writing a .csv file, which spreadsheet
 * users open (Excel reads a CSV without one in the system code page and garbles å, ä, ø).
 */
function withBom(asked: boolean | undefined, out: string | undefined): boolean {
  return asked ?? (out !== undefined && extname(out).toLowerCase() === '.csv');
}

/** Writes through a temporary file beside `path`, so that a failed run leaves no half-written export. */
function writeAtomically(path: string, body: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, body);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
