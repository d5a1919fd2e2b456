/**
 * `charter import FILE.tmx [--charter C] [--by WHO] [--dry-run] [--json]`: reviewed reference texts from a
 * translation memory. Each unit whose `tuid` is a clause of the charter gives, per language, the reviewed text
 * of that clause (as a reviewer's correction does); later alignments use them as references. A charter-align
 * TMX export imports again as the same texts.
 */
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import {
  reviewedTextsFromTmx,
  saveImportedTexts,
  tmxCharter,
} from '../../functions/core/import/reviewed-texts.ts';
import { parseTmx, TmxError } from '../../functions/core/import/tmx.ts';
import { decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { DEFAULT_CHARTER } from '../config.ts';
import { readInputFile } from '../input-file.ts';
import { charterStructure, withStack } from '../session.ts';

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('import', 'import reviewed clause texts from a TMX translation memory')
    .argument('<file>', "a TMX file (1.1 to 1.4b); each unit's tuid names a clause")
    .option(
      '-c, --charter <charter>',
      `charter id (default: the TMX header's x-charter, else ${DEFAULT_CHARTER})`,
    )
    .option('--by <who>', 'recorded as the reviewer of the imported texts (default: your user name)')
    .option('-n, --dry-run', 'read and check the file, store nothing')
    .addHelpText(
      'after',
      '\nEach <tuv> of a unit whose tuid is a clause id becomes the reviewed text of that clause in its language;\n' +
        'units of other clauses and empty segments are listed as skipped. --json prints\n' +
        '{charter, file, units, imported, languages, skipped:[{unit, reason}], dryRun}.',
    );
  return runCommand(program, argv, async ([file], options) => {
    const bytes = await readInputFile(file!);
    let document: ReturnType<typeof parseTmx>;
    try {
      document = parseTmx(decodeBytes(bytes, basename(file!)).text);
    } catch (error) {
      if (error instanceof TmxError) throw new CliError(`${file} is not TMX: ${error.message}`, EXIT.failed);
      throw error;
    }
    const named = tmxCharter(document);
    const charter = options.charter === undefined ? (named ?? DEFAULT_CHARTER) : String(options.charter);
    if (named && named !== charter) {
      throw new CliError(`${file} is an export of charter ${named}, not ${charter}`, EXIT.usage);
    }
    const structure = charterStructure(charter);
    const imported = reviewedTextsFromTmx(document, new Set(structure.clauses.map((c) => c.id)));
    if (imported.texts.length === 0) {
      const why = imported.skipped[0] ? ` (${imported.skipped[0].unit}: ${imported.skipped[0].reason})` : '';
      throw new CliError(
        `no unit of ${file} gives a text of a clause of ${charter}: ${document.units.length} units${why}`,
      );
    }
    const dryRun = Boolean(options.dryRun);
    if (!dryRun) {
      const by = options.by === undefined ? userInfo().username : String(options.by);
      await withStack({ command: 'import', announce: !options.json }, async (stack) => {
        const { DynamoDbReviewStore } = await import(
          '../../functions/adapters/dynamodb/dynamodb-review-store.ts'
        );
        const reviews = new DynamoDbReviewStore(stack.dynamodb, stack.table);
        await saveImportedTexts(
          imported.texts,
          { charter, by, at: new Date().toISOString(), file: basename(file!) },
          reviews,
        );
      });
    }
    const summary = {
      charter,
      file: file!,
      units: document.units.length,
      imported: imported.texts.length,
      languages: imported.languages,
      skipped: imported.skipped,
      dryRun,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const verb = dryRun ? 'would import' : 'imported';
      process.stdout.write(
        `${verb} ${summary.imported} reviewed texts of ${charter} (${summary.languages.join(', ') || 'no language'}) from ${summary.units} units\n`,
      );
      for (const s of summary.skipped) process.stdout.write(`  skipped ${s.unit}: ${s.reason}\n`);
    }
    return EXIT.ok;
  });
}
