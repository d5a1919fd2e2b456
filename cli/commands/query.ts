/**
 * `charter query CLAUSE_ID [--charter C] [--lang L] [--json]`: one clause in every stored language, with its
 * alignment confidence and text quality, read from the local store (the embedded stack starts on the persisted data; nothing is ingested again).
 */
import levenshtein from 'fast-levenshtein';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { DEFAULT_CHARTER } from '../config.ts';
import { colourEnabled, confidenceColour, formatQuality, formatTable, paint } from '../output.ts';
import { clauseFromServer } from '../served-clause.ts';
import { charterStructure, checkLang, withStack } from '../session.ts';

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('query', 'print one clause in every stored language')
    .argument('<clause-id>', 'canonical clause id, such as policy-makers.2')
    .option('-c, --charter <charter>', 'charter id', DEFAULT_CHARTER)
    .option('-l, --lang <lang>', 'only this language');
  return runCommand(program, argv, async ([clauseId], options) => {
    const charter = String(options.charter);
    const lang = options.lang === undefined ? undefined : checkLang(String(options.lang));
    const structure = charterStructure(charter);
    const clause = structure.clauses.find((c) => c.id === clauseId);
    if (!clause) {
      const near = closest(
        clauseId!,
        structure.clauses.map((c) => c.id),
      );
      throw new CliError(
        `charter ${charter} has no clause "${clauseId}"${near ? ` (did you mean ${near}?)` : ''}`,
        EXIT.notFound,
      );
    }
    // One Query on the clause's partition: its texts (corrections in force served), flags and reviewed texts.
    // Through the data folder's running server when there is one (no AWS SDK, no store to open).
    const readout =
      (await clauseFromServer(charter, clauseId!)) ??
      (await withStack({ command: 'query' }, (stack) => stack.editions.readClause(charter, clauseId!)));
    const records = readout.records;
    const flags = readout.flags.filter((f) => f.status === 'open');
    const shown = records
      .filter((r) => lang === undefined || r.lang === lang)
      .sort((a, b) => a.lang.localeCompare(b.lang));
    if (shown.length === 0) {
      throw new CliError(
        lang
          ? `clause ${clauseId} has no ${lang} text in the store (languages: ${records.map((r) => r.lang).join(', ') || 'none'})`
          : `clause ${clauseId} is in no stored edition of ${charter}: ingest an edition first`,
        EXIT.notFound,
      );
    }
    // Every open flag on the clause (a missing-clause flag names a language with no text), or those of --lang.
    const clauseFlags = flags?.filter(
      (f) => f.clause === clauseId && (lang === undefined || f.langs.includes(lang)),
    );
    if (options.json) {
      const languages = Object.fromEntries(
        shown.map((r) => [
          r.lang,
          {
            text: r.text,
            confidence: r.confidence,
            quality: r.quality ?? null,
            ...(r.unknownWords?.length ? { unknownWords: r.unknownWords } : {}),
            version: r.version,
            status: r.reviewed ? 'reviewed' : 'aligned',
            ...(r.reviewed ? { reviewed: r.reviewed } : {}),
          },
        ]),
      );
      const flagsJson = clauseFlags
        ? {
            flags: clauseFlags.map(({ id, kind, severity, langs, reason }) => ({
              id,
              kind,
              severity,
              langs,
              reason,
            })),
          }
        : {};
      process.stdout.write(
        `${JSON.stringify({ charter, clauseId, order: clause.order, kind: clause.kind, languages, ...flagsJson }, null, 2)}\n`,
      );
      return EXIT.ok;
    }
    const p = paint(colourEnabled(process.stdout));
    process.stdout.write(
      `${p.bold(clauseId!)} ${p.dim(`(${charter}, ${clause.kind}, ${clause.order + 1} of ${structure.clauses.length})`)}\n`,
    );
    const rows = shown.map((r) => [
      p.bold(r.lang),
      confidenceColour(p, r.confidence)(r.confidence.toFixed(3)),
      formatQuality(p, r.quality),
      r.reviewed
        ? `${r.text} ${p.green(`[reviewed by ${r.reviewed.by}, ${r.reviewed.at.slice(0, 10)}]`)}`
        : r.text,
    ]);
    process.stdout.write(`${formatTable(rows)}\n`);
    for (const r of shown.filter((s) => s.reviewed)) {
      process.stdout.write(
        `${p.dim(`${r.lang} OCR text: ${r.reviewed!.ocrText ?? '(the edition lacks the clause)'}`)}\n`,
      );
    }
    if (clauseFlags?.length) {
      process.stdout.write(`\n${p.yellow(`open review flags (${clauseFlags.length}):`)}\n`);
      for (const flag of clauseFlags) {
        const what = `${flag.kind} (${flag.langs.join(', ')})`;
        process.stdout.write(
          `  ${flag.severity ? `${flag.severity} ` : ''}${what}${flag.reason ? `: ${flag.reason}` : ''}\n`,
        );
      }
    }
    return EXIT.ok;
  });
}

/** The known id nearest to `id`, when it is near enough to be a typo. */
function closest(id: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(id.length / 4)) + 1;
  for (const candidate of known) {
    const distance = levenshtein.get(id, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
