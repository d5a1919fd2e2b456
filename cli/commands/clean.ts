/**
 * `charter clean FILE [--lang L] [--json]`: cleans one OCR'd or extracted edition and prints the
 * text (paragraphs separated by blank lines), or with `--json` the text and every change.
 * Without `--lang` the language is detected from the text, and only that language's lexicon is loaded. A
 * language without a lexicon, or one that cannot be told, leaves the text as it is and says so on stderr
 * (`cleaned: false` and the reason with `--json`).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseLanguage } from '../../functions/adapters/resources/choose-language.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import { cleanText } from '../../functions/core/text/clean-text.ts';
import { DEFAULT_MAX_BYTES, decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';
import { InputTooLargeError } from '../../functions/core/text/errors.ts';

const USAGE = 'usage: charter clean FILE [--lang L] [--json]';

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a file',
};

/** Runs `charter clean`; returns the exit code (usage errors 2, other errors thrown as one-line messages). */
export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(
      `charter clean: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1 || values.lang === '') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }

  const text = decodeBytes(await readBytes(file), basename(file)).text;
  const choice = await chooseLanguage(text, values.lang, basename(file));
  const { resources, reason } = choice;
  const result = resources
    ? await cleanText(text, {
        resources,
        confusions: await loadConfusionModel(),
        detectedLang: choice.detectedLang,
      })
    : { lang: choice.lang, detectedLang: choice.detectedLang, text: text.trim(), changes: [] };
  if (reason) process.stderr.write(`charter clean: ${reason}\n`);

  if (values.json) {
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
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      lang: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    // Refuse a huge file before reading it into memory.
    const { size } = await stat(file);
    if (size > DEFAULT_MAX_BYTES) throw new InputTooLargeError(size, DEFAULT_MAX_BYTES, basename(file));
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (error instanceof InputTooLargeError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new Error(`cannot read ${file}: ${READ_ERRORS[code] ?? code ?? 'unreadable'}`, { cause: error });
  }
}
