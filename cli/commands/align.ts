/**
 * `charter align FILE [--lang L] [--charter C] [--references other|none] [--json]`: aligns one edition to
 * the canonical clauses of a charter. References `other` (default) are the reviewed editions of the
 * corpus in languages other than L; `none` aligns on the structure and its anchors alone.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { chooseLanguage } from '../../functions/adapters/resources/choose-language.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import { alignCleaned } from '../../functions/core/pipeline/process-edition-text.ts';
import type { AlignResult } from '../../functions/core/align/types.ts';
import { decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';

const USAGE = 'usage: charter align FILE [--lang L] [--charter C] [--references other|none] [--json]';

/** Runs `charter align`; returns the exit code (2 for usage errors). */
export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const file = positionals[0];
  const references = values.references ?? 'other';
  if (!file || positionals.length > 1 || (references !== 'other' && references !== 'none')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const charter = values.charter ?? 'integrating-cities';
  const structure = loadCharterStructure(charter);
  const { text } = decodeBytes(new Uint8Array(readFileSync(file)), basename(file));
  // A language without a lexicon, or one that cannot be told, still aligns; its text is left as it is.
  const { lang, resources, reason } = await chooseLanguage(text, values.lang, basename(file));
  if (reason) process.stderr.write(`charter align: ${reason}\n`);
  const confusions = resources ? await loadConfusionModel() : undefined;
  const refs = references === 'none' ? [] : loadReviewedEditions(structure, { exclude: [lang] });
  const result = alignCleaned(text, { structure, references: refs, lang, resources, confusions });
  process.stdout.write(values.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : renderTable(result));
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lang: { type: 'string' },
      charter: { type: 'string' },
      references: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
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
