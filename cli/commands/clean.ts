/**
 * `charter clean FILE [--lang L] [--json]`: cleans one OCR'd or extracted edition and prints the
 * text (paragraphs separated by blank lines), or with `--json` the text and every change.
 * Without `--lang` the language is detected from the text, and only that language's lexicon is loaded. A
 * language without a lexicon, or one that cannot be told, leaves the text as it is and says so on stderr
 * (`cleaned: false` and the reason with `--json`).
 */
import { basename } from 'node:path';
import { chooseLanguage } from '../../functions/adapters/resources/choose-language.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import { cleanEdition } from '../../functions/core/pipeline/process-edition-text.ts';
import { decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';
import { command, EXIT, runCommand } from '../command.ts';
import { readInputFile } from '../input-file.ts';
import { checkLang } from '../session.ts';

/** Runs `charter clean`; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('clean', "clean an OCR'd edition and print the text (paragraphs by blank lines)")
    .argument('<file>', 'the edition: a text file in any common encoding')
    .option(
      '-l, --lang <lang>',
      'its language (default: detected; a language without a lexicon is not cleaned)',
    );
  return runCommand(program, argv, async ([file], options) => {
    const lang = options.lang === undefined ? undefined : checkLang(String(options.lang));
    const text = decodeBytes(await readInputFile(file!), basename(file!)).text;
    const choice = await chooseLanguage(text, lang, basename(file!));
    const { resources, reason } = choice;
    const result = resources
      ? await cleanEdition(text, {
          resources,
          confusions: await loadConfusionModel(),
          detectedLang: choice.detectedLang,
        })
      : { lang: choice.lang, detectedLang: choice.detectedLang, text: text.trim(), changes: [] };
    if (reason) process.stderr.write(`charter clean: ${reason}\n`);

    if (options.json) {
      const changes = result.changes.map(({ ruleId, actual, expected, line, column }) => ({
        ruleId,
        actual,
        expected,
        line,
        column,
      }));
      const { lang: usedLang, detectedLang: detected, text: cleaned } = result;
      const status = reason ? { cleaned: false, reason } : { cleaned: true };
      process.stdout.write(
        `${JSON.stringify({ lang: usedLang, detectedLang: detected, ...status, text: cleaned, changes })}\n`,
      );
    } else {
      process.stdout.write(`${result.text}\n`);
    }
    return EXIT.ok;
  });
}
