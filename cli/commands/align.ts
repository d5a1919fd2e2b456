/**
 * `charter align FILE [--lang L] [--charter C] [--references other|none] [--json]`: aligns one edition to
 * the canonical clauses of a charter. References `other` (default) are the reviewed editions of the
 * corpus in languages other than L; `none` aligns on the structure and its anchors alone.
 */
import { basename } from 'node:path';
import { loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { chooseLanguage } from '../../functions/adapters/resources/choose-language.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import type { AlignResult } from '../../functions/core/align/types.ts';
import { alignCleaned } from '../../functions/core/pipeline/process-edition-text.ts';
import { decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { DEFAULT_CHARTER } from '../config.ts';
import { readInputFile } from '../input-file.ts';
import { charterStructure, checkLang } from '../session.ts';

/** Runs `charter align`; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('align', "align an edition to the charter's clause ids, without storing it")
    .argument('<file>', 'the edition: a text file in any common encoding')
    .option('-l, --lang <lang>', 'its language (default: detected)')
    .option('-c, --charter <charter>', 'charter id', DEFAULT_CHARTER)
    .option(
      '--references <which>',
      '`other`: the reviewed editions of the other languages; `none`: the structure alone',
      'other',
    );
  return runCommand(program, argv, async ([file], options) => {
    const references = String(options.references);
    if (references !== 'other' && references !== 'none') {
      throw new CliError(`--references must be other or none, not "${references}"`, EXIT.usage);
    }
    const langOption = options.lang === undefined ? undefined : checkLang(String(options.lang));
    const structure = charterStructure(String(options.charter));
    const { text } = decodeBytes(await readInputFile(file!), basename(file!));
    // A language without a lexicon, or one that cannot be told, still aligns; its text is left as it is.
    const { lang, resources, reason } = await chooseLanguage(text, langOption, basename(file!));
    if (reason) process.stderr.write(`charter align: ${reason}\n`);
    const confusions = resources ? await loadConfusionModel() : undefined;
    const refs = references === 'none' ? [] : loadReviewedEditions(structure, { exclude: [lang] });
    const result = alignCleaned(text, { structure, references: refs, lang, resources, confusions });
    process.stdout.write(options.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : renderTable(result));
    return EXIT.ok;
  });
}

/** The JSON shape of the command's output. */
export function toJson(result: AlignResult) {
  return {
    charter: result.charter,
    lang: result.lang,
    clauses: result.clauses.map((c) => ({
      id: c.id,
      text: c.text,
      confidence: round(c.confidence),
      ...(c.posterior !== undefined ? { posterior: round(c.posterior) } : {}),
    })),
    residue: result.residue.map((r) => r.text),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function renderTable(result: AlignResult): string {
  const width = Math.max(...result.clauses.map((c) => c.id.length), 10);
  const lines = [`${result.charter} (${result.lang}): ${result.clauses.length} clauses aligned`, ''];
  lines.push(`${'clause'.padEnd(width)}  conf  text`);
  for (const c of result.clauses) {
    const text = c.text.length > 90 ? `${c.text.slice(0, 89)}…` : c.text;
    lines.push(`${c.id.padEnd(width)}  ${c.confidence.toFixed(2)}  ${text}`);
  }
  if (result.missing.length) lines.push('', `missing: ${result.missing.join(', ')}`);
  if (result.residue.length) {
    lines.push('', 'residue:');
    for (const r of result.residue)
      lines.push(`  ${r.text.length > 100 ? `${r.text.slice(0, 99)}…` : r.text}`);
  }
  return `${lines.join('\n')}\n`;
}
