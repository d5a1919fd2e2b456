/**
 * `charter edition LANG [--charter C] [--json]`: a stored edition's clauses in the charter's canonical order,
 * with the clauses it lacks, read from the local store without ingesting anything again.
 */
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { DEFAULT_CHARTER } from '../config.ts';
import { countFor, openFlags } from '../flags.ts';
import { colourEnabled, confidenceColour, formatQuality, formatTable, paint } from '../output.ts';
import { charterStructure, checkLang, withStack } from '../session.ts';

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'promote' || argv[0] === 'rollback') {
    return (await import('./edition-versions.ts')).run(argv[0], argv.slice(1));
  }
  const program = command('edition', "print a stored edition's clauses in canonical order")
    .argument('<lang>', 'language code, such as sv (or: promote LANG, rollback LANG)')
    .option('-c, --charter <charter>', 'charter id', DEFAULT_CHARTER)
    .option('--versions', 'list the kept versions (current, candidates, earlier ones) instead');
  return runCommand(program, argv, async ([langArg], options) => {
    const charter = String(options.charter);
    const lang = checkLang(langArg!);
    const structure = charterStructure(charter);
    const { edition, clauses, others, flags, versions } = await withStack(
      { command: 'edition' },
      async (stack) => {
        const edition = await stack.editions.getEdition(charter, lang);
        const versions = options.versions ? await stack.editions.listVersions(charter, lang) : [];
        if (!edition || options.versions) {
          return {
            edition,
            clauses: [],
            others: await stack.editions.listEditions(charter),
            flags: null,
            versions,
          };
        }
        return {
          edition,
          clauses: await stack.editions.listEditionClauses(charter, lang),
          others: [],
          flags: await openFlags(await stack.api(), charter).catch(() => null),
          versions,
        };
      },
    );
    if (!edition) {
      const known = others.map((e) => e.lang).sort();
      throw new CliError(
        `no ${lang} edition of ${charter} in the store (editions: ${known.join(', ') || 'none'})`,
        EXIT.notFound,
      );
    }
    if (options.versions) {
      const { renderVersions, versionRows } = await import('./edition-versions.ts');
      if (options.json) {
        const out = { charter, lang, edition, versions: versionRows(versions, edition) };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else process.stdout.write(`${renderVersions(versions, edition)}\n`);
      return EXIT.ok;
    }
    const order = new Map(structure.clauses.map((c) => [c.id, c.order]));
    const sorted = [...clauses].sort(
      (a, b) => (order.get(a.clauseId) ?? a.order) - (order.get(b.clauseId) ?? b.order),
    );
    const present = new Set(sorted.map((c) => c.clauseId));
    const missing = structure.clauses.filter((c) => !present.has(c.id)).map((c) => c.id);
    if (options.json) {
      const out = {
        charter,
        lang,
        edition: { ...edition, meanQuality: edition.meanQuality ?? null },
        clauses: sorted.map((c) => ({
          id: c.clauseId,
          order: c.order,
          text: c.text,
          confidence: c.confidence,
          quality: c.quality ?? null,
          ...(c.unknownWords?.length ? { unknownWords: c.unknownWords } : {}),
          status: c.reviewed ? 'reviewed' : 'aligned',
          ...(c.reviewed ? { reviewed: c.reviewed } : {}),
          ...(flags ? { flags: countFor(flags, lang, c.clauseId) } : {}),
        })),
        missing,
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return EXIT.ok;
    }
    const p = paint(colourEnabled(process.stdout));
    const status = edition.status === 'aligned' ? p.green(edition.status) : p.red(edition.status);
    process.stdout.write(
      edition.version > 0
        ? `${p.bold(`${charter} / ${lang}`)}: ${status} v${edition.version}, ${sorted.length} of ${structure.clauses.length} clauses, ` +
            `mean confidence ${edition.meanConfidence.toFixed(3)}, mean quality ${
              typeof edition.meanQuality === 'number' ? edition.meanQuality.toFixed(3) : 'unknown'
            }, from ${edition.sourceKey}\n`
        : `${p.bold(`${charter} / ${lang}`)}: ${status}, no current version\n`,
    );
    if (edition.error) process.stdout.write(`${p.red(`last upload failed: ${edition.error}`)}\n`);
    if (edition.candidate) {
      const held = edition.candidate;
      process.stdout.write(
        `${p.yellow(`v${held.version} from ${held.sourceKey} held back as a candidate: ${held.reasons.join('; ')}`)}\n` +
          `${p.dim(`(charter edition promote ${lang} makes it current; charter edition ${lang} --versions lists all)`)}\n`,
      );
    }
    if (edition.cleaned === false)
      process.stdout.write(`${p.yellow(`not cleaned: ${edition.cleanReason}`)}\n`);
    const rows = sorted.map((c) => {
      const count = flags ? countFor(flags, lang, c.clauseId) : 0;
      return [
        c.clauseId,
        confidenceColour(p, c.confidence)(c.confidence.toFixed(3)),
        formatQuality(p, c.quality),
        count ? p.yellow(`[${count}]`) : '',
        c.reviewed ? `${c.text} ${p.green(`[reviewed by ${c.reviewed.by}]`)}` : c.text,
      ];
    });
    if (rows.length) process.stdout.write(`\n${formatTable(rows)}\n`);
    if (missing.length) process.stdout.write(`\n${p.yellow(`missing: ${missing.join(', ')}`)}\n`);
    if (flags) {
      const open = countFor(flags, lang);
      process.stdout.write(
        `\n${open} open review flag(s) for ${lang}; [n] marks a clause's (charter query ID lists them)\n`,
      );
    }
    if (edition.residue.length) {
      process.stdout.write(`\n${p.dim(`residue (text matching no clause):`)}\n`);
      for (const { text, after } of edition.residue) {
        process.stdout.write(`  ${p.dim(after ? `${text}  (after ${after})` : text)}\n`);
      }
    }
    return EXIT.ok;
  });
}
